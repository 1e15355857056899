"""Safeguarding concerns API (read): the same permissions, restricted-case rule and audit."""

import django_filters
from rest_framework import serializers

from heard.api.filters import IdFilter
from heard.api.models import Area
from heard.api.serializers import ReadSerializer
from heard.api.viewsets import OrganisationViewSet
from heard.casework.access import get_case_or_404
from heard.casework.api import openable
from heard.core.permissions import Perm
from heard.organisations.tenancy import get_scoped_or_404

from . import services
from .models import SafeguardingConcern


class SafeguardingConcernSerializer(ReadSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)

    class Meta:
        model = SafeguardingConcern
        fields = [
            "id",
            "case",
            "about_organisation",
            "summary",
            "abuse_types",
            "raised_to",
            "raised_to_other",
            "raised_on",
            "their_reference",
            "acknowledged_on",
            "chase_on",
            "outcome",
            "outcome_note",
            "outcome_on",
            "signed_off_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ConcernFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")
    raised_from = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte")
    raised_to_date = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte")

    class Meta:
        model = SafeguardingConcern
        fields = ["case", "raised_to", "outcome"]


class SafeguardingConcernViewSet(OrganisationViewSet):
    """Concerns raised with the local authority or others, and what came of them."""

    model = SafeguardingConcern
    serializer_class = SafeguardingConcernSerializer
    api_area = Area.SAFEGUARDING
    required_permission = Perm.SAFEGUARDING_VIEW_CONCERNS
    filterset_class = ConcernFilter

    def get_queryset(self):
        return openable(self.scoped(), self.membership)

    def get_object(self):
        concern = get_scoped_or_404(self.request, SafeguardingConcern, pk=self.kwargs["pk"])
        if concern.case_id is not None:
            get_case_or_404(self.request, concern.case_id)
        return concern

    def audit_view(self, record):
        services.concern_record_view(
            concern=record, acting_user=self.request.user, request=self.request
        )
