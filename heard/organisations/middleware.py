"""Binds the request to the user's current organisation (the tenant)."""

from .models import Membership

SESSION_KEY = "heard_organisation_id"


class CurrentOrganisationMiddleware:
    """Sets ``request.organisation``, ``request.membership`` and ``request.memberships``.

    One query per request loads every active membership of the user; the
    permission predicates read from that cache rather than querying again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membership = None
        request.memberships = []
        user = request.user
        if user.is_authenticated:
            memberships = list(
                Membership.objects.active()
                .filter(user=user, organisation__isnull=False)
                .select_related("organisation")
                .order_by("organisation__name")
            )
            user._heard_memberships = {m.organisation_id: m for m in memberships}
            request.memberships = memberships
            chosen = user._heard_memberships.get(request.session.get(SESSION_KEY))
            if chosen is None and memberships:
                chosen = memberships[0]
                request.session[SESSION_KEY] = chosen.organisation_id
            if chosen is not None:
                request.membership = chosen
                request.organisation = chosen.organisation
        return self.get_response(request)
