"""The Prometheus scrape endpoint: off unless EVIDENCE_METRICS, and then only for allowed addresses."""

import ipaddress

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from accounts.signin.lockout import client_ip
from evidence.operations.metrics import registry


def allowed(address: str) -> bool:
    """Whether `address` is one of EVIDENCE_METRICS_ALLOWED_IPS (addresses or networks such as 10.0.0.0/8)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(entry, strict=False) for entry in settings.EVIDENCE_METRICS_ALLOWED_IPS)


@never_cache
@require_safe
def metrics(request):
    if not settings.EVIDENCE_METRICS:
        raise Http404  # as if there were no such page
    if not allowed(client_ip(request)):
        return HttpResponseForbidden("Metrics are not served to this address.", content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
