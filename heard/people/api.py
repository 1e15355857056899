"""People API: the same permissions and tenancy as the pages."""

from rest_framework import mixins, serializers, viewsets

from heard.api.permissions import OrganisationPermission
from heard.casework.access import with_person_restriction
from heard.core.permissions import Perm
from heard.organisations.tenancy import scoped

from . import services
from .models import Person


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "reference",
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "postcode",
            "local_authority",
            "preferred_contact_method",
            "needs_easy_read",
            "needs_bsl",
            "needs_interpreter",
            "interpreter_language",
            "needs_large_print",
        ]
        read_only_fields = fields


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only for now; every retrieve, and every person on a list page, is an audited view
    of the person's record."""

    serializer_class = PersonSerializer
    permission_classes = [OrganisationPermission]
    required_permission = Perm.PEOPLE_VIEW_PERSON
    filterset_fields = ["local_authority", "postcode", "date_of_birth"]

    def get_queryset(self):
        # People on a restricted case the user may not open are left out entirely.
        membership = getattr(self.request, "membership", None)  # absent when building the schema
        people = with_person_restriction(scoped(self.request, Person), membership)
        return people.filter(is_hidden=False).order_by("last_name", "first_name", "id")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.listed = page if page is not None else list(queryset)
        return page

    def list(self, request, *args, **kwargs):
        """Every page is a bulk read: each person on it gets an access event."""
        response = super().list(request, *args, **kwargs)
        services.people_records_list_read(
            organisation=request.organisation,
            people=getattr(self, "listed", []),
            acting_user=request.user,
            request=request,
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        services.person_record_view(
            person=self.get_object(), acting_user=request.user, request=request, what="api"
        )
        return response
