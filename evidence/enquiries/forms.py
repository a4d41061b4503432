"""The two public forms: newsletter sign-up and a request for an information packet.

The consent wording is fixed here and shown as the checkbox's label; the
service stores exactly this text with each enquiry, so we can always show
what a person agreed to. Change the wording by changing the constant: older
enquiries keep the text they were sent with.
"""

from django import forms

from evidence.enquiries.models import Enquiry

NEWSLETTER_CONSENT = (
    "I agree that Evidence Desk may e-mail me its newsletter about new research summaries. "
    "I can unsubscribe at any time from any newsletter e-mail."
)
PACKET_CONSENT = (
    "I agree that Evidence Desk may use my name and e-mail address to send me the information packet "
    "I asked for, and to answer my message. It will not add me to a mailing list."
)
# Hidden from people (and screen readers); a bot that fills every field fills this one too.
HONEYPOT = "website"


class EnquiryForm(forms.ModelForm):
    """What every enquiry form shares: the consent box, the honeypot and the condition choices."""

    consent_text = ""
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": "Please tick the box to agree, so that we may write to you."},
    )
    website = forms.CharField(required=False, label="Leave this field empty")
    condition = forms.TypedChoiceField(
        label="Condition you are interested in (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a condition from the list, or leave it empty."},
    )

    class Meta:
        model = Enquiry
        fields = ["name", "email", "message"]
        # The model's help texts speak to staff; visitors get their own (or none).
        help_texts = {"name": "", "email": "We use it only for what you ask for here.", "message": ""}
        error_messages = {
            "email": {
                "required": "Enter your e-mail address, so that we can write to you.",
                "invalid": "Enter an e-mail address like name@example.com.",
            }
        }

    def __init__(self, *args, conditions=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = self.consent_text
        self.fields["condition"].choices = [("", "No particular condition"), *[(c.item_id, c.name) for c in conditions]]
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields[HONEYPOT].widget.attrs.update(autocomplete="off", tabindex="-1")

    @property
    def is_spam(self) -> bool:
        """True when the hidden field was filled in: a bot, not a person."""
        return bool(self.cleaned_data.get(HONEYPOT))


class NewsletterForm(EnquiryForm):
    consent_text = NEWSLETTER_CONSENT

    class Meta(EnquiryForm.Meta):
        fields = ["name", "email"]
        labels = {"name": "Your name (optional)", "email": "Your e-mail address"}


class InformationPacketForm(EnquiryForm):
    consent_text = PACKET_CONSENT

    class Meta(EnquiryForm.Meta):
        fields = ["name", "email", "message"]
        labels = {"name": "Your name", "email": "Your e-mail address", "message": "Your question (optional)"}
        help_texts = {
            **EnquiryForm.Meta.help_texts,
            "message": "Up to 2,000 characters. Please do not include medical records.",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        error_messages = {
            **EnquiryForm.Meta.error_messages,
            "name": {"required": "Enter your name, so that we know who the packet is for."},
            "message": {"max_length": "Please keep your question to 2,000 characters (you wrote %(show_value)d)."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
