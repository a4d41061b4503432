from django import template

from evidence.presenters import live_conditions_of

register = template.Library()


@register.filter
def live_conditions(revision):
    """Conditions of a live revision that are themselves live (prefetched by the selectors)."""
    return live_conditions_of(revision)
