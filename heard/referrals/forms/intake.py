"""Referral intake forms: the public question pages, Easy Read, and the staff one-page form.

Field names match ``Referral`` fields where there is one, so a page's cleaned
data goes into the draft and then onto the referral without renaming. Each
public page is its own small form; the staff form is the same fields on one page.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from heard.core import language, local_authorities, nations
from heard.core.advocacy_types import AdvocacyType
from heard.core.language import LanguagePreference
from heard.core.validators import normalise_uk_postcode, validate_uk_phone, validate_uk_postcode
from heard.design_system.boundfield import GovukBoundField
from heard.design_system.fields import GovukDateField
from heard.design_system.forms import not_in_future
from heard.people import equality
from heard.referrals import eligibility_questions as eq
from heard.referrals.models import CommunicationNeed, ContactPreference, ReferralBasis, Source

TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
HEADING_CHOICES = "referrals/fields/choices.html"
HEADING_LABELLED = "referrals/fields/labelled.html"

WHO_PROFESSIONAL, WHO_FAMILY, WHO_SELF = "professional", "family", "self"
WHO_SOURCES = {
    WHO_PROFESSIONAL: Source.PUBLIC_PROFESSIONAL,
    WHO_FAMILY: Source.PUBLIC_FAMILY,
    WHO_SELF: Source.PUBLIC_SELF,
}
STAFF_SOURCES = [
    (Source.PHONE.value, Source.PHONE.label),
    (Source.EMAIL.value, Source.EMAIL.label),
    (Source.LETTER.value, Source.LETTER.label),
    (Source.IN_PERSON.value, Source.IN_PERSON.label),
]
COMMUNICATION_NEEDS = CommunicationNeed.choices
COMMUNICATION_NEED_LABELS = dict(COMMUNICATION_NEEDS)


# --- Fields that know how to lay themselves out ------------------------------


class ItemsBoundField(GovukBoundField):
    """Radios or checkboxes with per-option hints and an "or" divider before "None"."""

    @property
    def items(self):
        hints = getattr(self.field, "choice_hints", {}) or {}
        divider_before = getattr(self.field, "divider_before", None)
        rows = []
        for option in self.subwidgets:
            value = str(option.data["value"])
            hint = hints.get(value, "")
            attrs = option.data.setdefault("attrs", {})
            if hint:
                attrs["aria-describedby"] = f"{attrs['id']}-item-hint"
            if value == divider_before and self.govuk_kind == "checkboxes":
                attrs["data-behaviour"] = "exclusive"
            rows.append(
                {"option": option, "hint": hint, "divider": value == divider_before, "value": value}
            )
        return rows


class QuestionChoiceField(forms.ChoiceField):
    bound_field_class = ItemsBoundField

    def __init__(self, *, is_page_heading=False, choice_hints=None, divider_before=None, **kw):
        self.is_page_heading = is_page_heading
        self.choice_hints = choice_hints or {}
        self.divider_before = divider_before
        kw.setdefault("widget", forms.RadioSelect)
        kw.setdefault("template_name", HEADING_CHOICES)
        super().__init__(**kw)


class QuestionMultipleChoiceField(forms.MultipleChoiceField):
    bound_field_class = ItemsBoundField

    def __init__(self, *, is_page_heading=False, choice_hints=None, divider_before=None, **kw):
        self.is_page_heading = is_page_heading
        self.choice_hints = choice_hints or {}
        self.divider_before = divider_before
        kw.setdefault("widget", forms.CheckboxSelectMultiple)
        kw.setdefault("template_name", HEADING_CHOICES)
        super().__init__(**kw)


class HeadingCharField(forms.CharField):
    """A text input or textarea whose label is the page's heading (one question per page)."""

    def __init__(self, *, is_page_heading=True, **kwargs):
        self.is_page_heading = is_page_heading
        kwargs.setdefault("template_name", HEADING_LABELLED)
        super().__init__(**kwargs)


def _radios(label, choices, error, **kwargs):
    return QuestionChoiceField(
        label=label, choices=choices, error_messages={"required": error}, **kwargs
    )


def _phone(value: str) -> str:
    value = value.strip()
    if value:
        validate_uk_phone(value)
    return value


def _postcode(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    validate_uk_postcode(value)
    return normalise_uk_postcode(value)


class FormWords:
    """Forms whose wording changes for a self-referral ("the person" / "you")."""

    def w(self, text: str) -> str:
        return eq.words(text, self_referral=getattr(self, "self_referral", False))


# --- Public pages ------------------------------------------------------------


class WhoForm(forms.Form):
    who = _radios(
        _("Who is making this referral?"),
        [
            (WHO_PROFESSIONAL, _("A professional")),
            (WHO_FAMILY, _("A family member, friend or carer")),
            (WHO_SELF, _("I want an advocate for myself")),
        ],
        _("Select who is making this referral"),
        is_page_heading=True,
        choice_hints={
            WHO_PROFESSIONAL: _("For example, a social worker, nurse, doctor or care home manager"),
            WHO_FAMILY: _("Someone who knows the person and is not paid to care for them"),
        },
    )


class ReferrerForm(forms.Form):
    referrer_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    referrer_role = forms.CharField(
        label=_("Your job title"),
        max_length=200,
        error_messages={"required": _("Enter your job title")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    referrer_organisation = forms.CharField(
        label=_("Where you work"),
        help_text=_("For example, Leeds City Council adult social care, or Ward 4, St James's"),
        max_length=200,
        error_messages={"required": _("Enter where you work")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    referrer_relationship = forms.CharField(
        label=_("How do you know the person?"),
        help_text=_("For example, daughter, neighbour or friend"),
        max_length=100,
        error_messages={"required": _("Enter how you know the person")},
    )
    referrer_email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        help_text=_("We'll send your referral reference here"),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    referrer_phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}
        ),
    )

    def __init__(self, *args, who=WHO_PROFESSIONAL, **kwargs):
        super().__init__(*args, **kwargs)
        self.who = who
        if who == WHO_PROFESSIONAL:
            del self.fields["referrer_relationship"]
        else:
            del self.fields["referrer_role"]
            del self.fields["referrer_organisation"]

    def clean_referrer_phone(self):
        return _phone(self.cleaned_data["referrer_phone"])

    def clean(self):
        cleaned = super().clean()
        if (
            "referrer_email" not in self.errors
            and "referrer_phone" not in self.errors
            and not cleaned.get("referrer_email")
            and not cleaned.get("referrer_phone")
        ):
            self.add_error(
                "referrer_email",
                _("Enter an email address or a phone number, so we can contact you"),
            )
        return cleaned


class PersonForm(FormWords, forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"})
    )
    preferred_name = forms.CharField(
        label=_("What [they] like to be called (optional)"), max_length=100, required=False
    )
    date_of_birth = GovukDateField(
        label=_("Date of birth (optional)"),
        error_label=_("Date of birth"),
        help_text=_("For example, 27 3 1957. Leave it blank if you do not know it."),
        required=False,
        must_be_past=True,
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        help_text=_("Or where [they] [is] staying now, like a hospital ward or care home"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    local_authority = forms.ChoiceField(
        label=_("Council area (optional)"),
        help_text=_("The council for where [they] usually [lives]"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )

    def __init__(self, *args, self_referral=False, nation="", **kwargs):
        super().__init__(*args, **kwargs)
        self.self_referral = self_referral
        first, last = (
            (_("Enter your first name"), _("Enter your last name"))
            if self_referral
            else (_("Enter their first name"), _("Enter their last name"))
        )
        self.fields["first_name"].error_messages["required"] = first
        self.fields["last_name"].error_messages["required"] = last
        for name in ("preferred_name", "address", "local_authority"):
            field = self.fields[name]
            field.label = self.w(str(field.label))
            field.help_text = self.w(str(field.help_text))
        self.fields["local_authority"].choices = [
            ("", _("Choose a council")),
            *local_authorities.choices(nation or None),
        ]
        if self_referral:
            self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
            self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
            self.fields["date_of_birth"].widget.attrs["autocomplete"] = "bday"
            self.fields["email"].widget.attrs["autocomplete"] = "email"
            self.fields["phone"].widget.attrs["autocomplete"] = "tel"
            self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
            self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        else:
            for name in ("email", "phone", "postcode", "address"):
                self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_postcode(self):
        return _postcode(self.cleaned_data["postcode"])

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class SituationForm(FormWords, forms.Form):
    topics = QuestionMultipleChoiceField(
        label=_("Is [the_person] involved in any of these?"),
        help_text=_("Select all that apply. We'll only ask about what you choose."),
        required=False,
    )
    situation = forms.CharField(
        label=_("What would [the_person] like help with?"),
        help_text=_("Tell us what is happening, in your own words"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    is_urgent = _radios(
        _("Is it urgent?"),
        [("yes", _("Yes")), ("no", _("No"))],
        _("Select yes if it is urgent"),
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-fieldset__legend--s"}),
    )
    urgent_reason = forms.CharField(
        label=_("If it is urgent, why, and by when is help needed? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risks = forms.CharField(
        label=_("Is there anything an advocate should know to visit safely? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, self_referral=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.self_referral = self_referral
        topics = self.fields["topics"]
        topics.label = self.w(topics.label)
        topics.choices = eq.topic_choices(self_referral=self_referral)
        topics.choice_hints = eq.topic_hints(self_referral=self_referral)
        situation = self.fields["situation"]
        situation.label = self.w(situation.label)
        if self_referral:
            situation.label = "What would you like help with?"
        situation.error_messages["required"] = self.w(
            "Tell us what [the_person] would like help with"
        )

    def clean_is_urgent(self):
        return self.cleaned_data["is_urgent"] == "yes"


def question_field(
    question: eq.Question,
    *,
    self_referral: bool,
    nation: str,
    required: bool,
    not_sure_label: str = _("I'm not sure"),
):
    """The form field for one eligibility question."""
    choices = [
        (value, not_sure_label if value == eq.NOT_SURE else label)
        for value, label in question.choice_list(self_referral=self_referral, nation=nation)
    ]
    common = {
        "label": question.label(self_referral=self_referral),
        "help_text": question.hint_text(self_referral=self_referral),
        "required": required,
        "error_messages": {"required": question.error_text(self_referral=self_referral)},
    }
    if question.widget == "checkboxes":
        return QuestionMultipleChoiceField(
            choices=choices, divider_before=eq.NONE_OF_THESE, **common
        )
    if question.widget == "select":
        return forms.ChoiceField(choices=[("", _("Choose one")), *choices], **common)
    return QuestionChoiceField(choices=choices, **common)


def mha_began_field() -> GovukDateField:
    """The date an IMHA case's statutory deadlines count from (``Referral.mha_began_on``)."""
    return GovukDateField(
        label=eq.MHA_BEGAN_LABEL,
        error_label=eq.MHA_BEGAN_ERROR_LABEL,
        help_text=eq.MHA_BEGAN_HINT,
        required=False,
    )


def mha_hospital_nation_field() -> forms.ChoiceField:
    """Where the hospital is (``Referral.nation``): England or Wales, or blank for the
    service's nation."""
    return QuestionChoiceField(
        label=eq.MHA_HOSPITAL_NATION_LABEL,
        help_text=eq.MHA_HOSPITAL_NATION_HINT,
        choices=eq.MHA_HOSPITAL_NATIONS,
        required=False,
        error_messages={"invalid_choice": _("Select England or Wales")},
    )


def clean_mha_began_on(form, name: str) -> None:
    """Today or earlier: a section that has not begun has no deadlines to count."""
    if name in form.fields:
        not_in_future(form, name, str(eq.MHA_BEGAN_ERROR_LABEL))


def _clean_difficulty(form, name):
    chosen = form.cleaned_data.get(name) or []
    exclusive = {eq.NONE_OF_THESE, eq.NOT_SURE} & set(chosen)
    if exclusive and len(chosen) > 1:
        raise ValidationError(
            _("Select what would be very hard, or 'None of these', or 'I'm not sure', not both")
        )
    return chosen


class EligibilityQuestionsForm(forms.Form):
    """The follow-up questions that matter given the topics and answers so far."""

    def __init__(self, *args, questions=(), self_referral=False, nation="", topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.topics = set(topics)
        for question in self.questions:
            self.fields[question.key] = question_field(
                question, self_referral=self_referral, nation=nation, required=True
            )
            if question.key == "mha_status":
                self.fields[eq.MHA_BEGAN_ON] = mha_began_field()
                self.fields[eq.MHA_HOSPITAL_NATION] = mha_hospital_nation_field()

    def clean_difficulty(self):
        return _clean_difficulty(self, "difficulty")

    def clean(self):
        cleaned = super().clean()
        clean_mha_began_on(self, eq.MHA_BEGAN_ON)
        return cleaned

    def sections(self):
        """Questions grouped by topic, with headings, so the template stays simple."""
        headings = dict(SECTION_HEADINGS)
        groups: dict[str, list] = {}
        for question in self.questions:
            topic = question.topic
            if question.key in SHARED_WITH_DOLS and topic not in self.topics:
                topic = "dols"  # asked for DoLS alone: show it there, not under mental capacity
            groups.setdefault(headings[topic], []).append(self[question.key])
            if question.key == "mha_status":
                groups[headings[topic]].append(self[eq.MHA_BEGAN_ON])
                groups[headings[topic]].append(self[eq.MHA_HOSPITAL_NATION])
        return list(groups.items())


SHARED_WITH_DOLS = {"anyone_to_consult", "attorney_or_deputy"}
SECTION_HEADINGS = (
    ("care", _("Care and support")),
    ("capacity", _("Mental capacity")),
    ("dols", _("Deprivation of Liberty Safeguards")),
    ("mental_health", _("The Mental Health Act")),
    ("children", _("Children's social care")),
    ("nhs_complaint", _("NHS complaints")),
)


class CommunicationForm(FormWords, forms.Form):
    needs = QuestionMultipleChoiceField(
        label=_("Does [the_person] need any of these to communicate?"),
        help_text=_("Select all that apply"),
        choices=COMMUNICATION_NEEDS,
        required=False,
    )
    interpreter_language = forms.CharField(
        label=_("Language for the interpreter (if needed)"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    other_needs = forms.CharField(
        label=_("Anything else that helps [them] communicate? (optional)"),
        help_text=_("For example, short sentences, pictures, or a quiet room"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_preference = _radios(
        _("How should the advocate contact [them] first?"),
        [
            (ContactPreference.PHONE.value, _("By phone")),
            (ContactPreference.EMAIL.value, _("By email")),
            (ContactPreference.LETTER.value, _("By letter")),
            (ContactPreference.VIA_HELPER.value, _("Through you")),
        ],
        _("Select how the advocate should contact [them] first"),
    )

    language_preference = _radios(
        _("Which language does [the_person] want to use with us?"),
        LanguagePreference.choices,
        _("Select the language [the_person] wants to use with us"),
    )

    def __init__(self, *args, self_referral=False, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.self_referral = self_referral
        # Asked of every referral to a Welsh organisation (the Active Offer); the choice of
        # the page's language is the first answer offered.
        if nation == nations.WALES:
            self.initial.setdefault(
                "language_preference", language.preference_for(translation.get_language())
            )
            preference = self.fields["language_preference"]
            preference.label = self.w(str(preference.label))
            preference.error_messages["required"] = self.w(
                str(preference.error_messages["required"])
            )
        else:
            del self.fields["language_preference"]
        for name in ("needs", "other_needs", "contact_preference"):
            self.fields[name].label = self.w(self.fields[name].label)
        preference = self.fields["contact_preference"]
        preference.error_messages["required"] = self.w(preference.error_messages["required"])
        if self_referral:
            preference.label = "How should the advocate contact you first?"
            preference.choices = [
                *preference.choices[:3],
                (ContactPreference.VIA_HELPER.value, _("Through someone who helps me")),
            ]

    def clean(self):
        cleaned = super().clean()
        if "interpreter" in (cleaned.get("needs") or []) and not cleaned.get(
            "interpreter_language"
        ):
            self.add_error(
                "interpreter_language", _("Enter the language the interpreter should speak")
            )
        return cleaned


class BasisForm(forms.Form):
    basis = _radios(
        _("Does the person agree to this referral?"),
        [
            (ReferralBasis.CONSENT.value, _("Yes, they agree to it")),
            (
                ReferralBasis.BEST_INTERESTS.value,
                _(
                    "They cannot agree because they lack capacity to decide, and it is in their "
                    "best interests"
                ),
            ),
            (ReferralBasis.STATUTORY_DUTY.value, _("I am referring because of a legal duty")),
        ],
        _("Select whether the person agrees to this referral"),
        is_page_heading=True,
        choice_hints={
            ReferralBasis.STATUTORY_DUTY.value: nations.term("duty_to_refer.basis", nations.ENGLAND)
        },
    )

    def __init__(self, *args, who=WHO_PROFESSIONAL, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choice_hints = {
            ReferralBasis.STATUTORY_DUTY.value: nations.term(
                "duty_to_refer.basis", nation or nations.ENGLAND
            )
        }
        if who != WHO_PROFESSIONAL:
            self.fields["basis"].choices = self.fields["basis"].choices[:2]


class HoneypotMixin(forms.Form):
    """A field people never see; form-filling robots tend to fill it in (docs/referrals.md)."""

    website = forms.CharField(
        label=_("Leave this blank"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get(self.add_prefix("website")) or "").strip())


class SubmitForm(HoneypotMixin):
    """The final "Send referral" button: the idempotency token and the honeypot."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_token(self):
        token = self.cleaned_data["token"]
        return token if TOKEN_RE.match(token or "") else ""


class ConfirmHumanForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_human = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_token(self):
        token = self.cleaned_data["token"]
        return token if TOKEN_RE.match(token or "") else ""


# --- Easy Read pages (one question each) -------------------------------------

EASY_READ_CONTACT = [
    (ContactPreference.PHONE.value, _("Phone me")),
    (ContactPreference.EMAIL.value, _("Email me")),
    (ContactPreference.LETTER.value, _("Send me a letter")),
    (ContactPreference.VIA_HELPER.value, _("Talk to someone who helps me")),
]


# Easy Read error messages: one idea to a sentence, everyday words, an example to copy.
EASY_READ_PHONE_MESSAGE = _(
    "This phone number does not look right. Please check it. Write it like this: 07700 900 982"
)
EASY_READ_POSTCODE_MESSAGE = _(
    "This postcode does not look right. Please check it. Write it like this: LS1 5HD"
)
EASY_READ_TOO_LONG_MESSAGE = _(
    "This is too long. Please make it shorter. You can write up to %(limit_value)d letters."
)


class EasyReadForm(forms.Form):
    """An Easy Read page's form: every "too long" message in Easy Read too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = EASY_READ_TOO_LONG_MESSAGE


def _easy_read_phone(value: str) -> str:
    try:
        return _phone(value)
    except forms.ValidationError as error:
        raise forms.ValidationError(EASY_READ_PHONE_MESSAGE, code="invalid_phone") from error


def _easy_read_postcode(value: str) -> str:
    try:
        return _postcode(value)
    except forms.ValidationError as error:
        raise forms.ValidationError(EASY_READ_POSTCODE_MESSAGE, code="invalid_postcode") from error


class EasyReadNameForm(EasyReadForm):
    first_name = forms.CharField(
        label=_("Your first name"),
        max_length=100,
        error_messages={"required": _("Write your first name")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label=_("Your last name (you do not have to write this)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )


class EasyReadContactForm(EasyReadForm):
    contact_preference = _radios(
        _("How should we contact you?"),
        EASY_READ_CONTACT,
        _("Choose how we should contact you"),
        is_page_heading=True,
    )


class EasyReadContactDetailsForm(EasyReadForm):
    """The details for the chosen way of contact: one short page, whichever it is."""

    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        error_messages={"required": _("Write your phone number")},
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}
        ),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        error_messages={
            "required": _("Write your email address"),
            "invalid": _("Write your email address like name@example.com"),
        },
    )
    address = forms.CharField(
        label=_("Your address"),
        error_messages={"required": _("Write your address")},
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Your postcode (you do not have to write this)"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )
    helper_name = forms.CharField(
        label=_("Their name"),
        max_length=200,
        error_messages={"required": _("Write the name of the person who helps you")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    helper_contact = forms.CharField(
        label=_("Their phone number or email address"),
        max_length=200,
        error_messages={"required": _("Write their phone number or email address")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    FIELDS_BY_METHOD = {
        ContactPreference.PHONE.value: ("phone",),
        ContactPreference.EMAIL.value: ("email",),
        ContactPreference.LETTER.value: ("address", "postcode"),
        ContactPreference.VIA_HELPER.value: ("helper_name", "helper_contact"),
    }
    HEADINGS = {
        ContactPreference.PHONE.value: _("What is your phone number?"),
        ContactPreference.EMAIL.value: _("What is your email address?"),
        ContactPreference.LETTER.value: _("What is your address?"),
        ContactPreference.VIA_HELPER.value: _("Who helps you?"),
    }

    def __init__(self, *args, method=ContactPreference.PHONE.value, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        keep = self.FIELDS_BY_METHOD.get(method, ("phone",))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.heading = self.HEADINGS.get(method, "")

    def clean_phone(self):
        return _easy_read_phone(self.cleaned_data["phone"])

    def clean_postcode(self):
        return _easy_read_postcode(self.cleaned_data["postcode"])


class EasyReadHelpForm(EasyReadForm):
    situation = HeadingCharField(
        label=_("What do you want help with?"),
        help_text=_("Write it in your own words. It can be short."),
        max_length=5000,
        error_messages={"required": _("Write what you want help with")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class EasyReadUrgentForm(EasyReadForm):
    is_urgent = _radios(
        _("Is it urgent?"),
        [("yes", _("Yes, I need help soon")), ("no", _("No"))],
        _("Choose yes or no"),
        is_page_heading=True,
    )

    def clean_is_urgent(self):
        return self.cleaned_data["is_urgent"] == "yes"


class EasyReadHelpingForm(EasyReadForm):
    helped = _radios(
        _("Is someone helping you fill in this form?"),
        [("yes", _("Yes")), ("no", _("No"))],
        _("Choose yes or no"),
        is_page_heading=True,
    )


class EasyReadHelperForm(EasyReadForm):
    helper_name = forms.CharField(
        label=_("Their name"),
        max_length=200,
        error_messages={"required": _("Write the name of the person helping you")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    helper_contact = forms.CharField(
        label=_("Their phone number or email address (you do not have to write this)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


# --- Equality questions (optional), the same in every journey -------------------

#: Each question's wording: (asked of the person, asked of a referrer, Easy Read).
EQUALITY_QUESTIONS = {
    "ethnicity": (
        _("What is your ethnic group?"),
        _("What is the person's ethnic group?"),
        _("What is your ethnic group?"),
    ),
    "sex": (
        _("What is your sex?"),
        _("What is the person's sex?"),
        _("What is your sex?"),
    ),
    "disability": (
        _(
            "Are your day-to-day activities limited because of a health problem or disability "
            "which has lasted, or is expected to last, at least 12 months?"
        ),
        _(
            "Are the person's day-to-day activities limited because of a health problem or "
            "disability which has lasted, or is expected to last, at least 12 months?"
        ),
        _("Does a health problem or disability make everyday things harder for you?"),
    ),
    "religion": (
        _("What is your religion?"),
        _("What is the person's religion?"),
        _("What is your religion?"),
    ),
}
SELF, REFERRER, EASY = 0, 1, 2


def equality_fields(wording: int) -> dict[str, forms.Field]:
    """One optional radios field per question at referral, "prefer not to say" set apart."""
    return {
        name: QuestionChoiceField(
            label=EQUALITY_QUESTIONS[name][wording],
            choices=equality.choices_for(name),
            required=False,
            divider_before=equality.PREFER_NOT,
        )
        for name in equality.REFERRAL_FIELDS
    }


class EqualityForm(forms.Form):
    """The optional equality page: every question may be left blank or skipped."""

    def __init__(self, *args, wording=REFERRER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(equality_fields(wording))
        if wording == EASY:
            for field in self.fields.values():
                field.error_messages["invalid_choice"] = _("Choose one of the answers")


# --- Staff-entered referral (one page) ----------------------------------------


class StaffReferralForm(forms.Form):
    """Everything the public pages ask, on one page, plus how and when it arrived."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)
    source = _radios(_("How did the referral arrive?"), STAFF_SOURCES, _("Select how it arrived"))
    received_date = GovukDateField(
        label=_("Date received"),
        help_text=_("For example, 24 11 2026"),
        error_label=_("Date received"),
    )
    received_time = forms.CharField(
        label=_("Time received"),
        help_text=_("Use the 24-hour clock, for example 14:30"),
        max_length=5,
        error_messages={"required": _("Enter the time received")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    who = _radios(
        _("Who made the referral?"),
        [
            (WHO_PROFESSIONAL, _("A professional")),
            (WHO_FAMILY, _("A family member, friend or carer")),
            (WHO_SELF, _("The person themselves")),
        ],
        _("Select who made the referral"),
    )
    referrer_name = forms.CharField(label=_("Referrer's name"), max_length=200, required=False)
    referrer_role = forms.CharField(label=_("Referrer's job title"), max_length=200, required=False)
    referrer_organisation = forms.CharField(
        label=_("Referrer's organisation"), max_length=200, required=False
    )
    referrer_relationship = forms.CharField(
        label=_("Relationship to the person"), max_length=100, required=False
    )
    referrer_email = forms.EmailField(
        label=_("Referrer's email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    referrer_phone = forms.CharField(
        label=_("Referrer's phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
    )
    requested_types = QuestionMultipleChoiceField(
        label=_("Advocacy asked for (optional)"),
        help_text=_("Leave blank if the referrer did not say"),
        choices=AdvocacyType.choices,
        required=False,
    )
    basis = QuestionChoiceField(
        label=_("Basis for the referral"),
        choices=ReferralBasis.choices,
        error_messages={"required": _("Select the basis for the referral")},
    )

    def __init__(self, *args, nation="", **kwargs):
        super().__init__(*args, **kwargs)
        self.nation = nation
        self.fields["requested_types"].choices = nations.advocacy_type_choices(
            nation or nations.ENGLAND
        )
        person = PersonForm(nation=nation)
        situation = SituationForm()
        communication = CommunicationForm(nation=nation)
        for name, field in person.fields.items():
            self.fields[name] = field
        for name, field in situation.fields.items():
            self.fields[name] = field
        self.fields["topics"].label = "What is the person involved in?"
        self.fields[
            "topics"
        ].help_text = (
            "Select all that apply. Answer the questions below that you know; leave the rest."
        )
        self.fields["situation"].label = "What would the person like help with?"
        for question in eq.QUESTIONS:
            self.fields[f"q_{question.key}"] = question_field(
                question,
                self_referral=False,
                nation=nation,
                required=False,
                not_sure_label=_("Not known"),
            )
            if question.key == "mha_status":
                self.fields[eq.MHA_BEGAN_ON] = mha_began_field()
                self.fields[eq.MHA_HOSPITAL_NATION] = mha_hospital_nation_field()
        for name, field in communication.fields.items():
            self.fields[name] = field
        self.fields.update(equality_fields(REFERRER))
        self.fields["contact_preference"].choices = [
            *self.fields["contact_preference"].choices[:3],
            (ContactPreference.VIA_HELPER.value, _("Through the referrer or a helper")),
        ]
        self.fields["contact_preference"].required = False
        if "language_preference" in self.fields:
            self.fields["language_preference"].required = False
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("received_date", now.date())
            self.initial.setdefault("received_time", now.strftime("%H:%M"))

    # Reuse the public pages' field cleaning.
    clean_postcode = PersonForm.clean_postcode
    clean_phone = PersonForm.clean_phone
    clean_referrer_phone = ReferrerForm.clean_referrer_phone
    clean_is_urgent = SituationForm.clean_is_urgent

    def clean_q_difficulty(self):
        return _clean_difficulty(self, "q_difficulty")

    def clean_received_time(self):
        value = self.cleaned_data["received_time"].strip().replace(".", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValidationError(_("Enter a real time, like 09:15 or 14:30"))
        return dt.time(int(match[1]), int(match[2]))

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("received_date"), cleaned.get("received_time")
        if day and time:
            received = timezone.make_aware(dt.datetime.combine(day, time))
            if received > timezone.now() + dt.timedelta(minutes=5):
                self.add_error("received_time", _("The time received must be now or in the past"))
            cleaned["received_at"] = received
        clean_mha_began_on(self, eq.MHA_BEGAN_ON)
        if "interpreter" in (cleaned.get("needs") or []) and not cleaned.get(
            "interpreter_language"
        ):
            self.add_error(
                "interpreter_language", _("Enter the language the interpreter should speak")
            )
        if cleaned.get("who") in (WHO_PROFESSIONAL, WHO_FAMILY) and not cleaned.get(
            "referrer_name"
        ):
            self.add_error("referrer_name", _("Enter the referrer's name"))
        if cleaned.get("who") == WHO_SELF and cleaned.get("basis") not in (
            None,
            "",
            ReferralBasis.SELF.value,
            ReferralBasis.CONSENT.value,
        ):
            self.add_error(
                "basis",
                _(
                    "A self-referral is made by the person: select 'The person "
                    "is referring themselves'"
                ),
            )
        return cleaned

    def answers(self) -> dict:
        """The eligibility answers, by question key."""
        return {
            question.key: self.cleaned_data.get(f"q_{question.key}")
            for question in eq.QUESTIONS
            if self.cleaned_data.get(f"q_{question.key}") not in (None, "", [])
        }

    def sections(self):
        """The page's sections: (heading, fields), so the template stays logic-free."""
        questions = {}
        for question in eq.QUESTIONS:
            questions.setdefault(question.topic, []).append(self[f"q_{question.key}"])
            if question.key == "mha_status":
                questions[question.topic].append(self[eq.MHA_BEGAN_ON])
                questions[question.topic].append(self[eq.MHA_HOSPITAL_NATION])
        headings = dict(SECTION_HEADINGS)
        return [
            ("How it arrived", [self["source"], self["received_date"], self["received_time"]]),
            (
                "Who referred",
                [
                    self[name]
                    for name in (
                        "who",
                        "referrer_name",
                        "referrer_role",
                        "referrer_organisation",
                        "referrer_relationship",
                        "referrer_email",
                        "referrer_phone",
                    )
                ],
            ),
            (
                _("About the person"),
                [
                    self[name]
                    for name in (
                        "first_name",
                        "last_name",
                        "preferred_name",
                        "date_of_birth",
                        "address",
                        "postcode",
                        "local_authority",
                        "phone",
                        "email",
                    )
                ],
            ),
            (
                "The situation",
                [
                    self[name]
                    for name in (
                        "topics",
                        "situation",
                        "requested_types",
                        "is_urgent",
                        "urgent_reason",
                        "risks",
                    )
                ],
            ),
            *[(f"Eligibility: {headings[topic]}", fields) for topic, fields in questions.items()],
            (
                "Communication",
                [
                    self[name]
                    for name in (
                        "needs",
                        "interpreter_language",
                        "other_needs",
                        "contact_preference",
                    )
                ],
            ),
            ("Basis for referring", [self["basis"]]),
            (
                _("Equality monitoring (optional)"),
                [self[name] for name in equality.REFERRAL_FIELDS],
            ),
        ]
