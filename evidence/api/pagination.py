"""Keyset ("cursor") pagination: stable pages deep into a large library, with a page size the client chooses.

A cursor holds the sort value and id of the last item seen, and the next page
starts strictly after that pair. Unlike page numbers or offsets, items
published while a client pages never shift results into a repeat or a gap,
and a deep page costs the same as the first (an index range scan, no
OFFSET). DRF's CursorPagination falls back to offsets when many items share a
sort value (articles with the same title), which reintroduces exactly those
repeats; hence this small class. The cursor also records its ordering:
sending it with another ordering is refused, not answered with a wrong page.
"""

import base64
import binascii
import json

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from evidence.api.serializers.common import absolute

_BAD_CURSOR = "This cursor is not valid. Use the “next” or “previous” link of a response unchanged."


def _bad(parameter, message, code="invalid"):
    return ValidationError({parameter: [message]}, code=code)


def _encode(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(token: str) -> dict:
    data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    if not isinstance(data, dict):
        raise ValueError(token)
    return data


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        maximum = settings.EVIDENCE_API_MAX_PAGE_SIZE
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return settings.EVIDENCE_API_PAGE_SIZE
        if not (value.isascii() and value.isdigit() and len(value) <= 6 and 1 <= int(value) <= maximum):
            raise _bad(self.page_size_query_param, f"Give a whole number from 1 to {maximum}.", "out_of_range")
        return int(value)

    def paginate_queryset(self, queryset, request, view=None):
        self.base_url = absolute(request.get_full_path())
        self.page_size = self.get_page_size(request)
        self.ordering = self._ordering(queryset, request, view)
        cursor = self._cursor(request, queryset)
        backwards = bool(cursor and cursor["r"])
        order = [self._flip(term) for term in self.ordering] if backwards else list(self.ordering)
        if cursor:
            queryset = queryset.filter(self._after(order, cursor["v"], cursor["id"]))
        rows = list(queryset.order_by(*order)[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if backwards:
            self.page.reverse()
        if backwards:  # came from a later page, so there is one after; "more" means more before
            self.has_next, self.has_previous = True, more
        else:
            self.has_next, self.has_previous = more, cursor is not None
        return self.page

    # -- the ordering and the keyset condition -----------------------------------
    def _ordering(self, queryset, request, view):
        for backend in getattr(view, "filter_backends", []):
            if hasattr(backend, "get_ordering"):
                return tuple(backend().get_ordering(request, queryset, view))
        return (view.ordering, "pk")

    @staticmethod
    def _flip(term):
        return term[1:] if term.startswith("-") else f"-{term}"

    @staticmethod
    def _after(order, value, tie):
        """Strictly after (value, tie) in `order`: the rows the next page starts with."""
        (field, tie_field) = (term.lstrip("-") for term in order)
        beyond = "lt" if order[0].startswith("-") else "gt"
        tie_beyond = "lt" if order[1].startswith("-") else "gt"
        return Q(**{f"{field}__{beyond}": value}) | Q(**{field: value, f"{tie_field}__{tie_beyond}": tie})

    def _position(self, item):
        field, tie_field = (term.lstrip("-") for term in self.ordering)
        value = getattr(item, field)
        return (value.isoformat() if hasattr(value, "isoformat") else value), getattr(item, tie_field)

    # -- cursors ----------------------------------------------------------------
    def _cursor(self, request, queryset):
        token = request.query_params.get(self.cursor_query_param)
        if token is None:
            return None
        try:
            data = _decode(token)
            cursor = {"s": str(data["s"]), "v": data["v"], "id": int(data["id"]), "r": bool(data.get("r"))}
        except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
            raise _bad(self.cursor_query_param, _BAD_CURSOR) from None
        if cursor["s"] != self.ordering[0]:
            raise _bad(
                self.cursor_query_param,
                f"This cursor was made for ordering={cursor['s']}; keep that ordering while paging.",
                "ordering_mismatch",
            )
        if not (0 <= cursor["id"] < 2**63 and self._fits(queryset, cursor["v"])):
            raise _bad(self.cursor_query_param, _BAD_CURSOR)
        return cursor

    def _fits(self, queryset, value):
        """A hand-made cursor must not reach the database as a value its column cannot hold."""
        name = self.ordering[0].lstrip("-")
        query = queryset.query
        field = query.annotations[name].output_field if name in query.annotations else query.model._meta.get_field(name)
        if not isinstance(value, str) or "\x00" in value:
            return False
        try:
            field.to_python(value)
        except DjangoValidationError:
            return False
        return True

    def _link(self, item, backwards):
        value, tie = self._position(item)
        token = _encode({"s": self.ordering[0], "v": value, "id": tie, "r": backwards})
        return replace_query_param(self.base_url, self.cursor_query_param, token)

    def get_next_link(self):
        if not self.has_next:
            return None
        if not self.page:  # paged backwards past the start: start again from the top
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self._link(self.page[-1], backwards=False)

    def get_previous_link(self):
        if not self.has_previous or not self.page:
            return None
        return self._link(self.page[0], backwards=True)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    # -- schema -----------------------------------------------------------------
    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page; null on the last."},
                "previous": {**link, "description": "The page before; null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        maximum, default = settings.EVIDENCE_API_MAX_PAGE_SIZE, settings.EVIDENCE_API_PAGE_SIZE
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque: copy it from the next or previous link of an answer.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page, 1 to {maximum} (default {default}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": maximum},
            },
        ]
