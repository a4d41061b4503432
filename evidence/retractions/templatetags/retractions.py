from django import template

from evidence.retractions.selectors import articles_with_changed_evidence

register = template.Library()

SHOWN = 10


@register.simple_tag
def evidence_changed_for(user):
    """The desk's "Evidence changed" list: live articles citing a newly retracted or concerned paper."""
    return list(articles_with_changed_evidence(user)[:SHOWN])
