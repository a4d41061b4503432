"""Forms of the import and the claim-check acknowledgement (they only translate; services decide)."""

from django import forms
from django.core.exceptions import ValidationError

from evidence.citations import parsers
from evidence.models import StudyDesign


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Reference file",
        required=False,
        help_text="RIS (.ris), BibTeX (.bib), PubMed MEDLINE (.nbib) or CSL-JSON (.json), up to 5 MB.",
    )
    text = forms.CharField(
        label="Or paste references",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text="Paste the text of an export in any of the formats above.",
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[("", "Detect from the content"), *parsers.Format.choices],
    )
    design = forms.ChoiceField(
        label="Study design for new studies whose entry does not say",
        required=False,
        choices=[("", "— leave such entries out, and tell me —"), *StudyDesign.choices],
        help_text="PubMed records say it; RIS, BibTeX and CSL-JSON exports usually do not. "
        "New studies are drafts: check each one before submitting it for review.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise ValidationError("Upload a file or paste references, not both.", code="file_and_text")
        if not upload and not text:
            raise ValidationError("Choose a file to upload, or paste references.", code="nothing_to_import")
        try:
            cleaned["content"] = parsers.decode(upload.read()) if upload else text
        except parsers.UnreadableFile as error:
            raise ValidationError(str(error), code="unreadable_file") from error
        cleaned["source"] = upload.name if upload else "pasted references"
        return cleaned


class ConfirmImportForm(forms.Form):
    """The previewed content, posted back: the plan is made again and must match what was shown."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False)
    format = forms.ChoiceField(choices=parsers.Format.choices, widget=forms.HiddenInput)
    design = forms.ChoiceField(choices=[("", ""), *StudyDesign.choices], required=False, widget=forms.HiddenInput)
    source = forms.CharField(max_length=200, widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
