"""The admin app with our own default site, so every `@admin.register` lands on the site with two-factor sign-in."""

from django.contrib.admin.apps import AdminConfig


class EvidenceAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.EvidenceAdminSite"
