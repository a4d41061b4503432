"""What every list and detail of the API shares.

A view declares its queryset (from the selectors), serializer, filters and
orderings; this base adds the rest of "HTTP done right": unknown or unusable
query parameters are refused with a 400 naming them, ?fields= picks fields,
answers carry ETag/Last-Modified/Cache-Control and rate-limit headers, and
conditional requests get a 304 without touching the content.
"""

import functools

from django.http import HttpResponseNotModified, HttpResponsePermanentRedirect
from django.utils.cache import patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from evidence import selectors
from evidence.api.filters import as_id
from evidence.api.pagination import KeysetPagination
from evidence.api.serializers.common import absolute
from evidence.api.views.ordering import StrictOrderingFilter
from evidence.caching.answers import Validators
from evidence.caching.conditional import asks_for_any
from evidence.caching.items import item_version
from evidence.views.moved import with_query

LIST_PARAMS = ("cursor", "page_size", "ordering", "fields")


def refuse_unknown_parameters(request, allowed, repeatable=()):
    """A misspelt filter (`conditon=`) would otherwise quietly return everything; a parameter given twice is
    refused too, except a list filter (`repeatable`), where twice means "any of them"."""
    errors = {}
    for name, values in request.query_params.lists():
        if name not in allowed:
            errors[name] = [f"Unknown query parameter. This address accepts: {', '.join(sorted(allowed)) or 'none'}."]
        elif any("\x00" in value for value in values):
            errors[name] = ["The value contains a NUL character."]
        elif len(values) > 1 and name not in repeatable:
            errors[name] = ["Give this parameter once; separate several values with commas."]
    if errors:
        raise ValidationError(errors, code="invalid")


def add_rate_limit_headers(request, response):
    if limit := getattr(request, "rate_limit", None):
        response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"], response["X-RateLimit-Reset"] = map(
            str, limit
        )


class LibraryViewSet(viewsets.ReadOnlyModelViewSet):
    """Published items of one kind: list and detail (by id or slug)."""

    pagination_class = KeysetPagination
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    lookup_url_kwarg = "lookup"
    lookup_value_regex = "[^/]+"
    slug_field = "slug"
    lookup_description = "id or slug"
    noun = "item"
    http_validators = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        filters = self.filterset_class.base_filters if self.action == "list" else {}
        refuse_unknown_parameters(
            request,
            {*filters, *(LIST_PARAMS if self.action == "list" else ("fields",))},
            repeatable=self.filterset_class.list_filters() if self.action == "list" else (),
        )
        self.selected_fields = self._selected_fields(request)

    def _selected_fields(self, request):
        value = request.query_params.get("fields")
        if not value:
            return None
        available = field_names(self.get_serializer_class())
        wanted = [name.strip() for name in value.split(",") if name.strip()]
        if unknown := [name for name in wanted if name not in available]:
            raise ValidationError(
                {"fields": [f"Unknown field(s): {', '.join(unknown)}. Available: {', '.join(sorted(available))}."]}
            )
        return wanted

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "fields": getattr(self, "selected_fields", None)}

    def extra_context(self, objects):
        """Data a page of objects needs in bulk (e.g. disclaimers), fetched once for the page."""
        return {}

    def serialize(self, objects, many):
        context = {**self.get_serializer_context(), **self.extra_context(objects if many else [objects])}
        return self.get_serializer_class()(objects, many=many, context=context).data

    # -- answers ---------------------------------------------------------------
    def list(self, request, *args, **kwargs):
        return self.conditional(request, self._list)

    def retrieve(self, request, *args, **kwargs):
        return self.conditional(request, self._retrieve, self.item_version(self.kwargs[self.lookup_url_kwarg]))

    def item_version(self, lookup):
        """The item's own version (evidence.caching.items): its live revision and when anything it shows last
        changed, by id or current slug; None when nothing live is there (the answer is then a 404 or a
        redirect, versioned with the whole library)."""

        def read():
            if "\x00" in lookup:  # no id or slug holds one, and PostgreSQL cannot compare it
                return None
            revisions = self.get_queryset().model
            if (item_id := as_id(lookup)) is not None and (found := selectors.item_stamp(revisions, item_id=item_id)):
                return found
            return selectors.item_stamp(revisions, **{self.slug_field: lookup}) if self.slug_field else None

        return item_version(f"api-{self.noun}", lookup, read)

    def conditional(self, request, answer, item_version=None):
        self.http_validators = Validators(request, item_version)
        if self.http_validators.not_modified(request):
            return HttpResponseNotModified()
        response = self.http_validators.cached_answer() or self.http_validators.keep(answer(request))
        if response.status_code == 200 and asks_for_any(request):
            return HttpResponseNotModified()  # `*`: a current representation exists (RFC 9110 §13.1.2)
        return response

    def _list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.serialize(page, many=True))

    def _retrieve(self, request):
        lookup = self.kwargs[self.lookup_url_kwarg]
        missing = NotFound(f"No published {self.noun} has the {self.lookup_description} “{lookup}”.")
        if "\x00" in lookup:  # PostgreSQL cannot even compare such a string; no id or slug holds one
            raise missing
        instance = self.find(lookup)
        if instance is None:
            if moved := self.moved_to(lookup):
                location = absolute(reverse(f"api:{self.basename}-detail", args=[moved]))
                return HttpResponsePermanentRedirect(with_query(request, location))
            raise missing
        return Response(self.serialize(instance, many=False))

    def find(self, lookup):
        """By id (stable) when the lookup is a number, else by the current slug."""
        queryset = self.get_queryset()
        if (item_id := as_id(lookup)) is not None and (found := queryset.filter(item_id=item_id).first()):
            return found
        return queryset.filter(**{self.slug_field: lookup}).first() if self.slug_field else None

    def moved_to(self, lookup):
        """The current slug of an item once published under `lookup`, if it moved."""
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_rate_limit_headers(request, response)
        if self.http_validators is not None and response.status_code in (200, 304):
            self.http_validators.apply(response)
        patch_vary_headers(response, ["Authorization"])
        return response


@functools.cache
def field_names(serializer_class) -> frozenset:
    """The fields a serializer class offers, worked out once per process (building its fields costs)."""
    return frozenset(serializer_class().fields)
