"""Our markup against govuk-frontend's own fixtures (node_modules/govuk-frontend).

Each test builds a Django form that says what a fixture's options say, renders it, and compares
the two by structure: tags, classes, ids, aria-describedby and other key attributes, and text.
"""

import json
from functools import cache
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from heard.design_system.fields import GovukDateField

from .helpers import make_form
from .htmltree import outline

COMPONENTS = (
    Path(__file__).resolve().parents[3] / "node_modules" / "govuk-frontend" / "dist" / "govuk"
) / "components"

pytestmark = pytest.mark.skipif(
    not COMPONENTS.is_dir(),
    reason=f"govuk-frontend is not installed ({COMPONENTS} is missing): run `npm ci`",
)


@cache
def _fixtures(component: str) -> dict:
    data = json.loads((COMPONENTS / component / "fixtures.json").read_text())
    return {fixture["name"]: fixture for fixture in data["fixtures"]}


def fixture_html(component: str, name: str) -> str:
    return _fixtures(component)[name]["html"]


def assert_same(ours, component, fixture, ignore=()):
    expected = outline(fixture_html(component, fixture), ignore)
    assert outline(ours, ignore) == expected


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


NI_LABEL = "National Insurance number"
NI_HINT = (
    "It\u2019s on your National Insurance card, benefit letter, payslip or P60. "
    "For example, \u2018QQ 12 34 56 C\u2019."
)
NI_ERROR = "Enter a National Insurance number in the correct format"


# Input ---------------------------------------------------------------------------------------


def test_input_default():
    form = make_form({"test-name": forms.CharField(label=NI_LABEL)})
    assert_same(form["test-name"].as_field_group(), "input", "default")


def test_input_with_hint():
    field = forms.CharField(
        label="National insurance number",
        help_text=NI_HINT,
        widget=forms.TextInput(attrs={"id": "input-with-hint-text"}),
    )
    form = make_form({"test-name-2": field})
    assert_same(form["test-name-2"].as_field_group(), "input", "with hint text")


def test_input_with_error_message():
    field = forms.CharField(
        label=NI_LABEL,
        required=False,
        widget=forms.TextInput(attrs={"id": "input-with-error-message"}),
    )
    form = make_form({"test-name-3": field}, errors={"test-name-3": NI_ERROR})
    assert_same(form["test-name-3"].as_field_group(), "input", "with error message")


def test_input_with_error_and_hint():
    field = forms.CharField(label="National insurance number", help_text=NI_HINT, required=False)
    form = make_form({"with-error-hint": field}, errors={"with-error-hint": NI_ERROR})
    assert_same(form["with-error-hint"].as_field_group(), "input", "with error and hint")


# Textarea ------------------------------------------------------------------------------------


def test_textarea_default():
    field = forms.CharField(label="Can you provide more detail?", widget=forms.Textarea)
    form = make_form({"more-detail": field})
    assert_same(form["more-detail"].as_field_group(), "textarea", "default")


def test_textarea_with_error_message():
    field = forms.CharField(
        label="Why can\u2019t you provide a National Insurance number?",
        widget=forms.Textarea,
        required=False,
    )
    form = make_form(
        {"no-ni-reason": field}, errors={"no-ni-reason": "You must provide an explanation"}
    )
    assert_same(form["no-ni-reason"].as_field_group(), "textarea", "with error message")


# Select --------------------------------------------------------------------------------------


def test_select_with_hint_and_error_message():
    field = forms.ChoiceField(
        label="Label text goes here",
        help_text="Hint text goes here",
        choices=[(n, f"GOV.UK frontend option {n}") for n in (1, 2, 3)],
        required=False,
    )
    form = make_form({"select-2": field}, errors={"select-2": "Error message goes here"})
    assert_same(form["select-2"].as_field_group(), "select", "with hint text and error message")


# Radios --------------------------------------------------------------------------------------

YES_NO = [("yes", "Yes"), ("no", "No")]
CHANGED_NAME = "Have you changed your name?"
CHANGED_NAME_HINT = "This includes changing your last name or spelling your name differently."


def test_radios_with_fieldset_and_error_message():
    field = forms.ChoiceField(label=CHANGED_NAME, choices=YES_NO, widget=forms.RadioSelect)
    form = make_form(
        {"example": field}, data={"example": "no"}, errors={"example": "Please select an option"}
    )
    assert_same(form["example"].as_field_group(), "radios", "with fieldset and error message")


def test_radios_inline_with_hint():
    field = forms.ChoiceField(
        label=CHANGED_NAME,
        help_text=CHANGED_NAME_HINT,
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )
    form = make_form({"example": field}, initial={"example": "no"})
    assert_same(form["example"].as_field_group(), "radios", "inline")


def test_radios_with_hint_and_error_message():
    field = forms.ChoiceField(
        label=CHANGED_NAME,
        help_text=CHANGED_NAME_HINT,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    name = "example-error-message-hint"
    form = make_form({name: field}, errors={name: "Please select an option"})
    assert_same(form[name].as_field_group(), "radios", "with hint and error message")


# Checkboxes ----------------------------------------------------------------------------------


def test_checkboxes_with_error_message_and_hint():
    field = forms.MultipleChoiceField(
        label="What is your nationality?",
        help_text="If you have dual nationality, select all options that are relevant to you.",
        choices=[("british", "British"), ("irish", "Irish")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    form = make_form({"example": field}, errors={"example": "Please select an option"})
    assert_same(form["example"].as_field_group(), "checkboxes", "with error message and hint")


def test_checkboxes_small():
    field = forms.MultipleChoiceField(
        label="Filter by",
        choices=[("a", "a thing"), ("b", "another thing"), ("c", "this thing")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        required=False,
    )
    form = make_form({"nationality": field})
    assert_same(form["nationality"].as_field_group(), "checkboxes", "small")


# Date input ----------------------------------------------------------------------------------

DOB = "What is your date of birth?"
DOB_HINT = "For example, 31 3 1980"


def _dob_field():
    return GovukDateField(label=DOB, help_text=DOB_HINT, required=False)


def test_date_input_with_error_message_and_hint():
    form = make_form({"dob-errors": _dob_field()}, errors={"dob-errors": "Error message goes here"})
    # Fixture names are "day", "month", "year"; ours are prefixed with the field name.
    assert_same(
        form["dob-errors"].as_field_group(),
        "date-input",
        "with error message and hint",
        ignore={"name"},
    )


def test_date_input_with_error_on_day_input():
    error = ValidationError("Error message goes here", params={"parts": ("day",)})
    form = make_form({"dob-day-error": _dob_field()}, errors={"dob-day-error": error})
    assert_same(
        form["dob-day-error"].as_field_group(),
        "date-input",
        "with error on day input",
        ignore={"name"},
    )


# File upload ---------------------------------------------------------------------------------


def test_file_upload_with_error_message_and_hint():
    field = forms.FileField(
        label="Upload a file",
        help_text=(
            "Your photo may be in your Pictures, Photos, Downloads or Desktop folder. "
            "Or in an app like iPhoto."
        ),
        required=False,
    )
    form = make_form({"file-upload-3": field}, errors={"file-upload-3": "Error message goes here"})
    assert_same(
        form["file-upload-3"].as_field_group(), "file-upload", "with error message and hint"
    )


# Error summary -------------------------------------------------------------------------------


def test_error_summary_default():
    form = make_form(
        {
            "example-error-1": forms.CharField(required=False),
            "example-error-2": forms.CharField(required=False),
        },
        errors={
            "example-error-1": "The date your passport was issued must be in the past",
            "example-error-2": "Enter a postcode, like AA1 1AA",
        },
    )
    html = render("{% govuk_error_summary form %}", form=form)
    assert_same(html, "error-summary", "default")


def test_error_summary_mixed_with_and_without_links():
    form = make_form(
        {"example-error-1": forms.BooleanField(required=False)},
        errors={
            None: "Invalid username or password",
            "example-error-1": "Agree to the terms of service to log in",
        },
    )
    html = render("{% govuk_error_summary form %}", form=form)
    assert_same(html, "error-summary", "mixed with and without links")


# Small components ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "component", "fixture"),
    [
        ('{% govuk_button "Save and continue" %}', "button", "default"),
        (
            '{% govuk_button "Secondary button" secondary=True name="secondary" %}',
            "button",
            "secondary",
        ),
        ('{% govuk_button "Link button" href="/" %}', "button", "link"),
        ('{% govuk_tag "Alpha" %}', "tag", "default"),
        ('{% govuk_tag "Grey" "grey" %}', "tag", "grey"),
        ('{% govuk_back_link "#" %}', "back-link", "default"),
    ],
)
def test_small_components(template, component, fixture):
    assert_same(render(template), component, fixture)
