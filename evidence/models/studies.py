from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from evidence.models import identifiers
from evidence.models.base import Revision, WorkingCopy, revision_rules
from evidence.models.conditions import Condition


def shortened(title: str, limit: int = 80) -> str:
    """`title` cut at the last word that fits in `limit` characters, with an ellipsis; whole when it fits."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0] or title[: limit - 1]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


class StudyDesign(models.TextChoices):
    IN_VITRO = "in_vitro", "Laboratory (in vitro) study"
    ANIMAL = "animal", "Animal study"
    CASE_SERIES = "case_series", "Case report or case series"
    OBSERVATIONAL = "observational", "Observational study"
    NON_RANDOMISED_TRIAL = "non_randomised_trial", "Non-randomised trial"
    RANDOMISED_TRIAL = "randomised_trial", "Randomised controlled trial"
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review or meta-analysis"
    NARRATIVE_REVIEW = "narrative_review", "Narrative review"


class Population(models.TextChoices):
    HUMAN = "human", "People"
    ANIMAL = "animal", "Animals"
    IN_VITRO = "in_vitro", "Cells in a laboratory"


class StudyContent(models.Model):
    # Not indexed here: the working copy's unique constraint and the revisions' own index (below) serve every look-up.
    citation_key = models.SlugField(
        "citation key",
        max_length=60,
        db_index=False,
        help_text="Short name writers cite in the body as [@key], e.g. “burt-2019”.",
    )
    title = models.CharField("title", max_length=500, help_text="The paper's title as published.")
    authors = models.JSONField(
        "authors",
        default=list,
        blank=True,
        help_text="In the paper's order, one per line as “Family name, Given names or initials”.",
    )
    authors_complete = models.BooleanField(
        "all authors listed",
        default=True,
        help_text="Untick when only the first authors are known; citations then end with “et al.”.",
    )
    journal = models.CharField("journal", max_length=255, blank=True, help_text="e.g. “JAMA” or “Scientific Reports”.")
    year = models.PositiveSmallIntegerField(
        "year",
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
        help_text="Year of publication, e.g. 2019.",
    )
    volume = models.CharField("volume", max_length=30, blank=True, help_text="The journal's volume number, e.g. 321.")
    issue = models.CharField("issue", max_length=30, blank=True, help_text="The issue within that volume, e.g. 2.")
    pages = models.CharField(
        "pages", max_length=40, blank=True, help_text="Page range or article number, e.g. 165-174."
    )
    doi = models.CharField(
        "DOI",
        max_length=255,
        blank=True,
        help_text="e.g. 10.1001/jama.2018.18743; a https://doi.org/… link is accepted.",
    )
    pmid = models.CharField("PMID", max_length=12, blank=True, help_text="PubMed ID, digits only, e.g. 24641956.")
    pmcid = models.CharField("PMCID", max_length=16, blank=True, help_text="PubMed Central ID, e.g. PMC8584240.")
    isbn = models.CharField(
        "ISBN",
        max_length=13,
        blank=True,
        help_text="For a book or a chapter, which has no DOI: e.g. 978-0-19-852972-9.",
    )
    trial_registration = models.CharField(
        "trial registration",
        max_length=40,
        blank=True,
        help_text="The trial's registry number where it has no paper yet, e.g. NCT01234567 or ISRCTN12345678.",
    )
    url = models.URLField("web address", max_length=500, blank=True, help_text="Where readers can find the paper.")
    design = models.CharField(
        "study design",
        max_length=30,
        choices=StudyDesign.choices,
        blank=True,  # "design not yet set": an imported draft, which cannot be submitted until a writer sets it
        help_text="What kind of study this is. A study cannot be submitted for review until it is set.",
    )
    population = models.CharField(
        "studied in", max_length=20, choices=Population.choices, help_text="People, animals or cells in a laboratory."
    )
    sample_size = models.PositiveIntegerField(
        "number of participants",
        null=True,
        blank=True,
        help_text="Only where the paper states it; for a review, the number of trials it covers.",
    )
    funding = models.TextField("funding", blank=True, help_text="Who paid for the study, where stated.")
    conflicts = models.TextField("conflicts of interest", blank=True, help_text="Declared conflicts, where stated.")
    notes = models.TextField("notes for writers", blank=True, help_text="Not shown to the public.")

    CONTENT_FIELDS = (
        "citation_key", "title", "authors", "authors_complete", "journal", "year", "volume", "issue",
        "pages", "doi", "pmid", "pmcid", "isbn", "trial_registration", "url", "design", "population",
        "sample_size", "funding", "conflicts", "notes",
    )  # fmt: skip

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._label_start} · {shortened(self.title)}"

    @property
    def full_label(self) -> str:
        """The label with the whole title, for choosers, which wrap it (admin.css) rather than cut it."""
        return f"{self._label_start} · {self.title}"

    @property
    def _label_start(self) -> str:
        first = self.authors[0]["family"] if self.authors else "Anonymous"
        return f"{first} {self.year}" if self.year else first

    IDENTIFIER_NORMALISERS = (
        ("doi", identifiers.normalise_doi),
        ("pmid", identifiers.normalise_pmid),
        ("pmcid", identifiers.normalise_pmcid),
        ("isbn", identifiers.normalise_isbn),
        ("trial_registration", identifiers.normalise_registration),
    )

    @property
    def registration_url(self) -> str:
        """Where the trial's registration can be read: ClinicalTrials.gov for its numbers, else the WHO's portal."""
        if self.trial_registration.startswith("NCT"):
            return f"https://clinicaltrials.gov/study/{self.trial_registration}"
        return f"https://trialsearch.who.int/Trial2.aspx?TrialID={self.trial_registration}"

    @property
    def checkable_by(self) -> list[str]:
        """The identifiers by which a reader can find and check this source, as their labels ("DOI", "PMID")."""
        return [
            self._meta.get_field(field).verbose_name for field, _ in self.IDENTIFIER_NORMALISERS if getattr(self, field)
        ]

    @staticmethod
    def having(field: str, value: str) -> Q:
        """A filter for the study holding identifier `value` in `field`; DOIs in any case (see `doi__lower`)."""
        return Q(doi__lower=value.lower()) if field == "doi" else Q(**{field: value})

    @classmethod
    def identified_by(cls, term: str) -> Q | None:
        """A filter for the study a pasted DOI, PMID or PMCID names, in any form writers and readers paste
        ("https://doi.org/10…", "PMID: 123", "pmc123"), normalised as stored so the unique indexes find it;
        None when the term is no identifier."""
        matches = Q()
        for field, normalise in cls.IDENTIFIER_NORMALISERS:
            try:
                value = normalise(term.strip())
            except ValidationError:
                continue  # not this kind of identifier, the usual case
            if value:
                matches |= cls.having(field, value)
        return matches or None

    def clean_fields(self, exclude=None):
        """Normalise pasted identifiers (links, "PMID: " prefixes) before their length is checked."""
        exclude = set(exclude or ())
        errors = {}
        for field, normalise in self.IDENTIFIER_NORMALISERS:
            if field in exclude:
                continue
            try:
                setattr(self, field, normalise(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        if self.design == StudyDesign.IN_VITRO and self.population not in ("", Population.IN_VITRO):
            raise ValidationError(
                {
                    "population": ValidationError(
                        "A laboratory study is studied in cells in a laboratory; choose that, or another design.",
                        code="design_population_mismatch",
                    )
                }
            )


class Study(StudyContent, WorkingCopy):
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="studies",
        verbose_name="conditions",
        help_text="Conditions the study is about.",
    )

    CONTENT_M2M = ("conditions",)
    UNIQUE_IDENTIFIERS = ("citation_key", "doi", "pmid", "pmcid")

    class Meta:
        verbose_name = "study"
        verbose_name_plural = "studies"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["citation_key"], name="study_citation_key_unique"),
            # DOIs are kept as printed and compared case-insensitively (`doi__lower`, registered below).
            models.UniqueConstraint(Lower("doi"), condition=~Q(doi=""), name="study_doi_unique_any_case"),
            models.UniqueConstraint(fields=["pmid"], condition=~Q(pmid=""), name="study_pmid_unique"),
            models.UniqueConstraint(fields=["pmcid"], condition=~Q(pmcid=""), name="study_pmcid_unique"),
        ]
        # The admin's list of studies in its default order; without it every page sorts the whole library.
        indexes = [models.Index(fields=["-year", "title"], name="study_year_title")]
        permissions = [
            ("review_study", "Can approve or request changes to studies"),
            ("publish_study", "Can publish and unpublish studies"),
        ]

    def get_absolute_url(self):
        return reverse("evidence:study_detail", kwargs={"key": self.citation_key})

    def validate_constraints(self, exclude=None):
        """Name the study that already holds an identifier, not just "already exists"."""
        exclude = set(exclude or ())
        errors = {}
        for field in self.UNIQUE_IDENTIFIERS:
            value = getattr(self, field)
            if field in exclude or not value:
                continue
            other = Study.objects.exclude(pk=self.pk).filter(Study.having(field, value)).first()
            if other is not None:
                label = self._meta.get_field(field).verbose_name
                errors[field] = ValidationError(
                    "%(label)s %(value)s is already recorded for study #%(id)s “%(other)s”. "
                    "Open that study instead of adding it twice.",
                    code=f"duplicate_{field}",
                    params={"label": label, "value": value, "id": other.pk, "other": other},
                )
                exclude.add(field)
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


# `doi__lower=…` and `doi__lower__in=…`: the case-insensitive comparison the unique index on Lower("doi") serves.
Study._meta.get_field("doi").register_lookup(Lower)


class StudyRevision(StudyContent, Revision):
    # No index of its own: the (item, number) unique constraint starts with it.
    item = models.ForeignKey(
        Study,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="study",
        db_index=False,
        help_text="The study this revision is a saved copy of.",
    )
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="study_revisions",
        verbose_name="conditions",
        help_text="Conditions the study was about when this revision was saved.",
    )
    # Filled by a PostgreSQL trigger (migration 0007) from title, authors and journal; SQLite leaves it empty.
    search_document = SearchVectorField(
        "search document",
        null=True,
        editable=False,
        help_text="The words the public search looks in, kept up to date by the database.",
    )

    class Meta(Revision.Meta):
        verbose_name = "study revision"
        constraints = revision_rules("study")
        indexes = [
            # A condition's page lists its newest studies: walking live studies newest first and stopping at the
            # twelfth about the condition reads a few hundred index entries instead of sorting ~30,000 rows.
            models.Index(fields=["-year", "title"], name="study_rev_live_newest", condition=Q(is_live=True)),
            # The study page finds a live study by its key, and an old key redirects (selectors.study_redirect_key).
            models.Index(fields=["citation_key"], name="study_rev_citation_key"),
        ]

    def get_absolute_url(self):
        return reverse("evidence:study_detail", kwargs={"key": self.citation_key})


StudyRevision._meta.get_field("doi").register_lookup(Lower)  # the public's search finds live revisions by DOI
