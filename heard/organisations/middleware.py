"""Binds the request to the user's current organisation (the tenant)."""

import contextlib

from django.db import transaction

from heard.core import tenant_db
from heard.core.reused_sql import reused

from .models import Membership

SESSION_KEY = "heard_organisation_id"


class CurrentOrganisationMiddleware:
    """Sets ``request.organisation``, ``request.membership`` and ``request.memberships``.

    One query per request loads every active membership of the user; the
    permission predicates read from that cache rather than querying again.

    On PostgreSQL the rest of the request runs in one transaction bound to the
    person and their current organisation, the key of the row-level security
    backstop (``heard.core.tenant_db``, ADR-0035); an answer of 500 or more rolls
    it back (signed-out requests open none). Binding costs no round trip of its own: the
    organisation remembered in the session is bound with the person in the same query string
    as the read of their memberships, ahead of it, and bound again only when it is no longer
    theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not tenant_db.enforced() or not request.user.is_authenticated:
            # Signed out: nothing is bound, so the policies show nothing. Public pages that
            # work for one organisation bind it themselves (``tenant_db.public_page``).
            self.resolve(request, binding=False)
            return self.get_response(request)
        if transaction.get_connection().in_atomic_block:
            # Already in a transaction (a test's): bind within it; it ends with that transaction.
            self.resolve(request, binding=True)
            return self.get_response(request)
        with transaction.atomic():
            self.resolve(request, binding=True)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response

    def resolve(self, request, *, binding: bool) -> None:
        request.organisation = None
        request.membership = None
        request.memberships = []
        user = request.user
        if not user.is_authenticated:
            return
        remembered = request.session.get(SESSION_KEY)
        if not isinstance(remembered, int):
            remembered = None
        binds = (
            tenant_db.bound_by_next_statement(user=user, organisation=remembered)
            if binding
            else contextlib.nullcontext()
        )
        with binds:  # bound in the same round trip as the read
            memberships = list(
                reused(
                    Membership.objects.active()
                    .filter(user=user, organisation__isnull=False)
                    .select_related("organisation")
                    .order_by("organisation__name")
                )
            )
        user._heard_memberships = {m.organisation_id: m for m in memberships}
        request.memberships = memberships
        chosen = user._heard_memberships.get(remembered)
        if chosen is None and memberships:
            chosen = memberships[0]
            request.session[SESSION_KEY] = chosen.organisation_id
        if chosen is not None:
            request.membership = chosen
            request.organisation = chosen.organisation
        if binding and (chosen.organisation_id if chosen else None) != remembered:
            tenant_db.bind(organisation=chosen.organisation_id if chosen else None)
