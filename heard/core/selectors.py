"""Figures for the home page, limited to what the user's role may see."""

from heard.organisations.models import Service
from heard.organisations.tenancy import scoped
from heard.people.models import Person


def home_summary(request) -> dict:
    organisation = request.organisation
    if organisation is None:
        return {}
    user = request.user
    summary = {"services": scoped(request, Service).count()}
    if user.has_perm("people.view_person", organisation):
        summary["people"] = scoped(request, Person).count()
    return summary
