"""A published article with everything that must travel with it when marketing reuses it."""

from urllib.parse import urljoin

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.api.serializers.common import (
    ConditionRefSerializer,
    PersonSerializer,
    SelectableFieldsMixin,
    api_url,
    condition_ref,
    public_url,
)
from evidence.api.serializers.studies import StudyFieldsMixin, cited_study
from evidence.api.serializers.text import html_to_text
from evidence.media.models import ImageFormat
from evidence.models import levels as evidence_levels
from evidence.presenters.pages import article_pages


# The schema of an article's references; `studies.cited_study` builds them (no docstring: it would be the schema's).
class CitedStudySerializer(StudyFieldsMixin):
    number = serializers.IntegerField(help_text="The reference number, as [n] in body_html and body_text.")

    def to_representation(self, reference):
        return cited_study(self, reference)


class OtherReferenceSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="position", help_text="Cited in the body as [note n].")
    title = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.URLField()
    published_on = serializers.DateField(allow_null=True)
    accessed_on = serializers.DateField(allow_null=True)


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=7)
    level_name = serializers.CharField()
    label = serializers.CharField()


class EvidenceSummarySerializer(serializers.Serializer):
    strongest = LevelSerializer(allow_null=True, help_text="The strongest evidence cited; null when none is.")
    weakest = LevelSerializer(allow_null=True)
    lab_or_animal_only = serializers.BooleanField(help_text="True when every cited study is laboratory or animal work.")
    warning = serializers.CharField(
        allow_null=True, help_text="“Not yet shown in people” when lab_or_animal_only; it must be shown with the text."
    )


class DisclaimerTextSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item_id")
    title = serializers.CharField()
    text = serializers.CharField()
    placement = serializers.ChoiceField(
        choices=["before", "after"],
        help_text="Where the public page shows it: before the text (chosen for this article or its conditions, "
        "a warning up front) or after it (shown on every page). Show it the same way.",
    )


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="The image file's absolute address.")
    width = serializers.IntegerField(help_text="Pixels.")
    height = serializers.IntegerField(help_text="Pixels.")
    format = serializers.ChoiceField(choices=ImageFormat.choices, help_text="WEBP, or a JPEG or PNG fallback.")


class FigureSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The figure's id; the body places it where the <figure> stands.")
    alt_text = serializers.CharField(help_text="What the image shows; empty when it is decorative.")
    decorative = serializers.BooleanField(help_text="Adds nothing a reader needs: give it an empty alt attribute.")
    caption = serializers.CharField(help_text="Shown under the image; may be empty.")
    credit = serializers.CharField(help_text="Who made the image; may be empty. Show it with the image.")
    licence = serializers.CharField(help_text="The terms the image is used under; may be empty.")
    source_url = serializers.CharField(help_text="Where the image comes from, if not a study; may be empty.")
    renditions = RenditionSerializer(many=True, help_text="The same image at several widths, narrowest first.")


def _figure(shown) -> dict:
    """A figure as the live revision's reviewer approved it (evidence.media.presenters.ShownFigure)."""
    # The files are the public site's (or the object store's, whose URLs are already absolute), as in the feed.
    site = settings.EVIDENCE_SITE_URL
    renditions = sorted([*shown.webp, *shown.fallback], key=lambda r: (r.width, r.format))
    return {
        "id": shown.figure_id,
        "alt_text": shown.alt,
        "decorative": shown.decorative,
        "caption": shown.caption,
        "credit": shown.credit,
        "licence": shown.licence,
        "source_url": shown.source_url,
        "renditions": [
            {"url": urljoin(site, r.file.url), "width": r.width, "height": r.height, "format": r.format}
            for r in renditions
        ],
    }


def _level(reference):
    if reference is None:
        return None
    return {
        "level": reference.level,
        "level_name": evidence_levels.LEVEL_NAMES[reference.level],
        "label": reference.evidence,
    }


class ArticleSerializer(SelectableFieldsMixin, serializers.Serializer):
    id = serializers.IntegerField(source="item_id", help_text="The article's id: stable, even when the slug changes.")
    revision = serializers.IntegerField(source="number", help_text="Which approved revision this is.")
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField(help_text="One or two plain sentences: the standfirst.")
    seo_description = serializers.CharField(help_text="What search engines show (160 characters); may be empty.")
    url = serializers.SerializerMethodField(help_text="The canonical public page: link here when you reuse the text.")
    api_url = serializers.SerializerMethodField()
    conditions = serializers.SerializerMethodField(help_text="Published conditions the article is about.")
    author = PersonSerializer()
    medical_reviewer = PersonSerializer(
        source="item.last_reviewed_by", allow_null=True, help_text="Who last reviewed it medically."
    )
    # Read from the revision itself (the views' `published`/`updated` annotations hold the same values), so an
    # item can be prepared from any live revision (evidence.api.prepared).
    published_at = serializers.DateTimeField(
        source="item.first_published_at", help_text="When the article first went public."
    )
    updated_at = serializers.DateTimeField(source="public_updated_at", help_text="When this revision went public.")
    last_reviewed_at = serializers.DateTimeField(source="item.last_reviewed_at", allow_null=True)
    next_review_due = serializers.DateField(source="item.next_review_due", allow_null=True)
    body_html = serializers.SerializerMethodField(help_text="The body as sanitised HTML, citations as [n].")
    body_text = serializers.SerializerMethodField(help_text="The body as plain text, citations as [n].")
    studies = serializers.SerializerMethodField(help_text="Cited published studies, numbered as in the body.")
    other_references = OtherReferenceSerializer(source="references.all", many=True)
    evidence = serializers.SerializerMethodField(help_text="How strong the evidence behind the article is.")
    figures = serializers.SerializerMethodField(
        help_text="The figures body_html places, in order, with the words its reviewer approved."
    )
    required_disclaimers = serializers.SerializerMethodField(
        help_text="Texts that must accompany the article wherever it is reused."
    )

    def page(self, revision):
        """The public page's content, built on first need for every article of the answer at once.

        `context["articles"]` (see ArticleViewSet.extra_context) lets one cache read fetch all their rendered
        bodies; an answer whose ?fields= need no page content builds none.
        """
        pages = self.context.setdefault("_pages", {})
        if revision.pk not in pages:
            batch = [article for article in self.context.get("articles", ()) if article.pk not in pages]
            if revision not in batch:
                batch.append(revision)
            pages.update((page.article.pk, page) for page in article_pages(batch))
        return pages[revision.pk]

    def get_url(self, revision) -> str:
        return public_url(revision, self)

    def get_api_url(self, revision) -> str:
        return api_url(self, "api:article-detail", revision.item_id)

    # The nested parts below are built as plain dicts (see studies.cited_study): a nested serializer per
    # article was most of an answer's cost. The schema still comes from the serializers named here.
    @extend_schema_field(ConditionRefSerializer(many=True))
    def get_conditions(self, revision):
        return [condition_ref(self, condition) for condition in self.page(revision).conditions]

    def get_body_html(self, revision) -> str:
        return self.page(revision).body_html

    def get_body_text(self, revision) -> str:
        return html_to_text(self.page(revision).body_html)

    @extend_schema_field(CitedStudySerializer(many=True))
    def get_studies(self, revision):
        return [cited_study(self, reference) for reference in self.page(revision).references]

    @extend_schema_field(EvidenceSummarySerializer)
    def get_evidence(self, revision):
        page = self.page(revision)
        return {
            "strongest": _level(page.strongest),
            "weakest": _level(page.weakest),
            "lab_or_animal_only": page.lab_or_animal_only,
            "warning": page.not_yet_shown_in_people if page.lab_or_animal_only else None,
        }

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, revision):
        return [_figure(shown) for shown in self.page(revision).figures]

    @extend_schema_field(DisclaimerTextSerializer(many=True))
    def get_required_disclaimers(self, revision):
        disclaimers = self.context["disclaimers"][revision.pk]
        return [{"id": d.item_id, "title": d.title, "text": d.text, "placement": d.placement} for d in disclaimers]
