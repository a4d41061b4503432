"""Query parameters of each list, validated: a value that cannot be used is a 400 naming the parameter.

Every filter narrows a queryset that came from the selectors, so no filter
can widen what a key sees. Lists accept several values as a comma-separated
list (`design=randomised_trial,systematic_review`), meaning "any of these".
"""

from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from drf_spectacular.utils import extend_schema_field

from evidence import selectors
from evidence.enquiries.models import Enquiry, EnquiryKind
from evidence.models import (
    AppliesTo,
    ArticleRevision,
    ConditionRevision,
    DisclaimerRevision,
    Population,
    StudyDesign,
    StudyRevision,
)
from evidence.models import levels as evidence_levels
from evidence.selectors import listings, search

LEVEL_CHOICES = sorted(evidence_levels.LEVEL_NAMES.items())
_MAX_ID_DIGITS = 18  # larger numbers cannot be ids, and would overflow the database's integer


def _level_parameter(description):
    """Document a level filter that has its own method (drf-spectacular cannot see its type)."""
    levels = ", ".join(f"{level} {name.lower()}" for level, name in LEVEL_CHOICES)
    return extend_schema_field(
        {"type": "integer", "enum": [level for level, _ in LEVEL_CHOICES], "description": f"{description} {levels}."}
    )


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated choices, each checked against the list."""


def as_id(value: str):
    """The number in `value` if it can be an id, else None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= _MAX_ID_DIGITS else None


def split_ids_and_slugs(value: str):
    wanted = [part.strip() for part in value.split(",") if part.strip()]
    return [number for part in wanted if (number := as_id(part)) is not None], wanted


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time, turned into UTC here: databases refuse some offsets Python accepts (e.g. -23:11)."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise ValidationError("Enter a time between the years 1 and 9999.", code="out_of_range") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def _time(field, lookup, when):
    return UtcIsoDateTimeFilter(
        field_name=field,
        lookup_expr=lookup,
        help_text=f"Only items {field} {when} this ISO 8601 time, e.g. 2026-01-31T09:00:00Z.",
    )


class AnyOfFilterSet(django_filters.FilterSet):
    """A list filter given twice means the same as one comma-separated value: `design=a&design=b` is
    `design=a,b`. Generated clients (openapi-python-client) send lists the first way."""

    comma_lists = ("condition",)  # list-valued filters that read a comma-separated string themselves

    @classmethod
    def list_filters(cls) -> set[str]:
        """The filters that take several values."""
        in_filters = {name for name, f in cls.base_filters.items() if isinstance(f, django_filters.BaseInFilter)}
        return in_filters | (set(cls.comma_lists) & set(cls.base_filters))

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            repeated = {
                name: ",".join(data.getlist(name)) for name in self.list_filters() if len(data.getlist(name)) > 1
            }
            if repeated:
                data = data.copy()
                for name, value in repeated.items():
                    data[name] = value
        super().__init__(data, *args, **kwargs)


class PublishedTimesFilter(AnyOfFilterSet):
    """When an item first went public (`published`) and when its current revision did (`updated`)."""

    published_since = _time("published", "gte", "at or after")
    published_before = _time("published", "lt", "before")
    updated_since = _time("updated", "gte", "at or after")
    updated_before = _time("updated", "lt", "before")


def _about_live_conditions(queryset, value):
    """Items linked to any of the live conditions named by slug or id (no duplicates)."""
    ids, slugs = split_ids_and_slugs(value)
    live = selectors.live_conditions().filter(Q(slug__in=slugs) | Q(item_id__in=ids)).values("item_id")
    through = queryset.model.conditions.through
    owner = f"{queryset.model._meta.model_name}_id"
    return queryset.filter(Exists(through.objects.filter(**{owner: OuterRef("pk")}, condition_id__in=live)))


class SearchFilterMixin(PublishedTimesFilter):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words to look for. Full-text search with stemming (quotes, “or” and -word work) "
        "where the database supports it; otherwise every word must appear.",
    )
    search_vector = search_fields = None

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return search.matching(queryset, self.search_vector, self.search_fields, value.strip())


class ArticleFilter(SearchFilterMixin):
    condition = django_filters.CharFilter(
        method="filter_condition", help_text="Articles about any of these conditions: slugs or ids, comma-separated."
    )
    design = ChoiceInFilter(
        choices=StudyDesign.choices,
        method="filter_design",
        help_text="Articles citing a study of any of these designs.",
    )
    strongest_evidence = django_filters.TypedChoiceFilter(choices=LEVEL_CHOICES, coerce=int, method="filter_strongest")
    min_evidence_level = django_filters.TypedChoiceFilter(choices=LEVEL_CHOICES, coerce=int, method="filter_min_level")
    search_vector, search_fields = search.ARTICLE_VECTOR, search.ARTICLE_FIELDS

    class Meta:
        model = ArticleRevision
        fields = []

    def filter_condition(self, queryset, name, value):
        return _about_live_conditions(queryset, value)

    def filter_design(self, queryset, name, value):
        return queryset.filter(Exists(listings.cited_live_studies().filter(design__in=value)))

    @_level_parameter("Articles whose strongest cited evidence is exactly this level (as the public site filters).")
    def filter_strongest(self, queryset, name, value):
        return listings.articles_with_strongest_evidence(queryset, value)

    @_level_parameter("Articles citing at least one study at this level or stronger.")
    def filter_min_level(self, queryset, name, value):
        return queryset.filter(Exists(listings.cited_live_studies().filter(evidence_level__gte=value)))


class StudyFilter(SearchFilterMixin):
    condition = django_filters.CharFilter(
        method="filter_condition", help_text="Studies about any of these conditions: slugs or ids, comma-separated."
    )
    design = ChoiceInFilter(choices=StudyDesign.choices, help_text="Any of these designs, comma-separated.")
    population = ChoiceInFilter(choices=Population.choices, help_text="Studied in people, animals or cells.")
    evidence_level = django_filters.TypedChoiceFilter(
        choices=LEVEL_CHOICES, coerce=int, field_name="evidence_level", help_text="Exactly this evidence level."
    )
    min_evidence_level = django_filters.TypedChoiceFilter(
        choices=LEVEL_CHOICES,
        coerce=int,
        field_name="evidence_level",
        lookup_expr="gte",
        help_text="This evidence level or stronger.",
    )
    search_vector, search_fields = search.STUDY_VECTOR, search.STUDY_FIELDS

    class Meta:
        model = StudyRevision
        fields = []

    def filter_condition(self, queryset, name, value):
        return _about_live_conditions(queryset, value)

    def filter_search(self, queryset, name, value):
        return super().filter_search(queryset.annotate(authors_text=Cast("authors", TextField())), name, value)


class ConditionFilter(SearchFilterMixin):
    search_vector, search_fields = search.CONDITION_VECTOR, search.CONDITION_FIELDS

    class Meta:
        model = ConditionRevision
        fields = []

    def filter_search(self, queryset, name, value):
        return super().filter_search(queryset.annotate(synonyms_text=Cast("synonyms", TextField())), name, value)


class DisclaimerFilter(PublishedTimesFilter):
    applies_to = ChoiceInFilter(choices=AppliesTo.choices, help_text="Where the disclaimer is shown.")
    condition = django_filters.CharFilter(
        method="filter_condition",
        help_text="Disclaimers chosen for any of these conditions (slugs or ids); add applies_to to include "
        "the ones shown everywhere.",
    )

    class Meta:
        model = DisclaimerRevision
        fields = []

    def filter_condition(self, queryset, name, value):
        return _about_live_conditions(queryset, value)


class LeadFilter(AnyOfFilterSet):
    kind = ChoiceInFilter(choices=EnquiryKind.choices, help_text="Which form the visitor used.")
    condition = django_filters.CharFilter(
        method="filter_condition", help_text="Leads interested in any of these conditions: slugs or ids."
    )
    created_since = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="Received at or after this ISO 8601 time."
    )
    created_before = UtcIsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="Received before this ISO 8601 time."
    )

    class Meta:
        model = Enquiry
        fields = []

    def filter_condition(self, queryset, name, value):
        ids, slugs = split_ids_and_slugs(value)
        live = selectors.live_conditions().filter(Q(slug__in=slugs) | Q(item_id__in=ids)).values("item_id")
        return queryset.filter(condition__in=live)
