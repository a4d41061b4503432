"""What a public address that shows nothing live answers: where the page went, or a 404."""

from django.http import Http404
from django.shortcuts import redirect


def moved_or_404(current, view_name, argument, noun, **other_arguments):
    """A permanent redirect to `current` (the item's live address after a rename), else "not found".

    `other_arguments` are the rest of the address that stays as it was (e.g. a download's file type).

    Old links in newsletters, search engines and bookmarks keep working after a writer changes an address.
    """
    if current:
        return redirect(view_name, permanent=True, **{argument: current}, **other_arguments)
    raise Http404(f"No published {noun} at this address.")
