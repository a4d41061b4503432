"""A contact-form submission, for keys with the `leads` scope only.

A lead names the condition the visitor chose by that condition's live revision, the same name and address
the public sees; a condition that is not public now (never published, withdrawn, archived) is only "not
public". A draft name, or an edit nobody published, never reaches the API through a lead.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.enquiries.models import EnquiryKind

NOT_PUBLIC = "not public"


class LeadConditionSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The condition's id; null when it is not public now.")
    name = serializers.CharField(help_text=f"Its public name, or “{NOT_PUBLIC}” when it is not public now.")
    slug = serializers.CharField(allow_null=True, help_text="Its public address; null when it is not public now.")


def public_condition(enquiry) -> dict | None:
    """The chosen condition as the public sees it (`live_condition`, annotated by the view), or "not public"."""
    if enquiry.condition_id is None:
        return None
    live = getattr(enquiry, "live_condition", None)
    if live is None:
        return {"id": None, "name": NOT_PUBLIC, "slug": None}
    return {"id": live.item_id, "name": live.name, "slug": live.slug}


class LeadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EnquiryKind.choices, help_text="Which form the visitor used.")
    name = serializers.CharField(help_text="How the visitor asked to be addressed; may be empty.")
    email = serializers.EmailField()
    condition = serializers.SerializerMethodField(help_text="The condition they chose, if any, by its public name.")
    message = serializers.CharField()
    consent_text = serializers.CharField(help_text="The exact words the visitor agreed to.")
    consented_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField(help_text="When it was received.")

    @extend_schema_field(LeadConditionSerializer(allow_null=True))
    def get_condition(self, enquiry):
        return public_condition(enquiry)
