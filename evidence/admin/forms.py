from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from evidence.admin.fields import AuthorListField, CommaListField
from evidence.models import LOCKED_STATUSES, AppliesTo, Condition, Disclaimer, Status, Study


class WorkingCopyForm(forms.ModelForm):
    """Refuses a save based on an out-of-date copy, keeping what the person typed on the form."""

    seen_edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_edit_version"] = self.instance.edit_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            # Lock the row until this save commits, so two saves cannot both pass the check.
            current = (
                model.objects.select_for_update().filter(pk=self.instance.pk).values("edit_version", "status").first()
            )
            if current is not None and current["status"] in LOCKED_STATUSES:
                raise ValidationError(
                    "This %(kind)s is %(status)s, so its text cannot change now. Nothing was saved. "
                    "Your text is still in the form below: copy what you need, and ask for the %(kind)s "
                    "to be withdrawn from review or reopened before applying it.",
                    code="locked",
                    params={"kind": model._meta.verbose_name, "status": Status(current["status"]).label.lower()},
                )
            seen = cleaned.get("seen_edit_version")
            if current is not None and seen is not None and seen != current["edit_version"]:
                last = self.instance.revisions.order_by("-number").select_related("created_by").first()
                who = last.created_by.byline if last and last.created_by else "Someone"
                when = timezone.localtime(last.created_at).strftime("%H:%M on %d %b") if last else "meanwhile"
                raise ValidationError(
                    "%(who)s saved a newer version at %(when)s, after you opened this page. Nothing was saved. "
                    "Your text is still in the form below: copy what you need, reload the page, and apply it again.",
                    code="stale_edit",
                    params={"who": who, "when": when},
                )
        return cleaned


class ConditionForm(WorkingCopyForm):
    synonyms = CommaListField(
        label="Other names", required=False, help_text=Condition._meta.get_field("synonyms").help_text
    )

    class Meta:
        model = Condition
        fields = ["name", "slug", "summary", "synonyms"]


class StudyForm(WorkingCopyForm):
    authors = AuthorListField(label="Authors", required=False, help_text=Study._meta.get_field("authors").help_text)
    # Writers paste PubMed links and "PMID: " prefixes, longer than the stored identifier;
    # the model normalises them before it checks the length (StudyContent.clean_fields).
    pmid = forms.CharField(label="PMID", required=False, help_text=Study._meta.get_field("pmid").help_text)
    pmcid = forms.CharField(label="PMCID", required=False, help_text=Study._meta.get_field("pmcid").help_text)
    isbn = forms.CharField(label="ISBN", required=False, help_text=Study._meta.get_field("isbn").help_text)

    class Meta:
        model = Study
        fields = [*Study.CONTENT_FIELDS, "conditions"]


class DisclaimerForm(WorkingCopyForm):
    class Meta:
        model = Disclaimer
        fields = [*Disclaimer.CONTENT_FIELDS, "conditions", "articles"]

    def clean(self):
        cleaned = super().clean()
        applies_to = cleaned.get("applies_to")
        if applies_to == AppliesTo.CONDITIONS and not cleaned.get("conditions"):
            self.add_error("conditions", ValidationError("Choose at least one condition.", code="no_conditions"))
        if applies_to == AppliesTo.ARTICLES and not cleaned.get("articles"):
            self.add_error("articles", ValidationError("Choose at least one article.", code="no_articles"))
        return cleaned
