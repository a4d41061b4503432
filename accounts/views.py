"""Staff account pages in the admin's look: password reset by e-mail and two-factor setup."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as trust_session

from accounts.forms import AuthenticatorCodeForm
from accounts.signin import password_reset, two_factor


class AdminPageMixin:
    """Give a page the admin's header, title and navigation."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetView(AdminPageMixin, auth_views.PasswordResetView):
    """Always answers the same way, so the page never tells whether an address has an account
    or whether a limit was reached (accounts.signin.password_reset)."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        if not password_reset.may_send(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())  # what a sent reset answers, without the e-mail
        # Links in the e-mail use the configured address, never the request's Host header.
        self.extra_email_context = {"site_url": settings.EVIDENCE_SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetDoneView(AdminPageMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminPageMixin, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(AdminPageMixin, auth_views.PasswordResetCompleteView):
    pass


def _page(request, template, **context):
    return render(request, template, {**admin.site.each_context(request), "title": "Two-factor sign-in", **context})


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="admin:login")
def two_factor_settings(request):
    """Set up, inspect or turn off two-factor sign-in for the person who is signed in."""
    user = request.user
    if not user.is_staff:
        return redirect("admin:login")
    if not two_factor.has_authenticator(user):
        return _set_up(request)
    if not user.is_verified():
        # Managing codes needs a session that passed the second factor, not a password alone.
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    return _manage(request)


def _manage(request):
    user = request.user
    action = request.POST.get("action")
    if request.method == "POST" and action == "recovery_codes":
        codes = two_factor.new_recovery_codes(user=user)
        return _page(request, "registration/two_factor_codes.html", codes=codes, replaced=True)
    form = AuthenticatorCodeForm(request.POST if action == "turn_off" else None)
    if form.is_valid() and _turned_off(user, form):
        messages.success(request, "Two-factor sign-in is off. You now sign in with your password alone.")
        return redirect("two_factor")
    return _page(
        request,
        "registration/two_factor_on.html",
        form=form,
        codes_left=two_factor.recovery_codes_left(user),
        required=settings.EVIDENCE_REQUIRE_2FA,
    )


def _turned_off(user, form) -> bool:
    """Turn two-factor sign-in off if the code proves it is the person; otherwise say why on the form."""
    try:
        device = two_factor.verify_sign_in_code(user, form.cleaned_data["code"])
    except ValidationError as error:  # wrong codes just now: django-otp pauses the device
        form.add_error("code", error)
        return False
    if device is None:
        form.add_error("code", ValidationError("That code is not right. Type the newest code.", code="invalid_code"))
        return False
    two_factor.turn_off(user=user)
    return True


def _set_up(request):
    user = request.user
    device = two_factor.pending_authenticator(user)
    form = AuthenticatorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = two_factor.confirm_authenticator(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            device.refresh_from_db()
            trust_session(request, device)  # this session proved the second factor just now
            return _page(request, "registration/two_factor_codes.html", codes=codes, replaced=False)
    return _page(
        request,
        "registration/two_factor_setup.html",
        form=form,
        qr_code=two_factor.qr_code_data_uri(device),
        secret=two_factor.secret_for_typing(device),
        required=settings.EVIDENCE_REQUIRE_2FA,
    )
