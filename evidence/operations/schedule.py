"""The worker's clock: which background tasks `run_scheduler` queues, and when.

Every minute: scheduled publication and withdrawal, and webhook deliveries that
are due (including any whose first queueing was lost to a crash after the
commit). Once a day, at EVIDENCE_OVERDUE_REMINDER_HOUR local time: e-mail about
medical reviews that are overdue, and delete enquiries nobody confirmed in time.
Every job is safe to queue twice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.tasks import Task
from django.utils import timezone

from evidence.api.tasks import deliver_due_webhooks
from evidence.enquiries.tasks import delete_unconfirmed_enquiries
from evidence.retractions.tasks import check_library_for_notices
from evidence.tasks import publish_due, remind_overdue_reviews


def every_minute(previous: datetime | None, now: datetime) -> bool:
    return True


def daily(previous: datetime | None, now: datetime) -> bool:
    """True on the first tick at or after today's reminder hour; never on the first tick after a start,
    so restarting the scheduler does not send the day's reminders twice."""
    if previous is None:
        return False
    today = timezone.localtime(now)
    hour = today.replace(hour=settings.EVIDENCE_OVERDUE_REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return timezone.localtime(previous) < hour <= today


@dataclass(frozen=True)
class Job:
    task: Task
    due: callable  # (previous tick or None, this tick) -> bool


JOBS = (
    Job(publish_due, every_minute),
    Job(deliver_due_webhooks, every_minute),
    Job(remind_overdue_reviews, daily),
    Job(delete_unconfirmed_enquiries, daily),
    Job(check_library_for_notices, daily),  # retractions and concerns Crossref knows of (evidence.retractions)
)


def tick(previous: datetime | None, now: datetime) -> list[str]:
    """Queue every job due between the previous tick and `now`; return their names."""
    queued = []
    for job in JOBS:
        if job.due(previous, now):
            job.task.enqueue()
            queued.append(job.task.name)
    return queued
