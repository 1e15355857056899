"""People API: the same permissions, tenancy, services and audit as the pages."""

from rest_framework import serializers

from heard.api.models import Area
from heard.api.serializers import ReadSerializer
from heard.api.viewsets import OrganisationViewSet, ServiceWriteMixin
from heard.casework.access import with_person_restriction
from heard.core.permissions import Perm

from . import services
from .models import Person

PERSON_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "local_authority",
    "preferred_contact_method",
    "needs_easy_read",
    "needs_bsl",
    "needs_interpreter",
    "interpreter_language",
    "needs_large_print",
    "other_communication_needs",
]


class PersonSerializer(ReadSerializer):
    class Meta:
        model = Person
        fields = ["id", "reference", *PERSON_FIELDS, "created_at", "updated_at"]
        read_only_fields = fields


class PersonWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = PERSON_FIELDS
        extra_kwargs = {"last_name": {"required": True}}


class PersonViewSet(ServiceWriteMixin, OrganisationViewSet):
    """People of the organisation. A person on a restricted case the user may not open is
    left out entirely; every read is audited on the person's own access log."""

    model = Person
    serializer_class = PersonSerializer
    write_serializer_class = PersonWriteSerializer
    api_area = Area.PEOPLE
    required_permission = Perm.PEOPLE_VIEW_PERSON
    write_permission = Perm.PEOPLE_ADD_PERSON
    filterset_fields = ["local_authority", "postcode", "date_of_birth"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        people = with_person_restriction(self.scoped(), self.membership)
        return people.filter(is_hidden=False)

    def get_permissions(self):
        if self.action == "partial_update":
            self.write_permission = Perm.PEOPLE_CHANGE_PERSON
        return super().get_permissions()

    def audit_view(self, record):
        services.person_record_view(
            person=record, acting_user=self.request.user, request=self.request, what="api"
        )

    def create_record(self, data):
        return services.person_create(
            organisation=self.request.organisation,
            acting_user=self.request.user,
            data=data,
            request=self.request,
        )

    def update_record(self, record, data):
        return services.person_update(
            person=record, acting_user=self.request.user, data=data, request=self.request
        )
