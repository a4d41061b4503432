"""Forms that read the public site's query parameters, so odd input gets a clear message, not an error page."""

import re

from django import forms

from evidence.models import StudyDesign
from evidence.selectors.listings import ArticleFilters, evidence_level_choices

MAX_QUERY_LENGTH = 100
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


class ArticleFilterForm(forms.Form):
    """The filters above the article list; every field is optional and "any" when empty."""

    condition = forms.ChoiceField(
        label="Condition",
        required=False,
        error_messages={
            "invalid_choice": "We have no published condition called “%(value)s”. Choose one from the list."
        },
    )
    design = forms.ChoiceField(
        label="Kind of study cited",
        required=False,
        choices=[("", "Any kind of study"), *StudyDesign.choices],
        error_messages={"invalid_choice": "“%(value)s” is not a kind of study we list. Choose one from the list."},
    )
    strongest = forms.TypedChoiceField(
        label="Strongest evidence",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "“%(value)s” is not an evidence level. Choose one from the list."},
    )

    def __init__(self, data, *, conditions):
        super().__init__(data, label_suffix="")
        self.live_conditions = {c.slug: c for c in conditions}
        self.fields["condition"].choices = [("", "Any condition"), *[(c.slug, c.name) for c in conditions]]
        self.fields["strongest"].choices = [("", "Any evidence"), *evidence_level_choices()]

    def filters(self) -> ArticleFilters:
        """The reader's filters; call after is_valid()."""
        data = self.cleaned_data
        return ArticleFilters(
            condition=self.live_conditions.get(data.get("condition") or ""),
            design=data.get("design") or "",
            strongest=data.get("strongest"),
        )


class SearchForm(forms.Form):
    q = forms.CharField(label="Search summaries, studies and conditions", required=False, strip=True)

    def __init__(self, data):
        super().__init__(data, label_suffix="")
        self.truncated = False

    def clean_q(self):
        """Drop control characters and keep the first MAX_QUERY_LENGTH characters (noted in `truncated`)."""
        query = " ".join(_CONTROL_CHARACTERS.sub(" ", self.cleaned_data["q"]).split())
        self.truncated = len(query) > MAX_QUERY_LENGTH
        return query[:MAX_QUERY_LENGTH].strip()
