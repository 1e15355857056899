"""Forms for voice and co-production. The public feedback pages ask one question each; field
markup comes from the design system renderer (and referrals' one-question field templates)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.design_system.fields import GovukDateField
from heard.referrals.forms.intake import HeadingCharField, QuestionChoiceField

from .models import (
    DIMENSIONS,
    QUESTIONS,
    ActionStatus,
    Answer,
    Format,
    InvolvementArea,
    InvolvementRole,
    Level,
    Recognition,
    SupporterRole,
)

RADIOS = {"class": "govuk-fieldset__legend--s"}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _text(rows=4):
    return forms.Textarea(attrs={"rows": rows})


# --- The public feedback pages (one question each) -------------------------------------------


def _question(label, choices, error):
    return QuestionChoiceField(
        label=label, choices=choices, is_page_heading=True, error_messages={"required": error}
    )


class ServiceForm(forms.Form):
    def __init__(self, *args, services=(), easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(service.pk), service.name) for service in services]
        choices.append(("not_sure", _("I am not sure")))
        self.fields["service"] = _question(
            _("Which service did you use?")
            if easy_read
            else _("Which of our services supported you?"),
            choices,
            _("Choose the service, or 'I am not sure'"),
        )


def _answer_form(field: str, standard: str, easy: str):
    class AnswerForm(forms.Form):
        def __init__(self, *args, easy_read=False, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields[field] = _question(
                easy if easy_read else standard,
                Answer.choices,
                _("Choose an answer, or 'Not sure'"),
            )

    AnswerForm.__name__ = f"{field.title().replace('_', '')}Form"
    return AnswerForm


ANSWER_FORMS = {field: _answer_form(field, standard, easy) for field, standard, easy in QUESTIONS}


class OwnWordsForm(forms.Form):
    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["own_words"] = HeadingCharField(
            label=_("Is there anything else you want to tell us?")
            if easy_read
            else _("In your own words, how was your advocacy?"),
            help_text=_("You do not have to write anything.")
            if easy_read
            else _("Optional. What went well, and what could be better."),
            required=False,
            max_length=4000,
            widget=_text(6),
        )


class QuoteForm(forms.Form):
    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["may_quote"] = _question(
            _("Can we share your words? We will not say who you are.")
            if easy_read
            else _("May we quote your words, without your name, in reports and on our website?"),
            YES_NO,
            _("Choose yes or no"),
        )


class HelpedForm(forms.Form):
    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helped"] = _question(
            _("Did someone help you fill in this form?"),
            YES_NO,
            _("Choose yes or no"),
        )


class SupporterForm(forms.Form):
    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporter_role"] = _question(
            _("Who helped you?"),
            SupporterRole.choices,
            _("Choose who helped you"),
        )


class AnonymousForm(forms.Form):
    def __init__(self, *args, easy_read=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anonymous"] = _question(
            _("Do you want us to know this is from you?")
            if easy_read
            else _("Should your feedback stay anonymous?"),
            [
                ("yes", _("No. Keep it anonymous") if easy_read else _("Yes, keep it anonymous")),
                (
                    "no",
                    _("Yes. You can know it is from me")
                    if easy_read
                    else _("No, link it to my case so the service knows it is from me"),
                ),
            ],
            _("Choose whether your feedback stays anonymous"),
        )


# --- Staff forms ---------------------------------------------------------------------------


NOT_ANSWERED = [("", _("Not answered"))]


class PaperFeedbackForm(forms.Form):
    """A paper feedback form typed in by staff: always anonymous, kept to the month."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    month = forms.TypedChoiceField(
        label=_("Month it arrived"), coerce=int, choices=[(m, m) for m in range(1, 13)]
    )
    year = forms.IntegerField(
        label=_("Year it arrived"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the year, like 2026"),
            "min_value": _("Enter a year from 2000"),
            "max_value": _("Enter a year up to 2100"),
            "invalid": _("Enter the year as 4 numbers, like 2026"),
        },
    )
    form_version = forms.ChoiceField(
        label=_("Which form"),
        choices=[("easy_read", _("Easy Read")), ("standard", _("Standard"))],
        widget=forms.RadioSelect(attrs=RADIOS),
    )
    own_words = forms.CharField(
        label=_("Their own words, as written"), required=False, widget=_text(4), max_length=4000
    )
    may_quote = forms.ChoiceField(
        label=_("May their words be quoted?"),
        choices=[("no", _("No, or they did not say")), ("yes", _("Yes"))],
        widget=forms.RadioSelect(attrs=RADIOS),
    )
    helped = forms.ChoiceField(
        label=_("Did someone help them fill it in?"),
        choices=[("no", _("No, or they did not say")), ("yes", _("Yes"))],
        widget=forms.RadioSelect(attrs=RADIOS),
    )
    supporter_role = forms.ChoiceField(
        label=_("Who helped (if someone did)"),
        choices=[("", _("Not said")), *SupporterRole.choices],
        required=False,
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Not known"))] + [
            (str(service.pk), service.name) for service in services
        ]
        self.fields["month"].choices = [
            (number, label)
            for number, label in enumerate(
                [
                    _("January"),
                    _("February"),
                    _("March"),
                    _("April"),
                    _("May"),
                    _("June"),
                    _("July"),
                    _("August"),
                    _("September"),
                    _("October"),
                    _("November"),
                    _("December"),
                ],
                start=1,
            )
        ]
        for name, standard, _easy in QUESTIONS:
            self.fields[name] = forms.ChoiceField(
                label=standard,
                choices=NOT_ANSWERED + list(Answer.choices),
                required=False,
                widget=forms.RadioSelect(attrs=RADIOS),
            )
        self.order_fields(
            ["token", "service", "month", "year", "form_version"]
            + [name for name, _s, _e in QUESTIONS]
            + ["own_words", "may_quote", "helped", "supporter_role"]
        )

    def clean(self):
        cleaned = super().clean()
        month, year = cleaned.get("month"), cleaned.get("year")
        if month and year and dt.date(year, month, 1) > timezone.localdate():
            self.add_error("month", _("The month must not be in the future"))
        return cleaned


class PeriodForm(forms.Form):
    """Which results to show: a service (or all) and a period of whole months."""

    service = forms.ChoiceField(label=_("Service"), required=False)
    start = GovukDateField(label=_("From"), required=False)
    end = GovukDateField(label=_("To"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services"))] + [
            (str(service.pk), service.name) for service in services
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period must be on or after its start"))
        return cleaned


class InvolvementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(
        label=_("Role"), choices=InvolvementRole.choices, widget=forms.RadioSelect(attrs=RADIOS)
    )
    area = forms.ChoiceField(
        label=_("Involved in"),
        choices=InvolvementArea.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
    )
    description = forms.CharField(label=_("What they do"), required=False, widget=_text(3))
    started_on = GovukDateField(label=_("Start date"))
    ended_on = GovukDateField(label=_("End date (optional)"), required=False)
    recognition = forms.ChoiceField(
        label=_("Payment or recognition"),
        choices=Recognition.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
    )
    accessibility_support = forms.CharField(
        label=_("Accessibility support provided"),
        help_text=_("For example, Easy Read papers, a BSL interpreter, travel with a supporter"),
        required=False,
        widget=_text(3),
    )
    consent_to_record = forms.BooleanField(
        label=_("They agree to their involvement being recorded"),
        error_messages={"required": _("Record involvement only with the person's consent")},
    )
    consent_to_be_named = forms.BooleanField(
        label=_("They agree to be named in reports and publications"), required=False
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = GovukDateField(label=_("Date"))
    format = forms.ChoiceField(
        label=_("Where"), choices=Format.choices, widget=forms.RadioSelect(attrs=RADIOS)
    )
    place = forms.CharField(label=_("Place (optional)"), max_length=200, required=False)
    service = forms.ModelChoiceField(
        label=_("Service (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not about one service"),
    )
    attendees = forms.IntegerField(
        label=_("How many people were there"),
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter how many people were there"),
            "min_value": _("Enter a number of people of 1 or more"),
            "invalid": _("Enter the number of people as a whole number, like 12"),
        },
    )
    groups = forms.CharField(
        label=_("Who was there, as groups"),
        help_text=_("One group a line, for example 'people with learning disabilities', 'carers'"),
        required=False,
        widget=_text(3),
    )
    names = forms.CharField(
        label=_("Names (optional)"),
        help_text=_("Only with each person's agreement"),
        required=False,
        widget=_text(2),
    )
    what_people_said = forms.CharField(
        label=_("What people said, in their own words"), widget=_text(8)
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"))
        return held_on


class SystemIssueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ThemeForm(forms.Form):
    summary = forms.CharField(label=_("Theme"), max_length=300)
    in_their_words = forms.CharField(
        label=_("What people said about it, in their words"), required=False, widget=_text(4)
    )
    system_issue = SystemIssueChoiceField(
        label=_("System issue it is evidence for (optional)"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, system_issues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system_issue"].queryset = system_issues


class YouSaidWeDidForm(forms.Form):
    you_said = forms.CharField(label=_("You said"), widget=_text(3))
    we_did = forms.CharField(label=_("We did"), required=False, widget=_text(4))
    done_by = forms.CharField(label=_("Done by"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, widget=forms.RadioSelect(attrs=RADIOS)
    )
    status_on = GovukDateField(label=_("Date of this status"))
    easy_read_summary = forms.CharField(
        label=_("Easy Read summary"),
        help_text=_("Short sentences and everyday words. Needed before publishing."),
        required=False,
        widget=_text(3),
    )
    is_published = forms.BooleanField(
        label=_("Publish on our public 'You said, we did' page"), required=False
    )


class SelfAssessmentForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the year, like 2026"),
            "min_value": _("Enter a year from 2000"),
            "max_value": _("Enter a year up to 2100"),
            "invalid": _("Enter the year as 4 numbers, like 2026"),
        },
    )
    assessed_with = forms.CharField(
        label=_("Who took part"),
        help_text=_("For example, the people's panel and the management committee"),
        required=False,
        widget=_text(2),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=_text(3))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in DIMENSIONS:
            self.fields[field] = forms.TypedChoiceField(
                label=label,
                choices=Level.choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
                error_messages={"required": _("Choose how far this is true")},
            )
        order = ["year", *[field for field, _label in DIMENSIONS], "assessed_with", "notes"]
        self.order_fields(order)
