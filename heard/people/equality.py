"""Equality monitoring categories (shared domain ``equality.md``). Codes are stable.

Every question is optional and offers "prefer not to say" (``PREFER_NOT``).
An empty value means the question was not asked or not answered.
"""

from django.db import models

PREFER_NOT = "prefer_not_to_say"


class Ethnicity(models.TextChoices):
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black: Caribbean"
    BLACK_OTHER = "black_other", "Black: any other Black, Black British or Caribbean background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "Mixed: White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Mixed: any other Mixed or Multiple background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other: Arab"
    OTHER_ANY = "other_any", "Other: any other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


ETHNIC_GROUPS = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}


def ethnic_group(code: str) -> str | None:
    """The Census high-level group code (e.g. ``asian``) of an ethnicity code."""
    prefix = code.split("_", 1)[0] if code else ""
    return prefix if prefix in ETHNIC_GROUPS else None


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


class GenderIdentitySame(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Other sexual orientation"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


class Disability(models.TextChoices):
    YES_A_LOT = "yes_a_lot", "Yes, a lot"
    YES_A_LITTLE = "yes_a_little", "Yes, a little"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


class Impairment(models.TextChoices):
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    AUTISM = "autism", "Autism"
    MENTAL_HEALTH = "mental_health", "Mental health condition"
    DEMENTIA = "dementia", "Dementia"
    PHYSICAL = "physical", "Physical impairment"
    SENSORY = "sensory", "Sensory impairment"
    LONG_TERM_CONDITION = "long_term_condition", "Long-term condition"
    ACQUIRED_BRAIN_INJURY = "acquired_brain_injury", "Acquired brain injury"
    OTHER = "other", "Other"


class MaritalStatus(models.TextChoices):
    NEVER = "never", "Never married and never registered a civil partnership"
    MARRIED = "married", "Married"
    CIVIL_PARTNERSHIP = "civil_partnership", "In a registered civil partnership"
    SEPARATED = "separated", "Separated"
    DIVORCED = "divorced", "Divorced or civil partnership dissolved"
    WIDOWED = "widowed", "Widowed or surviving civil partner"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


class PregnancyMaternity(models.TextChoices):
    PREGNANT = "pregnant", "Pregnant"
    GIVEN_BIRTH = "given_birth", "Given birth in the last 26 weeks"
    NEITHER = "neither", "Neither"
    PREFER_NOT_TO_SAY = PREFER_NOT, "Prefer not to say"


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
