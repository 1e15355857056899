from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from heard.core import local_authorities, nations
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.core.validators import validate_uk_phone
from heard.design_system.fields import GovukDateField

from .models import Membership, Organisation, Role, Service

# Form fields stored in ``Organisation.settings``.
SETTING_FIELDS = (
    "contact_phone",
    "contact_email",
    "safeguarding_acknowledgement_days",
    "no_contact_alert_days",
)


class OrganisationSwitchForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (m.organisation_id, m.organisation.name) for m in memberships
        ]


class OrganisationSettingsForm(forms.ModelForm):
    contact_phone = forms.CharField(
        label=_("Public phone number (optional)"),
        help_text=_("Shown to referrers who cannot use the online form"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Public email address (optional)"),
        help_text=_("Shown to referrers who cannot use the online form"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    safeguarding_acknowledgement_days = forms.IntegerField(
        label=_("Working days before an unacknowledged safeguarding concern is flagged"),
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    no_contact_alert_days = forms.IntegerField(
        label=_("Days without contact before a case is flagged to its advocate"),
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "nation",
            "charity_number",
            "reference_prefix",
            "safeguarding_lead",
            "speaking_up_leads",
        ]
        labels = {
            "name": _("Organisation name"),
            "reference_prefix": gettext_lazy("Referral reference prefix"),
            "nation": _("Nation"),
            "charity_number": _("Charity number (optional)"),
            "safeguarding_lead": _("Safeguarding lead"),
            "speaking_up_leads": _("Speaking-up leads"),
        }
        widgets = {
            "nation": forms.RadioSelect,
            "charity_number": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "reference_prefix": forms.TextInput(
                attrs={"class": "govuk-input--width-5", "spellcheck": "false"}
            ),
            "speaking_up_leads": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = (
            Membership.objects.active()
            .filter(organisation=self.instance)
            .exclude(role__in=[Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
            .select_related("user", "organisation")
        )
        self.fields["safeguarding_lead"].queryset = staff
        self.fields["safeguarding_lead"].empty_label = _("No one yet")
        self.fields["safeguarding_lead"].label_from_instance = lambda m: m.user.full_name
        self.fields["speaking_up_leads"].queryset = staff
        self.fields["speaking_up_leads"].label_from_instance = lambda m: m.user.full_name
        for key in SETTING_FIELDS:
            self.fields[key].initial = self.instance.setting(key)

    def clean_reference_prefix(self):
        value = self.cleaned_data["reference_prefix"].strip().upper()
        if not value:
            raise forms.ValidationError(_("Enter a reference prefix of 2 to 6 capital letters"))
        taken = Organisation.objects.exclude(pk=self.instance.pk).filter(reference_prefix=value)
        if taken.exists():
            raise forms.ValidationError(
                _("Another organisation uses %(prefix)s: choose a different prefix")
                % {"prefix": value}
            )
        return value

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        if value:
            validate_uk_phone(value)
        return value

    def to_service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["settings"] = {
            **self.instance.settings,
            **{key: self.cleaned_data[key] for key in SETTING_FIELDS},
        }
        return data


class ServiceForm(forms.ModelForm):
    advocacy_types = forms.MultipleChoiceField(
        label=_("Advocacy types"),
        help_text=_("Select all that this contract covers"),
        choices=AdvocacyType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one advocacy type")},
    )
    local_authority_areas = forms.MultipleChoiceField(
        label=_("Local authority areas"),
        help_text=_("Select all the areas the contract covers"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    start_date = GovukDateField(label=_("Start date"), required=False)
    end_date = GovukDateField(label=_("End date"), required=False)
    nation = forms.TypedChoiceField(
        label=_("Whose law does the service work under?"),
        help_text=_(
            "Only a service commissioned across the border needs a different nation from the "
            "organisation's. A case can still set where the person is."
        ),
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "advocacy_types",
            "local_authority_areas",
            "nation",
            "commissioner",
            "start_date",
            "end_date",
            "first_contact_target_days",
            "allocation_target_days",
            "urgent_first_contact_target_days",
            "urgent_allocation_target_days",
            "reopen_window_days",
            "rpr_contact_frequency_days",
        ]
        labels = {
            "name": _("Service name"),
            "commissioner": _("Commissioner (optional)"),
            "first_contact_target_days": _("First contact target, in working days"),
            "allocation_target_days": _("Allocation target, in working days"),
            "urgent_first_contact_target_days": gettext_lazy(
                "First contact target for urgent cases, in working days"
            ),
            "urgent_allocation_target_days": gettext_lazy(
                "Allocation target for urgent cases, in working days"
            ),
            "reopen_window_days": _("Days after closure a case can be reopened"),
            "rpr_contact_frequency_days": _("Days between RPR visits"),
        }
        help_texts = {
            "commissioner": _("For example, Cardiff Council adult social care"),
        }
        widgets = {
            name: forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"})
            for name in [
                "first_contact_target_days",
                "allocation_target_days",
                "urgent_first_contact_target_days",
                "urgent_allocation_target_days",
                "reopen_window_days",
                "rpr_contact_frequency_days",
            ]
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority_areas"].choices = local_authorities.choices()
        same = _("The same as the organisation")
        if organisation is not None:
            same = _("The same as the organisation (%(nation)s)") % {
                "nation": organisation.get_nation_display()
            }
        self.fields["nation"].choices = [("", same), *Nation.choices]
        # Advocacy that does not exist under the service's law is not offered (a Welsh
        # service has no Care Act advocacy); types it already has are kept.
        nation = self.instance.nation or (organisation.nation if organisation else None)
        if self.is_bound and self.data.get("nation") in Nation.values:
            nation = self.data["nation"]
        self.fields["advocacy_types"].choices = nations.advocacy_type_choices(
            nation, keep=self.instance.advocacy_types or ()
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("End date must be the same as or after the start date"))
        # An urgent case's target can be the same as a standard one, never longer.
        for urgent, standard in [
            ("urgent_first_contact_target_days", "first_contact_target_days"),
            ("urgent_allocation_target_days", "allocation_target_days"),
        ]:
            urgent_days, standard_days = cleaned.get(urgent), cleaned.get(standard)
            if (
                urgent_days is not None
                and standard_days is not None
                and urgent_days > standard_days
            ):
                self.add_error(
                    urgent,
                    _(
                        "The urgent target must be the same as or shorter than the standard "
                        "target (%(days)s working days)"
                    )
                    % {"days": standard_days},
                )
        return cleaned


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    job_title = forms.CharField(label=_("Job title (optional)"), required=False, max_length=120)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select a role")},
    )
    caseload_capacity = forms.DecimalField(
        label=_("Caseload capacity (weighted cases)"),
        help_text=_("Zero for people who do not hold cases. Managers may hold a caseload too."),
        min_value=0,
        max_value=999,
        decimal_places=1,
        initial=0,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = _("Enter their full name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") in (Role.COMMISSIONER, Role.NETWORK_COORDINATOR) and cleaned.get(
            "caseload_capacity"
        ):
            self.add_error(
                "caseload_capacity", _("Commissioners and network coordinators cannot hold cases")
            )
        return cleaned


class MembershipForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)

    class Meta:
        model = Membership
        fields = ["role", "job_title", "caseload_capacity", "speaks_welsh"]
        labels = {
            "speaks_welsh": _("Speaks Welsh well enough to work with a person in Welsh"),
            "job_title": _("Job title (optional)"),
            "caseload_capacity": _("Caseload capacity (weighted cases)"),
        }
        widgets = {
            "caseload_capacity": forms.TextInput(
                attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}
            ),
        }
