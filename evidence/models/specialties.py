"""What a medical reviewer knows best: the conditions they review with authority.

The integrity report compares an article's conditions with the specialties of the reviewer who signed it off,
so that a summary about lupus is not only ever checked by an orthopaedic surgeon.
"""

from django.conf import settings
from django.db import models

from evidence.models.conditions import Condition


class ReviewerSpecialty(models.Model):
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="specialties",
        verbose_name="medical reviewer",
        help_text="The medical reviewer who has this specialty.",
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.CASCADE,
        related_name="specialists",
        verbose_name="condition",
        help_text="A condition this reviewer reviews with specialist knowledge.",
    )

    class Meta:
        verbose_name = "reviewer specialty"
        verbose_name_plural = "reviewer specialties"
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "condition"],
                name="reviewer_specialty_once",
                violation_error_message="This reviewer already has this specialty.",
            )
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.condition}"
