"""Forms for challenges. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.core import nations
from heard.core.text import plural
from heard.design_system.fields import GovukDateField
from heard.design_system.forms import date_hint, not_in_future

from .models import ANSWERED_OUTCOMES, ESCALATABLE_OUTCOMES, Challenge, Level, Outcome, Subject
from .presenters import LEVEL_NAMES
from .response_times import MAX_DAYS, response_days


def level_choices(organisation, *, above: int = 0, nation=None) -> list[tuple[int, str]]:
    """The levels above ``above``, naming the regulator and ombudsman of ``nation``."""
    days = response_days(organisation)
    return [
        (
            level,
            plural(
                days[level],
                "%(level)s (response due in %(count)s working day)",
                "%(level)s (response due in %(count)s working days)",
                level=label,
            ),
        )
        for level, label in nations.nation_choices(
            "challenges.level", Level.choices, nation or organisation.nation
        )
        if level > above
    ]


class ChallengeDetailsMixin(forms.Form):
    """The fields a new challenge and an escalation share."""

    raised_label = _("Date raised")

    challenged_organisation = forms.CharField(
        label=_("Which organisation are you challenging?"),
        help_text=_("For example, Leeds City Council adult social care, or St Mary's Hospital"),
        max_length=200,
        error_messages={
            "required": _("Enter the organisation you are challenging"),
            "max_length": _("Organisation must be 200 characters or fewer"),
        },
    )
    challenged_role = forms.CharField(
        label=_("Who in that organisation? (optional)"),
        help_text=_("Their role, for example team manager, ward manager or complaints team"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Role must be 200 characters or fewer")},
    )
    summary = forms.CharField(
        label=_("What are you challenging, and why?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what you are challenging and why")},
    )
    raised_on = GovukDateField(
        label=_("When was the challenge made?"), error_label=_("Date raised")
    )
    response_due_on = GovukDateField(
        label=_("When is a response due? (optional)"),
        error_label=_("Response due date"),
        required=False,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_on"].help_text = date_hint()
        self.fields["response_due_on"].help_text = _(
            "Leave empty to use the level's usual response time, counted in working days "
            "from the date raised"
        )
        self.organisation = organisation

    def clean(self):
        cleaned = super().clean()
        not_in_future(self, "raised_on", self.raised_label)
        raised, due = cleaned.get("raised_on"), cleaned.get("response_due_on")
        if raised and due and due < raised:
            self.add_error(
                "response_due_on",
                _("Response due date must be on or after the %(value)s")
                % {"value": self.raised_label.lower()},
            )
        return cleaned


class ChallengeForm(ChallengeDetailsMixin):
    field_order = [
        "issue",
        "level",
        "challenged_organisation",
        "challenged_role",
        "subject",
        "summary",
        "raised_on",
        "response_due_on",
    ]

    issue = forms.ModelChoiceField(
        label=_("Which of the person's issues is it about? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not about one particular issue"),
    )
    level = forms.TypedChoiceField(
        label=_("What level is the challenge?"),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select the level of the challenge")},
    )
    subject = forms.ChoiceField(
        label=_("What are you challenging?"),
        choices=Subject.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select what you are challenging")},
    )

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("raised_on", timezone.localdate())
        super().__init__(*args, organisation=case.organisation, **kwargs)
        self.fields["issue"].queryset = case.issues.order_by("created_at", "id")
        self.fields["issue"].label_from_instance = lambda issue: _short(issue.in_their_words)
        self.fields["level"].choices = level_choices(
            case.organisation, nation=nations.nation_for(case)
        )
        if not case.issues.exists():
            del self.fields["issue"]


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was the outcome?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select the outcome")},
    )
    answered_on = GovukDateField(
        label=_("When did they answer?"),
        error_label=_("Date answered"),
        required=False,
    )
    response = forms.CharField(
        label=_("What did they say? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, challenge: Challenge, **kwargs):
        if challenge.outcome:
            kwargs.setdefault(
                "initial",
                {
                    "outcome": challenge.outcome,
                    "answered_on": challenge.answered_on,
                    "response": challenge.response,
                },
            )
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["answered_on"].help_text = date_hint(_("Leave empty if there was no response."))

    def clean(self):
        cleaned = super().clean()
        outcome, answered = cleaned.get("outcome"), cleaned.get("answered_on")
        if "answered_on" not in self.errors:
            if outcome in ANSWERED_OUTCOMES and not answered:
                self.add_error("answered_on", _("Enter the date they answered"))
            elif outcome == Outcome.NO_RESPONSE and answered:
                self.add_error(
                    "answered_on", _("Leave the date answered empty when there was no response")
                )
            elif answered and answered < self.challenge.raised_on:
                self.add_error(
                    "answered_on", _("Date answered must be on or after the date raised")
                )
            else:
                not_in_future(self, "answered_on", _("Date answered"))
        return cleaned


class EscalateForm(ChallengeDetailsMixin):
    raised_label = _("Date escalated")
    field_order = [
        "previous_outcome",
        "previous_answered_on",
        "level",
        "challenged_organisation",
        "challenged_role",
        "summary",
        "raised_on",
        "response_due_on",
    ]

    previous_outcome = forms.ChoiceField(
        label=_("What happened to the challenge so far?"),
        choices=[(o.value, o.label) for o in Outcome if o in ESCALATABLE_OUTCOMES],
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
    )
    previous_answered_on = GovukDateField(
        label=_("When did they answer?"),
        error_label=_("Date answered"),
        required=False,
    )
    level = forms.TypedChoiceField(
        label=_("Which level are you escalating to?"),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select the level to escalate to")},
    )

    def __init__(self, *args, challenge: Challenge, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("level", challenge.level + 1)
        initial.setdefault("challenged_organisation", challenge.challenged_organisation)
        initial.setdefault("challenged_role", challenge.challenged_role)
        initial.setdefault("summary", challenge.summary)
        initial.setdefault("raised_on", timezone.localdate())
        super().__init__(*args, organisation=challenge.case.organisation, **kwargs)
        self.challenge = challenge
        self.fields["level"].choices = level_choices(
            challenge.case.organisation,
            above=challenge.level,
            nation=nations.nation_for(challenge),
        )
        self.fields["challenged_organisation"].label = _(
            "Which organisation are you escalating to?"
        )
        self.fields["challenged_organisation"].help_text = _(
            "The same organisation for a formal complaint; the regulator, ombudsman or court "
            "at a higher level"
        )
        self.fields["summary"].label = _("What are you escalating, and why?")
        self.fields["summary"].error_messages["required"] = _(
            "Enter what you are escalating and why"
        )
        self.fields["raised_on"].label = _("When was it escalated?")
        self.fields["raised_on"].error_label = self.raised_label
        if challenge.outcome:
            del self.fields["previous_outcome"]
            del self.fields["previous_answered_on"]
        else:
            name = LEVEL_NAMES[Level(challenge.level)].lower()
            self.fields["previous_outcome"].label = _("What happened to the %(name)s?") % {
                "name": name
            }
            self.fields["previous_outcome"].error_messages["required"] = _(
                "Select what happened to the level %(level)s challenge"
            ) % {"level": challenge.level}
            self.fields["previous_answered_on"].help_text = date_hint(
                _("Leave empty if there was no response.")
            )

    def clean(self):
        cleaned = super().clean()
        if "previous_outcome" in self.fields and "previous_answered_on" not in self.errors:
            outcome = cleaned.get("previous_outcome")
            answered = cleaned.get("previous_answered_on")
            if outcome in ANSWERED_OUTCOMES and not answered:
                self.add_error("previous_answered_on", _("Enter the date they answered"))
            elif outcome == Outcome.NO_RESPONSE and answered:
                self.add_error(
                    "previous_answered_on",
                    _("Leave the date answered empty when there was no response"),
                )
            elif answered and answered < self.challenge.raised_on:
                self.add_error(
                    "previous_answered_on", _("Date answered must be on or after the date raised")
                )
            else:
                not_in_future(self, "previous_answered_on", _("Date answered"))
        raised = cleaned.get("raised_on")
        if raised and raised < self.challenge.raised_on and "raised_on" not in self.errors:
            self.add_error(
                "raised_on",
                _("Date escalated must be on or after the date the challenge was first raised"),
            )
        return cleaned


class ResponseTimesForm(forms.Form):
    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        days = response_days(organisation)
        for level, name in LEVEL_NAMES.items():
            label = _("Level %(level)s: %(value)s") % {"level": level, "value": name.lower()}
            self.fields[f"level_{level}"] = forms.IntegerField(
                label=label,
                help_text=_("Working days"),
                min_value=1,
                max_value=MAX_DAYS,
                initial=days[level],
                widget=forms.TextInput(
                    attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
                ),
                error_messages={
                    "required": _("Enter the working days for level %(level)s") % {"level": level},
                    "invalid": _("Working days for level %(level)s must be a whole number")
                    % {"level": level},
                    "min_value": _("Working days for level %(level)s must be 1 or more")
                    % {"level": level},
                    "max_value": _("Working days for level %(level)s must be %(MAX_DAYS)s or fewer")
                    % {"level": level, "MAX_DAYS": MAX_DAYS},
                },
            )

    def days(self) -> dict[int, int]:
        return {level: self.cleaned_data[f"level_{level}"] for level in Level.values}


class ListFilterForm(forms.Form):
    """A list's filter (challenges, safeguarding): what to show, and optionally one case."""

    show = forms.ChoiceField(label=_("Show"), required=False)
    case = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, show_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = show_choices

    def chosen(self) -> tuple[str, int | None]:
        """The chosen filter and case id; unknown values are ignored rather than refused."""
        if self.is_valid():
            return self.cleaned_data["show"] or "", self.cleaned_data["case"]
        return "", None
