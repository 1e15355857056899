"""The hub's API for member installations: POST signed figures with a network token."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services, signing


class RawJSON(BaseParser):
    """The body as bytes: the signature is checked over what was sent, not a re-encoding."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(signing.MAX_BYTES + 1)


class NetworkToken(BasePermission):
    """A member installation's network token (``Authorization: Token <token>``)."""

    def has_permission(self, request, view) -> bool:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        member = services.member_for_token(token.strip()) if scheme == "Token" else None
        request.network_member = member
        return member is not None


class FiguresView(APIView):
    authentication_classes = []
    permission_classes = [NetworkToken]
    parser_classes = [RawJSON]

    @extend_schema(
        summary="Send a member's signed figures to its network",
        request={"application/json": {"type": "object"}},
        responses={
            201: OpenApiResponse(description="Verified and stored"),
            400: OpenApiResponse(description="Refused, with the reason"),
            403: OpenApiResponse(description="No valid network token"),
        },
    )
    def post(self, request):
        member = request.network_member
        try:
            snapshot = services.figures_import(
                network=member.network, raw=request.data, member=member
            )
        except ValidationError as error:
            return Response({"errors": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {
                "received": True,
                "period": {
                    "start": snapshot.period_start.isoformat(),
                    "end": snapshot.period_end.isoformat(),
                },
            },
            status=status.HTTP_201_CREATED,
        )
