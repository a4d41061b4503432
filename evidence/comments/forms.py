"""The panel's fields, read from the change form's POST (the panel sits inside the edit form, so its names carry
a `comment-` or `reply-` prefix that no article field uses)."""

from django import forms

from evidence.comments.models import CommentedField


class CommentForm(forms.Form):
    prefix = "comment"

    field = forms.ChoiceField(label="On", choices=CommentedField.choices, initial=CommentedField.BODY)
    quote = forms.CharField(
        label="Quoted text",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Select words in the text and press “Use selected text”, or paste them. Leave empty to comment "
        "on the whole field.",
    )
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    text = forms.CharField(label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(label="Reply", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, prefix=f"reply-{comment.pk}", **kwargs)
