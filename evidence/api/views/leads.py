"""GET /api/v1/leads/: newsletter sign-ups and information-packet requests, for keys with the leads scope."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from evidence import selectors
from evidence.api.filters import LeadFilter
from evidence.api.pagination import KeysetPagination
from evidence.api.permissions import HasApiKey, HasLeadsScope
from evidence.api.serializers.leads import LeadSerializer
from evidence.api.views.base import LIST_PARAMS, add_rate_limit_headers, refuse_unknown_parameters
from evidence.api.views.ordering import StrictOrderingFilter
from evidence.enquiries.models import Enquiry


@extend_schema(summary="List contact-form submissions (API keys with the leads scope only)")
class LeadList(generics.ListAPIView):
    queryset = Enquiry.objects.confirmed().select_related("condition")
    serializer_class = LeadSerializer
    filterset_class = LeadFilter
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    pagination_class = KeysetPagination
    permission_classes = [HasApiKey, HasLeadsScope]
    ordering_fields = ("created_at",)
    ordering = "-created_at"
    tie_break = "pk"

    def get_queryset(self):
        # Each lead carries its condition's live revision: the public name is the only one a lead may show.
        leads = super().get_queryset()
        return selectors.with_live_revision(leads, "live_condition", through="condition__revisions")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(
            request, {*LeadFilter.base_filters, *LIST_PARAMS} - {"fields"}, repeatable=LeadFilter.list_filters()
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_rate_limit_headers(request, response)
        # Names and e-mail addresses: no cache anywhere may keep them.
        response["Cache-Control"] = "no-store"
        return response
