"""A live article's page, prepared at publication: the parts of its public page rendered once and stored.

A prepared page is used only while it is exactly what the page would render now: for the same revision, with
the same `public_updated_at` (which moves whenever anything the page shows changes: see
evidence.selectors.stamps) and by the same templates and presenter code (`layout`). Anything else is treated
as missing, so a stale row can never be served, whatever the worker has or has not done yet.
"""

from django.db import models

from evidence.models.base import live_filter


class PreparedArticleQuerySet(models.QuerySet):
    def current(self, layout):
        """Rows still exactly what their page would render now: the revision live and unchanged since."""
        return self.filter(
            live_filter("revision"),
            public_updated_at=models.F("revision__public_updated_at"),
            layout=layout,
        )


class PreparedArticle(models.Model):
    revision = models.OneToOneField(
        "evidence.ArticleRevision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="prepared",
        verbose_name="revision",
    )
    public_updated_at = models.DateTimeField(
        "prepared for the change of", help_text="The revision's public_updated_at when this was prepared."
    )
    layout = models.CharField("layout", max_length=16, help_text="A digest of the templates and code that rendered it.")
    parts = models.JSONField("page parts", help_text="Title, descriptions, head and main content, as rendered.")
    # Columns of their own, not keys of `parts`: a list reads ten cards and an API page twenty items, and a key
    # of a large jsonb value is read by de-toasting all of it.
    card = models.TextField("card", blank=True, help_text="The article's card in lists, as rendered.")
    api_item = models.TextField(
        "API item", blank=True, help_text="The article's item in the marketing API, as JSON text (evidence.api)."
    )
    prepared_at = models.DateTimeField("prepared at", auto_now=True)

    objects = PreparedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "prepared article page"
        verbose_name_plural = "prepared article pages"

    def __str__(self):
        return f"prepared page of article revision {self.revision_id}"


class PreparedCondition(models.Model):
    """A live condition's page, rendered once and kept while the page's stamp (evidence.selectors.stamps:
    the condition, the size and latest change of its articles, studies and disclaimers) is unchanged."""

    revision = models.OneToOneField(
        "evidence.ConditionRevision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="prepared",
        verbose_name="revision",
    )
    stamp = models.CharField("stamp", max_length=64, help_text="A digest of the page's stamp when it was prepared.")
    layout = models.CharField("layout", max_length=16, help_text="A digest of the templates and code that rendered it.")
    parts = models.JSONField("page parts", help_text="Title, descriptions, structured data and content, as rendered.")
    prepared_at = models.DateTimeField("prepared at", auto_now=True)

    class Meta:
        verbose_name = "prepared condition page"
        verbose_name_plural = "prepared condition pages"

    def __str__(self):
        return f"prepared page of condition revision {self.revision_id}"
