"""Sign-in and two-factor forms for staff."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError

from accounts.signin import two_factor

CODE_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 12})


class StaffSignInForm(AdminAuthenticationForm):
    """The admin sign-in: e-mail and password, then the authenticator code for people who set one up."""

    otp_token = forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=32,
        strip=True,
        widget=CODE_WIDGET,
        help_text="Only if you turned on two-factor sign-in: the 6 digits from your app, or a recovery code.",
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": "Type the 6-digit code from your authenticator app (or a recovery code).",
        "invalid_code": "That two-factor code is not right, or it was already used. Try the newest code.",
    }

    def clean(self):
        cleaned_data = super().clean()  # the password check; axes refuses locked-out addresses here
        user = self.get_user()
        if user is not None and two_factor.code_required(user):
            self.check_code(user, cleaned_data.get("otp_token", ""))
        return cleaned_data

    def check_code(self, user, code):
        if not code:
            raise ValidationError(self.error_messages["code_required"], code="code_required")
        try:
            device = two_factor.verify_sign_in_code(user, code)
        except ValidationError:  # wrong codes just now paused the device; a guess meanwhile still counts
            self.count_failure(user)
            raise
        if device is None:
            self.count_failure(user)
            raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        user.otp_device = device  # django-otp marks the session verified when it logs the person in

    def count_failure(self, user):
        """Count a wrong code like a wrong password, so guessing codes also ends in the lockout."""
        user_login_failed.send(sender=type(self), credentials={"username": user.get_username()}, request=self.request)


class AuthenticatorCodeForm(forms.Form):
    """One code from the authenticator app, to confirm setup or to turn two-factor sign-in off."""

    code = forms.CharField(
        label="Code from the app",
        max_length=32,
        widget=CODE_WIDGET,
        help_text="Six digits; a new one appears every 30 seconds.",
        error_messages={"required": "Type the 6-digit code your app shows now."},
    )
