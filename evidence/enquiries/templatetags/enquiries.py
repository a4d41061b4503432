"""The newsletter sign-up box other apps' pages show, so they need not import the enquiry forms."""

from django import template

from evidence.enquiries.forms import NewsletterForm

register = template.Library()


@register.inclusion_tag("enquiries/includes/form.html#newsletter-compact")
def newsletter_box():
    return {"form": NewsletterForm()}
