"""Forms for the case list, the case page's status changes, allocation, details and conflicts.

Field markup comes from the design system renderer. The forms check what a person
typed; whether a status change is allowed is the lifecycle's decision, and its
refusals are put beside the field they concern (``heard.design_system.forms.add_service_errors``).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from heard.casework.models import (
    ClosureReason,
    ConflictKind,
    DolsAuthorisation,
    Instruction,
    NonInstructedApproach,
    PreAllocationClosureReason,
    Status,
)
from heard.casework.presenters.cases import CandidateChoice, staff_name
from heard.casework.selectors.cases import ALL, OPEN, UNALLOCATED
from heard.casework.services.allocation import MAX_WEIGHT
from heard.casework.services.cases import DETAIL_FIELDS
from heard.core import nations
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.design_system.fields import GovukDateField
from heard.design_system.forms import date_hint
from heard.design_system.widgets import FlatChoices, ManyOptionsSelect


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class CaseFilterForm(forms.Form):
    # Every caseworker is an option of the advocate filter; the list shows this form on every
    # page, so each select's options are joined in Python, not one template render each.
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open cases")), *Status.choices, (ALL, _("All cases"))],
        widget=ManyOptionsSelect,
    )
    service = forms.ChoiceField(label=_("Service"), required=False, widget=ManyOptionsSelect)
    advocate = forms.ChoiceField(label=_("Advocate"), required=False, widget=ManyOptionsSelect)
    advocacy_type = forms.ChoiceField(
        label=_("Type of advocacy"),
        required=False,
        choices=[("", _("All types")), *AdvocacyType.choices],
        widget=ManyOptionsSelect,
    )

    def __init__(self, *args, services=(), staff=(), nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nation is not None:
            self.fields["advocacy_type"].choices = [
                ("", _("All types")),
                *nations.advocacy_type_choices(nation),
            ]
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [
            ("", _("All services")),
            *[(pk, s.name) for pk, s in self.services.items()],
        ]
        left = gettext("%(name)s (left)")  # translated once, not per member of staff
        self.fields["advocate"].choices = FlatChoices(
            [
                ("", gettext("Anyone")),
                (UNALLOCATED, gettext("Not allocated")),
                *[
                    (pk, name if is_active else left % {"name": name})
                    for pk, name, is_active in staff
                ],
            ]
        )

    def filters(self) -> dict:
        """The valid filters; a choice that is not on the list is ignored, not an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        service = self.services.get(data.get("service") or "")
        return {
            "status": data.get("status") or OPEN,
            "service_id": service.pk if service else None,
            "advocate": data.get("advocate") or "",
            "advocacy_type": data.get("advocacy_type") or "",
        }


class AdvocateChoiceField(forms.ChoiceField):
    """Radios with each advocate's caseload, capacity and conflicts as the option's hint."""

    def __init__(self, *, candidates, wants_welsh=False, **kwargs):
        self.candidates = {str(c.membership.pk): c for c in candidates}
        super().__init__(
            choices=[
                (pk, CandidateChoice(c, wants_welsh=wants_welsh))
                for pk, c in self.candidates.items()
            ],
            widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
            template_name="casework/cases/_advocate_radios.html",
            **kwargs,
        )


class AllocateForm(forms.Form):
    """Allocate (from waiting) or reallocate (from allocated) a case to an advocate."""

    def __init__(
        self,
        *args,
        candidates,
        reallocating: bool,
        show_override: bool,
        wants_welsh: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.reallocating = reallocating
        self.fields["advocate"] = AdvocateChoiceField(
            candidates=candidates,
            wants_welsh=wants_welsh,
            label=_("Who should be the advocate?")
            if not reallocating
            else _("Who should take over?"),
            help_text=(
                _(
                    "Caseloads are weighted by type of advocacy. Going over capacity is allowed; "
                    "a declared conflict of interest needs a reason to override it."
                )
            ),
            error_messages={
                "required": _("Select an advocate"),
                "invalid_choice": _("Select an advocate"),
            },
        )
        if reallocating:
            self.fields["reason"] = forms.CharField(
                label=_("Why is the case being reallocated?"),
                help_text=_("This is kept in the case's history"),
                widget=_textarea(),
                error_messages={"required": _("Enter why the case is being reallocated")},
            )
        else:
            self.fields["note"] = forms.CharField(
                label=_("Anything to note about this allocation (optional)"),
                required=False,
                widget=_textarea(3),
            )
        if show_override:
            self.fields["override_reason"] = forms.CharField(
                label=gettext_lazy(
                    "Reason to override a conflict of interest or readiness (optional)"
                ),
                help_text=gettext_lazy(
                    "Only if you choose someone with a declared conflict, or who is not signed off "
                    "or qualified for this type of advocacy. Say why they can still take it: the "
                    "override is kept in the audit log"
                ),
                required=False,
                widget=_textarea(3),
            )

    def chosen(self):
        return self.fields["advocate"].candidates[self.cleaned_data["advocate"]]


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case going on hold?"),
        help_text=_("For example, the person is in hospital, or a decision is awaited"),
        widget=_textarea(),
        error_messages={"required": _("Enter why the case is going on hold")},
    )
    review_date = GovukDateField(
        label=_("When should the case be reviewed?"),
        error_label=_("Review date"),
        help_text=date_hint(),
    )


class ReasonForm(forms.Form):
    """One reason in the person's own words (deallocate, reopen)."""

    def __init__(self, *args, label: str, required_message: str, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=label,
            help_text=hint,
            widget=_textarea(),
            error_messages={"required": required_message},
        )


class ResumeForm(forms.Form):
    note = forms.CharField(
        label=_("Anything to note about resuming the case (optional)"),
        required=False,
        widget=_textarea(3),
    )


class CloseForm(forms.Form):
    """Close a case: pre-allocation reasons for a waiting case, closure reasons otherwise."""

    def __init__(self, *args, before_allocation: bool, loose_ends=(), **kwargs):
        super().__init__(*args, **kwargs)
        if loose_ends:
            self.fields["confirm_loose_ends"] = forms.BooleanField(
                label=gettext_lazy("Close the case with these still open"),
                help_text=gettext_lazy("Your confirmation is kept in the case's history"),
                required=False,
            )
        choices = (PreAllocationClosureReason if before_allocation else ClosureReason).choices
        self.fields["reason"] = forms.ChoiceField(
            label=_("Why is the case closing?"),
            choices=choices,
            widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
            error_messages={"required": _("Select why the case is closing")},
        )
        self.fields["note"] = forms.CharField(
            label=_("Closing note"),
            help_text=(
                _("Optional")
                if before_allocation
                else _("Needed if you chose Other: say why the case is closing")
            ),
            required=False,
            widget=_textarea(),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ClosureReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Enter why the case is closing"))
        return cleaned


class CaseDetailsForm(forms.Form):
    """How the advocacy is done, the facts deadlines are generated from, and restriction."""

    instruction = forms.ChoiceField(
        label=_("Can the person instruct their advocate?"),
        choices=Instruction.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={
            "required": _("Select whether the advocacy is instructed or non-instructed")
        },
    )
    non_instructed_approaches = forms.MultipleChoiceField(
        label=_("Approaches used (non-instructed advocacy)"),
        help_text=_("Select all that apply. Leave empty for instructed advocacy"),
        choices=NonInstructedApproach.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-fieldset__legend--s"}),
    )
    dols_authorisation = forms.ChoiceField(
        label=_("Deprivation of Liberty Safeguards (DoLS) authorisation"),
        choices=[("", _("None")), *DolsAuthorisation.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
    )
    dols_authorised_on = GovukDateField(
        label=_("When was the DoLS authorisation given?"),
        error_label=_("Date the authorisation was given"),
        help_text=date_hint(),
        required=False,
    )
    dols_expires_on = GovukDateField(
        label=_("When does the DoLS authorisation end?"),
        error_label=_("Date the authorisation ends"),
        help_text=date_hint(_("The last day it is in force.")),
        required=False,
    )
    decision_date = GovukDateField(
        label=_("When will the decision be made?"),
        error_label=_("Decision date"),
        help_text=date_hint(_("For an IMCA: the report is due before the decision.")),
        required=False,
    )
    care_act_review_on = GovukDateField(
        label=_("When is the Care Act review?"),
        error_label=_("Care Act review date"),
        help_text=date_hint(),
        required=False,
    )
    nation = forms.TypedChoiceField(
        label=_("Where is the person?"),
        help_text=_(
            "For IMHA, where the hospital is. This decides which nation's law and bodies the "
            "case's safeguarding and challenges name."
        ),
        choices=[("", _("Where the service works")), *Nation.choices],
        required=False,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
    )

    def __init__(self, *args, managers=None, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nation is not None:
            review = nations.term("care.review", nation)
            field = self.fields["care_act_review_on"]
            field.label = _("When is the %(review)s?") % {"review": review}
            field.error_label = _("%(review)s date") % {"review": review}
        self.managers = None
        if managers is not None:
            self.managers = {str(m.pk): m for m in managers}
            self.fields["is_restricted"] = forms.BooleanField(
                label=_("Restrict this case"),
                help_text=(
                    _(
                        "For example, when the person is a relative of a staff member. Only its "
                        "advocate and the managers named below can open it; everyone else sees "
                        "\u201cRestricted case\u201d, its reference, status and type"
                    )
                ),
                required=False,
            )
            self.fields["restricted_managers"] = forms.MultipleChoiceField(
                label=_("Managers who may open the case while it is restricted"),
                choices=[(pk, staff_name(m)) for pk, m in self.managers.items()],
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-fieldset__legend--s"}),
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("instruction") == Instruction.NON_INSTRUCTED and not cleaned.get(
            "non_instructed_approaches"
        ):
            self.add_error("non_instructed_approaches", _("Select the approach or approaches used"))
        if (
            self.managers is not None
            and cleaned.get("is_restricted")
            and not cleaned.get("restricted_managers")
        ):
            self.add_error(
                "restricted_managers",
                _("Name at least one manager who may open the case while it is restricted"),
            )
        return cleaned

    def service_data(self) -> dict:
        data = {field: self.cleaned_data.get(field) for field in DETAIL_FIELDS}
        if self.managers is not None:
            data["is_restricted"] = bool(self.cleaned_data.get("is_restricted"))
        return data

    @staticmethod
    def initial_for(case) -> dict:
        initial = {field: getattr(case, field) for field in DETAIL_FIELDS}
        initial["is_restricted"] = case.is_restricted
        initial["restricted_managers"] = [str(m.pk) for m in case.restricted_managers.all()]
        return initial

    def chosen_managers(self):
        if self.managers is None:
            return None
        return [self.managers[pk] for pk in self.cleaned_data.get("restricted_managers", [])]


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who is the conflict of interest with?"),
        choices=ConflictKind.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={"required": _("Select who the conflict of interest is with")},
    )
    person_reference = forms.CharField(
        label=_("The person's reference"),
        help_text=_("If the conflict is with a person Heard supports. For example, P000123"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("Family name or provider's name"),
        help_text=(
            _(
                "If the conflict is with a family (their last name), a provider such as a care "
                "home, ward or agency, or a commissioner such as a council or health board"
            )
        ),
        required=False,
        max_length=200,
    )
    description = forms.CharField(
        label=_("What is the conflict? (optional)"),
        help_text=_("For example, my sister works at this care home"),
        required=False,
        widget=_textarea(3),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        reference = cleaned.get("person_reference", "").strip().upper()
        cleaned["person"] = None
        if kind == ConflictKind.PERSON:
            if not reference:
                self.add_error("person_reference", _("Enter the person's reference"))
            else:
                person = self.people.filter(reference=reference).first()
                if person is None:
                    self.add_error(
                        "person_reference",
                        _("No one supported by your organisation has reference %(reference)s")
                        % {"reference": reference},
                    )
                cleaned["person"] = person
        elif (
            kind in (ConflictKind.FAMILY, ConflictKind.PROVIDER, ConflictKind.COMMISSIONER)
            and not cleaned.get("name", "").strip()
        ):
            self.add_error(
                "name",
                {
                    ConflictKind.FAMILY: "Enter the family name",
                    ConflictKind.COMMISSIONER: "Enter the commissioner's name",
                }.get(kind, "Enter the provider's name"),
            )
        return cleaned


class CaseloadWeightsForm(forms.Form):
    """One weight per advocacy type: how much a case of that type counts towards a caseload."""

    def __init__(self, *args, weights: dict[str, Decimal], nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the advocacy that exists under the organisation's law (the others keep theirs).
        types = nations.advocacy_type_choices(nation) if nation else AdvocacyType.choices
        for code, label in types:
            self.fields[code] = forms.DecimalField(
                label=label,
                initial=format(weights[code].normalize(), "f"),
                min_value=Decimal("0"),
                max_value=MAX_WEIGHT,
                max_digits=4,
                decimal_places=2,
                localize=False,
                widget=forms.TextInput(
                    attrs={
                        "class": "govuk-input--width-4",
                        "inputmode": "decimal",
                        "spellcheck": "false",
                    }
                ),
                error_messages={
                    "required": _("Enter a weight for %(label)s") % {"label": label},
                    "invalid": _("Enter the weight for %(label)s as a number, like 1 or 1.5")
                    % {"label": label},
                    "min_value": _("The weight for %(label)s must be 0 or more") % {"label": label},
                    "max_value": _("The weight for %(label)s must be %(MAX_WEIGHT)s or less")
                    % {"label": label, "MAX_WEIGHT": MAX_WEIGHT},
                    "max_digits": _("Enter the weight for %(label)s with up to 2 decimal places")
                    % {"label": label},
                    "max_decimal_places": _(
                        "Enter the weight for %(label)s with up to 2 decimal places"
                    )
                    % {"label": label},
                    "max_whole_digits": _("The weight for %(label)s must be %(MAX_WEIGHT)s or less")
                    % {"label": label, "MAX_WEIGHT": MAX_WEIGHT},
                },
            )
