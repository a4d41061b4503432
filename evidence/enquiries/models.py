"""What a visitor sent through a public form, with the exact consent they gave, and whether they confirmed it."""

from django.db import models


class EnquiryKind(models.TextChoices):
    NEWSLETTER = "newsletter", "Newsletter sign-up"
    INFORMATION_PACKET = "information_packet", "Information packet request"


class EnquiryQuerySet(models.QuerySet):
    def confirmed(self):
        """Enquiries whose sender followed the link we e-mailed: the only ones marketing may use."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, moment):
        """Enquiries nobody confirmed that arrived before `moment`: due for deletion."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Enquiry(models.Model):
    """One newsletter sign-up or information-packet request, kept as the visitor sent it."""

    kind = models.CharField(
        "kind",
        max_length=30,
        choices=EnquiryKind.choices,
        help_text="Which form the visitor used.",
    )
    name = models.CharField("name", max_length=120, blank=True, help_text="How the visitor asked to be addressed.")
    email = models.EmailField("e-mail address", max_length=254, help_text="Where the visitor asked us to write.")
    condition = models.ForeignKey(
        "evidence.Condition",
        verbose_name="condition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        help_text="The condition the visitor is interested in, if they chose one.",
    )
    message = models.TextField("message", blank=True, max_length=2000, help_text="Anything else the visitor wrote.")
    consent_text = models.TextField(
        "consent given",
        help_text="The exact wording the visitor agreed to, stored so we can show what they consented to.",
    )
    consented_at = models.DateTimeField("consented at", help_text="When the visitor ticked the consent box and sent.")
    created_at = models.DateTimeField(
        "received", auto_now_add=True, db_index=True, help_text="When the form arrived on our server."
    )
    client_fingerprint = models.CharField(
        "client fingerprint",
        max_length=64,
        blank=True,
        editable=False,
        help_text="A keyed hash of the sender's network address, used only to slow down floods; "
        "the address itself is never stored.",
    )
    confirmed_at = models.DateTimeField(
        "confirmed at",
        null=True,
        blank=True,
        editable=False,
        help_text="When the visitor followed the confirmation link we e-mailed them (double opt-in); "
        "empty until then, and an enquiry never confirmed is deleted after EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS.",
    )

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
        ordering = ["-created_at", "-pk"]
        # Serves the admin's filter by kind too, so `kind` needs no index of its own.
        indexes = [models.Index(fields=["kind", "-created_at"], name="enquiry_kind_received")]
        permissions = [("export_enquiry", "Can export enquiries as CSV")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.email}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
