"""Every question "may this person do that?" is answered here, in Python and as a queryset filter.

Model permissions come from the role groups (accounts.roles): a workflow step
needs `<verb>_<model>` (change, review or publish). On top of them sits the
four-eyes rule: nobody reviews work they wrote or edited since its last
approval by someone else. The rule is written once, as a query expression; the Python answer
for one item runs that same expression, so the worklists and the workflow
cannot disagree.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.roles import MEDICAL_REVIEWER


def permission_name(verb: str, model) -> str:
    """The permission a `verb` (change, review, publish, view, add) needs on `model` (a class or an instance)."""
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


def has_verb(user, verb: str, model) -> bool:
    return user is not None and user.is_active and user.has_perm(permission_name(verb, model))


def may_discard_own_drafts(user, model) -> bool:
    """Writers (who may add this kind of item but not delete it) may delete a draft of their own that was never
    submitted; which items those are is the admin's question (evidence.admin.working_copy)."""
    return has_verb(user, "add", model) and not has_verb(user, "delete", model)


def sees_published_only(user, model=None) -> bool:
    """Marketing: may look at content but neither write, review nor publish articles, so the admin shows them
    what the public sees and nothing in the making (no drafts, no review comments). Asked of the role, not of
    `model`: a writer who cannot edit disclaimers still sees draft disclaimers."""
    article = _article_model()
    return has_verb(user, "view", article) and not any(
        has_verb(user, verb, article) for verb in ("add", "change", "review", "publish")
    )


def may_review(user, model) -> bool:
    return has_verb(user, "review", model)


def may_see_every_overdue_review(user) -> bool:
    """Reviewers and editors follow every overdue review; writers only their own."""
    return user.has_perm("evidence.review_article") or user.has_perm("evidence.publish_article")


def may_read_claim_checks(user) -> bool:
    """Everyone who may read articles reads the claim-check rules and findings: writers learn what it looks for."""
    return has_verb(user, "view", _article_model())


def may_maintain_claim_rules(user) -> bool:
    """Editors keep the claim-check rules: the people who publish decide which wording needs a second look."""
    if user is None or not user.is_active:
        return False
    return user.has_perm("evidence.change_claimrule") or user.has_perm("evidence.publish_article")


def editors():
    """Active people whose role lets them publish articles: who can help someone the admin refused."""
    article = _article_model()
    granting = Q(content_type__app_label=article._meta.app_label, codename=f"publish_{article._meta.model_name}")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .filter(
            Q(groups__permissions__in=Permission.objects.filter(granting))
            | Q(user_permissions__in=Permission.objects.filter(granting))
        )
        .distinct()
    )


def reviewers():
    """Active people whose role lets them review articles (by permission, so a renamed group still counts)."""
    article = _article_model()
    granting = Q(content_type__app_label=article._meta.app_label, codename=f"review_{article._meta.model_name}")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__in=Permission.objects.filter(granting))
            | Q(user_permissions__in=Permission.objects.filter(granting))
        )
        .distinct()
    )


def _article_model():
    from django.apps import apps

    return apps.get_model("evidence", "Article")


# -- the four-eyes rule ------------------------------------------------------------------------------


def _own_work(model, user) -> Q:
    """Items whose text under review `user` wrote or edited: they are its credited author, or they saved (or
    wrote a revision someone restored) the revision under review or any revision after the last one approved
    by *someone else*. So neither an unchanged resubmission nor a restore of their old text lets anyone
    approve or re-review their own words, and an approval of their own never clears them."""
    revisions = model.revision_model().objects
    # Read inside the Exists below, so its outer row is a revision: its item's last approval by another, and
    # its item's newest revision (the text under review).
    same_item = revisions.filter(item=OuterRef("item"))
    approved_by_another = same_item.filter(approved_at__isnull=False).exclude(approved_by=user)
    since = Coalesce(Subquery(approved_by_another.order_by("-number").values("number")[:1]), Value(0))
    under_review = Subquery(same_item.order_by("-number").values("number")[:1])
    written = Q(created_by=user) | Q(restored_from__created_by=user)
    edited = Exists(revisions.filter(written, Q(number__gt=since) | Q(number=under_review), item=OuterRef("pk")))
    try:
        model._meta.get_field("author")
    except FieldDoesNotExist:
        return Q(edited)
    return Q(edited) | Q(author=user)


def excluding_own_work(queryset, user):
    """`queryset` without the items `user` wrote or edited since their last approval."""
    return queryset.exclude(_own_work(queryset.model, user))


def is_own_work(user, item) -> bool:
    """True when `user` wrote or edited what is waiting for approval."""
    model = type(item)
    return model.objects.filter(pk=item.pk).filter(_own_work(model, user)).exists()


# -- workflow steps ---------------------------------------------------------------------------------


def can(user, step, item) -> bool:
    """May `user` take `step` (evidence.models.actions.Step) on `item`, four-eyes rule included?"""
    if step.verb is None or not has_verb(user, step.verb, item):
        return False
    return not (step.four_eyes and is_own_work(user, item))


def refusal(user, step, what: str, item) -> str:
    """Explain in plain words why `can` said no; `what` names the action ("approve", "re-review")."""
    kind = item._meta.verbose_name
    if step.four_eyes:
        if not has_verb(user, step.verb, item):
            return f"Only a {MEDICAL_REVIEWER.lower()} can {what} this {kind}."
        return f"You wrote or edited this {kind}; another medical reviewer must {what} it."
    return f"Your role does not allow you to {what} this {kind}."
