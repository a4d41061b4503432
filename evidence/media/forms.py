"""The admin's figure forms: one image with its words, or several images dropped at once."""

from pathlib import PurePosixPath

from django import forms

from evidence.media.models import Figure
from evidence.media.uploads import check_upload

WORDS = ("title", "alt_text", "decorative", "caption", "credit", "licence", "source_study", "source_url")
FOCAL = ("focal_x", "focal_y")


class FigureAddForm(forms.ModelForm):
    """A new figure: the file is checked by its content by evidence.media.services.figure_upload, not here."""

    upload = forms.FileField(
        label="Image",
        help_text="JPEG, PNG, WebP or GIF. Checked by its content; location data is removed. SVG is not accepted.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    class Meta:
        model = Figure
        fields = (*WORDS, *FOCAL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the file's name."

    def clean_upload(self):
        # Judged by content here, so a refused file is reported on its field like any other mistake.
        upload = self.cleaned_data["upload"]
        self.checked = check_upload(upload)
        return upload

    def clean_title(self):
        # An empty title is named after the file (the upload is cleaned after the title: fields in order).
        upload = self.files.get("upload")
        return self.cleaned_data.get("title") or (PurePosixPath(upload.name).stem[:200] if upload else "") or "image"


class FigureChangeForm(forms.ModelForm):
    """An uploaded figure's words; its pixels never change (a new image is a new figure)."""

    class Meta:
        model = Figure
        fields = (*WORDS, *FOCAL)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files if one]


class BulkUploadForm(forms.Form):
    """Several images at once; each gets its own alt text (or the decorative tick) in the rows the page adds."""

    files = MultipleFileField(label="Images", help_text="Choose or drop several JPEG, PNG, WebP or GIF files.")
    credit = forms.CharField(label="Credit", max_length=200, required=False, help_text="For every image below.")
    licence = forms.CharField(label="Licence", max_length=100, required=False, help_text="For every image below.")
