"""The staff admin site: password sign-in plus the two-factor code for people who enrolled.

Two-factor sign-in is optional per person; EVIDENCE_REQUIRE_2FA makes it
mandatory, in which case a person without a device is sent to enrol before
anything else in the admin opens.
"""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect

from accounts.forms import StaffSignInForm
from accounts.signin import two_factor


class NulCharacterSent(SuspiciousOperation):
    """A forged request: browsers never send a NUL character, and PostgreSQL can neither store nor compare one."""


def _has_nul(request) -> bool:
    sent = (*request.GET.lists(), *request.POST.lists())
    return any("\x00" in text for name, values in sent for text in (name, *values))


class FullLabelAutocomplete(AutocompleteJsonView):
    """Choosers show an item's whole label (`full_label`, e.g. a study's full title) where it has one."""

    def serialize_result(self, obj, to_field_name):
        return super().serialize_result(obj, to_field_name) | {"text": getattr(obj, "full_label", None) or str(obj)}


class EvidenceAdminSite(AdminSite):
    site_header = "Evidence Desk"
    site_title = "Evidence Desk admin"
    index_title = "Evidence library"
    login_form = StaffSignInForm

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.session_is_trusted(request)

    def admin_view(self, view, cacheable=False):
        """Every admin page refuses a NUL in its query or form (400) before the admin's searches, filters
        and workflow comments could send it to the database, where it is a server error."""
        inner = super().admin_view(view, cacheable)

        def refuse_nul(request, *args, **kwargs):
            if _has_nul(request):
                raise NulCharacterSent("A NUL character in an admin request's parameters.")
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_nul, inner)

    def autocomplete_view(self, request):
        return FullLabelAutocomplete.as_view(admin_site=self)(request)

    def login(self, request, extra_context=None):
        user = request.user
        if request.method == "GET" and user.is_active and user.is_staff and two_factor.must_enrol(user):
            return redirect("two_factor")
        return super().login(request, extra_context)
