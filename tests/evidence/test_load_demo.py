"""The demo loader: the whole library goes live through the real workflow, and loading twice changes nothing."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.roles import EDITOR, MARKETING, MEDICAL_REVIEWER, WRITER
from evidence.media.models import Figure, RevisionFigure
from evidence.models import Article, Condition, Disclaimer, Status, Study
from evidence.operations.demo_accounts import DEMO_PASSWORD
from evidence.selectors.integrity import integrity_report

pytestmark = pytest.mark.django_db

STUDY_MARKER = re.compile(r"\[@([\w-]+)\]")
FOOTNOTE_MARKER = re.compile(r"\[\^(\d+)\]")
DEMO_ACCOUNTS = {
    "writer@example.com": [WRITER],
    "reviewer@example.com": [MEDICAL_REVIEWER],
    "editor@example.com": [EDITOR],
    "marketing@example.com": [MARKETING],
    "admin@example.com": [],
}


def load_demo():
    call_command("load_demo", "--force", stdout=StringIO())


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


HELD_BACK = {"can-stem-cells-help-traumatic-brain-injury", "stem-cell-therapy-lupus-what-we-know"}


def test_load_demo_publishes_the_library_except_what_the_source_rule_holds_back():
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)

    for model, expected, live_expected in ((Article, 12, 10), (Study, 13, 13), (Condition, 11, 11), (Disclaimer, 5, 5)):
        assert model.objects.count() == expected, model.__name__
        live = model.revision_model().objects.filter(is_live=True)
        assert live.count() == live_expected, model.__name__
        assert not live.filter(approved_by__isnull=True).exists(), model.__name__
    drafts = Article.objects.exclude(status=Status.PUBLISHED)
    assert set(drafts.values_list("slug", flat=True)) == HELD_BACK
    assert set(drafts.values_list("status", flat=True)) == {Status.DRAFT}
    assert "cites no study" in out.getvalue()
    assert "Integrity: 10 live articles, 0 failing the checklist" in out.getvalue()


def test_every_live_demo_article_passes_the_integrity_checklist():
    load_demo()
    checks = integrity_report()
    assert len(checks) == 10
    assert [c.revision.title for c in checks if c.fails] == []
    identified = {"burt-2019": "10.1001/jama.2018.18743", "vizoso-2017": "10.3390/ijms18091852"}
    for key, doi in identified.items():
        assert Study.objects.get(citation_key=key).doi == doi


def test_load_demo_creates_the_demo_accounts_in_their_roles():
    load_demo()

    people = {user.email: user for user in get_user_model().objects.filter(email__in=DEMO_ACCOUNTS)}
    assert set(people) == set(DEMO_ACCOUNTS)
    for email, roles in DEMO_ACCOUNTS.items():
        assert people[email].check_password(DEMO_PASSWORD), email
        assert list(people[email].groups.values_list("name", flat=True)) == roles, email
        assert people[email].is_staff, email
    assert people["admin@example.com"].is_superuser
    assert not people["writer@example.com"].is_superuser


def test_loading_twice_changes_nothing():
    load_demo()
    first = row_counts()

    load_demo()

    assert row_counts() == first
    assert first["evidence.ArticleRevision"] == 12
    assert first["evidence.AuditEntry"] > 0


def test_load_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo", stdout=StringIO())

    assert not get_user_model().objects.filter(email="writer@example.com").exists()


def test_every_citation_marker_names_a_study_the_article_cites():
    load_demo()

    checked = 0
    for article in Article.objects.prefetch_related("studies", "references"):
        cited = {study.citation_key for study in article.studies.all()}
        markers = set(STUDY_MARKER.findall(article.body))
        assert markers <= cited, f"{article.slug} cites {markers - cited} without a citation"
        footnotes = {int(n) for n in FOOTNOTE_MARKER.findall(article.body)}
        assert footnotes <= {ref.position for ref in article.references.all()}, article.slug
        checked += len(markers)
    assert checked >= 12  # the markers were really found, so the check above is not vacuous


def test_demo_figures_are_our_own_charts_placed_and_shown_live(client):
    load_demo()
    load_demo()

    figures = Figure.objects.order_by("title")
    assert figures.count() == 2
    for figure in figures:
        assert figure.alt_text.startswith("Bar chart") and figure.caption and figure.source_study is not None
        assert figure.renditions.exists()  # made at upload, never on a visitor's request
        live = RevisionFigure.objects.get(figure=figure, revision__is_live=True)
        html = client.get(live.revision.get_absolute_url()).content.decode()
        assert f'alt="{figure.alt_text}"' in html and "[[figure:" not in html
    assert not Article.objects.filter(body__contains="[[figure:demo-").exists()
