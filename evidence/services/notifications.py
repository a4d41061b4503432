"""Who hears about what, by e-mail through Django's mail backends.

Called after the transaction commits, so nobody is told about a change that
was rolled back. A failing mail server never undoes a workflow action.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from accounts.roles import MEDICAL_REVIEWER

logger = logging.getLogger(__name__)

_SUBJECTS = {
    "submit": "Waiting for your review: {item}",
    "approve": "Approved: {item}",
    "request_changes": "Changes requested: {item}",
    "publish": "Published: {item}",
    "unpublish": "Unpublished: {item}",
}


def _one_line(item) -> str:
    # A pasted or imported title can hold a line break; a mail header cannot, and the mail
    # library would refuse the whole message (after the workflow action was committed).
    return " ".join(str(item).split())


def _author(item):
    return getattr(item, "author", None) or item.created_by


def _reviewers(item):
    reviewers = set(get_user_model().objects.filter(groups__name=MEDICAL_REVIEWER, is_active=True))
    assigned = getattr(item, "medical_reviewer", None)
    if assigned is not None:
        reviewers.add(assigned)
    return reviewers


def recipients(action, item, by):
    people = _reviewers(item) if action == "submit" else {_author(item)}
    return sorted({p.email for p in people if p is not None and p.email and p != by})


def admin_url(item):
    path = reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])
    return settings.EVIDENCE_SITE_URL.rstrip("/") + path


def notify(action, *, item, by, comment=""):
    subject = _SUBJECTS.get(action)
    to = recipients(action, item, by)
    if subject is None or not to:
        return
    who = by.byline if by is not None else "The scheduler"
    body = f"{who} {action.replace('_', ' ')}: {item}\n\n"
    if comment:
        body += f"Comment:\n{comment}\n\n"
    body += f"Open it: {admin_url(item)}\n"
    _send([(subject.format(item=_one_line(item)), body, None, to)])


def notify_overdue(articles):
    """One e-mail per overdue article to its author and its last reviewer."""
    messages = []
    for article in articles:
        people = {article.author, article.last_reviewed_by, article.medical_reviewer}
        to = sorted({p.email for p in people if p is not None and p.is_active})
        body = (
            f"The medical review of “{article}” was due on {article.next_review_due:%d %B %Y}.\n\n"
            f"Open it: {admin_url(article)}\n"
        )
        messages.append((f"Review overdue: {_one_line(article)}", body, None, to))
    _send(messages)


def _send(messages):
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        # Mail is a courtesy; the action already happened and is in the audit trail.
        logger.exception("Could not send workflow e-mail")
