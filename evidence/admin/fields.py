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
