"""Risky health claims: the rules editors keep, and what they found in a submitted revision.

Regulators hold health claims to competent and reliable scientific evidence.
When an article is submitted, its text is checked against the active rules;
each hit is recorded against the revision submitted, and a medical reviewer
must acknowledge every one, with a reason, before that revision is approved.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from evidence.models.articles import Article, ArticleRevision


class RuleKind(models.TextChoices):
    PHRASE = "phrase", "Phrase (any case; a hyphen or space between words matches either)"
    REGEX = "regex", "Regular expression (any case)"
    UNCITED_FIGURE = "uncited_figure", "Built in: a percentage or a count of people with no citation in its sentence"


class ClaimRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ClaimRule(models.Model):
    name = models.CharField(
        "name", max_length=80, unique=True, help_text="Short name shown beside each finding, e.g. “Cure claim”."
    )
    kind = models.CharField(
        "kind",
        max_length=20,
        choices=RuleKind.choices,
        default=RuleKind.PHRASE,
        help_text="How the pattern is matched. The built-in figure rule needs no pattern.",
    )
    pattern = models.CharField(
        "pattern",
        max_length=300,
        blank=True,
        help_text="The words to look for, e.g. “no side effects”, or a regular expression such as "
        r"“\bcur(e|es|ed|ing)\b”.",
    )
    explanation = models.TextField(
        "why it matters",
        help_text="Shown to the writer and the reviewer: why this wording is risky and what to write instead.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to stop checking for it. Findings already recorded stay for the record.",
    )
    updated_at = models.DateTimeField("updated", auto_now=True, help_text="When the rule was last changed.")

    objects = ClaimRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "claim rule"
        verbose_name_plural = "claim rules"
        ordering = ["name"]
        constraints = [
            # The figure check is code, not a pattern: one row switches it on or off.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=RuleKind.UNCITED_FIGURE),
                name="claim_rule_one_figure_rule",
                violation_error_message="There is already a built-in figure rule; edit that one.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == RuleKind.UNCITED_FIGURE:
            return
        if not self.pattern.strip():
            raise ValidationError({"pattern": ValidationError("Say what to look for.", code="pattern_required")})
        try:
            self.compiled()
        except re.error as error:
            raise ValidationError(
                {
                    "pattern": ValidationError(
                        "This is not a valid regular expression (%(problem)s).",
                        code="invalid_pattern",
                        params={"problem": error},
                    )
                }
            ) from error

    def compiled(self) -> re.Pattern:
        """The rule as a case-insensitive regular expression."""
        if self.kind == RuleKind.REGEX:
            return re.compile(self.pattern, re.IGNORECASE)
        words = [re.escape(word) for word in re.split(r"[-\s]+", self.pattern.strip()) if word]
        # Lookarounds rather than \b, so phrases that end in a symbol ("100%") still match whole.
        return re.compile(r"(?<!\w)" + r"[-\s]+".join(words) + r"(?!\w)", re.IGNORECASE)


class ClaimFindingQuerySet(models.QuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)


class ClaimFinding(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="claim_findings",
        verbose_name="article",
        help_text="The article whose wording the rule matched.",
    )
    # No index of its own: the (revision, rule, field, position) unique constraint starts with it.
    revision = models.ForeignKey(
        ArticleRevision,
        on_delete=models.CASCADE,
        related_name="claim_findings",
        verbose_name="revision",
        db_index=False,
        help_text="The revision that was submitted for review when the check ran.",
    )
    rule = models.ForeignKey(
        ClaimRule,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name="rule that fired",
        help_text="The claim rule whose words were found.",
    )
    field = models.CharField("where", max_length=30, help_text="The part of the article: title, summary or body.")
    position = models.PositiveIntegerField("position", help_text="Character offset of the match in that part.")
    matched_text = models.CharField("matched words", max_length=200, help_text="Exactly what the rule matched.")
    excerpt = models.TextField("sentence", help_text="The sentence the match sits in, for context.")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acknowledged by",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The medical reviewer who accepted the wording.",
    )
    acknowledged_at = models.DateTimeField(
        "acknowledged", null=True, blank=True, help_text="When the reviewer accepted the wording; empty until then."
    )
    acknowledgement = models.TextField(
        "reason", blank=True, help_text="Why the wording is acceptable, e.g. “quoted from the trial's conclusion”."
    )
    created_at = models.DateTimeField(
        "found", auto_now_add=True, help_text="When the check found it, as the article was submitted for review."
    )

    objects = ClaimFindingQuerySet.as_manager()

    class Meta:
        verbose_name = "claim finding"
        verbose_name_plural = "claim findings"
        ordering = ["revision", "field", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "rule", "field", "position"], name="claim_finding_once_per_place"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True, acknowledgement="")
                | (Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False) & ~Q(acknowledgement="")),
                name="claim_finding_acknowledged_with_reason",
                violation_error_message="An acknowledgement needs a reviewer, a time and a reason.",
            ),
        ]

    def __str__(self):
        return f"{self.rule}: “{self.matched_text}” ({self.field})"

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None
