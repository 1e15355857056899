"""OpenAPI wiring: the bearer token scheme and problem-details responses on every operation."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from .problems import PROBLEM_CONTENT_TYPE, TITLES


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "heard.api.authentication.TokenAuthentication"
    name = "heardToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "heard_<prefix>_<secret>",
            "description": "An API token issued in Heard (Admin, API tokens) after two-factor sign-in.",
        }


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem details object."""

    type = serializers.CharField(help_text="A URI naming the kind of problem.")
    title = serializers.CharField(help_text="A short summary of the kind of problem.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong this time.", allow_blank=True)
    errors = serializers.DictField(
        required=False,
        help_text="For a 400: each field's messages, keyed by the field's name.",
    )


class HeardAutoSchema(AutoSchema):
    def get_response_serializers(self):
        # Writes validate with their own serializer and answer with the resource's.
        if getattr(self.view, "write_serializer_class", None) and self.view.action in (
            "create",
            "partial_update",
        ):
            return self.view.serializer_class
        return super().get_response_serializers()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if not getattr(self.view, "problem_details", True):
            return responses
        codes = [400, 401, 403, 404, 406, 429]
        if self.method in ("POST", "PATCH", "PUT"):
            codes.append(415)
        for code in codes:
            responses.setdefault(
                str(code),
                {
                    **self._get_response_for_code(
                        ProblemSerializer, str(code), media_types=[PROBLEM_CONTENT_TYPE]
                    ),
                    "description": str(TITLES[code][1]),
                },
            )
        return responses
