"""Errors as RFC 9457 problem details (``application/problem+json``).

``type`` names the kind of problem by a stable URI under the API documentation; ``title``
is its short summary, ``detail`` says what happened this time, and validation errors list
each field's messages under ``errors``. The eligibility endpoint keeps the error contract
it published before (``{"errors": [...]}``) and so is left out.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView, exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/docs/#section/Errors/"

TITLES = {
    400: ("invalid", _("The request is not valid")),
    401: ("not-authenticated", _("Authentication is needed")),
    403: ("forbidden", _("You may not do this")),
    404: ("not-found", _("Not found")),
    405: ("method-not-allowed", _("Method not allowed")),
    406: ("not-acceptable", _("Not acceptable")),
    413: ("too-large", _("The request is too large")),
    415: ("unsupported-media-type", _("Unsupported media type")),
    429: ("rate-limited", _("Too many requests")),
}


def problem(status_code: int, detail: str, errors=None) -> dict:
    slug, title = TITLES.get(status_code, ("error", _("Error")))
    body = {
        "type": TYPE_BASE + slug,
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _detail_text(data) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    if isinstance(data, list) and data:
        return str(data[0])
    return ""


def problem_exception_handler(exc, context):
    view = context.get("view")
    response = exception_handler(exc, context)
    if response is None or not getattr(view, "problem_details", True):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = problem(
            response.status_code, _("Correct the fields listed under errors."), errors
        )
    elif isinstance(exc, exceptions.Throttled):
        response.data = problem(status.HTTP_429_TOO_MANY_REQUESTS, _detail_text(response.data))
    elif isinstance(exc, Http404 | PermissionDenied):
        response.data = problem(response.status_code, _detail_text(response.data))
    else:
        response.data = problem(response.status_code, _detail_text(response.data))
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


class UnknownAddressView(APIView):
    """Any address under the API that names no endpoint (or an id that cannot be one, such as
    ``-5``) is a 404 in problem details too, not the HTML page for people."""

    schema = None  # not an operation: nothing to document
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("There is nothing at this address."))
