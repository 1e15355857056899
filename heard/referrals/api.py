"""Referrals API: another system refers someone, and staff who triage read referrals.

A referral sent here goes through the same service as one entered by staff: it gets its
reference, its eligibility assessment, its audit event and its notifications. Sending the
same ``idempotency_key`` twice gives the first referral back, never a second one.
"""

from __future__ import annotations

import secrets

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from heard.api.filters import DateTimeFilter
from heard.api.models import Area
from heard.api.serializers import DateTimeInput, ReadSerializer
from heard.api.viewsets import OrganisationViewSet, ServiceWriteMixin, service_call
from heard.core.advocacy_types import AdvocacyType
from heard.core.permissions import Perm
from heard.people import equality

from .models import ContactPreference, Referral, ReferralBasis, Source
from .presenters.triage import EligibilityPresenter, equality_answers, referral_nation
from .services import intake

# Ways a referral reaches staff (the public web forms have their own pages).
API_SOURCES = [Source.EMAIL, Source.PHONE, Source.LETTER, Source.IN_PERSON]

REFERRAL_FIELDS = [
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_email",
    "referrer_phone",
    "referrer_relationship",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "local_authority",
    "contact_preference",
    "requested_types",
    "situation",
    "is_urgent",
    "urgent_reason",
    "basis",
    "risks",
]


def _answer_serializer(name: str) -> type[serializers.Serializer]:
    """One equality answer's shape: its stable code (null when not answered) and label."""
    return type(
        f"Equality{name.title()}Answer",
        (serializers.Serializer,),
        {
            "__doc__": f"The answer to the equality question '{name}'.",
            "code": serializers.ChoiceField(
                choices=equality.choices_for(name),
                allow_null=True,
                read_only=True,
                help_text="Stable code; null when not answered.",
            ),
            "label": serializers.CharField(
                read_only=True,
                help_text="'Not answered', 'Prefer not to say' or the answer, in the "
                "request's language; may be reworded.",
            ),
        },
    )


class ReferralEqualitySerializer(serializers.Serializer):
    """The optional equality answers given at referral (docs/referrals.md)."""

    ethnicity = _answer_serializer("ethnicity")(read_only=True)
    sex = _answer_serializer("sex")(read_only=True)
    disability = _answer_serializer("disability")(read_only=True)
    religion = _answer_serializer("religion")(read_only=True)

    def to_representation(self, instance):
        return {
            answer.name: {"code": answer.code, "label": answer.label}
            for answer in equality_answers(instance)
        }


def may_see_equality_answers(request) -> bool:
    """Equality answers are shown only to those who see personal data: never a commissioner,
    and never without a signed-in member of the referral's organisation."""
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    return bool(
        organisation
        and user is not None
        and user.is_authenticated
        and user.has_perm(Perm.REFERRALS_VIEW_EQUALITY_ANSWERS, organisation)
    )


class ReferralSerializer(ReadSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    equality = serializers.SerializerMethodField(
        help_text="The optional equality answers given at referral; null for a member who "
        "may not see personal data."
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "status",
            "source",
            "received_at",
            *REFERRAL_FIELDS,
            "communication_needs",
            "eligibility_result",
            "equality",
            "person",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ReferralEqualitySerializer(allow_null=True))
    def get_equality(self, instance):
        if not may_see_equality_answers(self.context.get("request")):
            return None
        return ReferralEqualitySerializer(instance).data

    def to_representation(self, instance):
        """The eligibility result without advocacy the referral's nation has no law for (a
        Welsh referral is never told about Care Act or section 223A advocacy), as on its page."""
        data = super().to_representation(instance)
        if isinstance(data.get("eligibility_result"), dict):
            request = self.context.get("request")
            nation = referral_nation(instance, organisation=getattr(request, "organisation", None))
            data["eligibility_result"] = EligibilityPresenter(
                data["eligibility_result"], nation=nation
            ).shown_result
        return data


class ReferralEqualityWriteSerializer(serializers.Serializer):
    """The optional equality answers sent with a referral, as codes."""

    ethnicity = serializers.ChoiceField(
        choices=equality.choices_for("ethnicity"), allow_blank=True, required=False
    )
    sex = serializers.ChoiceField(
        choices=equality.choices_for("sex"), allow_blank=True, required=False
    )
    disability = serializers.ChoiceField(
        choices=equality.choices_for("disability"), allow_blank=True, required=False
    )
    religion = serializers.ChoiceField(
        choices=equality.choices_for("religion"), allow_blank=True, required=False
    )


class ReferralWriteSerializer(serializers.Serializer):
    idempotency_key = serializers.CharField(
        max_length=40,
        required=False,
        help_text="Your own id for this referral: sending it again returns the first one.",
    )
    source = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in API_SOURCES], default=Source.EMAIL
    )
    received_at = DateTimeInput(required=False)
    referrer_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    referrer_role = serializers.CharField(max_length=200, allow_blank=True, default="")
    referrer_organisation = serializers.CharField(max_length=200, allow_blank=True, default="")
    referrer_email = serializers.EmailField(allow_blank=True, default="")
    referrer_phone = serializers.CharField(max_length=30, allow_blank=True, default="")
    referrer_relationship = serializers.CharField(max_length=100, allow_blank=True, default="")
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100, allow_blank=True, default="")
    preferred_name = serializers.CharField(max_length=100, allow_blank=True, default="")
    date_of_birth = serializers.DateField(allow_null=True, default=None)
    address = serializers.CharField(max_length=2000, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=8, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, allow_blank=True, default="")
    email = serializers.EmailField(allow_blank=True, default="")
    local_authority = serializers.CharField(max_length=9, allow_blank=True, default="")
    contact_preference = serializers.ChoiceField(
        choices=ContactPreference.choices, allow_blank=True, default=""
    )
    requested_types = serializers.ListField(
        child=serializers.ChoiceField(choices=AdvocacyType.choices), default=list, max_length=20
    )
    situation = serializers.CharField(max_length=10000)
    is_urgent = serializers.BooleanField(default=False)
    urgent_reason = serializers.CharField(max_length=2000, allow_blank=True, default="")
    basis = serializers.ChoiceField(choices=ReferralBasis.choices, allow_blank=True, default="")
    risks = serializers.CharField(max_length=5000, allow_blank=True, default="")
    equality = ReferralEqualityWriteSerializer(
        required=False,
        allow_null=True,
        help_text="Optional equality answers, as codes: leave a question out (or blank) when "
        "it was not answered; 'prefer_not_to_say' when the person chose not to say.",
    )

    def validate_received_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(_("The referral cannot be received in the future"))
        return value


class ReferralFilter(django_filters.FilterSet):
    received_from = DateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_to = DateTimeFilter(field_name="received_at", lookup_expr="lt")

    class Meta:
        model = Referral
        fields = ["status", "source", "is_urgent"]


class ReferralViewSet(ServiceWriteMixin, OrganisationViewSet):
    """Referrals. Reading them is for those who triage; sending one is for anyone who may add
    a referral in Heard (a token for another system is usually scoped to this alone)."""

    model = Referral
    serializer_class = ReferralSerializer
    write_serializer_class = ReferralWriteSerializer
    api_area = Area.REFERRALS
    required_permission = Perm.REFERRALS_VIEW_REFERRAL
    write_permission = Perm.REFERRALS_ADD_REFERRAL
    filterset_class = ReferralFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return self.scoped().filter(is_suspected_spam=False)

    def audit_view(self, record):
        intake.referral_record_view(
            referral=record, acting_user=self.request.user, what="api", request=self.request
        )

    @extend_schema(
        request=ReferralWriteSerializer,
        responses={201: ReferralSerializer, 200: ReferralSerializer},
        description="Send a referral. With an idempotency_key sent before, the first referral "
        "is returned (200) and nothing new is stored.",
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        key = data.pop("idempotency_key", "") or secrets.token_urlsafe(24)
        source = data.pop("source")
        received_at = data.pop("received_at", None) or timezone.now()
        data.update(intake.equality_answers(data.pop("equality", None) or {}))
        organisation = request.organisation
        engine, result = intake.eligibility_for(
            organisation=organisation,
            topics=[],
            answers={},
            date_of_birth=data.get("date_of_birth"),
            as_of=timezone.localtime(received_at).date(),
        )
        data.update(
            communication_needs=intake.communication_needs([]),
            eligibility_answers=engine,
            eligibility_result=result,
        )
        referral, created = service_call(
            lambda: intake.referral_submit(
                organisation=organisation,
                idempotency_key=f"api:{request.user.pk}:{key}",
                source=source,
                data=data,
                received_at=received_at,
                acting_user=request.user,
                request=request,
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
        )
        return Response(
            ReferralSerializer(referral, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
