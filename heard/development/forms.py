"""Forms for advocates' development. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.core import nations
from heard.core.advocacy_types import AdvocacyType
from heard.design_system.fields import GovukDateField

from .models import (
    BarrierKind,
    Feeling,
    InductionStage,
    SignOffBy,
    SupervisionKind,
    Theme,
    TrainingKind,
    TrainingStatus,
)

RADIOS = {"class": "govuk-fieldset__legend--s"}


def _text(rows=4):
    return forms.Textarea(attrs={"rows": rows})


def _types_of(form, name, nation) -> None:
    """Offer only the advocacy that exists under the organisation's law (no Care Act in Wales),
    keeping any type the record already has."""
    if nation is None:
        return
    initial = form.initial.get(name) or ()
    kept = [initial] if isinstance(initial, str) else list(initial)
    form.fields[name].choices = nations.advocacy_type_choices(nation, keep=kept)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs=RADIOS)

    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


class ProfileForm(forms.Form):
    start_date = GovukDateField(label=_("Start date"), required=False)
    advocacy_types = forms.MultipleChoiceField(
        label=_("Types of advocacy they may practise"),
        choices=AdvocacyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=RADIOS),
    )
    line_supervisor = StaffChoiceField(
        label=_("Line supervisor"), queryset=None, required=False, empty_label=_("None yet")
    )
    mentor = StaffChoiceField(
        label=_("Mentor"), queryset=None, required=False, empty_label=_("None yet")
    )
    external_supervisor_name = forms.CharField(
        label=_("External supervisor (optional)"),
        help_text=_("A named person, who may work outside the organisation"),
        required=False,
        max_length=200,
    )
    external_supervisor_organisation = forms.CharField(
        label=_("External supervisor's organisation (optional)"), required=False, max_length=200
    )

    def __init__(self, *args, staff, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        _types_of(self, "advocacy_types", nation)
        self.fields["line_supervisor"].queryset = staff
        self.fields["mentor"].queryset = staff


class SignOffForm(forms.Form):
    completed_on = GovukDateField(label=_("When was it completed?"), error_label=_("Date"))
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=_text(3))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("completed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReadinessForm(forms.Form):
    advocacy_type = forms.ChoiceField(
        label=_("Which type of advocacy are they ready to take cases of?"),
        choices=AdvocacyType.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select a type of advocacy")},
    )
    signed_off_on = GovukDateField(label=_("Date signed off"))
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=_text(3))

    def __init__(self, *args, nation=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("signed_off_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        _types_of(self, "advocacy_type", nation)


class ShadowVisitForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Which visit did they shadow?"),
        queryset=None,
        empty_label=_("Select a visit"),
        error_messages={"required": _("Select the visit"), "invalid_choice": _("Select the visit")},
    )
    reflection = forms.CharField(
        label=_("What did they learn? (optional)"), required=False, widget=_text(3)
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: (
            _("%(kind)s on %(day)s, case %(case)s")
            % {
                "kind": a.get_kind_display(),
                "day": f"{a.occurred_at:%d/%m/%Y}",
                "case": a.case.reference,
            }
        )


class TrainingRecordForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=TrainingStatus.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select a status")},
    )
    started_on = GovukDateField(label=_("Started (optional)"), required=False)
    achieved_on = GovukDateField(label=_("Achieved (if achieved)"), required=False)
    expires_on = GovukDateField(
        label=_("Needs refreshing by (optional)"),
        help_text=_("Left blank, it is worked out from how often the item must be refreshed"),
        required=False,
    )


class InductionItemForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=InductionStage.choices, widget=forms.RadioSelect(attrs=RADIOS)
    )
    title = forms.CharField(label=_("What the new starter does"), max_length=200)
    description = forms.CharField(
        label=_("More detail (optional)"), required=False, widget=_text(3)
    )
    signed_off_by = forms.ChoiceField(
        label=_("Who signs it off?"),
        choices=SignOffBy.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
    )
    position = forms.IntegerField(label=_("Order in the checklist"), min_value=0, initial=0)


class TrainingItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=TrainingKind.choices, widget=forms.RadioSelect(attrs=RADIOS)
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    qualification = forms.ModelChoiceField(
        label=_("For a unit: which qualification?"),
        queryset=None,
        required=False,
        empty_label=_("Not a unit"),
    )
    refresh_months = forms.IntegerField(
        label=_("Refresh every (months, optional)"), min_value=1, max_value=120, required=False
    )
    required_for = forms.MultipleChoiceField(
        label=_("Required before taking cases of (optional)"),
        choices=AdvocacyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=RADIOS),
    )
    position = forms.IntegerField(label=_("Order in the matrix"), min_value=0, initial=0)

    def __init__(self, *args, qualifications, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        _types_of(self, "required_for", nation)
        self.fields["qualification"].queryset = qualifications


class SettingsForm(forms.Form):
    one_to_one = forms.IntegerField(
        label=_("One-to-one supervision every (days)"), min_value=1, max_value=365
    )
    group = forms.IntegerField(
        label=_("Group reflective practice every (days)"), min_value=1, max_value=365
    )
    external = forms.IntegerField(
        label=_("External case supervision every (days)"), min_value=1, max_value=365
    )
    readiness_required = forms.BooleanField(
        label=_("Only offer cases to advocates signed off and qualified for their type"),
        help_text=_(
            "A manager can still allocate anyone else by giving a reason, which is audited"
        ),
        required=False,
    )


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of supervision"),
        choices=SupervisionKind.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select the kind of supervision")},
    )
    held_on = GovukDateField(label=_("Date"))
    attendees = StaffMultipleChoiceField(
        label=_("Who attended?"),
        queryset=None,
        error_messages={"required": _("Select who attended")},
    )
    supervisor = StaffChoiceField(
        label=_("Supervisor (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not from our staff"),
    )
    external_supervisor = forms.CharField(
        label=_("External supervisor (for external supervision)"), required=False, max_length=200
    )
    case_references = forms.CharField(
        label=_("Cases discussed (optional)"),
        help_text=_("Case references separated by commas, for example C000123, C000124"),
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes (optional)"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=RADIOS),
    )
    summary = forms.CharField(label=_("Summary (optional)"), required=False, widget=_text(5))

    def __init__(self, *args, staff, cases, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff
        self.fields["supervisor"].queryset = staff
        self.cases = cases

    def clean_case_references(self):
        """Each reference must be a case the recorder may open: restricted cases stay hidden."""
        text = self.cleaned_data.get("case_references", "")
        references = [r.strip().upper() for r in text.replace(";", ",").split(",") if r.strip()]
        found = {c.reference: c for c in self.cases.filter(reference__in=references)}
        missing = [r for r in references if r not in found]
        if missing:
            raise forms.ValidationError(
                _("No case you can open has the reference %(refs)s") % {"refs": ", ".join(missing)}
            )
        self.cleaned_data["cases"] = list(found.values())
        return text


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("What was agreed?"),
        widget=_text(3),
        error_messages={"required": _("Enter what was agreed")},
    )
    owner = StaffChoiceField(
        label=_("Who will do it?"),
        queryset=None,
        empty_label=_("Select someone"),
        error_messages={"required": _("Select who will do it")},
    )
    due_on = GovukDateField(label=_("Due by (optional)"), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff


class EscalateForm(forms.Form):
    system_issue = forms.ModelChoiceField(
        label=_("Link to a system issue already in the register"),
        queryset=None,
        required=False,
        empty_label=_("Propose a new system issue instead"),
    )
    title = forms.CharField(
        label=_("Title of a new system issue"),
        help_text=_("Do not include anyone's name"),
        required=False,
        max_length=200,
    )
    description = forms.CharField(
        label=_("What is happening (for a new system issue)"), required=False, widget=_text(3)
    )

    def __init__(self, *args, system_issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system_issue"].queryset = system_issues

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("system_issue"):
            if not cleaned.get("title"):
                self.add_error("title", _("Select a system issue, or enter a title for a new one"))
            if not cleaned.get("description"):
                self.add_error("description", _("Enter what is happening"))
        return cleaned


class ReflectiveNoteForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Enter a title")},
    )
    written_on = GovukDateField(label=_("Date"))
    was_i_brave_enough = forms.CharField(
        label=_("Was I brave enough?"),
        help_text=_("Where did I hold back, and why?"),
        required=False,
        widget=_text(4),
    )
    face_value = forms.CharField(
        label=_("Did I accept a version of events at face value?"), required=False, widget=_text(4)
    )
    rights = forms.CharField(
        label=_("What did the system do to this person's rights?"), required=False, widget=_text(4)
    )
    reflection = forms.CharField(label=_("Anything else"), required=False, widget=_text(4))
    people_references = forms.CharField(
        label=_("People this note is about (optional)"),
        help_text=_(
            "Their references, separated by commas. Only used so a subject access request finds it"
        ),
        required=False,
    )

    def __init__(self, *args, people, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("written_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_people_references(self):
        text = self.cleaned_data.get("people_references", "")
        references = [r.strip().upper() for r in text.split(",") if r.strip()]
        found = {p.reference: p for p in self.people.filter(reference__in=references)}
        missing = [r for r in references if r not in found]
        if missing:
            raise forms.ValidationError(
                _("Nobody has the reference %(refs)s") % {"refs": ", ".join(missing)}
            )
        self.cleaned_data["people_named"] = list(found.values())
        return text


class CheckInForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label=_("How are you doing at work this week?"),
        choices=Feeling.choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--m"}),
        error_messages={"required": _("Select how you are doing")},
    )
    note = forms.CharField(
        label=_("Anything you want to say (optional)"), required=False, widget=_text(3)
    )
    would_like_to_talk = forms.BooleanField(
        label=_("I would like to talk to my supervisor about this"), required=False
    )


class LeaveForm(forms.Form):
    starts_on = GovukDateField(label=_("First day of leave"))
    ends_on = GovukDateField(label=_("Last day of leave"))


class BarrierForm(forms.Form):
    noticed_on = GovukDateField(label=_("When did you notice it?"), error_label=_("Date"))
    kind = forms.ChoiceField(
        label=_("What kind of barrier to independence?"),
        choices=BarrierKind.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Select the kind of barrier")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Do not include the names of people you support"),
        widget=_text(4),
        error_messages={"required": _("Enter what happened")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("noticed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class BarrierUpdateForm(forms.Form):
    how_addressed = forms.CharField(
        label=_("How was it addressed?"), required=False, widget=_text(4)
    )
    addressed_on = GovukDateField(label=_("Date addressed (optional)"), required=False)
    reviewed_in = forms.ModelChoiceField(
        label=_("Reviewed in supervision (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not yet"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed_in"].queryset = sessions
