"""System issues API (read): themes that recur across cases, and who could change them."""

import django_filters

from heard.api.models import Area
from heard.api.serializers import ReadSerializer
from heard.api.viewsets import OrganisationViewSet
from heard.core.permissions import Perm

from .models import SystemIssue


class SystemIssueSerializer(ReadSerializer):
    class Meta:
        model = SystemIssue
        fields = [
            "id",
            "title",
            "theme",
            "description",
            "who_it_affects",
            "bodies_responsible",
            "status",
            "share_with_network",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SystemIssueFilter(django_filters.FilterSet):
    class Meta:
        model = SystemIssue
        fields = ["status", "theme"]


class SystemIssueViewSet(OrganisationViewSet):
    model = SystemIssue
    serializer_class = SystemIssueSerializer
    api_area = Area.SYSTEM_CHANGE
    required_permission = Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES
    filterset_class = SystemIssueFilter

    def get_queryset(self):
        return self.scoped()
