"""The menu by area: apps register pages, roles see only where they may go, the current
area and page are marked for screen readers."""

import re

import pytest

from heard import navigation
from heard.organisations.models import Role
from tests.factories import CaseFactory


def areas_in(body: str) -> list[str]:
    menu = body.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(
            r'class="govuk-service-navigation__link"[^>]*>(.*?)</a>', menu, re.S
        )
    ]


def test_registering_a_page_in_an_unknown_area_is_refused():
    """A typo in an area's name fails loudly at start-up rather than hiding the page."""
    with pytest.raises(ValueError, match="Unknown navigation area"):
        navigation.register("casewrok", "Cases", "casework:case_list")


def test_apps_register_their_own_pages():
    """Each app's navigation module is found, so every area with pages has them."""
    names = {page.url_name for page in navigation.registered_pages()}
    assert {"people:list", "casework:case_list", "challenges:list", "organisations:staff"} <= names


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.ADMIN,
            ["Home", "Casework", "Change", "Team", "Voice", "Reports", "Network", "Admin"],
        ),
        (
            Role.MANAGER,
            ["Home", "Casework", "Change", "Team", "Voice", "Reports", "Network", "Admin"],
        ),
        (Role.ADVOCATE, ["Home", "Casework", "Change", "Team", "Voice", "Network", "Admin"]),
        (Role.COMMISSIONER, ["Home", "Reports", "Admin"]),
        (Role.NETWORK_COORDINATOR, ["Home", "Network", "Admin"]),
    ],
)
def test_areas_show_only_where_the_role_may_go(client_as, organisation, role, expected):
    """Areas without a page the role may open (and Reports, Network with none yet) stay
    out of the menu."""
    body = client_as(role, organisation).get("/").content.decode()
    assert areas_in(body) == expected


def test_a_case_page_marks_casework_and_cases_as_current(advocate_client, organisation):
    """On a case, "Casework" is the current area and "Cases" the current section (not page)."""
    case = CaseFactory(
        organisation=organisation, allocated_to=advocate_client.user.memberships.get()
    )
    body = advocate_client.get(f"/cases/{case.pk}/").content.decode()
    assert (
        'aria-current="true">\n                  <strong class="govuk-service-navigation__active-fallback">Casework</strong>'
        in body
    )
    assert 'href="/cases/" aria-current="true">Cases</a>' in body
    assert 'aria-label="Casework"' in body


def test_the_exact_page_wins_over_a_broader_match(manager_client):
    """The system-change dashboard is its own entry, not "System issues" with a wildcard."""
    body = manager_client.get("/system-issues/dashboard/").content.decode()
    assert (
        'href="/system-issues/dashboard/" aria-current="page">System-change dashboard</a>' in body
    )
    assert 'href="/system-issues/" aria-current' not in body


def test_signed_out_pages_have_no_menu(client):
    """The sign-in page shows no areas."""
    assert 'aria-label="Menu"' not in client.get("/accounts/login/").content.decode()
