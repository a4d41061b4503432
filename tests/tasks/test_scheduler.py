"""The worker's clock: run_scheduler queues the every-minute jobs on every tick and the daily one once a day."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from evidence.operations.schedule import daily, tick

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(hour, minute=0, day=5):
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def reminder_hour(settings):
    settings.TIME_ZONE = "Europe/London"
    settings.EVIDENCE_OVERDUE_REMINDER_HOUR = 7


@pytest.mark.parametrize(
    ("previous", "now", "due"),
    [
        (None, at(7), False),  # a (re)start never sends the day's reminders
        (at(6, 59), at(7), True),
        (at(7), at(7, 1), False),  # already sent at 7:00
        (at(6, 30), at(8), True),  # the scheduler was paused over the hour: sent late, once
    ],
)
def test_the_daily_job_is_due_once_when_the_clock_passes_the_reminder_hour(previous, now, due):
    assert daily(previous, now) is due


def test_the_daily_job_is_not_due_before_its_hour_after_a_night_without_ticks():
    assert daily(at(8, day=4), at(6, day=5)) is False
    assert daily(at(8, day=4), at(7, 30, day=5)) is True


def test_a_tick_queues_the_every_minute_jobs_and_the_daily_one_when_due(tasks_in_database):
    assert tick(None, at(6, 59)) == ["publish_due", "deliver_due_webhooks"]
    assert tick(at(6, 59), at(7)) == [
        "publish_due",
        "deliver_due_webhooks",
        "remind_overdue_reviews",
        "delete_unconfirmed_enquiries",
        "check_library_for_notices",
    ]
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == [
        "evidence.api.tasks.deliver_due_webhooks",
        "evidence.api.tasks.deliver_due_webhooks",
        "evidence.enquiries.tasks.delete_unconfirmed_enquiries",
        "evidence.retractions.tasks.check_library_for_notices",
        "evidence.tasks.publish_due",
        "evidence.tasks.publish_due",
        "evidence.tasks.remind_overdue_reviews",
    ]


def test_run_scheduler_once_queues_what_is_due_and_exits(tasks_in_database):
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)

    assert "queued publish_due, deliver_due_webhooks" in out.getvalue()
    assert DBTaskResult.objects.count() == 2


@pytest.mark.parametrize("interval", ["0", "-5", "soon", "99999"])
def test_run_scheduler_refuses_an_interval_it_cannot_keep(interval):
    with pytest.raises(CommandError, match="--interval takes a number of seconds from 1 to 3600"):
        call_command("run_scheduler", "--once", "--interval", interval)
