"""What a public address that shows nothing live answers: where the page went, or a 404."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse


def with_query(request, location: str) -> str:
    """`location` with the request's query string, so filters, fields and campaign tags survive a redirect."""
    query = request.META.get("QUERY_STRING", "")
    return f"{location}?{query}" if query else location


def moved_or_404(request, current, view_name, argument, noun, **other_arguments):
    """A permanent redirect to `current` (the item's live address after a rename), else "not found".

    `other_arguments` are the rest of the address that stays as it was (e.g. a download's file type).

    Old links in newsletters, search engines and bookmarks keep working after a writer changes an address.
    """
    if current:
        location = reverse(view_name, kwargs={argument: current, **other_arguments})
        return HttpResponsePermanentRedirect(with_query(request, location))
    raise Http404(f"No published {noun} at this address.")
