"""One rule for conditional requests, shared by public pages and API answers (evidence.caching.conditional)."""

from datetime import UTC, datetime

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
    at_change = request_with(rf, if_modified_since=http_date(CHANGED.timestamp()))
    before = request_with(rf, if_modified_since=http_date(CHANGED.timestamp() - 60))

    assert conditional.not_modified(at_change, '"abc"', last_modified=lambda: CHANGED)
    assert not conditional.not_modified(before, '"abc"', last_modified=lambda: CHANGED)
    assert not conditional.not_modified(at_change, '"abc"')  # an answer without Last-Modified
    assert not conditional.not_modified(at_change, '"abc"', last_modified=lambda: None)


def test_if_none_match_wins_over_if_modified_since_without_looking_up_the_date(rf):
    def looked_up():
        raise AssertionError("Last-Modified was looked up although If-None-Match decides")

    request = request_with(rf, if_none_match='"old"', if_modified_since=http_date(CHANGED.timestamp()))

    assert not conditional.not_modified(request, '"abc"', last_modified=looked_up)


def test_the_digest_names_its_parts():
    assert conditional.digest("v1", "/a/") == conditional.digest("v1", "/a/")
    assert conditional.digest("v1", "/a/") != conditional.digest("v2", "/a/")
    assert len(conditional.digest("v1")) == 32
