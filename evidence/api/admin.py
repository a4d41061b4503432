"""Editors set webhook receivers here and see every delivery and each try (with retry and test actions)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages

from evidence.admin.pagination import GrowingListAdmin
from evidence.api.models import (
    SUBSCRIBABLE_EVENTS,
    Event,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from evidence.api.webhooks.delivery import retry_now
from evidence.api.webhooks.outbox import ping_payload, record


class SubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=[(str(e), e.label) for e in SUBSCRIBABLE_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Which changes to send.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "events", "is_active")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ("name", "url", "event_list", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = ("secret", "created_at", "created_by")
    actions = ["send_test_delivery", "rotate_secret"]

    @admin.display(description="events")
    def event_list(self, obj):
        return ", ".join(Event(e).label for e in obj.events if e in Event.values)

    def get_fields(self, request, obj=None):
        return ["name", "url", "events", "is_active", *([] if obj is None else self.readonly_fields)]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Send a test delivery (ping) at the next run", permissions=["change"])
    def send_test_delivery(self, request, queryset):
        count = sum(len(record(Event.PING, ping_payload(s), [s])) for s in queryset.filter(is_active=True))
        self.message_user(request, f"Queued {count} test delivery(ies); deliver_webhooks sends them.", messages.SUCCESS)

    @admin.action(description="Give a new signing secret (update the receiver too)", permissions=["change"])
    def rotate_secret(self, request, queryset):
        for subscription in queryset:
            subscription.rotate_secret()
        hours = settings.EVIDENCE_WEBHOOK_SECRET_OVERLAP_HOURS
        self.message_user(
            request,
            f"New secrets set: copy each into its receiver. For the next {hours} hours deliveries are signed with "
            "the old and the new secret, so the receiver keeps working while you switch.",
            messages.WARNING,
        )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("attempted_at", "response_status", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(GrowingListAdmin, admin.ModelAdmin):
    list_display = ("created_at", "event", "subscription", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "event", "subscription")
    list_select_related = ("subscription",)
    readonly_fields = (
        "subscription", "event", "status", "attempts", "next_attempt_at", "delivered_at", "last_error", "payload",
        "created_at",
    )  # fmt: skip
    inlines = [AttemptInline]
    actions = ["retry_selected"]

    def has_add_permission(self, request):
        return False  # deliveries come from publishing (or the subscription's test action)

    def has_delete_permission(self, request, obj=None):
        return False  # the log stays

    @admin.action(description="Retry now (at the next deliver_webhooks run)", permissions=["change"])
    def retry_selected(self, request, queryset):
        count = retry_now(queryset)
        self.message_user(request, f"{count} delivery(ies) will be tried again.", messages.SUCCESS)
