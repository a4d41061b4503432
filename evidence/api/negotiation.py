"""Content negotiation that answers the usual Accept headers without parsing them.

Nearly every client sends no Accept header, `*/*` or `application/json`; DRF
parses and ranks media types for each of them on every request, which costs
a kept answer about a tenth of its time. Those three get the view's first
renderer (the JSON one for the API) straight away; anything else is
negotiated in full, so a client that accepts only CSV still gets its 406.
"""

from rest_framework.negotiation import DefaultContentNegotiation

_ANYTHING = {"", "*/*"}


class UsualAcceptFirst(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT", "").strip()
        override = self.settings.URL_FORMAT_OVERRIDE  # ?format=…, off in our settings
        if renderers and not format_suffix and not (override and override in request.query_params):
            first = renderers[0]
            if accept in _ANYTHING or accept == first.media_type:
                return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)
