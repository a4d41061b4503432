from django import forms

from evidence.models import Article


class HandlingForm(forms.Form):
    """A medical reviewer's word on how one summary citing the paper handles the notice."""

    article = forms.ModelChoiceField(
        queryset=Article.objects.none(),
        label="Article",
        help_text="A live or in-review summary that cites the study.",
    )
    note = forms.CharField(
        label="How the summary handles it",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="e.g. “The study is no longer cited; the conclusion rests on the two other trials.”",
    )

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = articles
