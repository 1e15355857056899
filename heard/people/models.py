"""People the organisation supports. Special category data: reach it only through tenancy."""

import datetime as dt

from django.db import models
from django.db.models.functions import Lower

from heard.core.language import LanguagePreference
from heard.core.models import OrganisationOwned

from . import equality


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    VIA_SUPPORTER = "via_supporter", "Through someone who supports them"


class Person(OrganisationOwned):
    """Someone the organisation supports (or has been asked to support)."""

    reference = models.CharField(max_length=20, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=20, choices=ContactMethod.choices, blank=True
    )
    # Communication needs
    needs_easy_read = models.BooleanField("Easy Read", default=False)
    needs_bsl = models.BooleanField("British Sign Language (BSL)", default=False)
    needs_interpreter = models.BooleanField("Spoken language interpreter", default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    language_preference = models.CharField(
        "Language", max_length=10, choices=LanguagePreference.choices, blank=True
    )
    needs_large_print = models.BooleanField("Large print", default=False)
    other_communication_needs = models.TextField(blank=True)
    local_authority = models.CharField(max_length=9, blank=True, help_text="ONS code")
    nhs_number = models.CharField(max_length=10, blank=True)
    # Equality monitoring: every question optional, each offers "prefer not to say".
    ethnicity = equality.answer_field("ethnicity")
    sex = equality.answer_field("sex")
    gender_identity_same = models.CharField(
        max_length=20, choices=equality.GenderIdentitySame.choices, blank=True
    )
    gender_identity_description = models.CharField(max_length=100, blank=True)
    sexual_orientation = models.CharField(
        max_length=20, choices=equality.SexualOrientation.choices, blank=True
    )
    sexual_orientation_description = models.CharField(max_length=100, blank=True)
    religion = equality.answer_field("religion")
    religion_description = models.CharField(max_length=100, blank=True)
    disability = equality.answer_field("disability")
    impairments = models.JSONField(default=list, blank=True)
    marital_status = models.CharField(
        max_length=20, choices=equality.MaritalStatus.choices, blank=True
    )
    pregnancy_maternity = models.CharField(
        max_length=20, choices=equality.PregnancyMaternity.choices, blank=True
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="person_reference_unique_per_org"
            )
        ]
        indexes = [
            models.Index(
                "organisation", Lower("last_name"), Lower("first_name"), name="person_name_idx"
            ),
            # Serves the list's order (and its pagination) without a sort.
            models.Index(
                fields=["organisation", "last_name", "first_name", "id"], name="person_order_idx"
            ),
            models.Index(fields=["organisation", "date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["organisation", "postcode"], name="person_postcode_idx"),
            models.Index(fields=["organisation", "local_authority"], name="person_la_idx"),
            models.Index(fields=["organisation", "-created_at"], name="person_created_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} ({self.full_name})"
        return self.full_name

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(dt.date.today())

    @property
    def communication_needs(self) -> list[str]:
        needs = []
        if self.needs_easy_read:
            needs.append("Easy Read")
        if self.needs_bsl:
            needs.append("BSL")
        if self.needs_interpreter:
            needs.append(
                f"Interpreter ({self.interpreter_language})"
                if self.interpreter_language
                else "Interpreter"
            )
        if self.needs_large_print:
            needs.append("Large print")
        if self.other_communication_needs:
            needs.append(self.other_communication_needs)
        return needs
