"""Who hears about what, by e-mail through Django's mail backends.

The workflow queues `evidence.tasks.send_workflow_email` once its transaction
has committed, so nobody is told about a change that was rolled back, and a
slow or failing mail server never holds up or undoes a reviewer's request:
the background worker sends, and retries with back-off.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from accounts import permissions
from evidence.models.actions import Action, step


def _one_line(item) -> str:
    # A pasted or imported title can hold a line break; a mail header cannot, and the mail
    # library would refuse the whole message.
    return " ".join(str(item).split())


def _author(item):
    return getattr(item, "author", None) or item.created_by


def _reviewers(item):
    reviewers = set(permissions.reviewers())  # active people only
    assigned = getattr(item, "medical_reviewer", None)
    if assigned is not None:
        reviewers.add(assigned)
    return reviewers


def recipients(action, item, by):
    people = _reviewers(item) if action == Action.SUBMIT else {_author(item)}
    return sorted({p.email for p in people if p is not None and p.email and p != by})


def admin_url(item):
    path = reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])
    return settings.EVIDENCE_SITE_URL.rstrip("/") + path


def workflow_message(entry, *, also_to=()):
    """The e-mail an audit entry calls for, as (subject, body, from, to); None when nobody is to be told.
    `also_to`: addresses of the people of the items an article's move carried along (told here, not apart)."""
    item, subject = entry.item, step(entry.action).email_subject
    if item is None or not subject:
        return None
    acting = entry.actor.email if entry.actor is not None else None
    to = sorted(set(recipients(entry.action, item, entry.actor)) | {email for email in also_to if email != acting})
    if not to:
        return None
    # The person's name, not their credentials, says who acted ("Priya Raman sent it back", not "MD, PhD …").
    who = entry.actor.display_name or entry.actor.email if entry.actor is not None else "the scheduler"
    body = f"“{item}” was {step(entry.action).done} by {who}.\n\n"
    if entry.comment:
        body += f"Comment:\n{entry.comment}\n\n"
    body += f"Open it: {admin_url(item)}\n"
    return (subject.format(item=_one_line(item)), body, None, to)


def overdue_messages(articles):
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
    return messages


def send(messages) -> int:
    """Send through the configured backend; a mail-server failure raises, so the task can retry it."""
    return send_mass_mail(messages, fail_silently=False)
