from django import template

from accounts import permissions
from evidence.selectors import desk

register = template.Library()


@register.simple_tag
def desk_for(user):
    """The signed-in person's worklists for the admin home page."""
    return desk.desk(user)


@register.simple_tag
def editors_to_ask():
    """Who a person can ask for what their role does not give them (an API key, a publication)."""
    return ", ".join(person.display_name or person.email for person in permissions.editors()[:3]) or "an editor"
