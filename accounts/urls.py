"""Account pages, mounted under /admin/ before the admin site.

The names are not namespaced: Django's admin sign-in page and reset e-mail
look them up as `admin_password_reset` and `password_reset_confirm`.
"""

from django.urls import path

from accounts import views

urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("two-factor/", views.two_factor_settings, name="two_factor"),
]
