"""The source rule's one way out: an editor's recorded exemption for an article that rests on no checkable source.

Every summary must cite at least one study a reader can find by an identifier (evidence.services.review_gate).
Some honest summaries cannot: a page explaining what is not yet known. An editor may exempt such an article,
saying why; the exemption is audited, listed on the integrity report and never hidden.
"""

from django.conf import settings
from django.db import models

from evidence.models.articles import Article


class SourceExemption(models.Model):
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="source_exemption",
        verbose_name="article",
        help_text="The article that may go through review without a checkable source.",
    )
    reason = models.TextField("reason", help_text="Why this article may go without a study readers can check.")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="granted by",
        help_text="The editor who granted the exemption.",
    )
    granted_at = models.DateTimeField("granted at", auto_now_add=True, help_text="When the exemption was granted.")

    class Meta:
        verbose_name = "source-rule exemption"
        verbose_name_plural = "source-rule exemptions"

    def __str__(self):
        return f"{self.article}: exempt from the source rule ({self.reason[:60]})"
