"""The shape every v1 resource shares: scoped, permission-checked, audited, cursor-paged.

An endpoint names its model, its area (for token scopes), the permission to read and the
permission to write, exactly as the pages do. Lists and details are audited as reads of
personal data (one event per record, so each record's access log shows it); writes go
through the app's services, which audit the change themselves.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from heard.organisations.tenancy import scoped

from . import services
from .permissions import OrganisationPermission


def api_channel(request) -> str:
    """How the read came in, for the audit trail: a named token, or the signed-in session."""
    token = getattr(request, "auth", None)
    return f"api token {token.prefix}" if token is not None and hasattr(token, "prefix") else "api"


def service_call(call):
    """Run a service; its refusal (a Django ``ValidationError``) becomes a 400 problem."""
    try:
        return call()
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise exceptions.ValidationError(error.message_dict) from error
        raise exceptions.ValidationError({"non_field_errors": error.messages}) from error


class OrganisationViewSet(viewsets.GenericViewSet):
    permission_classes = [OrganisationPermission]
    model = None
    api_area: str = ""
    required_permission: str = ""
    write_permission: str = ""

    def scoped(self, model=None):
        return scoped(self.request, model or self.model)

    @property
    def membership(self):
        return getattr(self.request, "membership", None)

    def audit_list(self, records) -> None:
        services.api_records_listed(
            records=records,
            acting_user=self.request.user,
            organisation=self.request.organisation,
            channel=api_channel(self.request),
            request=self.request,
        )

    def audit_view(self, record) -> None:
        services.api_record_viewed(
            record=record,
            acting_user=self.request.user,
            organisation=self.request.organisation,
            channel=api_channel(self.request),
            request=self.request,
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        self.audit_list(page)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        self.audit_view(record)
        return Response(self.get_serializer(record).data)


class ServiceWriteMixin:
    """Create with POST and change with PATCH, through the app's services.

    Subclasses implement ``create_record(data)`` and ``update_record(record, data)``; the
    read serializer answers. ``write_serializer_class`` validates the input.
    """

    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = service_call(lambda: self.create_record(serializer.validated_data))
        return Response(
            self.serializer_class(record, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        record = service_call(lambda: self.update_record(record, serializer.validated_data))
        return Response(self.serializer_class(record, context=self.get_serializer_context()).data)
