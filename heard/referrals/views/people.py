"""The person's referrals, for their page (registered in ``heard.people.sections``)."""

from heard.organisations.tenancy import scoped
from heard.referrals.models import Referral
from heard.referrals.presenters.triage import ReferralPresenter
from heard.referrals.selectors.triage import person_referrals


def person_referrals_section(request, person) -> dict:
    """Every referral linked to the person, newest first, in one query."""
    return {
        "referrals": [
            ReferralPresenter(r) for r in person_referrals(scoped(request, Referral), person=person)
        ]
    }
