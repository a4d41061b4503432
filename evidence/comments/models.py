"""Comment threads on an article's text. Staff only: no public selector, page, feed or API reads these tables.

A thread (`Comment`) is made on one revision and points at a field of it: the whole field, a paragraph, or a
quoted stretch of text. The quote is kept with a little of the text before and after it (the W3C Web Annotation
"TextQuoteSelector": exact, prefix, suffix) and the paragraph it was in, so the comment can be found again after
the writer edits around it (evidence.comments.anchors). Replies hang off the thread; threads do not nest.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from evidence.comments.anchors import Anchor

# How much text before and after a quote is kept to tell one occurrence of it from another.
CONTEXT_CHARS = 32


class CommentedField(models.TextChoices):
    BODY = "body", "Body"
    SUMMARY = "summary", "Summary"
    TITLE = "title", "Title"
    SEO_DESCRIPTION = "seo_description", "Search-engine description"


class CommentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Comment(models.Model):
    """The first comment of a thread, with what it points at and whether it is resolved."""

    article = models.ForeignKey(
        "evidence.Article",
        on_delete=models.CASCADE,
        related_name="review_comments",
        verbose_name="article",
        help_text="The article whose text the comment is about.",
    )
    revision = models.ForeignKey(
        "evidence.ArticleRevision",
        on_delete=models.CASCADE,
        related_name="review_comments",
        verbose_name="made on revision",
        help_text="The revision the reviewer was reading when they wrote the comment.",
    )
    field = models.CharField(
        "field", max_length=30, choices=CommentedField.choices, help_text="Which part of the article it is about."
    )
    quote = models.TextField(
        "quoted text",
        blank=True,
        help_text="The words the comment points at, exactly as they stood in the revision; empty for a comment "
        "on a whole paragraph or field.",
    )
    prefix = models.CharField(
        "text before", max_length=CONTEXT_CHARS, blank=True, help_text="What stood just before the quote."
    )
    suffix = models.CharField(
        "text after", max_length=CONTEXT_CHARS, blank=True, help_text="What stood just after the quote."
    )
    paragraph = models.PositiveIntegerField(
        "paragraph",
        null=True,
        blank=True,
        help_text="Which paragraph of the field (0 for the first) the comment points at, or the quote was in.",
    )
    text = models.TextField("comment", help_text="What the reviewer asks or notes.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="author",
        help_text="Who started the thread.",
    )
    created_at = models.DateTimeField("written", auto_now_add=True, help_text="When the thread was started.")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="resolved by",
        help_text="Who marked the thread resolved; empty while it is open.",
    )
    resolved_at = models.DateTimeField(
        "resolved", null=True, blank=True, help_text="When the thread was resolved; empty while it is open."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "comment"
        verbose_name_plural = "comments"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "resolved_at"], name="comment_article_open")]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="comment_resolved_by_and_when",
                violation_error_message="A resolved comment says who resolved it and when.",
            ),
        ]

    def __str__(self):
        where = f"“{self.quote[:40]}”" if self.quote else self.get_field_display().lower()
        return f"Comment on {where} (revision {self.revision.number})"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def anchor(self) -> Anchor:
        return Anchor(exact=self.quote, prefix=self.prefix, suffix=self.suffix, paragraph=self.paragraph)


class Reply(models.Model):
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name="thread",
        help_text="The comment this replies to.",
    )
    text = models.TextField("reply", help_text="The answer, question or note.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="author",
        help_text="Who wrote the reply.",
    )
    created_at = models.DateTimeField("written", auto_now_add=True, help_text="When the reply was written.")

    class Meta:
        verbose_name = "reply"
        verbose_name_plural = "replies"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reply by {self.author} to {self.comment_id}"
