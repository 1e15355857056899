"""Who may do what with speaking-up concerns.

Any member of staff may raise one. Only the organisation's speaking-up leads
(``Organisation.speaking_up_leads``) see them — not admins or managers as
such, because a concern may be about them. The raiser of a named concern sees
their own (checked in the view, against the concern).
"""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import membership_of, sees_personal_data


@rules.predicate
def is_speaking_up_lead(user, obj=None) -> bool:
    """The user's membership is one of the organisation's speaking-up leads (cached per request)."""
    membership = membership_of(user, obj)
    if membership is None:
        return False
    cached = getattr(membership, "_heard_is_speaking_up_lead", None)
    if cached is None:
        cached = membership.organisation.speaking_up_leads.filter(pk=membership.pk).exists()
        membership._heard_is_speaking_up_lead = cached
    return cached


is_lead = sees_personal_data & is_speaking_up_lead

rules.add_perm(Perm.SPEAKING_UP_RAISE_CONCERN, sees_personal_data)
rules.add_perm(Perm.SPEAKING_UP_VIEW_CONCERNS, is_lead)
rules.add_perm(Perm.SPEAKING_UP_HANDLE_CONCERN, is_lead)
rules.add_perm(Perm.SPEAKING_UP_EXPORT_CONCERNS, is_lead)
