"""The triage decision form: one question (the decision), and the questions each decision needs.

The decision is GOV.UK radios with conditionally revealed questions. Without
JavaScript every question is visible, so only the chosen decision's questions
are validated; anything typed into the others is kept, never an error.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.casework.models import Priority
from heard.core.advocacy_types import AdvocacyType
from heard.core.dates import long_date
from heard.design_system.fields import GovukDateField
from heard.design_system.forms import add_service_errors
from heard.referrals.models import Decision, DeclineReason, Referral
from heard.referrals.presenters.triage import EligibilityPresenter, type_label

NEW_PERSON = "new"
OTHER_PERSON = "other"
_REFERENCE_RE = re.compile(r"^P?\s*(\d{1,9})$", re.IGNORECASE)

#: The questions revealed under each decision, in page order.
DECISION_FIELDS = {
    Decision.ACCEPT: [
        "accept_person",
        "accept_person_reference",
        "accept_last_name",
        "accept_service",
        "accept_advocacy_type",
        "accept_priority",
    ],
    Decision.DECLINE: ["decline_reason", "decline_note"],
    Decision.SIGNPOST: ["signpost_to", "signpost_note"],
    Decision.AWAIT_INFORMATION: ["await_note", "await_chase_on"],
    Decision.WITHDRAW: ["withdraw_note"],
}


def conditional_id(value: str) -> str:
    return f"conditional-decision-{value.replace('_', '-')}"


class ConditionalRadioSelect(forms.RadioSelect):
    """Radios whose options point at the content they reveal (``data-aria-controls``).

    govuk-frontend's radios script turns that into ``aria-controls`` and hides the
    content of unchosen options; without the script everything stays visible.
    """

    def __init__(self, *args, conditionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conditionals = conditionals or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.conditionals:
            option["attrs"]["data-aria-controls"] = self.conditionals[str(value)]
        return option


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What have you decided?"),
        help_text=_("Answer only the questions under your decision"),
        choices=Decision.choices,
        widget=ConditionalRadioSelect(
            attrs={"class": "govuk-fieldset__legend--m"},
            conditionals={value: conditional_id(value) for value in Decision.values},
        ),
        error_messages={"required": _("Select what you have decided")},
    )
    # Accept
    accept_person = forms.ChoiceField(
        label=_("Who is this referral for?"),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"invalid_choice": _("Select who this referral is for")},
    )
    accept_person_reference = forms.CharField(
        label=_("Reference of the person already on record"),
        help_text=_("Only if it is someone else already on record. For example, P000123"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    accept_last_name = forms.CharField(
        label=_("Their last name, for the new person record"),
        help_text=_("The referral did not give one"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    accept_service = forms.ChoiceField(label=_("Service"), required=False)
    accept_advocacy_type = forms.ChoiceField(
        label=_("Type of advocacy"),
        help_text=_("It must be one the service delivers"),
        required=False,
    )
    accept_priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-fieldset__legend--s"}),
    )
    # Decline
    decline_reason = forms.ChoiceField(
        label=_("Why is it declined?"),
        choices=DeclineReason.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
    )
    decline_note = forms.CharField(
        label=_("Note about declining"),
        help_text=_("Required if the reason is other"),
        required=False,
        widget=_textarea(),
    )
    # Signpost
    signpost_to = forms.CharField(
        label=_("Who have they been signposted to?"),
        help_text=_("For example, Citizens Advice Leeds"),
        required=False,
        max_length=200,
    )
    signpost_note = forms.CharField(
        label=_("Note about signposting (optional)"), required=False, widget=_textarea()
    )
    # Await information
    await_note = forms.CharField(
        label=_("What information is needed?"),
        help_text=_("And who it is needed from"),
        required=False,
        widget=_textarea(),
    )
    await_chase_on = GovukDateField(
        label=_("When will you chase it?"),
        error_label=_("Chase date"),
        help_text=_("Today or later. For example, 3 12 2026"),
        required=False,
    )
    # Withdrawn
    withdraw_note = forms.CharField(
        label=_("Who withdrew it, and why?"),
        help_text=_("For example, the ward manager rang: the person has been discharged home"),
        required=False,
        widget=_textarea(),
    )

    def __init__(
        self,
        data=None,
        *,
        referral: Referral,
        services: list,
        duplicates: list,
        people,
        today: dt.date | None = None,
    ):
        self.referral = referral
        self.services = {str(service.pk): service for service in services}
        self.duplicates = {str(person.pk): person for person in duplicates}
        self.people = people
        self.today = today or timezone.localdate()
        super().__init__(data, initial=self._initial())
        if referral.last_name:
            del self.fields["accept_last_name"]
        self.fields["accept_person"].choices = [
            *[(pk, self._duplicate_label(person)) for pk, person in self.duplicates.items()],
            (NEW_PERSON, _("A new person: create their record from this referral")),
            (OTHER_PERSON, _("Someone else already on record")),
        ]
        self.fields["accept_service"].choices = [
            ("", _("Choose a service")),
            *[(pk, service.name) for pk, service in self.services.items()],
        ]
        offered = {code for service in services for code in service.advocacy_types}
        self.fields["accept_advocacy_type"].choices = [
            ("", _("Choose a type of advocacy")),
            *[(code, label) for code, label in AdvocacyType.choices if code in offered],
        ]

    @staticmethod
    def _duplicate_label(person) -> str:
        born = long_date(person.date_of_birth) if person.date_of_birth else "unknown"
        where = f", {person.postcode}" if person.postcode else ""
        return f"{person.full_name} ({person.reference}), born {born}{where}"

    def _initial(self) -> dict:
        referral = self.referral
        offered = [code for service in self.services.values() for code in service.advocacy_types]
        wanted = [*(referral.requested_types or [])]
        wanted += EligibilityPresenter(referral.eligibility_result).eligible_types()
        initial = {
            "accept_priority": Priority.URGENT
            if getattr(referral, "is_urgent", False) or referral.urgent_reason.strip()
            else Priority.STANDARD,
            "accept_advocacy_type": next((code for code in wanted if code in offered), ""),
        }
        if len(self.services) == 1:
            initial["accept_service"] = next(iter(self.services))
        if not self.duplicates:
            initial["accept_person"] = NEW_PERSON
        return initial

    def decision_options(self) -> list[dict]:
        """Each decision radio with the questions it reveals, for the template."""
        field = self["decision"]
        options = []
        for option in field.subwidgets:
            value = str(option.data["value"])
            options.append(
                {
                    "option": option,
                    "conditional_id": conditional_id(value),
                    "fields": [
                        self[name] for name in DECISION_FIELDS[value] if name in self.fields
                    ],
                }
            )
        return options

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        # Only the chosen decision's questions count: drop errors typed into the others.
        relevant = set(DECISION_FIELDS.get(decision, []))
        for names in DECISION_FIELDS.values():
            for name in names:
                if name not in relevant and self._errors and name in self._errors:
                    del self._errors[name]
        check = {
            Decision.ACCEPT: self._clean_accept,
            Decision.DECLINE: self._clean_decline,
            Decision.SIGNPOST: self._clean_signpost,
            Decision.AWAIT_INFORMATION: self._clean_await,
            Decision.WITHDRAW: self._clean_withdraw,
        }.get(decision)
        if check:
            check(cleaned)
        return cleaned

    def _require(self, cleaned, name, message) -> bool:
        if name in self._errors:
            return False
        value = cleaned.get(name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            self.add_error(name, message)
            return False
        return True

    def _clean_accept(self, cleaned):
        if self._require(cleaned, "accept_person", _("Select who this referral is for")):
            choice = cleaned["accept_person"]
            if choice == OTHER_PERSON:
                self._clean_other_person(cleaned)
            elif choice != NEW_PERSON:
                cleaned["person"] = self.duplicates.get(choice)
            else:
                cleaned["person"] = None
                if "accept_last_name" in self.fields:
                    self._require(cleaned, "accept_last_name", _("Enter their last name"))
        service = None
        if self._require(cleaned, "accept_service", _("Select a service")):
            service = self.services.get(cleaned["accept_service"])
        advocacy_type = cleaned.get("accept_advocacy_type")
        if (
            self._require(cleaned, "accept_advocacy_type", _("Select the type of advocacy"))
            and service is not None
            and advocacy_type not in service.advocacy_types
        ):
            offered = ", ".join(type_label(code) for code in service.advocacy_types)
            self.add_error(
                "accept_advocacy_type",
                _("%(name)s does not deliver %(type_label)s. Choose one it does: %(offered)s")
                % {
                    "name": service.name,
                    "type_label": type_label(advocacy_type),
                    "offered": offered,
                },
            )
        cleaned["service"] = service
        self._require(cleaned, "accept_priority", _("Select a priority"))

    def _clean_other_person(self, cleaned):
        if not self._require(
            cleaned, "accept_person_reference", _("Enter the reference of the person on record")
        ):
            return
        text = cleaned["accept_person_reference"].strip()
        match = _REFERENCE_RE.match(text)
        person = None
        if match:
            person = self.people.filter(reference=f"P{int(match.group(1)):06d}").first()
        if person is None:
            self.add_error(
                "accept_person_reference",
                _("There is no person with reference %(value)s in your organisation")
                % {"value": text.upper()},
            )
        cleaned["person"] = person

    def _clean_decline(self, cleaned):
        self._require(cleaned, "decline_reason", _("Select why the referral is declined"))
        if cleaned.get("decline_reason") == DeclineReason.OTHER:
            self._require(cleaned, "decline_note", _("Enter why the referral is declined"))

    def _clean_signpost(self, cleaned):
        self._require(cleaned, "signpost_to", _("Enter who the person was signposted to"))

    def _clean_withdraw(self, cleaned):
        self._require(cleaned, "withdraw_note", _("Enter who withdrew the referral and why"))

    def _clean_await(self, cleaned):
        self._require(cleaned, "await_note", _("Enter what information is needed"))
        if (
            self._require(cleaned, "await_chase_on", _("Enter the date to chase the information"))
            and cleaned["await_chase_on"] < self.today
        ):
            self.add_error("await_chase_on", _("Chase date must be today or in the future"))

    # Service errors come back keyed by model field; say which question they belong to.
    SERVICE_FIELDS = {
        Decision.ACCEPT: {
            "person": "accept_person",
            "last_name": "accept_last_name",
            "service": "accept_service",
            "advocacy_type": "accept_advocacy_type",
            "priority": "accept_priority",
        },
        Decision.DECLINE: {"note": "decline_note", "decline_reason": "decline_reason"},
        Decision.SIGNPOST: {"signposted_to": "signpost_to", "note": "signpost_note"},
        Decision.AWAIT_INFORMATION: {"note": "await_note", "chase_on": "await_chase_on"},
        Decision.WITHDRAW: {"note": "withdraw_note"},
    }

    def add_service_errors(self, error) -> None:
        """Show a service's ``ValidationError`` beside the question it is about."""
        mapping = self.SERVICE_FIELDS.get(self.cleaned_data.get("decision"), {})
        add_service_errors(self, error, mapping, only_mapped=True, name_unknown=True)


class ReferralFilterForm(forms.Form):
    """The referrals list: search by reference or name, and which statuses to show."""

    q = forms.CharField(label=_("Search referrals"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, status_choices, reference_example: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices
        self.fields["q"].help_text = _(
            "Reference (like %(example)s, or just its number) or the person's name"
        ) % {"example": reference_example}
