"""Display shaping for people: labels and rows, so templates stay logic-free."""

from django.utils.translation import gettext

from heard.core import local_authorities
from heard.core.dates import long_date
from heard.core.validators import format_nhs_number

from . import equality
from .models import Person

NOT_RECORDED = "Not recorded"


class PersonPresenter:
    def __init__(self, person: Person):
        self.person = person

    def __getattr__(self, name):
        return getattr(self.person, name)

    @property
    def date_of_birth_display(self) -> str:
        dob = self.person.date_of_birth
        if dob is None:
            return NOT_RECORDED
        return f"{long_date(dob)} (age {self.person.age})"

    @property
    def local_authority_name(self) -> str:
        code = self.person.local_authority
        authority = local_authorities.by_code(code) if code else None
        return authority.local_name if authority else ""

    @property
    def communication_needs_display(self) -> str:
        return ", ".join(self.person.communication_needs) or "None recorded"

    def about_rows(self) -> list[tuple[str, str]]:
        p = self.person
        return [
            ("Name", p.full_name),
            ("Preferred name", p.preferred_name or NOT_RECORDED),
            ("Pronouns", p.pronouns or NOT_RECORDED),
            ("Date of birth", self.date_of_birth_display),
            ("Reference", p.reference),
        ]

    def contact_rows(self) -> list[tuple[str, str]]:
        p = self.person
        return [
            ("Address", "\n".join(filter(None, [p.address, p.postcode])) or NOT_RECORDED),
            ("Local authority", self.local_authority_name or NOT_RECORDED),
            ("Phone", p.phone or NOT_RECORDED),
            ("Email", p.email or NOT_RECORDED),
            ("Preferred contact", p.get_preferred_contact_method_display() or NOT_RECORDED),
            (gettext("Language"), p.get_language_preference_display() or NOT_RECORDED),
            ("Communication needs", self.communication_needs_display),
            ("NHS number", format_nhs_number(p.nhs_number) if p.nhs_number else NOT_RECORDED),
        ]

    def equality_rows(self) -> list[tuple[str, str]]:
        p = self.person
        impairment_labels = dict(equality.Impairment.choices)

        def with_description(display: str, description: str) -> str:
            return f"{display}: {description}" if display and description else display

        rows = [
            ("Ethnic group", p.get_ethnicity_display()),
            ("Sex", p.get_sex_display()),
            (
                "Gender same as sex registered at birth",
                with_description(
                    p.get_gender_identity_same_display(), p.gender_identity_description
                ),
            ),
            (
                "Sexual orientation",
                with_description(
                    p.get_sexual_orientation_display(), p.sexual_orientation_description
                ),
            ),
            ("Religion", with_description(p.get_religion_display(), p.religion_description)),
            ("Disability", p.get_disability_display()),
            (
                "Impairment types",
                ", ".join(str(impairment_labels.get(i, i)) for i in p.impairments),
            ),
            ("Marriage and civil partnership", p.get_marital_status_display()),
            ("Pregnancy and maternity", p.get_pregnancy_maternity_display()),
        ]
        return [(label, value or NOT_RECORDED) for label, value in rows]
