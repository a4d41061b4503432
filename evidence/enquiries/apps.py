from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    """What visitors send through the public site's forms: newsletter sign-ups and information-packet requests."""

    name = "evidence.enquiries"
    label = "enquiries"
    verbose_name = "Visitor enquiries"
