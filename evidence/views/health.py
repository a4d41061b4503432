"""The health check load balancers and monitors ask (evidence.operations.health has the rules)."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from evidence.operations import health


@never_cache
@require_safe
async def healthz(request):
    """Name every part that fails; 503 when a required one does (any one with ?strict)."""
    failing = await health.failing_parts()
    body, status = health.answer(
        failing,
        required=settings.EVIDENCE_HEALTH_REQUIRED,
        strict="strict" in request.GET,
        uses_worker=health.uses_worker(),
    )
    return JsonResponse(body, status=status)
