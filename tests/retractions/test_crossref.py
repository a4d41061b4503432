"""The Crossref check against a real HTTP server on this machine: notices from `updated-by`, and clear messages
when Crossref is slow, failing or answers nonsense."""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from evidence.lookups import crossref
from evidence.retractions.checks import check_study
from evidence.retractions.models import Nature, Notice, Source
from tests.factories import StudyFactory
from tests.fakes import CrossrefServer

pytestmark = pytest.mark.django_db

WORK = {
    "DOI": "10.5555/crossref.paper",
    "title": ["A made-up paper"],
    "updated-by": [
        {"type": "retraction", "DOI": "10.5555/RETRACTION.1", "updated": {"date-parts": [[2024, 3, 5]]}},
        {"type": "correction", "DOI": "10.5555/correction.1", "updated": {"date-parts": [[2023, 7]]}},
        {"type": "new_version", "DOI": "10.5555/v2", "updated": {"date-parts": [[2023, 1, 1]]}},
    ],
}


@pytest.fixture
def server(settings):
    fake = CrossrefServer({"10.5555/crossref.paper": WORK})
    settings.EVIDENCE_CROSSREF_API = fake.url
    settings.EVIDENCE_CONTACT_EMAIL = "editors@example.org"
    settings.EVIDENCE_CROSSREF_TIMEOUT_SECONDS = 0.5
    cache.clear()
    yield fake
    fake.close()
    cache.clear()


def test_a_check_records_crossrefs_retraction_and_correction_and_runs_again_without_change(server):
    study = StudyFactory(doi="10.5555/crossref.paper")

    first = check_study(study)
    cache.clear()
    again = check_study(study)

    notices = {n.nature: n for n in Notice.objects.filter(study=study, source=Source.CROSSREF)}
    assert set(notices) == {Nature.RETRACTION, Nature.CORRECTION}
    assert (notices[Nature.RETRACTION].date, notices[Nature.RETRACTION].notice_doi) == (
        datetime.date(2024, 3, 5),
        "10.5555/retraction.1",
    )
    assert notices[Nature.CORRECTION].date == datetime.date(2023, 7, 1)
    assert (first.new, again.new, again.unchanged) == (2, 0, 2)
    path, agent = server.requests[0]
    assert path == "/works/10.5555%2Fcrossref.paper"
    assert "mailto:editors@example.org" in agent


def test_work_is_kept_in_the_cache(server):
    assert crossref.work("https://doi.org/10.5555/CROSSREF.PAPER")["title"] == ["A made-up paper"]
    crossref.work("10.5555/crossref.paper")
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("trouble", "error", "message"),
    [
        ({"status": 500}, crossref.CrossrefUnavailable, "Crossref answered 500"),
        ({"body": b"<html>not json</html>"}, crossref.CrossrefBadAnswer, "is not JSON"),
        ({"body": b'{"status": "ok"}'}, crossref.CrossrefBadAnswer, "holds no work"),
        ({"delay": 1.5}, crossref.CrossrefUnavailable, "could not be reached"),
    ],
)
def test_a_failing_crossref_gives_a_clear_error(server, trouble, error, message):
    for name, value in trouble.items():
        setattr(server, name, value)

    with pytest.raises(error, match=message):
        crossref.work("10.5555/crossref.paper")


def test_an_unknown_doi_and_no_server_at_all_are_told_apart(server, settings):
    with pytest.raises(crossref.CrossrefNotFound, match=r"no record of DOI 10\.5555/unknown"):
        crossref.work("10.5555/unknown")
    settings.EVIDENCE_CROSSREF_API = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(crossref.CrossrefUnavailable, match="could not be reached"):
        crossref.work("10.5555/elsewhere")


def test_the_command_checks_one_study_or_the_library_and_says_what_failed(server):
    study = StudyFactory(doi="10.5555/crossref.paper")
    StudyFactory(doi="10.5555/unknown.to.crossref")
    StudyFactory(doi="")
    out = StringIO()

    call_command("check_retractions", "--study", str(study.pk), stdout=out)
    assert "notices new: 2" in out.getvalue()

    out, err = StringIO(), StringIO()
    call_command("check_retractions", stdout=out, stderr=err)
    assert "Studies checked: 1; notices new: 0, updated: 0; newly blocking: 0; failed: 1." in out.getvalue()
    assert "no record of DOI 10.5555/unknown.to.crossref" in err.getvalue()

    server.status = 500
    cache.clear()
    with pytest.raises(CommandError, match="Crossref answered 500"):
        call_command("check_retractions", "--study", str(study.pk))
