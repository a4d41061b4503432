"""One rule for conditional requests, shared by public pages and API answers (evidence.caching.conditional)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.http import http_date

from evidence.caching import conditional

CHANGED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def request_with(rf, **headers):
    return rf.get("/", headers=headers)


@pytest.mark.parametrize("weak", [True, False])
@pytest.mark.parametrize("sent", ['"abc"', 'W/"abc"', '"other", W/"abc"'])
def test_if_none_match_compares_weakly(rf, weak, sent):
    current = conditional.etag("abc", weak=weak)

    assert conditional.not_modified(request_with(rf, if_none_match=sent), current)


def test_a_different_etag_does_not_match(rf):
    assert not conditional.not_modified(request_with(rf, if_none_match='"abd", W/"ab"'), '"abc"')


@pytest.mark.parametrize("sent", ["*", " * "])
def test_star_is_never_answered_304(rf, sent):
    assert not conditional.not_modified(request_with(rf, if_none_match=sent), 'W/"abc"')


def test_if_modified_since_counts_when_there_is_no_if_none_match(rf):
    after = request_with(rf, if_modified_since=http_date(CHANGED.timestamp() + 1))
    before = request_with(rf, if_modified_since=http_date(CHANGED.timestamp() - 60))

    assert conditional.not_modified(after, '"abc"', last_modified=lambda: CHANGED)
    assert not conditional.not_modified(before, '"abc"', last_modified=lambda: CHANGED)
    assert not conditional.not_modified(after, '"abc"')  # an answer without Last-Modified
    assert not conditional.not_modified(after, '"abc"', last_modified=lambda: None)


@pytest.mark.parametrize("later", [0, 0.4, 0.999999])
def test_a_change_in_the_very_second_named_is_never_a_304(rf, later):
    """HTTP dates have whole seconds: a withdrawal right after the publication a client saw shares its date."""
    same_second = request_with(rf, if_modified_since=http_date(CHANGED.timestamp()))

    assert not conditional.not_modified(same_second, '"abc"', last_modified=lambda: CHANGED + timedelta(seconds=later))


@pytest.mark.parametrize(
    ("settled_after", "sent"),
    [(0.5, 0), (0.999, 0), (1, 1), (30, 1)],
)
def test_the_date_sent_moves_to_the_next_second_once_the_changes_second_has_settled(settled_after, sent):
    changed = CHANGED + timedelta(seconds=0.3)
    settled = CHANGED + timedelta(seconds=settled_after)

    assert conditional.last_modified_second(changed, settled) == CHANGED.timestamp() + sent


def test_if_none_match_wins_over_if_modified_since_without_looking_up_the_date(rf):
    def looked_up():
        raise AssertionError("Last-Modified was looked up although If-None-Match decides")

    request = request_with(rf, if_none_match='"old"', if_modified_since=http_date(CHANGED.timestamp()))

    assert not conditional.not_modified(request, '"abc"', last_modified=looked_up)


def test_the_digest_names_its_parts():
    assert conditional.digest("v1", "/a/") == conditional.digest("v1", "/a/")
    assert conditional.digest("v1", "/a/") != conditional.digest("v2", "/a/")
    assert len(conditional.digest("v1")) == 32
