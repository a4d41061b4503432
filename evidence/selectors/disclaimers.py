"""Which disclaimers the public sees where."""

from django.db.models import Prefetch, Q

from evidence.models import AppliesTo, ArticleRevision, ConditionRevision, DisclaimerRevision


def live_disclaimers():
    """Every active live disclaimer, with the live conditions and articles it is shown on."""
    return (
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .prefetch_related(
            Prefetch("conditions__revisions", queryset=ConditionRevision.objects.live(), to_attr="live"),
            Prefetch("articles__revisions", queryset=ArticleRevision.objects.live(), to_attr="live"),
        )
        .order_by("applies_to", "title")
    )


def disclaimers_for(article_revision):
    """Active live disclaimers that apply to this article: everywhere, its conditions, or it alone."""
    condition_ids = [c.pk for c in article_revision.conditions.all()]
    return (
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .filter(
            Q(applies_to=AppliesTo.EVERYWHERE)
            | Q(applies_to=AppliesTo.CONDITIONS, conditions__in=condition_ids)
            | Q(applies_to=AppliesTo.ARTICLES, articles=article_revision.item_id)
        )
        .distinct()
        .order_by("applies_to", "title")
    )


def disclaimers_for_articles(article_revisions):
    """`disclaimers_for` for many articles at once, in three queries: {article revision pk: [disclaimers]}.

    The same rule as `disclaimers_for`, applied in Python to the few live
    disclaimers, so an API page of articles costs the same whatever its size.
    The links are read as id pairs from their tables: loading whole condition
    and article rows only for their ids took milliseconds per answer.
    """
    disclaimers = list(DisclaimerRevision.objects.live().filter(is_active=True).order_by("applies_to", "title"))
    disclaimer_pks = [disclaimer.pk for disclaimer in disclaimers]

    def linked(relation, column):
        """{disclaimer revision pk: ids of the items it is linked to through `relation`}."""
        pairs = relation.through.objects.filter(disclaimerrevision_id__in=disclaimer_pks)
        ids = {}
        for disclaimer_pk, item_pk in pairs.values_list("disclaimerrevision_id", column):
            ids.setdefault(disclaimer_pk, set()).add(item_pk)
        return ids

    condition_ids = linked(DisclaimerRevision.conditions, "condition_id")
    article_ids = linked(DisclaimerRevision.articles, "article_id")

    def applies(disclaimer, revision, conditions_of_article):
        if disclaimer.applies_to == AppliesTo.EVERYWHERE:
            return True
        if disclaimer.applies_to == AppliesTo.CONDITIONS:
            return not conditions_of_article.isdisjoint(condition_ids.get(disclaimer.pk, ()))
        return disclaimer.applies_to == AppliesTo.ARTICLES and revision.item_id in article_ids.get(disclaimer.pk, ())

    result = {}
    for revision in article_revisions:
        conditions_of_article = {c.pk for c in revision.conditions.all()}
        result[revision.pk] = [d for d in disclaimers if applies(d, revision, conditions_of_article)]
    return result


def disclaimers_for_condition(condition_revision):
    """Active live disclaimers shown on a condition's page: everywhere, or chosen for this condition."""
    return (
        DisclaimerRevision.objects.live()
        .filter(is_active=True)
        .filter(
            Q(applies_to=AppliesTo.EVERYWHERE)
            | Q(applies_to=AppliesTo.CONDITIONS, conditions=condition_revision.item_id)
        )
        .distinct()
        .order_by("applies_to", "title")
    )


def sitewide_disclaimers():
    return DisclaimerRevision.objects.live().filter(is_active=True, applies_to=AppliesTo.EVERYWHERE).order_by("title")
