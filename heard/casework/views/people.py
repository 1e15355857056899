"""The person's cases, for their page (registered in ``heard.people.sections``)."""

from heard.casework.access import with_access
from heard.casework.models import Case
from heard.casework.presenters.cases import PersonCaseRow, case_paths
from heard.casework.selectors.cases import person_cases
from heard.organisations.tenancy import scoped


def person_cases_section(request, person) -> dict:
    """The person's cases, open ones first, in one query."""
    paths = case_paths()
    rows = [
        PersonCaseRow(case, paths)
        for case in person_cases(
            with_access(scoped(request, Case), request.membership), person=person
        )
    ]
    return {
        "open": [row for row in rows if not row.is_closed],
        "closed": [row for row in rows if row.is_closed],
    }
