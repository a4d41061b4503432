from django import template

from evidence.selectors import desk

register = template.Library()


@register.simple_tag
def desk_for(user):
    """The signed-in person's worklists for the admin home page."""
    return desk.desk(user)
