"""Form fields that let writers type lists as text instead of JSON."""

from django import forms
from django.core.exceptions import ValidationError


class CommaListField(forms.CharField):
    """ "MS, RRMS" <-> ["MS", "RRMS"]."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()]


class AuthorListField(forms.CharField):
    """One author per line as "Family, Given" <-> [{"family": ..., "given": ...}]."""

    widget = forms.Textarea(attrs={"rows": 4, "placeholder": "Burt, Richard K\nBalabanov, Roumen"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(", ".join(p for p in (a.get("family", ""), a.get("given", "")) if p) for a in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        authors = []
        for number, raw_line in enumerate(value.splitlines(), start=1):
            if not raw_line.strip():
                continue
            family, _, given = (part.strip() for part in raw_line.strip().partition(","))
            if not family:
                raise ValidationError(
                    "Line %(line)s has no family name: write “Family, Given names”.",
                    code="author_family_missing",
                    params={"line": number},
                )
            authors.append({"family": family, "given": given})
        return authors


# Forms that link items by id (conditions, cited studies, people) show them with Django's autocomplete,
# which fetches the posted ids with `id IN (...)`, both to check them and to redraw a refused form. That
# query fails on any value that is not a number, and on SQLite on a number beyond 64 bits: a forged post
# would get a server error instead of "not one of the available choices". These fields look up only ids
# that can exist.
LARGEST_ID = 2**63 - 1


def _as_number(value):
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def chooser_label(item) -> str:
    """An item's whole label in a chooser (a study's full title, wrapped by admin.css, not cut)."""
    return getattr(item, "full_label", None) or str(item)


def is_possible_id(value) -> bool:
    number = _as_number(value)
    return number is not None and 0 < number <= LARGEST_ID


class LinkedItemField(forms.ModelChoiceField):
    """One linked item (a cited study, a person), redrawn after an error only if its id can exist."""

    def prepare_value(self, value):
        prepared = super().prepare_value(value)
        return prepared if is_possible_id(prepared) else None

    def label_from_instance(self, obj):
        return chooser_label(obj)


class LinkedItemsField(forms.ModelMultipleChoiceField):
    """Linked items (conditions, articles): an impossible id is refused with Django's message, not looked up."""

    def _check_values(self, value):
        for pk in value:
            if _as_number(pk) is not None and not is_possible_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # refuses anything else that names no item

    def label_from_instance(self, obj):
        return chooser_label(obj)

    def prepare_value(self, value):
        prepared = super().prepare_value(value)
        if isinstance(prepared, list | tuple):
            return [pk for pk in prepared if is_possible_id(pk)]
        return prepared
