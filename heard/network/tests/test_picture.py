"""The national picture from three members' known figures, benchmarking, and no personal data
anywhere on the hub."""

import datetime as dt

import pytest

from heard.core.advocacy_types import AdvocacyType
from heard.network import picture, selectors, services
from heard.network.models import AggregateSnapshot
from heard.network.tests.factories import MemberFactory
from heard.organisations.models import Role
from heard.people.models import Person
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory, PersonFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
URGENT, ROUTINE = "urgent", "standard"


def member_with_cases(network, name, counts, *, nation="england", region=""):
    """An active member whose cases received in the period are ``counts`` by priority; every
    person carries identifiers that must never reach the hub."""
    organisation = OrganisationFactory(name=name, nation=nation)
    member = MemberFactory(network=network, organisation=organisation, region=region)
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    day = START
    for priority, count in counts.items():
        for _ in range(count):
            person = PersonFactory(
                organisation=organisation,
                first_name="Quillon",
                last_name=f"Vexhammer{organisation.pk}",
                date_of_birth=dt.date(1961, 2, 3),
                nhs_number="4010232137",
            )
            CaseFactory(
                organisation=organisation,
                person=person,
                advocacy_type=AdvocacyType.CARE_ACT,
                priority=priority,
                received_on=day,
            )
    services.figures_send(acting=admin, member=member, start=START, end=END)
    return member, admin


@pytest.fixture
def three(network):
    return [
        member_with_cases(network, "North Advocacy", {ROUTINE: 7, URGENT: 3}, region="North"),
        member_with_cases(network, "South Advocacy", {ROUTINE: 6, URGENT: 5}, region="South"),
        member_with_cases(network, "Cymru Advocacy", {ROUTINE: 2}, nation="wales"),
    ]


def figures_by_cell(measures, key="time_to_first_contact", column="cases"):
    measure = next(m for m in measures if m.key == key)
    return {
        row.key: (str(row.cells[column].shown), row.cells[column].hidden_members)
        for row in measure.rows
    }


def test_the_national_picture_figure_by_figure(network, three):
    """Cases received, by priority (the reporting measure "time to first contact").
    North: urgent 3 is "fewer than 5", so routine 7 is "not shown" (secondary); its total 10
    stays. South: all shown (5, 6, 11). Cymru: routine 2 and its total 2 are "fewer than 5",
    urgent 0 stays 0."""
    snapshots = selectors.snapshots_for(network, selectors.choose_period(network, None)[0])
    assert len(snapshots) == 3
    measures = picture.combine(snapshots)
    assert figures_by_cell(measures) == {
        URGENT: ("at least 5", 1),
        ROUTINE: ("at least 6", 2),
        "total": ("at least 21", 1),
    }
    # Not one of them contacted yet: every "reached so far" is 0 and shown as 0.
    assert figures_by_cell(measures, column="done") == {
        URGENT: ("0", 0),
        ROUTINE: ("0", 0),
        "total": ("0", 0),
    }
    # Stored as received: running it again gives the same figures.
    again = picture.combine(
        selectors.snapshots_for(network, selectors.choose_period(network, None)[0])
    )
    assert figures_by_cell(again) == figures_by_cell(measures)
    north = AggregateSnapshot.objects.get(member=three[0][0])
    rows = {r["key"]: r["values"]["cases"] for r in north.figures["time_to_first_contact"]["rows"]}
    assert rows == {URGENT: "fewer than 5", ROUTINE: "not shown", "total": 10}


def test_nation_and_region_views(network, three):
    snapshots = selectors.snapshots_for(network, selectors.choose_period(network, None)[0])
    wales = picture.combine(picture.scope_snapshots(snapshots, nation="wales"))
    assert figures_by_cell(wales)["total"] == ("not shown", 1)
    south = picture.combine(picture.scope_snapshots(snapshots, region="South"))
    assert figures_by_cell(south) == {URGENT: ("5", 0), ROUTINE: ("6", 0), "total": ("11", 0)}


def test_the_picture_page_has_a_chart_a_table_and_no_personal_data(
    network, three, coordinator, sign_in
):
    client = sign_in(coordinator)
    response = client.get(f"/network/{network.pk}/picture/")
    body = response.content.decode()
    assert '<svg class="heard-chart"' in body
    assert "at least 21" in text_of(response)
    region = client.get(f"/network/{network.pk}/picture/?scope=region:South")
    assert "Figures from 1 member." in text_of(region)
    for page in (
        body,
        client.get(f"/network/{network.pk}/figures/").content.decode(),
        client.get(f"/network/{network.pk}/").content.decode(),
    ):
        assert "Vexhammer" not in page and "Quillon" not in page
        assert "4010232137" not in page and "1961" not in page


def test_no_personal_data_in_any_stored_snapshot(network, three):
    for snapshot in AggregateSnapshot.objects.all():
        organisation = snapshot.member.organisation
        stored = snapshot.payload + str(snapshot.figures)
        for person in Person.objects.filter(organisation=organisation):
            assert person.reference not in stored
            for case in person.cases.all():
                assert case.reference not in stored
        assert "Vexhammer" not in stored and "Quillon" not in stored
        assert "4010232137" not in stored and "1961-02-03" not in stored


def test_benchmarks_are_hidden_below_five_members(network, three, sign_in):
    _member, admin = three[1]
    response = sign_in(admin).get(f"/network/{network.pk}/benchmark/")
    text = text_of(response)
    assert "Not shown: fewer than 5 members have a figure" in text
    assert "North Advocacy" not in text and "Cymru Advocacy" not in text


def test_benchmarks_show_median_quartiles_and_position(network, three, sign_in):
    for index, total in enumerate([20, 30]):
        member_with_cases(network, f"Extra {index}", {ROUTINE: total})
    member, admin = three[1]  # South: 11 cases received
    rows = {
        (row.measure, row.column): row
        for row in picture.benchmarks(
            selectors.snapshots_for(network, selectors.choose_period(network, None)[0]),
            AggregateSnapshot.objects.get(member=member),
        )
    }
    total = rows[("time_to_first_contact", "cases")]
    # Shown totals: North 10, South 11, Extra 20, Extra 30 (Cymru's is hidden): 4 members.
    assert total.members == 4 and not total.shown
    member_with_cases(network, "Extra 2", {ROUTINE: 40})
    rows = {
        (row.measure, row.column): row
        for row in picture.benchmarks(
            selectors.snapshots_for(network, selectors.choose_period(network, None)[0]),
            AggregateSnapshot.objects.get(member=member),
        )
    }
    total = rows[("time_to_first_contact", "cases")]
    assert total.members == 5
    assert (total.lower, total.median, total.upper) == (11, 20, 30)
    assert total.own == 11
    assert total.position == "In the middle half of the network"
    page = text_of(sign_in(admin).get(f"/network/{network.pk}/benchmark/"))
    assert "In the middle half of the network" in page
    assert "Extra 2" not in page and "North Advocacy" not in page


def test_benchmarking_is_for_members_admins_and_managers(network, three, coordinator, sign_in):
    assert sign_in(coordinator).get(f"/network/{network.pk}/benchmark/").status_code == 404
    advocate = MembershipFactory(organisation=three[0][0].organisation, role=Role.ADVOCATE)
    assert sign_in(advocate).get(f"/network/{network.pk}/benchmark/").status_code == 404


def test_shared_system_issues_form_a_register_of_themes(network, three, coordinator, sign_in):
    from tests.factories import SystemIssueFactory

    for member, _admin in three[:2]:
        SystemIssueFactory(
            organisation=member.organisation,
            theme="access_to_advocacy",
            share_with_network=True,
            shared_summary={
                "title": "Care homes refuse advocates",
                "theme_label": "Access to the person",
                "status_label": "Open",
                "counts": {"cases": 7},
                "actions": [{"description": "Letter to CQC", "status_label": "Done"}],
            },
        )
    text = text_of(sign_in(coordinator).get(f"/network/{network.pk}/picture/"))
    assert "Access to the person: 2 organisations" in text
    assert "Letter to CQC" in text


def test_no_personal_data_in_any_hub_table_page_export_or_api_answer(
    network, three, coordinator, sign_in, client
):
    """Every member's people and cases (names, dates of birth, NHS numbers, person and case
    references) are looked for in everything the hub has: every row of every network table
    and of the network's audit events, every hub page its coordinator and a member's admin
    see, the survey export, and the API's answers to a member on another installation."""
    import json

    from django.apps import apps
    from django.core import serializers

    from heard.audit.models import AuditEvent
    from heard.network import signing
    from heard.network.models import SurveyResponse
    from heard.network.tests.factories import QuestionFactory, SurveyFactory

    # A fourth member runs its own Heard and sends through the API with its network token.
    remote, _remote_admin = member_with_cases(network, "Remote Advocacy", {})
    for _ in range(6):
        person = PersonFactory(
            organisation=remote.organisation,
            first_name="Quillon",
            last_name="Vexhammer-remote",
            date_of_birth=dt.date(1961, 2, 3),
            nhs_number="4010232137",
        )
        CaseFactory(organisation=remote.organisation, person=person, received_on=START)
    AggregateSnapshot.objects.filter(member=remote).delete()
    key = signing.signing_key_for(remote.organisation).public_key
    token = services.member_installation_register(acting=coordinator, member=remote, public_key=key)
    raw = signing.sign(
        remote.organisation,
        signing.build_payload(remote.organisation, network_name=network.name, start=START, end=END),
    )
    answers = []
    for _attempt in range(2):  # stored, then "already received"
        response = client.post(
            "/api/v1/network/figures/",
            raw,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        answers.append(response.content.decode())
    assert json.loads(answers[1])["errors"]

    survey = SurveyFactory(network=network, title="Winter survey")
    question = QuestionFactory(survey=survey)
    SurveyResponse.objects.create(survey=survey, answers={str(question.pk): "Sometimes"})

    seen = list(answers)
    hub = sign_in(coordinator)
    for path in (
        f"/network/{network.pk}/",
        f"/network/{network.pk}/figures/",
        f"/network/{network.pk}/picture/",
        f"/network/{network.pk}/picture/?scope=nation:wales",
        f"/network/{network.pk}/picture/?scope=region:North",
        f"/network/surveys/{survey.pk}/results/",
        f"/network/surveys/{survey.pk}/results.csv",
    ):
        response = hub.get(path)
        assert response.status_code == 200, path
        seen.append(response.content.decode())
    member_admin = sign_in(three[1][1])
    for path in (f"/network/{network.pk}/benchmark/", f"/network/{network.pk}/picture/"):
        seen.append(member_admin.get(path).content.decode())
    network_models = apps.get_app_config("network").get_models()
    for model in network_models:
        seen.append(serializers.serialize("json", model.objects.all()))
    seen.append(
        serializers.serialize("json", AuditEvent.objects.filter(event_type__startswith="network."))
    )

    everything = "\n".join(seen)
    assert "Remote Advocacy" in everything  # the walk is not vacuous
    assert "Vexhammer" not in everything and "Quillon" not in everything
    assert "4010232137" not in everything and "401 023 2137" not in everything
    assert "1961-02-03" not in everything and "3 February 1961" not in everything
    for person in Person.objects.all():
        assert person.reference not in everything
        for case in person.cases.all():
            assert case.reference not in everything
