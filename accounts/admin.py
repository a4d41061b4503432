"""People and API keys in the admin. A new API key is shown once, on the page after "Save"."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse

from accounts.models import KEY_PREFIX, ApiKey, Scope, User
from accounts.services import issue_api_key, revoke_api_key


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "display_name", "credentials", "is_staff", "is_active")
    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("email", "display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Public byline", {"fields": ("display_name", "credentials", "bio")}),
        ("Roles", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),)


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="extra permissions",
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every key reads published content. Tick “leads” only for tools that must read "
        "contact-form submissions: they hold people's names and e-mail addresses.",
    )

    class Meta:
        model = ApiKey
        fields = ("name", "scopes", "requests_per_minute")


class KeyStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "masked_key", "scope_list", "rate_limit", "created_at", "last_used_at", "is_active")
    list_filter = (KeyStatusFilter,)
    search_fields = ("name", "prefix")
    readonly_fields = ("masked_key", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by")
    actions = ["revoke_selected"]

    @admin.display(description="key")
    def masked_key(self, obj):
        return f"{KEY_PREFIX}_{obj.prefix}_…" if obj.prefix else "—"

    @admin.display(description="extra permissions")
    def scope_list(self, obj):
        return ", ".join(obj.scopes) or "—"

    @admin.display(description="requests per minute")
    def rate_limit(self, obj):
        return obj.rate_per_minute

    @admin.display(description="active", boolean=True, ordering="revoked_at")
    def is_active(self, obj):
        return obj.is_active

    def get_fields(self, request, obj=None):
        fields = ["name", "scopes", "requests_per_minute"]
        return fields if obj is None else ["masked_key", *fields, *self.readonly_fields[1:]]

    def has_change_permission(self, request, obj=None):
        # A revoked key stays on record as it was when revoked.
        if obj is not None and not obj.is_active:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # keys are revoked, never deleted, so the record of who had access stays

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issued, raw_key = issue_api_key(
            name=obj.name, scopes=obj.scopes, requests_per_minute=obj.requests_per_minute, by=request.user
        )
        # The admin goes on with `obj` (its change log, the page showing the key): make it the key just issued,
        # carrying the raw key (never stored) to response_add, which shows it once.
        obj.pk = issued.pk
        obj.refresh_from_db()
        obj.raw_key = raw_key

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new key once; it is not stored and cannot be shown again."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": obj,
            "raw_key": obj.raw_key,
            "title": f"API key for {obj.name}",
        }
        response = TemplateResponse(request, "admin/accounts/apikey/key_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke selected API keys", permissions=["change"])
    def revoke_selected(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            revoke_api_key(key=key, by=request.user)
        self.message_user(request, f"Revoked {len(keys)} API key(s); they are refused from now on.", messages.SUCCESS)
