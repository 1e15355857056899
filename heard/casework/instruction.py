"""Whether a case opens non-instructed: a pure rule read from the referral and the type.

An IMCA (Mental Capacity Act 2005 s35–41, including the DoLS roles s39A, s39C and s39D) and a
paid relevant person's representative act for someone who lacks capacity for the decision
in question, so those cases always open non-instructed. Any other case opens non-instructed
when its referral records that the person lacks capacity: the referral's basis is "the
person lacks capacity to agree, and it is in their best interests", or its eligibility
answers say they have been assessed as lacking capacity. The advocate then chooses the
approach (``NonInstructedApproach``) and may change either on the case's details page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from heard.core.advocacy_types import AdvocacyType

NON_INSTRUCTED_TYPES = frozenset(
    {
        AdvocacyType.IMCA,
        AdvocacyType.IMCA_DOLS_39A,
        AdvocacyType.IMCA_DOLS_39C,
        AdvocacyType.IMCA_DOLS_39D,
        AdvocacyType.PAID_RPR,
    }
)

TYPE = "advocacy_type"
BEST_INTERESTS = "referral_best_interests"
LACKS_CAPACITY = "referral_lacks_capacity"

#: Why a case opened non-instructed, as the case's history says it.
REASONS = {
    TYPE: _("this type of advocacy is for someone who lacks capacity for the decision"),
    BEST_INTERESTS: _("the referral says the person lacks capacity to agree to it"),
    LACKS_CAPACITY: _("the referral says the person has been assessed as lacking capacity"),
}


def opens_non_instructed(*, advocacy_type: str, referral=None) -> str:
    """The reason code when the case should open non-instructed, or ``""`` when instructed."""
    if advocacy_type in NON_INSTRUCTED_TYPES:
        return TYPE
    if referral is None:
        return ""
    if referral.basis == "best_interests":
        return BEST_INTERESTS
    answers = referral.eligibility_answers if isinstance(referral.eligibility_answers, dict) else {}
    if answers.get("lacks_capacity") is True:
        return LACKS_CAPACITY
    return ""
