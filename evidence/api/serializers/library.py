"""Conditions and disclaimers as published."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.api.serializers.common import ConditionRefSerializer, SelectableFieldsMixin, api_url, public_url
from evidence.models import AppliesTo
from evidence.presenters.pages import live_articles_of, live_conditions_of


class ConditionSerializer(SelectableFieldsMixin, serializers.Serializer):
    id = serializers.IntegerField(source="item_id", help_text="The condition's id (stable across revisions).")
    revision = serializers.IntegerField(source="number")
    name = serializers.CharField()
    slug = serializers.CharField()
    summary = serializers.CharField(help_text="One or two plain sentences; may be empty.")
    synonyms = serializers.ListField(child=serializers.CharField(), help_text="Other names readers search for.")
    url = serializers.SerializerMethodField(help_text="The condition's public page.")
    api_url = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="published")
    updated_at = serializers.DateTimeField(source="updated")

    def get_url(self, condition) -> str:
        return public_url(condition, self)

    def get_api_url(self, condition) -> str:
        return api_url(self, "api:condition-detail", condition.item_id)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item_id")
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, article) -> str:
        return public_url(article, self)


class DisclaimerSerializer(SelectableFieldsMixin, serializers.Serializer):
    id = serializers.IntegerField(source="item_id")
    revision = serializers.IntegerField(source="number")
    title = serializers.CharField()
    text = serializers.CharField(help_text="Plain text, to be shown in full.")
    applies_to = serializers.ChoiceField(
        choices=AppliesTo.choices,
        help_text="everywhere: with every article; conditions: with articles about the conditions listed; "
        "articles: with the articles listed.",
    )
    conditions = serializers.SerializerMethodField(help_text="Published conditions it is chosen for.")
    articles = serializers.SerializerMethodField(help_text="Published articles it is chosen for.")
    api_url = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="published")
    updated_at = serializers.DateTimeField(source="updated")

    @extend_schema_field(ConditionRefSerializer(many=True))
    def get_conditions(self, disclaimer):
        return ConditionRefSerializer(live_conditions_of(disclaimer), many=True).data

    @extend_schema_field(ArticleRefSerializer(many=True))
    def get_articles(self, disclaimer):
        return ArticleRefSerializer(live_articles_of(disclaimer), many=True).data

    def get_api_url(self, disclaimer) -> str:
        return api_url(self, "api:disclaimer-detail", disclaimer.item_id)
