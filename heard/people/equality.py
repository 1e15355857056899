"""Equality monitoring categories (shared domain ``equality.md``). Codes are stable.

Every question is optional and offers "prefer not to say" (``PREFER_NOT``).
An empty value means the question was not asked or not answered.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not_to_say"


class Ethnicity(models.TextChoices):
    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Asian: Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Asian: Chinese")
    ASIAN_INDIAN = "asian_indian", _("Asian: Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Asian: Pakistani")
    ASIAN_OTHER = "asian_other", _("Asian: any other Asian background")
    BLACK_AFRICAN = "black_african", _("Black: African")
    BLACK_CARIBBEAN = "black_caribbean", _("Black: Caribbean")
    BLACK_OTHER = "black_other", _("Black: any other Black, Black British or Caribbean background")
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("Mixed: White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", _("Mixed: White and Black African")
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        _("Mixed: White and Black Caribbean"),
    )
    MIXED_OTHER = "mixed_other", _("Mixed: any other Mixed or Multiple background")
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", _("White: Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: any other White background")
    OTHER_ARAB = "other_arab", _("Other: Arab")
    OTHER_ANY = "other_any", _("Other: any other ethnic group")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


ETHNIC_GROUPS = {
    "asian": _("Asian, Asian British or Asian Welsh"),
    "black": _("Black, Black British, Black Welsh, Caribbean or African"),
    "mixed": _("Mixed or Multiple ethnic groups"),
    "white": _("White"),
    "other": _("Other ethnic group"),
}


def ethnic_group(code: str) -> str | None:
    """The Census high-level group code (e.g. ``asian``) of an ethnicity code."""
    prefix = code.split("_", 1)[0] if code else ""
    return prefix if prefix in ETHNIC_GROUPS else None


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


class GenderIdentitySame(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", _("Straight or heterosexual")
    GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
    BISEXUAL = "bisexual", _("Bisexual")
    OTHER = "other", _("Other sexual orientation")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


class Religion(models.TextChoices):
    NONE = "none", _("No religion")
    CHRISTIAN = "christian", _("Christian")
    BUDDHIST = "buddhist", _("Buddhist")
    HINDU = "hindu", _("Hindu")
    JEWISH = "jewish", _("Jewish")
    MUSLIM = "muslim", _("Muslim")
    SIKH = "sikh", _("Sikh")
    OTHER = "other", _("Any other religion")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


class Disability(models.TextChoices):
    YES_A_LOT = "yes_a_lot", _("Yes, a lot")
    YES_A_LITTLE = "yes_a_little", _("Yes, a little")
    NO = "no", _("No")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


class Impairment(models.TextChoices):
    LEARNING_DISABILITY = "learning_disability", _("Learning disability")
    AUTISM = "autism", _("Autism")
    MENTAL_HEALTH = "mental_health", _("Mental health condition")
    DEMENTIA = "dementia", _("Dementia")
    PHYSICAL = "physical", _("Physical impairment")
    SENSORY = "sensory", _("Sensory impairment")
    LONG_TERM_CONDITION = "long_term_condition", _("Long-term condition")
    ACQUIRED_BRAIN_INJURY = "acquired_brain_injury", _("Acquired brain injury")
    OTHER = "other", _("Other")


class MaritalStatus(models.TextChoices):
    NEVER = "never", _("Never married and never registered a civil partnership")
    MARRIED = "married", _("Married")
    CIVIL_PARTNERSHIP = "civil_partnership", _("In a registered civil partnership")
    SEPARATED = "separated", _("Separated")
    DIVORCED = "divorced", _("Divorced or civil partnership dissolved")
    WIDOWED = "widowed", _("Widowed or surviving civil partner")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


class PregnancyMaternity(models.TextChoices):
    PREGNANT = "pregnant", _("Pregnant")
    GIVEN_BIRTH = "given_birth", _("Given birth in the last 26 weeks")
    NEITHER = "neither", _("Neither")
    PREFER_NOT_TO_SAY = PREFER_NOT, _("Prefer not to say")


AGE_BANDS = [
    (0, 15, "0–15"),
    (16, 17, "16–17"),
    (18, 24, "18–24"),
    (25, 34, "25–34"),
    (35, 44, "35–44"),
    (45, 54, "45–54"),
    (55, 64, "55–64"),
    (65, 74, "65–74"),
    (75, 84, "75–84"),
    (85, 200, "85+"),
]


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return None


# --- The answers a record holds: one definition for a person and for a referral --------------

#: The equality questions asked when someone is referred: the ones the equality reports use
#: (age comes from the date of birth). Fewer than a person's record holds, on purpose: a
#: referrer should not be asked about someone's sexual orientation or marriage.
REFERRAL_FIELDS = ("ethnicity", "sex", "disability", "religion")

_CHOICES = {
    "ethnicity": (Ethnicity, 40),
    "sex": (Sex, 20),
    "disability": (Disability, 20),
    "religion": (Religion, 20),
}


def answer_field(name: str) -> models.CharField:
    """The model field for one equality answer (blank: not asked or not answered)."""
    choices, max_length = _CHOICES[name]
    return models.CharField(max_length=max_length, choices=choices.choices, blank=True)


def choices_for(name: str) -> list[tuple[str, str]]:
    """The answers offered for one question, "prefer not to say" last."""
    return list(_CHOICES[name][0].choices)
