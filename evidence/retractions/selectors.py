"""Reads about notices that cross models: what still waits for a reviewer's word, and on whose desk.

Staff only. The public reads notices with the study they are about (evidence.selectors.live prefetches them,
evidence.retractions.models.in_force picks what is shown), never through here.
"""

from django.db.models import Exists, OuterRef, Q

from accounts import permissions as roles
from evidence.models import Article, Citation, RevisionCitation, Shown, Status
from evidence.models.base import live_filter
from evidence.models.dependencies import PublicDependency
from evidence.retractions.models import Notice, NoticeHandling


def _not_handled_for(article_ref):
    return ~Exists(NoticeHandling.objects.filter(notice=OuterRef("pk"), article=article_ref))


def unhandled_notices(article, revision=None):
    """Retractions and expressions of concern in force on studies `article` cites (its working copy, and
    `revision` or else its latest revision), for which no medical reviewer has recorded how this article
    handles them. Approval waits until this is empty (evidence.services.review_gate)."""
    revision = revision or article.latest_revision
    cited = Q(study__in=Citation.objects.filter(article=article).values("study_id"))
    if revision is not None:
        cited |= Q(study__in=RevisionCitation.objects.filter(revision=revision).values("study_id"))
    return (
        Notice.objects.blocking()
        .filter(cited)
        .filter(_not_handled_for(article.pk))
        .select_related("study")
        .order_by("-date", "-pk")
    )


def articles_with_changed_evidence(user=None):
    """Live articles citing a study with a retraction or expression of concern in force that no reviewer has
    yet said how the article handles: "evidence changed". Everyone's for editors (and for `user=None`); for a
    medical reviewer those assigned to them, last reviewed by them, or assigned to nobody; none for others."""
    shown_studies = PublicDependency.objects.filter(article=OuterRef(OuterRef("pk")), kind=Shown.STUDY)
    waiting = (
        Notice.objects.blocking()
        .filter(study__in=shown_studies.values("shown_id"))
        .filter(_not_handled_for(OuterRef(OuterRef("pk"))))
    )
    articles = Article.objects.filter(live_filter(through="revisions")).filter(Exists(waiting))
    if user is not None and not user.has_perm("evidence.publish_article"):
        if not roles.may_review(user, Article):
            return articles.none()
        articles = articles.filter(
            Q(medical_reviewer=user) | Q(last_reviewed_by=user) | Q(medical_reviewer__isnull=True)
        )
    return articles.select_related("medical_reviewer", "last_reviewed_by").order_by("-updated_at")


def articles_citing(study):
    """Live and in-review articles citing `study` (their working copy or live revision): whose summaries a
    notice on it concerns, for the reviewer recording how each handles it."""
    citing = Q(citations__study=study) | Q(
        Exists(RevisionCitation.objects.filter(revision__item=OuterRef("pk"), revision__is_live=True, study=study))
    )
    concerned = Q(live_filter(through="revisions")) | Q(status__in=(Status.IN_REVIEW, Status.APPROVED))
    return Article.objects.filter(citing).filter(concerned).distinct().order_by("title")
