"""The "evidence changed" e-mail: one per live article citing a paper that is newly retracted or under concern,
to the article's medical reviewers (assigned and last) and the editors. Sent through the project's mail path
(evidence.services.notifications.send), so a failing mail server raises and the task retries."""

from django.conf import settings
from django.urls import reverse

from evidence.models import Article
from evidence.models.base import live_filter
from evidence.models.dependencies import PublicDependency, Shown
from evidence.retractions.models import NoticeHandling
from evidence.retractions.permissions import editors
from evidence.services.notifications import admin_url


def _one_line(text) -> str:
    return " ".join(str(text).split())


def handling_url(notice) -> str:
    path = reverse("admin:retractions_notice_handle", args=[notice.pk])
    return settings.EVIDENCE_SITE_URL.rstrip("/") + path


def evidence_changed_messages(notice) -> list[tuple]:
    """(subject, body, from, to) for each live article citing the notice's paper that has not handled it yet."""
    showing = PublicDependency.objects.showing(Shown.STUDY, [notice.study_id])
    handled = NoticeHandling.objects.filter(notice=notice).values("article_id")
    articles = (
        Article.objects.filter(live_filter(through="revisions"), pk__in=showing)
        .exclude(pk__in=handled)
        .select_related("medical_reviewer", "last_reviewed_by")
        .order_by("pk")
    )
    editor_addresses = {person.email for person in editors() if person.email}
    messages = []
    for article in articles:
        people = (article.medical_reviewer, article.last_reviewed_by)
        to = sorted(editor_addresses | {p.email for p in people if p is not None and p.is_active and p.email})
        if not to:
            continue
        what = notice.get_nature_display().lower()
        body = (
            f"A {what} was published on {notice.date:%d %B %Y} for a study “{article}” cites:\n"
            f"{notice.study}\n\n"
            + (f"Reasons given: {notice.reasons}\n" if notice.reasons else "")
            + (f"The notice: {notice.link}\n" if notice.link else "")
            + "\nThe public page now labels the reference. A medical reviewer must record how the summary "
            "handles it before any revision citing it can be approved.\n\n"
            f"Record it: {handling_url(notice)}\nThe article: {admin_url(article)}\n"
        )
        messages.append((f"Evidence changed: {_one_line(article)}", body, None, to))
    return messages
