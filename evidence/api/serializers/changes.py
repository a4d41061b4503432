"""One entry of the changes feed: an item's current state, or a tombstone for a withdrawn one."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from evidence.api.selectors.changes import PUBLISHED, UPDATED, WITHDRAWN
from evidence.api.serializers.common import absolute, public_url, slug_of, title_of
from evidence.models.changes import TYPES


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(TYPES), help_text="article, study, condition or disclaimer.")
    id = serializers.IntegerField(help_text="The item's id, as in its list and detail.")
    change = serializers.ChoiceField(
        choices=[PUBLISHED, UPDATED, WITHDRAWN],
        help_text="published or updated: fetch api_url and keep it; withdrawn: delete your copy.",
    )
    changed_at = serializers.DateTimeField(help_text="When the item last changed for the public.")
    reason = serializers.CharField(
        help_text="Why: published, new_revision, re_reviewed, withdrawn, or a change to something the item shows "
        "(study_changed, condition_changed, disclaimer_changed, disclaimer_published, disclaimer_withdrawn, "
        "person_changed …)."
    )
    withdrawal_reason = serializers.CharField(
        allow_null=True,
        help_text="For withdrawn items, why, as the withdrawn page tells readers: superseded, under_re_review, "
        "evidence_changed, error_corrected, or empty when none was given; null otherwise.",
    )
    revision = serializers.IntegerField(allow_null=True, help_text="The public revision; null for withdrawn.")
    slug = serializers.CharField(allow_null=True, help_text="Slug (citation key for studies); null if withdrawn.")
    title = serializers.CharField(allow_null=True, help_text="Title or name; null for withdrawn items.")
    url = serializers.CharField(allow_null=True, help_text="The public page; null for withdrawn items and disclaimers.")
    api_url = serializers.CharField(allow_null=True, help_text="Fetch the full item here; null for withdrawn items.")

    def to_representation(self, change):
        data = {"type": change.type, "id": change.id, "change": change.change, "reason": change.reason}
        data["withdrawal_reason"] = change.withdrawal_reason if change.change == WITHDRAWN else None
        data["changed_at"] = serializers.DateTimeField().to_representation(change.changed_at)
        revision = change.revision
        if revision is None:
            return data | dict.fromkeys(("revision", "slug", "title", "url", "api_url"))
        return data | {
            "revision": revision.number,
            "slug": slug_of(change.type, revision),
            "title": title_of(change.type, revision),
            "url": public_url(revision) if change.type != "disclaimer" else None,
            "api_url": absolute(reverse(f"api:{change.type}-detail", args=[change.id])),
        }


class ChangesPageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True, help_text="Changes in the order they happened; one entry per item.")
    cursor = serializers.CharField(help_text="Send as ?since= next time to get what changed after this answer.")
    next = serializers.URLField(help_text="This feed from the cursor on: fetch it now if has_more, else later.")
    has_more = serializers.BooleanField(help_text="True when more changes are waiting: fetch next at once.")
