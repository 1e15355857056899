"""The safeguarding concerns raised on a person's cases, for their page.

Registered in ``heard.people.sections`` (see ``apps.py``). Speaking-up concerns are staff
concerns about practice and are never linked to a person, so they are not listed here.
"""

from django.utils import timezone

from heard.organisations.tenancy import scoped

from .flags import acknowledgement_days
from .models import SafeguardingConcern
from .presenters import ConcernRow
from .selectors import person_concerns


def person_concerns_section(request, person) -> dict:
    """Concerns on any of the person's cases, open ones first, in one query."""
    today = timezone.localdate()
    days = acknowledgement_days(request.organisation)
    return {
        "concerns": [
            ConcernRow(concern, today=today, days=days)
            for concern in person_concerns(
                scoped(request, SafeguardingConcern), request.membership, person=person
            )
        ]
    }
