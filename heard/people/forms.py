"""Forms for people records. Field markup comes from the design system renderer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from heard.core import local_authorities
from heard.core.language import LanguagePreference
from heard.core.validators import (
    normalise_nhs_number,
    normalise_uk_postcode,
    validate_nhs_number,
    validate_uk_phone,
    validate_uk_postcode,
)
from heard.design_system.fields import GovukDateField

from . import equality
from .models import ContactMethod, Person
from .selectors import COMMUNICATION_NEED_FILTERS

ABOUT_FIELDS = ["first_name", "last_name", "preferred_name", "pronouns", "date_of_birth"]
CONTACT_FIELDS = [
    "address",
    "postcode",
    "local_authority",
    "phone",
    "email",
    "preferred_contact_method",
]
COMMUNICATION_FIELDS = [
    "language_preference",
    "needs_easy_read",
    "needs_bsl",
    "needs_interpreter",
    "interpreter_language",
    "needs_large_print",
    "other_communication_needs",
]
HEALTH_FIELDS = ["nhs_number"]
EQUALITY_FIELDS = [
    "ethnicity",
    "sex",
    "gender_identity_same",
    "gender_identity_description",
    "sexual_orientation",
    "sexual_orientation_description",
    "religion",
    "religion_description",
    "disability",
    "impairments",
    "marital_status",
    "pregnancy_maternity",
]


def _optional_radios(choices, label: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
    )


class PersonForm(forms.ModelForm):
    date_of_birth = GovukDateField(
        label=_("Date of birth"),
        help_text=_("For example, 27 3 1957"),
        required=False,
        must_be_past=True,
    )
    local_authority = forms.ChoiceField(
        label=_("Local authority"),
        help_text=_("The council whose area the person lives in"),
        required=False,
    )
    # Wider than the stored values: people type spaces and hyphens; clean_* normalises.
    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        help_text=_("For example, CF10 1AA"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    nhs_number = forms.CharField(
        label=_("NHS number (optional)"),
        help_text=_("For example, 943 476 5919"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    preferred_contact_method = _optional_radios(
        ContactMethod.choices, _("Preferred way to contact them")
    )
    language_preference = _optional_radios(
        LanguagePreference.choices,
        _("Which language do they want to use?"),
        _("Letters and emails to them are written in it"),
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnic group"),
        required=False,
        choices=[("", _("Not asked or not answered")), *equality.Ethnicity.choices],
    )
    sex = _optional_radios(equality.Sex.choices, "Sex")
    gender_identity_same = _optional_radios(
        equality.GenderIdentitySame.choices,
        _("Is the gender they identify with the same as their sex registered at birth?"),
    )
    sexual_orientation = _optional_radios(
        equality.SexualOrientation.choices,
        _("Sexual orientation"),
        _("Asked of people aged 16 or over"),
    )
    religion = _optional_radios(equality.Religion.choices, _("Religion"))
    disability = _optional_radios(
        equality.Disability.choices,
        _("Are their day-to-day activities limited because of a health problem or disability?"),
        _("One which has lasted, or is expected to last, at least 12 months"),
    )
    impairments = forms.MultipleChoiceField(
        label=_("Impairment types"),
        help_text=_("Select all that apply"),
        choices=equality.Impairment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    marital_status = _optional_radios(
        equality.MaritalStatus.choices, _("Marriage and civil partnership")
    )
    pregnancy_maternity = _optional_radios(
        equality.PregnancyMaternity.choices, _("Pregnancy and maternity")
    )

    class Meta:
        model = Person
        fields = (
            ABOUT_FIELDS + CONTACT_FIELDS + COMMUNICATION_FIELDS + HEALTH_FIELDS + EQUALITY_FIELDS
        )
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "preferred_name": _("Preferred name (optional)"),
            "pronouns": _("Pronouns (optional)"),
            "address": _("Address (optional)"),
            "phone": _("Phone number (optional)"),
            "email": _("Email address (optional)"),
            "interpreter_language": _("Language for the interpreter"),
            "other_communication_needs": _("Other communication needs (optional)"),
            "gender_identity_description": _("Gender identity, in their words (optional)"),
            "sexual_orientation_description": _("Sexual orientation, in their words (optional)"),
            "religion_description": _("Religion, in their words (optional)"),
        }
        help_texts = {
            "preferred_name": _("What they like to be called"),
            "pronouns": _("For example, she/her, he/him, they/them"),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
            "other_communication_needs": forms.Textarea(attrs={"rows": 2}),
            "interpreter_language": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = _("Enter their first name")
        self.fields["last_name"].error_messages["required"] = _("Enter their last name")
        self.fields["local_authority"].choices = [
            ("", _("Choose a local authority")),
            *local_authorities.choices(),
        ]

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not value:
            return ""
        validate_uk_postcode(value)
        return normalise_uk_postcode(value)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"].strip()
        if not value:
            return ""
        validate_nhs_number(value)
        return normalise_nhs_number(value)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value:
            validate_uk_phone(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("needs_interpreter") and not cleaned.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Enter the language the interpreter should speak")
            )
        return cleaned

    def sections(self):
        """Fields grouped for the page, so the template stays logic-free."""
        return [
            (_("About the person"), [self[name] for name in ABOUT_FIELDS]),
            (_("Contact details"), [self[name] for name in CONTACT_FIELDS]),
            (_("Communication needs"), [self[name] for name in COMMUNICATION_FIELDS]),
            (_("Health"), [self[name] for name in HEALTH_FIELDS]),
            (_("Equality monitoring"), [self[name] for name in EQUALITY_FIELDS]),
        ]


class PersonCreateForm(PersonForm):
    """Adds the explicit confirmation asked for when possible duplicates were found."""

    confirm_new_person = forms.BooleanField(
        label=_("None of these is the same person: save as a new person"),
        required=False,
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search people"),
        help_text=_("Name, reference (like P000123), date of birth (like 27/03/1957) or postcode"),
        required=False,
    )
    local_authority = forms.ChoiceField(label=_("Local authority"), required=False)
    need = forms.ChoiceField(
        label=_("Communication need"),
        required=False,
        choices=[
            ("", _("Any")),
            *[
                (code, label)
                for code, label in [
                    ("easy_read", _("Easy Read")),
                    ("bsl", "BSL"),
                    ("interpreter", _("Interpreter")),
                    ("large_print", _("Large print")),
                ]
                if code in COMMUNICATION_NEED_FILTERS
            ],
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "Any"), *local_authorities.choices()]
