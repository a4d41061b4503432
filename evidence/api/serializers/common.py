"""Pieces every representation shares: field selection, people, condition references, URLs."""

import re

from django.conf import settings
from rest_framework import serializers
from rest_framework.reverse import reverse

_ID = "item-id-to-fill-in"  # a lookup no id or slug has; only its place in the reversed address matters
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the public pages' <slug:…> converters accept, so no quoting
_ADDRESSED_BY = {"studyrevision": "citation_key"}  # the attribute get_absolute_url puts in the address; else slug


def absolute(path: str) -> str:
    """An address of the API, on its public base (EVIDENCE_API_BASE_URL): the same in every answer and webhook,
    whatever host a request came in on, so a client following a link sends its key only there."""
    return f"{settings.EVIDENCE_API_BASE_URL.rstrip('/')}{path}"


def public_url(revision, serializer=None) -> str:
    """The canonical address of the public page, for links back from a newsletter or partner page.

    Given the serializer, the address is reversed once per answer and kind of item, then filled in (an API
    page of articles names a hundred pages; reversing each took a tenth of the answer's time).
    """
    site = settings.EVIDENCE_SITE_URL.rstrip("/")
    model = type(revision)
    field = _ADDRESSED_BY.get(model._meta.model_name, "slug")
    value = getattr(revision, field, None) if serializer is not None else None
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        return f"{site}{revision.get_absolute_url()}"
    templates = serializer.context.setdefault("_public_url_templates", {})
    if model not in templates:
        templates[model] = model(**{field: _ID}).get_absolute_url().rpartition(_ID)[::2]
    before, after = templates[model]
    return f"{site}{before}{value}{after}"


# How each type names itself in the feed and in webhooks: its key (None: it has no address of its own)
# and its title.
_KEY = {"study": "citation_key", "disclaimer": None}
_TITLE = {"condition": "name"}


def slug_of(kind: str, revision):
    key = _KEY.get(kind, "slug")
    return getattr(revision, key) if key else None


def title_of(kind: str, revision) -> str:
    return getattr(revision, _TITLE.get(kind, "title"))


def api_url(serializer, view_name, item_id) -> str:
    """The item's API address: reversed once per answer and view, then filled in (a page names a hundred)."""
    templates = serializer.context.setdefault("_api_url_templates", {})
    if view_name not in templates:
        address = absolute(reverse(view_name, args=[_ID]))
        templates[view_name] = address.rpartition(_ID)[::2]
    before, after = templates[view_name]
    return f"{before}{item_id}{after}"


class SelectableFieldsMixin:
    """Leave out every field not named in ?fields= (passed as context["fields"]); None keeps all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = self.context.get("fields")
        if wanted:
            for name in set(self.fields) - set(wanted):
                self.fields.pop(name)


class PersonSerializer(serializers.Serializer):
    name = serializers.SerializerMethodField(help_text="The name readers see.")
    credentials = serializers.CharField(help_text="Post-nominal letters, e.g. “MD, PhD”; may be empty.")
    byline = serializers.CharField(help_text="Name and credentials as printed: “Dana Whitfield, MD”.")
    bio = serializers.CharField(help_text="A short public bio; may be empty.")

    def get_name(self, person) -> str:
        # Never get_full_name(): it falls back to the e-mail address, which is not public.
        return person.display_name or person.byline


class ConditionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item_id", help_text="The condition's id (stable across revisions).")
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The condition's public page.")

    def get_url(self, condition) -> str:
        return public_url(condition, self)


def condition_ref(serializer, condition) -> dict:
    """A live condition as ConditionRefSerializer shows it, built directly: an API page holds dozens."""
    url = public_url(condition, serializer)
    return {"id": condition.item_id, "name": condition.name, "slug": condition.slug, "url": url}


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="DOI, PubMed, PMC or Publisher.")
    url = serializers.URLField()


def links(pairs):
    return [{"label": label, "url": url} for label, url in pairs]
