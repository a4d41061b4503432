"""The newsletter and information-packet pages: show the form, check a post, store it, ask the visitor to
confirm by e-mail, say thank you; and the page the confirmation link opens.

These views are exempt from Django's CSRF check on purpose: public pages set
no cookie (so no consent banner is needed), and a CSRF token needs one. The
guards that replace it are an origin check, a honeypot field and a rate limit
(see docs/public-site.md).
"""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from evidence import selectors
from evidence.caching.pages import public_page
from evidence.enquiries import confirmation, ratelimit, services, tasks
from evidence.enquiries.forms import InformationPacketForm, NewsletterForm
from evidence.enquiries.guards import from_this_site
from evidence.enquiries.models import EnquiryKind

logger = logging.getLogger(__name__)

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
    _accept(kind, form, client)
    return redirect(thanks)  # whatever _accept did, so the answer tells a bot or a prober nothing


def _accept(kind, form, client):
    """Store a person's valid enquiry and e-mail them the confirmation link; a bot's is dropped."""
    if form.is_spam:
        return
    if not ratelimit.may_mail(form.cleaned_data["email"]):
        # Nothing stored that could not be confirmed: this address had its confirmation e-mails for today.
        logger.warning("Enquiry not stored: its address had enough confirmation e-mails today; client %s", client[:12])
        return
    enquiry = services.enquiry_record(kind=kind, form=form, client_fingerprint=client)
    tasks.queue_confirmation(enquiry)


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


LINK_PROBLEM_STATUS = {
    confirmation.LinkProblem.DAMAGED: 400,
    confirmation.LinkProblem.EXPIRED: 410,
    confirmation.LinkProblem.GONE: 410,
}


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Opening the link asks; the button confirms. A mail scanner that follows every link confirms nothing."""
    context = {"hours": settings.EVIDENCE_ENQUIRY_CONFIRM_HOURS, "days": settings.EVIDENCE_ENQUIRY_UNCONFIRMED_DAYS}
    try:
        enquiry = confirmation.enquiry_for(token)
    except confirmation.ConfirmationLinkError as error:
        status = LINK_PROBLEM_STATUS[error.problem]
        return render(request, "enquiries/confirm.html", {**context, "problem": error.problem}, status=status)
    context["enquiry"] = enquiry
    if enquiry.is_confirmed:
        return render(request, "enquiries/confirm.html", {**context, "state": "already"})
    if request.method != "POST":
        return render(request, "enquiries/confirm.html", {**context, "state": "ask"})
    if not from_this_site(request):
        refusal = "Please press the button on this page to confirm."
        return render(request, "enquiries/confirm.html", {**context, "state": "ask", "refusal": refusal}, status=403)
    confirmed_now = services.enquiry_confirm(enquiry=enquiry)
    return render(request, "enquiries/confirm.html", {**context, "state": "confirmed" if confirmed_now else "already"})
