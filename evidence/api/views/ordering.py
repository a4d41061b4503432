"""`?ordering=`: one of the orderings a list offers, or a 400 that lists them.

DRF's OrderingFilter silently ignores a value it does not know, so a typo
would quietly return another order; here it is refused. Every ordering ends
with the item's id as a tie-break, which cursor pagination needs to page
through equal values (two studies with the same title) without repeats.
"""

from rest_framework import filters
from rest_framework.exceptions import ValidationError


class StrictOrderingFilter(filters.OrderingFilter):
    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        chosen = value.strip() if value else view.ordering
        allowed = self.allowed(view)
        if chosen not in allowed:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Order by one of: {', '.join(allowed)} (a leading “-” means newest or Z first)."
                    ]
                },
                code="invalid_choice",
            )
        tie_break = getattr(view, "tie_break", "item_id")
        return (chosen, f"-{tie_break}" if chosen.startswith("-") else tie_break)

    @staticmethod
    def allowed(view):
        return [f"{sign}{name}" for name in view.ordering_fields for sign in ("", "-")]

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Sort order; default {view.ordering}. A leading “-” reverses it.",
                "schema": {"type": "string", "enum": self.allowed(view), "default": view.ordering},
            }
        ]
