"""Figures: uploaded images with the words a reader needs, their renditions, and what each revision showed.

A figure's original file never changes once uploaded (a new image is a new figure), so a revision that names a
figure names exactly those pixels. What can change on a figure (alt text, caption, credit, licence, source) is
copied into `RevisionFigure` when an article revision is saved: the reviewer approves that copy, and the public
page draws from it, never from the figure's current words.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q


def original_name(figure, filename):
    # Unguessable and never reused: a name is a permanent address, and guessing one finds nothing.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"figures/originals/{uuid.uuid4().hex}{suffix}"


def rendition_name(rendition, filename):
    return f"figures/renditions/{uuid.uuid4().hex}-{rendition.width}w{PurePosixPath(filename).suffix.lower()}"


class ImageFormat(models.TextChoices):
    JPEG = "JPEG", "JPEG"
    PNG = "PNG", "PNG"
    WEBP = "WEBP", "WebP"
    GIF = "GIF", "GIF"


class FigureQuerySet(models.QuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(alt_text__icontains=text) | Q(caption__icontains=text))


class Figure(models.Model):
    title = models.CharField(
        "title", max_length=200, help_text="A name for finding the image in the library; readers do not see it."
    )
    file = models.FileField(
        "image",
        upload_to=original_name,
        max_length=255,
        help_text="JPEG, PNG, WebP or GIF. Checked by its content; location data is removed.",
    )
    file_digest = models.CharField(
        "digest", max_length=64, editable=False, help_text="SHA-256 of the stored original, for snapshots."
    )
    format = models.CharField(
        "format", max_length=4, choices=ImageFormat.choices, editable=False, help_text="Read from the content."
    )
    width = models.PositiveIntegerField("width", editable=False, help_text="Pixels, after rotation.")
    height = models.PositiveIntegerField("height", editable=False, help_text="Pixels, after rotation.")
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Required unless the image is decorative.",
    )
    decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Adds nothing a reader needs (screen readers skip it). Leave the alt text empty then.",
    )
    caption = models.TextField("caption", max_length=1000, blank=True, help_text="Shown under the image.")
    credit = models.CharField("credit", max_length=200, blank=True, help_text="Who made the image.")
    licence = models.CharField(
        "licence", max_length=100, blank=True, help_text="e.g. “CC BY 4.0” or “© Publisher, used with permission”."
    )
    source_study = models.ForeignKey(
        "evidence.Study",
        verbose_name="source study",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures",
        help_text="The study in the library the image comes from, if any.",
    )
    source_url = models.URLField("source address", blank=True, help_text="Where the image was found, if not a study.")
    focal_x = models.PositiveSmallIntegerField(
        "focal point across",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Per cent from the left edge of what must stay in view when cropped.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Per cent from the top edge of what must stay in view when cropped.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uploaded by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who uploaded the image.",
    )
    created = models.DateTimeField("uploaded", auto_now_add=True, help_text="When the image was uploaded.")

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(decorative=True) & Q(alt_text="")) | (Q(decorative=False) & ~Q(alt_text="")),
                name="figure_alt_text_or_decorative",
                violation_error_message="Give alt text, or mark the image decorative (and leave alt text empty).",
            ),
            models.CheckConstraint(condition=Q(focal_x__lte=100, focal_y__lte=100), name="figure_focal_point_in_image"),
        ]

    def __str__(self):
        return self.title

    @property
    def marker(self):
        """What a writer types in an article's body to place this figure."""
        return f"[[figure:{self.pk}]]"

    def clean(self):
        self.alt_text = (self.alt_text or "").strip()
        if self.decorative and self.alt_text:
            raise ValidationError(
                {"alt_text": "A decorative image has no alt text: clear it, or untick “decorative”."},
                code="decorative_with_alt_text",
            )
        if not self.decorative and not self.alt_text:
            raise ValidationError(
                {"alt_text": "Describe the image for people who cannot see it, or tick “decorative”."},
                code="alt_text_required",
            )


class Rendition(models.Model):
    """One stored resize of a figure: made once, served as is."""

    figure = models.ForeignKey(
        Figure, verbose_name="figure", on_delete=models.CASCADE, related_name="renditions", help_text="The original."
    )
    format = models.CharField("format", max_length=4, choices=ImageFormat.choices, help_text="WebP or a fallback.")
    width = models.PositiveIntegerField("width", help_text="Pixels.")
    height = models.PositiveIntegerField("height", help_text="Pixels.")
    size = models.PositiveIntegerField("bytes", default=0, help_text="The file's size, for feed enclosures.")
    file = models.FileField("file", upload_to=rendition_name, max_length=255, help_text="The stored image.")

    class Meta:
        ordering = ["figure", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["figure", "format", "width"], name="rendition_once_per_size"),
        ]

    def __str__(self):
        return f"{self.figure} · {self.width}w {self.get_format_display()}"

    @property
    def content_type(self):
        return f"image/{self.format.lower()}"


# What an article revision copies from each figure it places (RevisionFigure's fields of the same names).
SNAPSHOT_FIELDS = (
    "file_digest",
    "alt_text",
    "decorative",
    "caption",
    "credit",
    "licence",
    "source_study",
    "source_url",
)


class RevisionFigure(models.Model):
    """A figure as one article revision shows it: the words copied at save, so approval covers exactly them."""

    revision = models.ForeignKey(
        "evidence.ArticleRevision",
        verbose_name="revision",
        on_delete=models.CASCADE,
        related_name="figure_snapshots",
        help_text="The article revision whose body places the figure.",
    )
    figure = models.ForeignKey(
        Figure,
        verbose_name="figure",
        on_delete=models.SET_NULL,  # a live article's figures cannot be deleted (services.figure_delete)
        null=True,
        related_name="snapshots",
        help_text="The figure; empty once deleted, and then never shown.",
    )
    position = models.PositiveSmallIntegerField("position", help_text="Order of first use in the body, from 1.")
    file_digest = models.CharField("digest", max_length=64, help_text="The original's digest when saved.")
    alt_text = models.CharField("alt text", max_length=300, blank=True, help_text="As saved with the revision.")
    decorative = models.BooleanField("decorative", default=False, help_text="As saved with the revision.")
    caption = models.TextField("caption", blank=True, help_text="As saved with the revision.")
    credit = models.CharField("credit", max_length=200, blank=True, help_text="As saved with the revision.")
    licence = models.CharField("licence", max_length=100, blank=True, help_text="As saved with the revision.")
    source_study = models.ForeignKey(
        "evidence.Study",
        verbose_name="source study",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="As saved with the revision; shown only while the study is live.",
    )
    source_url = models.URLField("source address", blank=True, help_text="As saved with the revision.")

    class Meta:
        ordering = ["revision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "position"], name="revision_figure_once_per_position"),
            models.UniqueConstraint(fields=["revision", "figure"], name="revision_figure_once_per_figure"),
        ]

    def __str__(self):
        return f"{self.revision} · figure {self.figure_id}"
