"""Pieces every representation shares: field selection, people, condition references, URLs."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse


def public_url(revision) -> str:
    """The canonical address of the public page, for links back from a newsletter or partner page."""
    return f"{settings.EVIDENCE_SITE_URL.rstrip('/')}{revision.get_absolute_url()}"


def api_url(serializer, view_name, item_id) -> str:
    return reverse(view_name, args=[item_id], request=serializer.context.get("request"))


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
        return public_url(condition)


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="DOI, PubMed, PMC or Publisher.")
    url = serializers.URLField()


def links(pairs):
    return [{"label": label, "url": url} for label, url in pairs]


conditions_field = extend_schema_field(ConditionRefSerializer(many=True))
