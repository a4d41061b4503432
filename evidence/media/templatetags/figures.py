from django import template

register = template.Library()


@register.filter
def absolute(url, request):
    """`url` as a full address for link previews (an object store's URL is already one)."""
    return request.build_absolute_uri(url) if request is not None else url
