"""Pieces every content type's admin shares: the "live" filter and column, and linked-item fields.

The working-copy admin itself is `evidence.admin.working_copy`; its workflow
buttons are `evidence.admin.workflow`, its revision pages `evidence.admin.revisions`."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Exists, OuterRef

from accounts import permissions
from evidence.admin.fields import LinkedItemField, LinkedItemsField


class LiveFilter(admin.SimpleListFilter):
    title = "on the public site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Live"), ("no", "Not live")]

    def queryset(self, request, queryset):
        # Exists() in the filter, where PostgreSQL joins it (a merge anti-join finds the first thousand items
        # that are not live among a million in 0.1 s); the column beside it is read per row shown instead.
        if self.value() in ("yes", "no"):
            live = Exists(live_revisions(queryset.model))
            return queryset.filter(live if self.value() == "yes" else ~live)
        return queryset


def live_revisions(model):
    """The live revision of each row of the outer query (one at most, a database constraint)."""
    return model.revision_model().objects.filter(item=OuterRef("pk"), is_live=True)


class IsoDates:
    """Every date field typed in the browser's date picker, sent and shown as YYYY-MM-DD, as the schedule's
    datetime-local fields are: one format across the admin whatever the locale (config/formats)."""

    formfield_overrides = {
        models.DateField: {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    }


class LinksByPossibleIds:
    """Linked-item fields that never look up an id that cannot exist (see fields.LinkedItemsField)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", LinkedItemField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", LinkedItemsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class FollowsParentPermissions(IsoDates, LinksByPossibleIds):
    """Inline rows (citations, references) may be changed exactly when their article may."""

    def has_add_permission(self, request, obj=None):
        return (
            self.parent_admin().has_change_permission(request, obj)
            if obj
            else permissions.has_verb(request.user, "add", self.parent_model)
        )

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)

    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)
