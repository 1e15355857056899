"""Helpers for building throwaway forms in tests."""

from django import forms


def make_form(fields, *, data=None, files=None, initial=None, errors=None, auto_id="%s"):
    """A form with the given fields (names may contain hyphens, as in GOV.UK fixtures).

    ``errors`` maps field names (or None) to messages or ValidationErrors added after
    validation, like a view's ``form.add_error``.
    """
    form_class = type("TestForm", (forms.Form,), dict(fields))
    if errors and data is None:
        data = {}
    form = form_class(data=data, files=files, initial=initial, auto_id=auto_id)
    if data is not None:
        form.is_valid()
    for name, error in (errors or {}).items():
        form.add_error(name, error)
    return form
