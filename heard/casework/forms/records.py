"""Forms for the records inside a case. Field markup comes from the design system renderer."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext_lazy as _

from heard.casework.models import (
    CONTACT_KINDS,
    Activity,
    ActivityKind,
    Case,
    DocumentKind,
    FeltListenedTo,
    Instruction,
    IssueCategory,
    IssueOutcome,
    OutcomeTag,
    SaidBy,
)
from heard.casework.services.activities import check_activity
from heard.casework.services.documents import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_LABEL,
    check_upload,
    max_bytes,
    size_label,
)
from heard.design_system.fields import GovukDateField
from heard.design_system.forms import add_service_errors, date_hint

ACTIVITY_PREFIX = "activity"


# Issues ---------------------------------------------------------------------------------------


class IssueForm(forms.Form):
    in_their_words = forms.CharField(
        label=_("What does the person want to change?"),
        help_text=_(
            "In their own words, as they said it. For non-instructed advocacy, what you "
            "have identified on their behalf"
        ),
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-label--s"}),
        error_messages={"required": _("Enter what the person wants to change")},
    )
    said_by = forms.ChoiceField(
        label=_("Who said this?"),
        choices=SaidBy.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select who said this")},
    )
    category = forms.ChoiceField(
        label=_("Category"),
        help_text=_("Used to count issues across cases in reports"),
        choices=[("", _("Choose a category")), *IssueCategory.choices],
        error_messages={"required": _("Select a category")},
    )

    def __init__(self, *args, case: Case, issue=None, **kwargs):
        if issue is not None:
            kwargs.setdefault(
                "initial",
                {
                    "in_their_words": issue.in_their_words,
                    "said_by": issue.said_by,
                    "category": issue.category,
                },
            )
        else:
            said_by = (
                SaidBy.ADVOCATE if case.instruction == Instruction.NON_INSTRUCTED else SaidBy.PERSON
            )
            kwargs.setdefault("initial", {"said_by": said_by})
        super().__init__(*args, **kwargs)


class IssueOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was the outcome?"),
        choices=IssueOutcome.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={"required": _("Select the outcome")},
    )
    outcome_tags = forms.MultipleChoiceField(
        label=_("What else came of it?"),
        help_text=_("Select all that apply"),
        choices=OutcomeTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"invalid_choice": _("Select outcome tags from the list")},
    )
    outcome_note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("What happened, in a sentence or two"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome_in_their_words = forms.CharField(
        label=gettext_lazy("What did the person say about the outcome? (optional)"),
        help_text=gettext_lazy(
            "In their own words, as near as you can. This stays on the case and in what the "
            "person can ask to see: it never goes into a report."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    felt_listened_to = forms.ChoiceField(
        label=gettext_lazy("Did the person feel listened to? (optional)"),
        help_text=gettext_lazy("Their answer, not yours."),
        choices=FeltListenedTo.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={
            "invalid_choice": gettext_lazy("Select whether the person felt listened to")
        },
    )

    def __init__(self, *args, issue, **kwargs):
        if issue.outcome:
            kwargs.setdefault(
                "initial",
                {
                    "outcome": issue.outcome,
                    "outcome_tags": issue.outcome_tags,
                    "outcome_note": issue.outcome_note,
                    "outcome_in_their_words": issue.outcome_in_their_words,
                    "felt_listened_to": issue.felt_listened_to,
                },
            )
        super().__init__(*args, **kwargs)


# Activities -----------------------------------------------------------------------------------

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
TIME_HELP = _("Use the 24-hour clock, for example 14:30")


def parse_time(text: str) -> dt.time:
    """'14:30', '9.05', '2:30pm', '9am' -> a time; ValueError when it is not a real time."""
    match = _TIME.match(text.strip().lower().replace(" ", ""))
    if not match:
        raise ValueError(text)
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = match["half"]
    if half is None and match["minute"] is None:
        raise ValueError(text)  # "14" alone is ambiguous: ask for minutes
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    return dt.time(hour, minute)  # ValueError for 25:00 or 10:75


def _minutes_field(label: str, *, required: bool, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter %(value)s, or 0") % {"value": label.lower()},
            "invalid": _("%(label)s must be a whole number, like 45") % {"label": label},
            "min_value": _("%(label)s must be 0 or more") % {"label": label},
        },
    )


_NEW_FORM_MARKUP: dict[tuple[str, dt.date], str] = {}


class ActivityForm(forms.Form):
    """Quick enough to add from the case page; the same form makes the full page."""

    kind = forms.ChoiceField(
        label=_("Type of activity"),
        choices=ActivityKind.choices,
        error_messages={"required": _("Select the type of activity")},
    )
    date = GovukDateField(
        label=_("Date"),
        error_label=_("Date of the activity"),
        help_text=_("For example, 27 3 2025"),
    )
    time = forms.CharField(
        label=_("Time"),
        help_text=TIME_HELP,
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={"required": _("Enter the time of the activity, for example 14:30")},
    )
    minutes = _minutes_field(
        _("Minutes spent"), required=True, help_text=_("Not counting travel, in whole minutes")
    )
    travel_minutes = _minutes_field(
        _("Travel minutes"), required=False, help_text=_("Leave blank if there was no travel")
    )
    with_person = forms.BooleanField(
        label=_("This was contact with the person"),
        help_text=_("Tick for a visit, call or meeting with the person themselves"),
        required=False,
    )
    present = forms.CharField(
        label=_("Who else was there (optional)"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Who else was there must be 300 characters or fewer")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args,
        case: Case,
        activity: Activity | None = None,
        autofocus: bool = False,
        **kwargs,
    ):
        self.case = case
        # A new form: nothing posted, today's defaults. Its markup is every case's and person's.
        self.is_new = not args and not kwargs and activity is None and not autofocus
        kwargs.setdefault("prefix", ACTIVITY_PREFIX)
        if activity is not None:
            at = timezone.localtime(activity.occurred_at)
            initial = {
                "kind": activity.kind,
                "date": at.date(),
                "time": f"{at:%H:%M}",
                "minutes": activity.minutes,
                "travel_minutes": activity.travel_minutes,
                "with_person": activity.with_person,
                "present": activity.present,
                "note": activity.note,
            }
        else:
            # Most activities are visits and calls: contact with the person is ticked.
            initial = {
                "kind": ActivityKind.VISIT,
                "date": timezone.localdate(),
                "with_person": ActivityKind.VISIT in CONTACT_KINDS,
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if autofocus:  # the form for the next activity, after one is added through htmx
            self.fields["kind"].widget.attrs["autofocus"] = True

    def field_groups(self) -> str:
        """Every field's GOV.UK group, in order, as the case page's quick-add form shows them.

        A new form renders the same for every case and every person on a given day and in a
        given language (no personal data in it), and the case page renders one on every view,
        so its markup is kept per process for the latest language and day. A posted form, or
        one holding an activity, renders afresh.
        """
        if not self.is_new or any(  # a field changed after it was made: not the shared form
            field.widget.attrs != self.base_fields[name].widget.attrs
            for name, field in self.fields.items()
        ):
            return self._render_field_groups()
        key = (get_language(), timezone.localdate())
        markup = _NEW_FORM_MARKUP.get(key)
        if markup is None:
            markup = self._render_field_groups()
            if len(_NEW_FORM_MARKUP) >= 4:  # a language or two, today and yesterday
                _NEW_FORM_MARKUP.clear()
            _NEW_FORM_MARKUP[key] = markup
        return markup

    def _render_field_groups(self) -> str:
        return mark_safe("".join(self[name].as_field_group() for name in self.fields))  # noqa: S308

    def clean_time(self):
        try:
            return parse_time(self.cleaned_data["time"])
        except ValueError:
            raise ValidationError(
                _("Enter a real time, using the 24-hour clock, for example 14:30")
            ) from None

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise ValidationError(_("Date of the activity must be today or in the past"))
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("travel_minutes") is None and "travel_minutes" not in self.errors:
            cleaned["travel_minutes"] = 0
        day, time = cleaned.get("date"), cleaned.get("time")
        if day and time:
            cleaned["occurred_at"] = timezone.make_aware(dt.datetime.combine(day, time))
        try:
            check_activity({k: v for k, v in cleaned.items() if k not in self.errors})
        except ValidationError as error:
            add_service_errors(self, error, {"occurred_at": "time"})
        return cleaned

    def activity_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "occurred_at": data["occurred_at"],
            "minutes": data["minutes"],
            "travel_minutes": data["travel_minutes"],
            "with_person": data["with_person"],
            "present": data["present"].strip(),
            "note": data["note"].strip(),
        }


# Tasks ----------------------------------------------------------------------------------------


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("What needs doing?"),
        max_length=200,
        error_messages={
            "required": _("Enter what needs doing"),
            "max_length": _("What needs doing must be 200 characters or fewer"),
        },
    )
    due_on = GovukDateField(label=_("Due date"), help_text=date_hint())
    assigned_to = forms.ChoiceField(label=_("Who will do it?"), required=False)

    def __init__(self, *args, case: Case, members, task=None, **kwargs):
        self.members = {str(m.pk): m for m in members}
        if task is not None:
            initial = {
                "title": task.title,
                "due_on": task.due_on,
                "assigned_to": str(task.assigned_to_id or ""),
            }
        else:
            initial = {"assigned_to": str(case.allocated_to_id or "")}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [
            ("", _("Nobody yet")),
            *[(pk, m.user.full_name) for pk, m in self.members.items()],
        ]
        self.fields["assigned_to"].error_messages["invalid_choice"] = _(
            "Choose someone from the list"
        )

    def clean_assigned_to(self):
        return self.members.get(self.cleaned_data["assigned_to"])


# Documents ------------------------------------------------------------------------------------


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        help_text=_("For example, Letter to the care home about visiting"),
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("Title must be 200 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        choices=DocumentKind.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select what kind of document it is")},
    )
    file = forms.FileField(
        label=_("Upload a file"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a file"),
        },
    )

    def __init__(self, *args, upload_refused=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(kinds)s. Smaller than %(size)s") % {
            "kinds": ACCEPTED_LABEL,
            "size": size_label(max_bytes()),
        }
        if upload_refused:
            # The upload was stopped part-way (heard.core.uploads): say why it is missing.
            self.fields["file"].error_messages["required"] = _(
                "The selected file must be smaller than %(size)s"
            ) % {"size": size_label(max_bytes())}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.file_type = check_upload(uploaded)
        return uploaded


# The time report ------------------------------------------------------------------------------


class TimeReportForm(forms.Form):
    start = GovukDateField(
        label=_("From"), error_label=_("Start date"), help_text=_("For example, 1 4 2025")
    )
    end = GovukDateField(
        label=_("To"), error_label=_("End date"), help_text=_("For example, 30 6 2025")
    )
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [
            ("", _("All services")),
            *[(pk, s.name) for pk, s in self.services.items()],
        ]
        self.fields["service"].error_messages["invalid_choice"] = _(
            "Choose a service from the list"
        )

    def clean_service(self):
        return self.services.get(self.cleaned_data["service"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("End date must be the same as or after the start date"))
        return cleaned


# Entered in error -----------------------------------------------------------------------------


class EnteredInErrorForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why was this entered in error?"),
        help_text=gettext_lazy(
            "For example, recorded twice, or recorded on the wrong case. It stays in the "
            "record, crossed out, and no longer counts in totals and reports."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Enter why this was entered in error"),
            "max_length": gettext_lazy("The reason must be 1000 characters or fewer"),
        },
    )
