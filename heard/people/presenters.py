"""Display shaping for people: labels and rows, so templates stay logic-free."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.core import local_authorities
from heard.core.dates import long_date
from heard.core.paths import IdPaths
from heard.core.validators import format_nhs_number

from . import equality
from .models import Person

NOT_RECORDED = _("Not recorded")


def person_paths() -> IdPaths:
    """The person page's path for any person id, reversed once (for a page of rows)."""
    return IdPaths("people:detail", "person_id")


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
        return ", ".join(self.person.communication_needs) or _("None recorded")

    def about_rows(self) -> list[tuple[str, str]]:
        p = self.person
        return [
            (_("Name"), p.full_name),
            (_("Preferred name"), p.preferred_name or NOT_RECORDED),
            (_("Pronouns"), p.pronouns or NOT_RECORDED),
            (_("Date of birth"), self.date_of_birth_display),
            (_("Reference"), p.reference),
        ]

    def contact_rows(self) -> list[tuple[str, str]]:
        p = self.person
        return [
            (_("Address"), "\n".join(filter(None, [p.address, p.postcode])) or NOT_RECORDED),
            (_("Local authority"), self.local_authority_name or NOT_RECORDED),
            (_("Phone"), p.phone or NOT_RECORDED),
            (_("Email"), p.email or NOT_RECORDED),
            (_("Preferred contact"), p.get_preferred_contact_method_display() or NOT_RECORDED),
            (gettext("Language"), p.get_language_preference_display() or NOT_RECORDED),
            (_("Communication needs"), self.communication_needs_display),
            ("NHS number", format_nhs_number(p.nhs_number) if p.nhs_number else NOT_RECORDED),
        ]

    def equality_rows(self) -> list[tuple[str, str]]:
        p = self.person
        impairment_labels = dict(equality.Impairment.choices)

        def with_description(display: str, description: str) -> str:
            return f"{display}: {description}" if display and description else display

        rows = [
            (_("Ethnic group"), p.get_ethnicity_display()),
            ("Sex", p.get_sex_display()),
            (
                _("Gender same as sex registered at birth"),
                with_description(
                    p.get_gender_identity_same_display(), p.gender_identity_description
                ),
            ),
            (
                _("Sexual orientation"),
                with_description(
                    p.get_sexual_orientation_display(), p.sexual_orientation_description
                ),
            ),
            (_("Religion"), with_description(p.get_religion_display(), p.religion_description)),
            (_("Disability"), p.get_disability_display()),
            (
                _("Impairment types"),
                ", ".join(str(impairment_labels.get(i, i)) for i in p.impairments),
            ),
            (_("Marriage and civil partnership"), p.get_marital_status_display()),
            (_("Pregnancy and maternity"), p.get_pregnancy_maternity_display()),
        ]
        return [(label, value or NOT_RECORDED) for label, value in rows]
