"""The staff admin site: password sign-in plus the two-factor code for people who enrolled.

Two-factor sign-in is optional per person; EVIDENCE_REQUIRE_2FA makes it
mandatory, in which case a person without a device is sent to enrol before
anything else in the admin opens.
"""

from django.contrib.admin import AdminSite
from django.shortcuts import redirect

from . import two_factor
from .forms import StaffSignInForm


class EvidenceAdminSite(AdminSite):
    site_header = "Evidence Desk"
    site_title = "Evidence Desk admin"
    index_title = "Evidence library"
    login_form = StaffSignInForm

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.session_is_trusted(request)

    def login(self, request, extra_context=None):
        user = request.user
        if request.method == "GET" and user.is_active and user.is_staff and two_factor.must_enrol(user):
            return redirect("two_factor")
        return super().login(request, extra_context)
