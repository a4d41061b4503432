"""The figure library in the admin: a list with thumbnails and search, one upload with its words, several
dropped at once, and a delete that refuses while a live article shows the figure. Writes go through services.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from evidence.media import selectors, services
from evidence.media.forms import FOCAL, WORDS, BulkUploadForm, FigureAddForm, FigureChangeForm
from evidence.media.models import Figure


def _thumbnail_url(figure):
    renditions = sorted(figure.renditions.all(), key=lambda r: (r.format != "WEBP", r.width))
    return renditions[0].file.url if renditions else ""


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "title", "alt_text", "decorative", "size", "uploaded_by", "created")
    list_display_links = ("thumbnail", "title")
    list_filter = ("decorative", "format")
    search_fields = ("title", "alt_text", "caption", "credit")
    autocomplete_fields = ("source_study",)
    list_per_page = 50
    change_list_template = "admin/media/figure/change_list.html"
    readonly_fields = ("preview", "marker", "size", "format", "uploaded_by", "created", "used_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").prefetch_related("renditions")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = FigureChangeForm if obj else FigureAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        words = ("title", "alt_text", "decorative", "caption", "credit", "licence", "source_study", "source_url")
        if obj is None:
            return [(None, {"fields": ("upload", *words)}), ("Focal point", {"fields": ("focal_x", "focal_y")})]
        return [
            (None, {"fields": ("preview", "marker", *words)}),
            ("Focal point", {"fields": ("focal_x", "focal_y")}),
            ("File", {"fields": ("size", "format", "uploaded_by", "created", "used_by")}),
        ]

    @admin.display(description="Image")
    def thumbnail(self, figure):
        url = _thumbnail_url(figure)
        if not url:
            return "—"
        return format_html(
            '<img class="figure-thumb" src="{}" alt="{}" width="96" loading="lazy">', url, figure.alt_text
        )

    @admin.display(description="Preview")
    def preview(self, figure):
        url = _thumbnail_url(figure)
        return format_html('<img class="figure-preview" src="{}" alt="{}">', url, figure.alt_text) if url else "—"

    @admin.display(description="Place it in an article by writing")
    def marker(self, figure):
        return format_html("<code>{}</code> on a line of its own", figure.marker)

    @admin.display(description="Size")
    def size(self, figure):
        return f"{figure.width} by {figure.height} pixels"

    @admin.display(description="Placed in")
    def used_by(self, figure):
        revisions = list(selectors.revisions_using(figure))
        if not revisions:
            return "No article yet."
        items = format_html(
            "".join("<li>{}</li>" for _ in revisions),
            *[f"{r.title} (revision {r.number}{', live' if r.is_live else ''})" for r in revisions],
        )
        note = (
            "An article shows the words its revision was saved with: after changing the alt text or caption, "
            "save each article again so the change goes to review."
        )
        return format_html("<ul>{}</ul><p class='help'>{}</p>", items, note)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A file store that is down refuses the upload with a message (the admin's save cannot report it)."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if getattr(error, "code", "") != "storage_unavailable":
                raise
            self.message_user(request, error.message, messages.ERROR)
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        words = {name: getattr(obj, name) for name in (*WORDS, *FOCAL)}
        created = services.figure_create(
            checked=form.checked, name=form.cleaned_data["upload"].name, by=request.user, **words
        )
        obj.pk, obj.file = created.pk, created.file

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for figure in objs:
            for revision in selectors.revisions_holding(figure):
                state = "live" if revision.is_live else "approved, waiting to be published"
                protected.append(f"Figure “{figure}” is shown by the article “{revision.title}” ({state})")
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.figure_delete(figure=obj)

    def delete_queryset(self, request, queryset):
        for figure in queryset:
            services.figure_delete(figure=figure)

    def get_urls(self):
        upload = self.admin_site.admin_view(self.bulk_upload_view)
        return [path("upload/", upload, name="media_figure_upload"), *super().get_urls()]

    def bulk_upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            saved, refused = _upload_each(request, form)
            for figure in saved:
                messages.success(request, f"“{figure}” uploaded: place it with {figure.marker}.")
            for name, reason in refused:
                messages.error(request, f"“{name}” was not uploaded: {reason}")
            if saved and not refused:
                return redirect(reverse("admin:media_figure_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload figures",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/media/figure/upload.html", context)


def _upload_each(request, form):
    """Store each dropped file with its own alt text or decorative tick; say which were refused and why."""
    alt_texts = request.POST.getlist("alt_text")
    decorative = set(request.POST.getlist("decorative"))
    saved, refused = [], []
    for index, upload in enumerate(form.cleaned_data["files"]):
        words = {
            "alt_text": (alt_texts[index] if index < len(alt_texts) else "").strip(),
            "decorative": str(index) in decorative,
            "credit": form.cleaned_data["credit"],
            "licence": form.cleaned_data["licence"],
        }
        try:
            saved.append(services.figure_upload(upload=upload, by=request.user, **words))
        except ValidationError as error:
            refused.append((upload.name, " ".join(error.messages)))
    return saved, refused
