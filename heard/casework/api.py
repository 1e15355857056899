"""Casework API: cases (with status history), issues and outcomes, activities and tasks.

The same permissions, services and audit as the pages. A restricted case lists as the
same placeholder the pages show (reference, status and advocacy type only), opening it is
refused (403, audited), and its issues, activities and tasks are left out of every list.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from heard.api.filters import DateTimeFilter, IdFilter
from heard.api.models import Area
from heard.api.serializers import DateTimeInput, ReadSerializer
from heard.api.viewsets import OrganisationViewSet, ServiceWriteMixin, service_call
from heard.core.permissions import Perm
from heard.organisations.models import Membership
from heard.organisations.tenancy import get_scoped_or_404

from .access import get_case_or_404, with_access
from .models import (
    Activity,
    ActivityKind,
    Case,
    CaseStatus,
    FeltListenedTo,
    Issue,
    IssueCategory,
    IssueOutcome,
    OutcomeTag,
    SaidBy,
    Task,
)
from .services import activities, issues, todos


def openable(queryset, membership, case_field: str = "case"):
    """Rows whose case this member may open (a restricted case's records are left out)."""
    correlated = Case.objects.filter(pk=OuterRef(case_field))  # scoped: rows already scoped
    cases = with_access(correlated, membership).filter(can_open=True)
    return queryset.filter(Q(**{f"{case_field}__isnull": True}) | Exists(cases))


class CaseStatusSerializer(ReadSerializer):
    class Meta:
        model = CaseStatus
        fields = [
            "status",
            "previous_status",
            "reason",
            "note",
            "advocate",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields


# Fields a placeholder (a restricted case the member may not open) leaves empty.
CASE_CONTENT_FIELDS = [
    "person",
    "service",
    "referral",
    "priority",
    "received_on",
    "status_changed_at",
    "allocated_to",
    "instruction",
    "nation",
    "status_history",
]


class CaseSerializer(ReadSerializer):
    restricted_placeholder = serializers.SerializerMethodField(
        help_text="True when the case is restricted and you may not open it: only its "
        "reference, status and advocacy type are shown, as on the pages."
    )
    person = serializers.IntegerField(source="person_id", allow_null=True, read_only=True)
    service = serializers.IntegerField(source="service_id", allow_null=True, read_only=True)
    referral = serializers.IntegerField(source="referral_id", allow_null=True, read_only=True)
    allocated_to = serializers.IntegerField(
        source="allocated_to_id", allow_null=True, read_only=True
    )
    priority = serializers.CharField(allow_null=True, read_only=True)
    received_on = serializers.DateField(allow_null=True, read_only=True)
    status_changed_at = serializers.DateTimeField(allow_null=True, read_only=True)
    instruction = serializers.CharField(allow_null=True, read_only=True)
    nation = serializers.CharField(allow_null=True, read_only=True)
    status_history = CaseStatusSerializer(source="statuses", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "advocacy_type",
            "is_restricted",
            "restricted_placeholder",
            *CASE_CONTENT_FIELDS,
        ]
        read_only_fields = fields

    def get_restricted_placeholder(self, case) -> bool:
        return not getattr(case, "can_open", True)

    def to_representation(self, case):
        data = super().to_representation(case)
        if data["restricted_placeholder"]:
            for name in CASE_CONTENT_FIELDS:
                data[name] = [] if name == "status_history" else None
        return data


class CaseFilter(django_filters.FilterSet):
    service = IdFilter(field_name="service_id")
    allocated_to = IdFilter(field_name="allocated_to_id")
    person = IdFilter(field_name="person_id")
    received_from = django_filters.DateFilter(field_name="received_on", lookup_expr="gte")
    received_to = django_filters.DateFilter(field_name="received_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["status", "advocacy_type", "priority"]


class CaseViewSet(OrganisationViewSet):
    """Cases, with their status history (immutable rows, oldest first). Read only: cases
    begin from a referral's triage and move through the lifecycle on the case's pages."""

    model = Case
    serializer_class = CaseSerializer
    api_area = Area.CASEWORK
    required_permission = Perm.CASEWORK_VIEW_CASES
    filterset_class = CaseFilter

    def get_queryset(self):
        history = CaseStatus.objects.order_by("changed_at", "id")  # scoped: of scoped cases
        statuses = Prefetch("statuses", queryset=history)
        return with_access(self.scoped(), self.membership).prefetch_related(statuses)

    def get_object(self):
        return get_case_or_404(self.request, self.kwargs["pk"], queryset=self.get_queryset())

    def audit_list(self, records):
        # Placeholders show nothing of the case's content, so they are not a read of it.
        super().audit_list([case for case in records if case.can_open])


# Records inside a case -------------------------------------------------------------------


class CaseRecordViewSet(ServiceWriteMixin, OrganisationViewSet):
    api_area = Area.CASEWORK
    required_permission = Perm.CASEWORK_RECORD_CASEWORK
    write_permission = Perm.CASEWORK_RECORD_CASEWORK
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return openable(self.scoped(), self.membership)

    def get_object(self):
        record = get_scoped_or_404(self.request, self.model, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, record)
        # Opening a record is opening its case: the same refusal, audited, for a restricted one.
        if record.case_id is not None:
            get_case_or_404(self.request, record.case_id)
        return record

    def case_for(self, data):
        return get_case_or_404(self.request, data.pop("case"))


class RecordFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id")


class IssueSerializer(ReadSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)

    class Meta:
        model = Issue
        # The fields the issue services record, so the API never lags behind the form.
        fields = [
            "id",
            "case",
            *issues.FIELDS,
            *issues.OUTCOME_FIELDS,
            "entered_in_error_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class IssueWriteSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The case's id (only when recording an issue).")
    in_their_words = serializers.CharField(max_length=5000)
    said_by = serializers.ChoiceField(choices=SaidBy.choices, default=SaidBy.PERSON)
    category = serializers.ChoiceField(choices=IssueCategory.choices)


class IssueOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=IssueOutcome.choices)
    outcome_tags = serializers.ListField(
        child=serializers.ChoiceField(choices=OutcomeTag.choices), default=list, max_length=10
    )
    outcome_note = serializers.CharField(allow_blank=True, default="", max_length=5000)
    outcome_in_their_words = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="What the person said about the outcome, in their own words.",
    )
    felt_listened_to = serializers.ChoiceField(
        choices=FeltListenedTo.choices,
        allow_blank=True,
        default="",
        help_text="Whether the person felt listened to.",
    )


class IssueFilter(RecordFilter):
    class Meta:
        model = Issue
        fields = ["case", "category", "outcome"]


class IssueViewSet(CaseRecordViewSet):
    """What the person wants to change, in their own words, and the outcome."""

    model = Issue
    serializer_class = IssueSerializer
    write_serializer_class = IssueWriteSerializer
    filterset_class = IssueFilter

    def create_record(self, data):
        case = self.case_for(data)
        return issues.issue_create(
            case=case, acting_user=self.request.user, data=data, request=self.request
        )

    def update_record(self, issue, data):
        data.pop("case", None)
        current = {name: getattr(issue, name) for name in issues.FIELDS}
        return issues.issue_update(
            issue=issue,
            acting_user=self.request.user,
            data={**current, **data},
            request=self.request,
        )

    @extend_schema(request=IssueOutcomeSerializer, responses=IssueSerializer)
    @action(detail=True, methods=["post"], serializer_class=IssueOutcomeSerializer)
    def outcome(self, request, pk=None, **kwargs):
        """Record how the issue ended (achieved, partly achieved, not achieved, withdrawn)."""
        issue = self.get_object()
        serializer = IssueOutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        issue = service_call(
            lambda: issues.issue_record_outcome(
                issue=issue,
                outcome=values["outcome"],
                tags=values["outcome_tags"],
                note=values["outcome_note"],
                in_their_words=values["outcome_in_their_words"],
                felt_listened_to=values["felt_listened_to"],
                acting_user=request.user,
                request=request,
            )
        )
        return Response(IssueSerializer(issue).data)


class ActivitySerializer(ReadSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    recorded_by = serializers.IntegerField(source="recorded_by_id", read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "case",
            "kind",
            "occurred_at",
            "minutes",
            "travel_minutes",
            "with_person",
            "present",
            "note",
            "recorded_by",
            "entered_in_error_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ActivityWriteSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The case's id (only when recording an activity).")
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_at = DateTimeInput()
    minutes = serializers.IntegerField(min_value=0, max_value=activities.MAX_MINUTES, default=0)
    travel_minutes = serializers.IntegerField(
        min_value=0, max_value=activities.MAX_MINUTES, default=0
    )
    with_person = serializers.BooleanField(default=False)
    present = serializers.CharField(max_length=300, allow_blank=True, default="")
    note = serializers.CharField(max_length=20000, allow_blank=True, default="")


class ActivityFilter(RecordFilter):
    occurred_from = DateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_to = DateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = Activity
        fields = ["case", "kind", "with_person"]


class ActivityViewSet(CaseRecordViewSet):
    """Visits, calls, meetings, letters, reports, research and travel, with the time spent."""

    model = Activity
    serializer_class = ActivitySerializer
    write_serializer_class = ActivityWriteSerializer
    filterset_class = ActivityFilter

    def create_record(self, data):
        case = self.case_for(data)
        return activities.activity_create(
            case=case, acting_user=self.request.user, data=data, request=self.request
        )

    def update_record(self, activity, data):
        data.pop("case", None)
        current = {name: getattr(activity, name) for name in activities.FIELDS}
        return activities.activity_update(
            activity=activity,
            acting_user=self.request.user,
            data={**current, **data},
            request=self.request,
        )


class TaskSerializer(ReadSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    assigned_to = serializers.IntegerField(source="assigned_to_id", read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "case",
            "kind",
            "title",
            "due_on",
            "due_at",
            "citation",
            "assigned_to",
            "completed_at",
            "entered_in_error_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TaskWriteSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The case's id (only when adding a task).")
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    assigned_to = serializers.IntegerField(
        allow_null=True, default=None, help_text="A member of staff's membership id."
    )


class TaskFilter(RecordFilter):
    assigned_to = IdFilter(field_name="assigned_to_id")
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    completed = django_filters.BooleanFilter(
        field_name="completed_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Task
        fields = ["case", "kind"]


class TaskViewSet(CaseRecordViewSet):
    """Things to do by a date: added by hand, or generated from the case's facts."""

    model = Task
    serializer_class = TaskSerializer
    write_serializer_class = TaskWriteSerializer
    filterset_class = TaskFilter

    def _member(self, membership_id):
        if membership_id is None:
            return None
        member = self.scoped(Membership).filter(pk=membership_id, is_active=True).first()
        if member is None:
            raise serializers.ValidationError(
                {"assigned_to": ["Choose a member of staff who works on cases"]}
            )
        return member

    def create_record(self, data):
        case = self.case_for(data)
        return todos.task_create(
            case=case,
            title=data["title"],
            due_on=data["due_on"],
            assigned_to=self._member(data.get("assigned_to")),
            acting_user=self.request.user,
            request=self.request,
        )

    def update_record(self, task, data):
        try:
            return todos.task_update(
                task=task,
                title=data.get("title", task.title),
                due_on=data.get("due_on", task.due_on),
                assigned_to=(
                    self._member(data["assigned_to"]) if "assigned_to" in data else task.assigned_to
                ),
                acting_user=self.request.user,
                request=self.request,
            )
        except todos.TaskChangeRefused as refused:
            raise serializers.ValidationError({"non_field_errors": [str(refused)]}) from refused

    @extend_schema(request=None, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None, **kwargs):
        """Mark the task done (doing it twice changes nothing)."""
        task = self.get_object()
        todos.task_complete(task=task, acting_user=request.user, request=request)
        return Response(TaskSerializer(task).data)
