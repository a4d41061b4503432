"""The newsletter and information-packet pages: show the form, check a post, store it, say thank you.

These views are exempt from Django's CSRF check on purpose: public pages set
no cookie (so no consent banner is needed), and a CSRF token needs one. The
guards that replace it are an origin check, a honeypot field and a rate limit
(see docs/public-site.md).
"""

from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from evidence import selectors
from evidence.caching.pages import public_page
from evidence.enquiries import ratelimit, services
from evidence.enquiries.forms import InformationPacketForm, NewsletterForm
from evidence.enquiries.guards import from_this_site
from evidence.enquiries.models import EnquiryKind

FORMS = {
    EnquiryKind.NEWSLETTER: (NewsletterForm, "enquiries/newsletter.html", "enquiries:newsletter_thanks"),
    EnquiryKind.INFORMATION_PACKET: (
        InformationPacketForm,
        "enquiries/information_packet.html",
        "enquiries:information_packet_thanks",
    ),
}


def _enquiry_page(request, kind):
    form_class, template, thanks = FORMS[kind]
    conditions = list(selectors.live_conditions())
    if request.method != "POST":
        return render(request, template, {"form": form_class(conditions=conditions)})
    form = form_class(request.POST, conditions=conditions)
    if not from_this_site(request):
        refusal = "This form can only be sent from a page on this site. Please open the page again and resend it."
        return render(request, template, {"form": form, "refusal": refusal}, status=403)
    client = ratelimit.fingerprint(request)
    if not ratelimit.allow(client):
        refusal = (
            "This form has been sent from your connection several times in a short while. "
            f"Please try again in {ratelimit.retry_minutes()} minutes."
        )
        return render(request, template, {"form": form, "refusal": refusal}, status=429)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    if not form.is_spam:  # a bot is thanked like a person, so it learns nothing
        services.enquiry_record(kind=kind, form=form, client_fingerprint=client)
    return redirect(thanks)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@public_page()
def newsletter(request):
    return _enquiry_page(request, EnquiryKind.NEWSLETTER)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@public_page()
def information_packet(request):
    return _enquiry_page(request, EnquiryKind.INFORMATION_PACKET)


@require_safe
@public_page()
def newsletter_thanks(request):
    return render(request, "enquiries/thanks.html", {"kind": EnquiryKind.NEWSLETTER})


@require_safe
@public_page()
def information_packet_thanks(request):
    return render(request, "enquiries/thanks.html", {"kind": EnquiryKind.INFORMATION_PACKET})
