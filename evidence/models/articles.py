from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from evidence.models.base import Revision, WorkingCopy, revision_rules
from evidence.models.conditions import Condition
from evidence.models.studies import Study


class ArticleContent(models.Model):
    title = models.CharField(
        "title", max_length=200, help_text="A plain-language headline, 90 characters or fewer reads best."
    )
    # Not indexed here: the working copy's unique constraint and the revisions' own index (below) serve every look-up.
    slug = models.SlugField(
        "web address",
        max_length=200,
        db_index=False,
        help_text="Lower-case words joined by hyphens: the page lives at /articles/this-web-address/. "
        "Changing it later keeps the old address working.",
    )
    summary = models.TextField(
        "summary",
        max_length=400,
        help_text="The standfirst: one or two sentences shown under the title, in lists and in the API.",
    )
    body = models.TextField(
        "body",
        help_text="Markdown: ## for headings, **bold**, - for lists. Cite a study with [@citation-key] "
        "and another reference with [^1].",
    )
    seo_description = models.CharField(
        "search-engine description",
        max_length=160,
        blank=True,
        help_text="What search engines show under the title (160 characters at most). Leave empty to use the summary.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        on_delete=models.PROTECT,
        related_name="%(class)s_authored",
        help_text="The writer credited in the byline.",
    )

    CONTENT_FIELDS = ("title", "slug", "summary", "body", "seo_description", "author")

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class Article(ArticleContent, WorkingCopy):
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="articles",
        verbose_name="conditions",
        help_text="What the article is about.",
    )
    studies = models.ManyToManyField(
        Study,
        through="Citation",
        related_name="articles",
        verbose_name="cited studies",
        help_text="The studies the article cites; add them in “cited studies” below the article.",
    )
    medical_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="medical reviewer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles_to_review",
        help_text="The reviewer asked to check this article. Any medical reviewer who did not write it may approve.",
    )
    last_reviewed_at = models.DateTimeField(
        "last reviewed", null=True, blank=True, editable=False, help_text="Set only by a medical review."
    )
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last reviewed by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The medical reviewer credited on the public page.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text="When a medical reviewer must look at the article again.",
    )

    CONTENT_M2M = ("conditions",)

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="article_slug_unique")]
        permissions = [
            ("review_article", "Can approve or request changes to articles"),
            ("publish_article", "Can publish and unpublish articles"),
        ]

    def get_absolute_url(self):
        return reverse("evidence:article_detail", kwargs={"slug": self.slug})

    def copy_children_to(self, revision):
        RevisionCitation.objects.bulk_create(
            RevisionCitation(revision=revision, study_id=c.study_id, position=c.position) for c in self.citations.all()
        )
        RevisionReference.objects.bulk_create(
            RevisionReference(revision=revision, **ref.content()) for ref in self.references.all()
        )

    def restore_children_from(self, revision):
        self.citations.all().delete()
        self.references.all().delete()
        Citation.objects.bulk_create(
            Citation(article=self, study_id=c.study_id, position=c.position) for c in revision.citations.all()
        )
        ArticleReference.objects.bulk_create(
            ArticleReference(article=self, **ref.content()) for ref in revision.references.all()
        )


class CitationBase(models.Model):
    position = models.PositiveSmallIntegerField(
        "order", default=0, help_text="Order in the reference list; the first cited comes first."
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class Citation(CitationBase):
    # No index of its own: the (article, study) unique constraint starts with it.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="citations",
        db_index=False,
        verbose_name="article",
        help_text="The article that cites the study.",
    )
    study = models.ForeignKey(
        Study,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name="study",
        help_text="A study from the library, cited in the body as [@its-citation-key]. Cite each study once.",
    )

    class Meta(CitationBase.Meta):
        verbose_name = "cited study"
        verbose_name_plural = "cited studies"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "study"],
                name="citation_study_once_per_article",
                violation_error_message="This study is already cited by the article; cite it once.",
            )
        ]

    def __str__(self):
        return str(self.study)


class ReferenceBase(models.Model):
    """A source that is not a study, such as a foundation's fact page."""

    title = models.CharField("title", max_length=300, help_text="The page's title, e.g. “Type 1 Diabetes Facts”.")
    publisher = models.CharField("publisher", max_length=200, blank=True, help_text="e.g. “World Health Organization”.")
    url = models.URLField("web address", max_length=500, help_text="The page's full address, starting https://.")
    published_on = models.DateField("published", null=True, blank=True, help_text="Date on the page, if it has one.")
    accessed_on = models.DateField(
        "accessed", null=True, blank=True, help_text="When the writer last checked the page."
    )
    position = models.PositiveSmallIntegerField("footnote", default=1, help_text="Cited in the body as [^1], [^2]…")

    CONTENT = ("title", "publisher", "url", "published_on", "accessed_on", "position")

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def content(self):
        return {name: getattr(self, name) for name in self.CONTENT}


class ArticleReference(ReferenceBase):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name="article",
        help_text="The article whose footnotes list this page.",
    )

    class Meta(ReferenceBase.Meta):
        verbose_name = "other reference"
        verbose_name_plural = "other references"


class ArticleRevision(ArticleContent, Revision):
    # No index of its own: the (item, number) unique constraint starts with it.
    item = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="article",
        db_index=False,
        help_text="The article this revision is a saved copy of.",
    )
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="article_revisions",
        verbose_name="conditions",
        help_text="What the article was about when this revision was saved.",
    )
    studies = models.ManyToManyField(
        Study,
        through="RevisionCitation",
        related_name="article_revisions",
        verbose_name="cited studies",
        help_text="The studies this revision cites, in reference-list order.",
    )
    # Filled by a PostgreSQL trigger (migration 0007) from title, summary and body, so search ranks a stored
    # document instead of re-parsing every matching body; SQLite (demo, tests) leaves it empty.
    search_document = SearchVectorField(
        "search document",
        null=True,
        editable=False,
        help_text="The words the public search looks in, kept up to date by the database.",
    )

    class Meta(Revision.Meta):
        verbose_name = "article revision"
        constraints = [
            *revision_rules("article"),
            models.UniqueConstraint(fields=["slug"], condition=Q(is_live=True), name="article_live_slug_unique"),
        ]
        indexes = [
            # The public lists: live revisions newest first (home, /articles/, feeds, the API). Partial, so drafts
            # never bloat it; covers the ordering's tie-breaker and lets deep pages and counts read only the index.
            models.Index(fields=["-published_at", "-id"], name="article_rev_live_recent", condition=Q(is_live=True)),
            # The API's default order, newest change first: by when anything the article shows last changed.
            models.Index(
                fields=["-public_updated_at", "-id"], name="article_rev_live_updated", condition=Q(is_live=True)
            ),
            # An old address redirects to the article that once went live under it (selectors.article_redirect_slug).
            models.Index(fields=["slug"], name="article_rev_slug"),
        ]

    def get_absolute_url(self):
        return reverse("evidence:article_detail", kwargs={"slug": self.slug})

    def children_content(self) -> list:
        citations = [("citation", c.study_id, c.position) for c in self.citations.order_by("position", "pk")]
        references = [("reference", sorted(r.content().items())) for r in self.references.order_by("position", "pk")]
        return citations + [(kind, repr(content)) for kind, content in references]


class RevisionCitation(CitationBase):
    revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name="article revision",
        help_text="The saved copy of the article that cites the study.",
    )
    study = models.ForeignKey(
        Study,
        on_delete=models.PROTECT,
        related_name="revision_citations",
        verbose_name="study",
        help_text="The study cited; the public sees its published details.",
    )

    def __str__(self):
        return str(self.study)


class RevisionReference(ReferenceBase):
    revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name="article revision",
        help_text="The saved copy of the article whose footnotes list this page.",
    )

    def __str__(self):
        return self.title
