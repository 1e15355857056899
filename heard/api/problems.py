"""Errors as RFC 9457 problem details (``application/problem+json``).

``type`` names the kind of problem by a stable URI under the API documentation; ``title``
is its short summary (in the request's language: ``Accept-Language: cy`` gets Welsh), ``detail`` says what happened this time, and validation errors list
each field's messages under ``errors``. The eligibility endpoint keeps the error contract
it published before (``{"errors": [...]}``) and so is left out.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView, exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/docs/#section/Errors/"

# Lazy: a title is put into the language of the request that gets it, not of the import.
TITLES = {
    400: ("invalid", gettext_lazy("The request is not valid")),
    401: ("not-authenticated", gettext_lazy("Authentication is needed")),
    403: ("forbidden", gettext_lazy("You may not do this")),
    404: ("not-found", gettext_lazy("Not found")),
    405: ("method-not-allowed", gettext_lazy("Method not allowed")),
    406: ("not-acceptable", gettext_lazy("Not acceptable")),
    413: ("too-large", gettext_lazy("The request is too large")),
    415: ("unsupported-media-type", gettext_lazy("Unsupported media type")),
    429: ("rate-limited", gettext_lazy("Too many requests")),
}

# Django REST framework's own messages that reach a problem's ``detail`` or ``errors``. It
# ships no Welsh, so they are collected here and translated in Heard's catalogue (which
# gettext searches for DRF's strings too). Keep each exactly as DRF writes it.
DRF_MESSAGES = (
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("You do not have permission to perform this action."),
    gettext_noop("Not found."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Could not satisfy the request Accept header."),
    gettext_noop('Unsupported media type "{media_type}" in request.'),
    gettext_noop("Request was throttled."),
    gettext_noop("Malformed request."),
    gettext_noop("A server error occurred."),
    gettext_noop("Invalid input."),
    gettext_noop("This field is required."),
    gettext_noop("This field may not be null."),
    gettext_noop("This field may not be blank."),
    gettext_noop("A valid integer is required."),
    gettext_noop("A valid number is required."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Invalid pk "{pk_value}" - object does not exist.'),
    gettext_noop("Ensure this field has no more than {max_length} characters."),
    gettext_noop("Ensure this value is greater than or equal to {min_value}."),
    gettext_noop("Ensure this value is less than or equal to {max_value}."),
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Invalid page."),
    gettext_noop("Invalid cursor"),
)


def problem(status_code: int, detail: str, errors=None) -> dict:
    slug, title = TITLES.get(status_code, ("error", gettext_lazy("Error")))
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
