"""Challenges API (read): the same permissions, restricted-case rule and audit as the pages."""

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
from .models import Challenge


class ChallengeSerializer(ReadSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    issue = serializers.IntegerField(source="issue_id", read_only=True, allow_null=True)
    previous = serializers.IntegerField(source="previous_id", read_only=True, allow_null=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "case",
            "issue",
            "previous",
            "level",
            "challenged_organisation",
            "challenged_role",
            "subject",
            "summary",
            "raised_on",
            "response_due_on",
            "answered_on",
            "response",
            "outcome",
            "outcome_recorded_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ChallengeFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")
    raised_from = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte")
    raised_to = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte")

    class Meta:
        model = Challenge
        fields = ["case", "level", "subject", "outcome"]


class ChallengeViewSet(OrganisationViewSet):
    """Challenges made on a person's behalf, level by level, with the response and outcome."""

    model = Challenge
    serializer_class = ChallengeSerializer
    api_area = Area.CHALLENGES
    required_permission = Perm.CHALLENGES_VIEW_CHALLENGES
    filterset_class = ChallengeFilter

    def get_queryset(self):
        return openable(self.scoped(), self.membership)

    def get_object(self):
        challenge = get_scoped_or_404(self.request, Challenge, pk=self.kwargs["pk"])
        get_case_or_404(self.request, challenge.case_id)
        return challenge

    def audit_view(self, record):
        services.challenge_record_view(
            challenge=record, acting_user=self.request.user, request=self.request
        )
