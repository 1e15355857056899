"""Display shaping for search results."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from heard.casework.presenters.cases import CaseLabel, case_paths
from heard.core.dates import short_date
from heard.core.paths import IdPaths
from heard.core.text import plural
from heard.people.presenters import person_paths

NOT_RECORDED = gettext_lazy("Not recorded")
RESTRICTED_PERSON = gettext_lazy("Restricted")


class PersonResult:
    """A person found: only their reference when they are on a restricted case closed to the
    searcher (``is_hidden``), as on the people list."""

    def __init__(self, person, person_path: IdPaths):
        self.person = person
        self.hidden = person.is_hidden
        self.person_path = person_path

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def url(self) -> str:
        return self.person_path(self.person.pk)

    @property
    def name(self) -> str:
        return RESTRICTED_PERSON if self.hidden else self.person.display_name

    @property
    def reference(self) -> str:
        return self.person.reference

    @property
    def date_of_birth(self) -> str:
        dob = self.person.date_of_birth
        return short_date(dob) if dob else NOT_RECORDED

    @property
    def postcode(self) -> str:
        return self.person.postcode or NOT_RECORDED


class CaseResult(CaseLabel):
    """A case found: the placeholder ("Restricted case") unless the searcher may open it."""

    def __init__(self, case, case_path: IdPaths, person_path: IdPaths):
        super().__init__(case, can_open=case.can_open, person_hidden=case.person_hidden)
        self.case_path = case_path
        self.person_path = person_path

    @property
    def url(self) -> str:
        return self.case_path(self.case.pk)

    @property
    def person_url(self) -> str:
        """The person's page, when the row names them (``person_id``)."""
        person_id = self.person_id
        return self.person_path(person_id) if person_id else ""

    @property
    def service_name(self) -> str:
        return self.case.service.name if self.can_open else ""


class ResultsPresenter:
    """Up to a hundred rows, each with links: the paths are reversed once for the page."""

    def __init__(self, results):
        self.results = results
        case_path, person_path = case_paths(), person_paths()
        self.people = [PersonResult(p, person_path) for p in results.people]
        self.cases = [CaseResult(c, case_path, person_path) for c in results.cases]

    @property
    def people_heading(self) -> str:
        total = number_format(self.results.people_total, force_grouping=True)
        if self.results.people_more:
            return _("People (%(total)s+)") % {"total": total}
        return _("People (%(total)s)") % {"total": total}

    @property
    def cases_heading(self) -> str:
        total = number_format(self.results.cases_total, force_grouping=True)
        return _("Cases (%(total)s)") % {"total": total}

    @property
    def summary(self) -> str:
        people = plural(self.results.people_total, "%(count)s person", "%(count)s people")
        cases = plural(self.results.cases_total, "%(count)s case", "%(count)s cases")
        return _("%(people)s and %(cases)s found") % {"people": people, "cases": cases}

    @property
    def people_capped(self) -> bool:
        return self.results.people_total > len(self.people)

    @property
    def cases_capped(self) -> bool:
        return self.results.cases_total > len(self.cases)
