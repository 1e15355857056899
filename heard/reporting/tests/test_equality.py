"""Disproportionality arithmetic against hand-worked values, the census import, the page."""

import math

import pytest

from heard.organisations.models import Role
from heard.reporting import census, equality, presenters
from heard.reporting.disproportionality import (
    OVER,
    UNDER,
    age_standardised_expected,
    compare,
    wilson_interval,
)
from heard.reporting.models import Commission, PopulationArea
from heard.reporting.report import scope_for
from heard.reporting.tests.world import LEEDS, PERIOD, build_world
from tests.factories import MembershipFactory

Z2 = 1.959963984540054**2


def test_wilson_for_nobody_in_a_group_is_zero_to_z_squared_over_n_plus_z_squared():
    low, high = wilson_interval(0, 20)
    assert low == 0.0
    assert high == pytest.approx(Z2 / (20 + Z2))  # 3.8415 / 23.8415 = 0.16113
    assert high == pytest.approx(0.16113, abs=1e-5)


def test_wilson_matches_newcombe_1998():
    """Newcombe, Statistics in Medicine 17 (1998), Table I: 81 of 263 gives 0.2553 to 0.3662."""
    low, high = wilson_interval(81, 263)
    assert round(low, 4) == 0.2553
    assert round(high, 4) == 0.3662


def test_wilson_half_is_symmetric():
    low, high = wilson_interval(10, 20)
    assert low + high == pytest.approx(1.0)
    assert low == pytest.approx(0.29930, abs=1e-5)
    assert wilson_interval(0, 0) is None


def test_age_standardised_expected_share_by_hand():
    """(30 × 6% + 10 × 3%) / 40 = 5.25% Asian expected for an older caseload."""
    expected = age_standardised_expected(
        {"65–74": 30, "75–84": 10, "18–24": 0},
        {
            "65–74": {"white": 0.90, "asian": 0.06, "black": 0.04},
            "75–84": {"white": 0.96, "asian": 0.03, "black": 0.01},
        },
    )
    assert expected["asian"] == pytest.approx(0.0525)
    assert expected["white"] == pytest.approx((30 * 0.90 + 10 * 0.96) / 40)
    assert age_standardised_expected({"18–24": 5}, {"65–74": {"white": 1.0}}) is None


def test_a_group_with_nobody_reached_is_flagged_only_when_the_interval_allows():
    expected = {"white": 0.9, "asian": 0.0525, "black": 0.0475}
    # 40 people, no Asian people: the interval reaches 8.76%, above 5.25%: not flagged.
    rows = {r.group: r for r in compare({"white": 38, "black": 2}, expected, like_for_like=True)}
    assert rows["asian"].people == 0 and rows["asian"].share == 0.0
    assert rows["asian"].high == pytest.approx(Z2 / (40 + Z2))
    assert rows["asian"].flag == ""
    assert rows["asian"].ratio == 0.0
    # 100 people, none Asian: the interval tops out at 3.70%, below 5.25%: under-represented.
    rows = {r.group: r for r in compare({"white": 80, "black": 20}, expected, like_for_like=True)}
    assert rows["asian"].high == pytest.approx(0.036994, abs=1e-6)
    assert rows["asian"].flag == UNDER
    # 20 of 100 Black against 4.75%: low end 13.3% is above: over-represented, ratio 4.21.
    assert rows["black"].flag == OVER
    assert rows["black"].ratio == pytest.approx(0.2 / 0.0475)
    assert math.isclose(rows["black"].low, wilson_interval(20, 100)[0])


def test_all_ages_comparisons_are_never_flagged():
    rows = compare({"white": 80, "black": 20}, {"white": 0.95, "black": 0.05}, like_for_like=False)
    assert all(row.flag == "" and not row.flaggable for row in rows)


TS021 = (
    "date,geography,geography code,Ethnic group: Total: All usual residents,"
    '"Ethnic group: Asian, Asian British or Asian Welsh",'
    '"Ethnic group: Asian, Asian British or Asian Welsh: Indian",'
    '"Ethnic group: Black, Black British, Black Welsh, Caribbean or African",'
    "Ethnic group: Mixed or Multiple ethnic groups,Ethnic group: White,"
    "Ethnic group: White: Irish,Ethnic group: Other ethnic group\n"
    "2021,Leeds,E08000035,1000,100,40,60,30,780,10,30\n"
    "2021,Wakefield,E08000036,500,20,10,10,10,455,5,5\n"
)


@pytest.mark.django_db
def test_ts021_is_loaded_as_published_and_weighted_by_population():
    assert census.import_ts021(TS021, source="test") == 2
    leeds = PopulationArea.objects.get(code="E08000035")
    assert leeds.counts == {"asian": 100, "black": 60, "mixed": 30, "white": 780, "other": 30}
    assert leeds.total == 1000
    both = census.for_service_areas(["E08000035", "E08000036"], "england")
    assert both.shares["asian"] == pytest.approx(120 / 1500)
    assert both.by_age is None
    # Nothing loaded for Cardiff: the shipped figures for Wales.
    assert census.for_service_areas(["W06000015"], "wales").shares["white"] == pytest.approx(0.938)


def test_a_file_that_is_not_ts021_is_refused_with_a_reason():
    with pytest.raises(census.CensusFileError, match="geography"):
        census.parse_ts021("a,b\n1,2\n")
    with pytest.raises(census.CensusFileError, match="whole number"):
        census.parse_ts021(TS021.replace("1000,100", "1000,lots"))


@pytest.mark.django_db
def test_the_import_command(tmp_path):
    from django.core.management import call_command

    path = tmp_path / "census2021-ts021-ltla.csv"
    path.write_text(TS021, encoding="utf-8")
    call_command("import-census", str(path))
    assert PopulationArea.objects.count() == 2


@pytest.mark.django_db
def test_the_comparison_for_the_world():
    world = build_world()
    census.import_ts021(TS021, source="test")
    scope = scope_for(world.organisation, [world.care_act, world.imha], PERIOD, all_services=True)
    table = equality.ethnic_group_comparison(scope)
    # Two people reached; one answered (Asian), one not: 1 of 1 known is Asian.
    assert table.value("asian", "people") == 1
    assert table.value("white", "people") == 0
    assert str(table.value("asian", "expected")) == "10.0"  # Leeds: 100 of 1000
    assert "no group is flagged" in table.note
    assert presenters.completeness_text(table) == "Known for 1 of 2 people reached (50.0%)."
    assert LEEDS in [code for s in scope.services for code in s.local_authority_areas]


@pytest.mark.django_db
def test_the_equality_page_for_staff_and_commissioners(client):
    world = build_world()
    client.force_login(world.manager.user)
    query = f"?start={PERIOD.start}&end={PERIOD.end}"
    body = client.get(f"/reports/equality/{query}").content.decode()
    assert "Ethnic group of the people reached, against the population" in body
    assert "Not flagged: all-ages comparison" in body
    member = MembershipFactory(organisation=world.organisation, role=Role.COMMISSIONER)
    Commission.objects.create(
        organisation=world.organisation, membership=member, service=world.care_act
    )
    client.force_login(member.user)
    body = client.get(f"/reports/services/{world.care_act.pk}/equality/{query}").content.decode()
    assert "fewer than 5" in body
    assert "Not flagged" not in body  # resting on one person: hidden
    assert client.get(f"/reports/equality/{query}").status_code == 404
