"""A contact-form submission, for keys with the `leads` scope only."""

from rest_framework import serializers

from evidence.enquiries.models import EnquiryKind


class LeadConditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class LeadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EnquiryKind.choices, help_text="Which form the visitor used.")
    name = serializers.CharField(help_text="How the visitor asked to be addressed; may be empty.")
    email = serializers.EmailField()
    condition = LeadConditionSerializer(allow_null=True, help_text="The condition they chose, if any.")
    message = serializers.CharField()
    consent_text = serializers.CharField(help_text="The exact words the visitor agreed to.")
    consented_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField(help_text="When it was received.")
