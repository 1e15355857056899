"""GovukDateField: GOV.UK error messages, parts to highlight, values kept on error."""

import datetime

import pytest
from django.utils import timezone

from heard.design_system.fields import GovukDateField

from .helpers import make_form
from .htmltree import outline


def dob_form(data, **field_kwargs):
    field_kwargs.setdefault("label", "Date of birth")
    form = make_form({"date_of_birth": GovukDateField(**field_kwargs)}, data=data, auto_id="id_%s")
    return form


def entered(day="", month="", year=""):
    return {"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year}


def error_of(form):
    [error] = form.errors.as_data()["date_of_birth"]
    return error.message % error.params, error.params["parts"]


def test_valid_date():
    form = dob_form(entered("7", "03", "1980"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(1980, 3, 7)


def test_month_names_are_accepted():
    form = dob_form(entered("7", "Mar", "1980"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(1980, 3, 7)


def test_required_and_empty():
    assert error_of(dob_form(entered())) == ("Enter date of birth", ("day", "month", "year"))


def test_optional_and_empty():
    form = dob_form(entered(), required=False)
    assert form.is_valid()
    assert form.cleaned_data["date_of_birth"] is None


@pytest.mark.parametrize(
    ("data", "message", "parts"),
    [
        (entered("7", "", "1980"), "Date of birth must include a month", ("month",)),
        (entered("", "3", "1980"), "Date of birth must include a day", ("day",)),
        (entered("7", "3", ""), "Date of birth must include a year", ("year",)),
        (entered("", "", "1980"), "Date of birth must include a day and month", ("day", "month")),
        (entered("7", "", ""), "Date of birth must include a month and year", ("month", "year")),
    ],
)
def test_incomplete(data, message, parts):
    assert error_of(dob_form(data)) == (message, parts)


@pytest.mark.parametrize(
    ("data", "parts"),
    [
        (entered("31", "2", "2001"), ("day", "month", "year")),
        (entered("7", "13", "1980"), ("month",)),
        (entered("0", "3", "1980"), ("day",)),
        (entered("seven", "3", "1980"), ("day",)),
        (entered("7", "3", "19x0"), ("year",)),
    ],
)
def test_not_a_real_date(data, parts):
    assert error_of(dob_form(data)) == ("Date of birth must be a real date", parts)


def test_year_must_have_four_numbers():
    assert error_of(dob_form(entered("7", "3", "80"))) == (
        "Year must include 4 numbers",
        ("year",),
    )


def test_must_be_past_is_opt_in():
    today = timezone.localdate()
    data = entered(str(today.day), str(today.month), str(today.year))
    assert dob_form(data).is_valid()
    assert error_of(dob_form(data, must_be_past=True))[0] == "Date of birth must be in the past"
    yesterday = today - datetime.timedelta(days=1)
    past = entered(str(yesterday.day), str(yesterday.month), str(yesterday.year))
    assert dob_form(past, must_be_past=True).is_valid()


def test_messages_name_the_date():
    # error_label for when the label is a question; the field name when there's no label.
    form = dob_form(entered("7", "", "1980"), label="When were they born?", error_label="Birthday")
    assert error_of(form)[0] == "Birthday must include a month"
    form = make_form({"date_of_birth": GovukDateField()}, data=entered("7", "", "1980"))
    assert error_of(form)[0] == "Date of birth must include a month"
    form = make_form({"referral_date": GovukDateField(label="NHS referral date")}, data={})
    [error] = form.errors.as_data()["referral_date"]
    assert error.message % error.params == "Enter NHS referral date"


def test_typed_values_are_kept_and_only_the_wrong_part_is_highlighted():
    form = dob_form(entered("31", "", "2000"))
    assert not form.is_valid()
    html = form["date_of_birth"].as_field_group()
    lines = outline(html)
    assert any("id='id_date_of_birth-day'" in line and "value='31'" in line for line in lines)
    assert any("id='id_date_of_birth-year'" in line and "value='2000'" in line for line in lines)
    [month] = [line for line in lines if "id='id_date_of_birth-month'" in line]
    assert "govuk-input--error" in month
    assert "value=" not in month
    day = next(line for line in lines if "id='id_date_of_birth-day'" in line)
    assert "govuk-input--error" not in day
    assert 'name="date_of_birth-day"' in html


def test_initial_date_is_split_into_parts():
    form = make_form(
        {"date_of_birth": GovukDateField()},
        initial={"date_of_birth": datetime.date(1980, 3, 7)},
        auto_id="id_%s",
    )
    html = str(form["date_of_birth"])
    assert 'value="7"' in html
    assert 'value="3"' in html
    assert 'value="1980"' in html


def test_has_changed():
    field = GovukDateField()
    assert not field.has_changed(datetime.date(1980, 3, 7), ["7", "3", "1980"])
    assert field.has_changed(datetime.date(1980, 3, 7), ["8", "3", "1980"])
    assert field.has_changed(None, ["99", "3", "1980"])


@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_thousands_of_digits_are_a_clear_error_not_a_crash(part):
    """Past Python's 4,300-digit integer limit int() raises ValueError: the field never gets there."""
    parts = {"day": "7", "month": "3", "year": "1980", part: "9" * 5000}
    form = dob_form(entered(**parts))
    assert not form.is_valid()
    message, highlighted = error_of(form)
    assert message == "Date of birth must be a real date"
    assert highlighted == (part,)


def test_digits_that_are_not_ascii_are_not_a_number():
    """'²' passes str.isdigit() but int() refuses it: it is a wrong entry, not a 500."""
    form = dob_form(entered("²", "3", "1980"))
    assert not form.is_valid()
    assert error_of(form) == ("Date of birth must be a real date", ("day",))


def test_an_overlong_iso_date_string_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        GovukDateField(label="Date of birth").clean("1" * 10000)
    assert refused.value.code == "invalid"
