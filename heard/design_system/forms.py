"""Form helpers every area shares: a service's errors beside the fields, the date hint and
the "not in the future" check."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import pretty_name
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext

from heard.core.dates import example_date, future_date_error


def add_service_errors(
    form: forms.Form,
    error: ValidationError | Mapping[str, str | list[str]],
    field_map: Mapping[str, str] | None = None,
    *,
    only_mapped: bool = False,
    name_unknown: bool = False,
) -> None:
    """Put a service's errors beside the form's fields.

    ``error`` is a ``ValidationError`` or a plain ``{field: message(s)}`` mapping. A service
    names its own fields; ``field_map`` renames them to the form's (``only_mapped``: only those
    it names go beside a field). Errors for fields the form does not have go above the form,
    prefixed with the field's name when ``name_unknown``.
    """
    field_map = field_map or {}
    if isinstance(error, ValidationError):
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                form.add_error(None, message)
            return
        items = error.message_dict.items()
    else:
        items = error.items()
    for key, messages in items:
        target = field_map.get(key, None if only_mapped else key)
        if target not in form.fields:
            target = None
        for message in [messages] if isinstance(messages, str | Promise) else messages:
            if target is None and name_unknown and key != NON_FIELD_ERRORS:
                message = f"{pretty_name(key)}: {message}"
            form.add_error(target, message)


def _date_hint(prefix: str = "") -> str:
    hint = gettext("For example, %(date)s") % {"date": example_date()}
    return f"{prefix} {hint}" if prefix else hint


#: "For example, 7 3 2026" (today), after ``prefix`` when given. Lazy, so a hint set on a
#: form class shows the day the page is drawn, in the reader's language.
date_hint = lazy(_date_hint, str)


def not_in_future(form: forms.Form, field: str, label: str) -> None:
    """An error beside ``field`` when its date is after today (see ``future_date_error``)."""
    message = future_date_error(form.cleaned_data.get(field), label)
    if message:
        form.add_error(field, message)
