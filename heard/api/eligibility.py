"""``POST /api/v1/eligibility/``: the eligibility engine over HTTP, same JSON in and out."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ParseError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from heard import eligibility
from heard.api.parsers import BoundedJSONParser
from heard.core.net import client_ip


class EligibilityThrottle(AnonRateThrottle):
    """Counts per real client address (trusted proxies only) in the shared cache."""

    scope = "eligibility"
    rate = "60/minute"

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class EligibilityView(APIView):
    """No login (referrers have no account), so it is rate limited per client address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [EligibilityThrottle]
    parser_classes = [BoundedJSONParser]
    # Keeps the error contract it published ({"errors": [...]}), not problem details.
    problem_details = False

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiTypes.OBJECT,
            413: OpenApiTypes.OBJECT,
            429: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request):
        try:
            return Response(eligibility.assess(request.data))
        except eligibility.InvalidAnswers as invalid:
            return Response({"errors": invalid.errors}, status=400)

    def handle_exception(self, exc):
        # Malformed JSON answers in the contract's error shape, like any other invalid input.
        # Too large (413) or too deeply nested keeps the same shape, with its own message.
        if isinstance(exc, ParseError):
            message = str(exc.detail) if exc.detail else _("The input is not valid JSON.")
            return Response({"errors": [{"field": "", "message": message}]}, status=exc.status_code)
        return super().handle_exception(exc)
