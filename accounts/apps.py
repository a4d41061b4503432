"""The accounts app, and the admin app configured to use our admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    # This module holds two configs; this one is what INSTALLED_APPS' "accounts" means.
    default = True
    name = "accounts"
    verbose_name = "People and roles"


class EvidenceAdminConfig(admin_apps.AdminConfig):
    """The admin app with our own default site, so every `@admin.register` lands on the site with two-factor sign-in.

    INSTALLED_APPS lists it in place of "django.contrib.admin".
    """

    default = False  # not the config of the accounts app itself
    default_site = "accounts.signin.admin_site.EvidenceAdminSite"
