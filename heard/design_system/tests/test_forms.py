"""The shared form helpers: service errors beside fields, the date hint, not in the future."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from heard.core.dates import example_date, future_date_error
from heard.core.text import plural
from heard.design_system.forms import add_service_errors, date_hint, not_in_future


class NoteForm(forms.Form):
    note = forms.CharField(required=False)
    when = forms.DateField(required=False)


def bound(**data) -> NoteForm:
    form = NoteForm(data)
    form.is_valid()
    return form


def test_service_errors_go_beside_their_fields_and_unknown_ones_above():
    form = bound(note="x")
    add_service_errors(form, ValidationError({"note": "Too short", "elsewhere": "Not here"}))
    assert form.errors["note"] == ["Too short"]
    assert form.non_field_errors() == ["Not here"]


def test_a_plain_service_error_goes_above_the_form():
    form = bound()
    add_service_errors(form, ValidationError("Something is wrong"))
    assert form.non_field_errors() == ["Something is wrong"]


def test_field_map_renames_and_only_mapped_names_the_rest():
    form = bound()
    add_service_errors(
        form,
        ValidationError({"text": "Enter a note", "chase_on": "Too late"}),
        {"text": "note"},
        only_mapped=True,
        name_unknown=True,
    )
    assert form.errors["note"] == ["Enter a note"]
    assert form.non_field_errors() == ["Chase on: Too late"]


def test_a_mapping_of_messages_is_accepted():
    form = bound()
    add_service_errors(form, {"note": "Enter why", "__all__": ["Refused"]})
    assert form.errors["note"] == ["Enter why"]
    assert form.non_field_errors() == ["Refused"]


def test_not_in_future_flags_tomorrow_only():
    today = timezone.localdate()
    form = bound(when=(today + dt.timedelta(days=1)).isoformat())
    not_in_future(form, "when", "Date of the visit")
    assert form.errors["when"] == ["Date of the visit must be today or in the past"]
    assert future_date_error(today, "Date") is None


def test_date_hint_is_today_and_lazy():
    assert str(date_hint()) == f"For example, {example_date()}"
    assert str(date_hint("The last day.")) == f"The last day. For example, {example_date()}"
    assert example_date(dt.date(2026, 3, 7)) == "7 3 2026"


def test_plural_groups_the_count():
    assert plural(1, "%(count)s case", "%(count)s cases") == "1 case"
    assert plural(0, "%(count)s case", "%(count)s cases") == "0 cases"
    assert plural(1234, "%(count)s case", "%(count)s cases") == "1,234 cases"
