"""Every question "may this person do that?" is answered here.

Model permissions come from the role groups (accounts.roles); on top of them
sits the four-eyes rule: nobody approves work they wrote or edited.
"""

from accounts.roles import MEDICAL_REVIEWER

ACTION_PERMISSION = {
    "edit": "change",
    "submit": "change",
    "withdraw": "change",
    "reopen": "change",
    "restore": "change",
    "approve": "review",
    "request_changes": "review",
    "re_review": "review",
    "acknowledge_finding": "review",  # a claim-check finding, before approval; the four-eyes rule applies
    "publish": "publish",
    "schedule": "publish",
    "unpublish": "publish",
    "archive": "publish",
}


def permission_name(action: str, item) -> str:
    return f"evidence.{ACTION_PERMISSION[action]}_{item._meta.model_name}"


def is_own_work(user, item) -> bool:
    """True when `user` wrote or edited what is waiting for approval."""
    if getattr(item, "author_id", None) == user.pk:
        return True
    return user.pk in item.contributors_since_last_approval()


def can(user, action: str, item) -> bool:
    if user is None or not user.is_active:
        return False
    if not user.has_perm(permission_name(action, item)):
        return False
    return not (ACTION_PERMISSION[action] == "review" and is_own_work(user, item))


def refusal(user, action: str, item) -> str:
    """Explain in plain words why `can` said no."""
    if ACTION_PERMISSION[action] == "review":
        if not user.has_perm(permission_name(action, item)):
            return f"Only a {MEDICAL_REVIEWER.lower()} can {action.replace('_', ' ')} this {item._meta.verbose_name}."
        return (
            f"You wrote or edited this {item._meta.verbose_name}; another medical reviewer must "
            f"{action.replace('_', ' ')} it."
        )
    return f"Your role does not allow you to {action.replace('_', ' ')} this {item._meta.verbose_name}."


def may_maintain_claim_rules(user) -> bool:
    """Editors keep the claim-check rules: the people who publish decide which wording needs a second look."""
    if user is None or not user.is_active:
        return False
    return user.has_perm("evidence.change_claimrule") or user.has_perm("evidence.publish_article")
