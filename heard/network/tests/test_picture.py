"""The national picture from three members' known figures, benchmarking, and no personal data
anywhere on the hub."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from heard.casework import milestones
from heard.casework.models import Case, CaseStatus, IssueOutcome, Status
from heard.core.advocacy_types import AdvocacyType
from heard.network import picture, selectors, services
from heard.network.figures import suppressed_figures
from heard.network.models import AggregateSnapshot
from heard.network.tests.factories import MemberFactory
from heard.organisations.models import Role, Service
from heard.people.models import Person
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    ChallengeFactory,
    IssueFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
    ServiceFactory,
)
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


def test_each_snapshot_keeps_the_nation_its_member_signed(network, three):
    """The nation scope reads the column stored at import, the nation in the signed payload."""
    for snapshot in AggregateSnapshot.objects.select_related("member__organisation"):
        signed = json.loads(snapshot.payload)["payload"]["member"]["nation"]
        assert snapshot.nation == signed == snapshot.member.organisation.nation


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


# --- Every measure members send, figure by figure ---------------------------------------------
#
# Three members with known records, every one dated inside the period on purpose (factories
# date what they make "today", which is after the period). One service each, and three kinds
# of case, all received on Wednesday 1 April:
#
# * closed: waiting 1 April, allocated 2 April, closed 15 May; first contact 2 April (an
#   activity with the person, 60 minutes and 15 minutes' travel); one issue, achieved
#   (recorded 1 May);
# * live: waiting 1 April, allocated 2 April, still allocated at the end; first contact
#   2 April (60 minutes and 15 minutes' travel);
# * waiting: waiting 1 April and still waiting at the end (over the allocation target).
#
# Every case has one referral received 1 April asking for the case's type, and a person born
# 3 February 1961 (65 at the end of the period), White British, no disability.
#
#            type      urgent closed  routine live  routine waiting  challenges  concerns
# North     Care Act   3 (men)        5 (women)     2 (women)        2 (1 w/d)   1 answered
# South     Care Act   5 (women)      6 (women)     0                6 (5 w/d)   5 answered
# Cymru     IMCA       0              2 (women)     0                0           0
#
# (w/d: withdrawn, outcome recorded 10 May; challenges are level 1, raised 1 May; concerns
# raised 1 May, acknowledged 2 May, no outcome.)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


APRIL_1, APRIL_2 = dt.date(2026, 4, 1), dt.date(2026, 4, 2)
MAY_1, MAY_2, MAY_10, MAY_15 = (dt.date(2026, 5, day) for day in (1, 2, 10, 15))


def case_in_period(organisation, service, *, priority, kind, sex, recorder):
    """One case of ``kind`` ("closed", "live" or "waiting") with its referral, person, status
    history, first contact and issue, each dated inside the period."""
    person = PersonFactory(
        organisation=organisation,
        first_name="Quillon",
        last_name=f"Vexhammer{organisation.pk}",
        date_of_birth=dt.date(1961, 2, 3),
        nhs_number="4010232137",
        ethnicity="white_british",
        sex=sex,
        disability="no",
    )
    advocacy_type = service.advocacy_types[0]
    ReferralFactory(
        organisation=organisation, received_at=at(APRIL_1, 9), requested_types=[advocacy_type]
    )
    case = CaseFactory(
        organisation=organisation,
        person=person,
        service=service,
        advocacy_type=advocacy_type,
        priority=priority,
        received_on=APRIL_1,
    )
    # The factory's status row is dated now (after the period): the history is written
    # here instead, as the lifecycle would have written it at the time.
    CaseStatus.objects.filter(case=case).delete()
    history = [(Status.WAITING, APRIL_1)]
    if kind in ("closed", "live"):
        history.append((Status.ALLOCATED, APRIL_2))
    if kind == "closed":
        history.append((Status.CLOSED, MAY_15))
    previous = ""
    for status, day in history:
        CaseStatus.objects.create(
            organisation=organisation,
            case=case,
            status=status,
            previous_status=previous,
            reason="test",
            changed_at=at(day),
        )
        previous = status
    Case.objects.filter(pk=case.pk).update(status=previous, status_changed_at=at(history[-1][1]))
    if kind in ("closed", "live"):
        ActivityFactory(
            case=case,
            kind="visit",
            occurred_at=at(APRIL_2, 10),
            minutes=60,
            travel_minutes=15,
            with_person=True,
            recorded_by=recorder,
        )
    if kind == "closed":
        IssueFactory(
            case=case,
            outcome=IssueOutcome.ACHIEVED,
            outcome_recorded_at=at(MAY_1),
            created_by=recorder,
        )
    milestones.refresh([case.pk])
    case.refresh_from_db()
    return case


def member_with_everything(network, name, plan, *, nation="england", region="", types=None):
    """An active member with the cases, challenges and concerns in ``plan``, its figures for
    the period sent to the network."""
    organisation = OrganisationFactory(name=name, nation=nation)
    member = MemberFactory(network=network, organisation=organisation, region=region)
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    service = ServiceFactory(
        organisation=organisation, advocacy_types=types or [AdvocacyType.CARE_ACT, "imca"]
    )
    made = []
    for count, priority, kind, sex in plan["cases"]:
        made += [
            case_in_period(
                organisation, service, priority=priority, kind=kind, sex=sex, recorder=admin.user
            )
            for _ in range(count)
        ]
    live = next((case for case in made if case.status == Status.ALLOCATED), None)
    raised, withdrawn = plan.get("challenges", (0, 0))
    for index in range(raised):
        answered = index < withdrawn
        ChallengeFactory(
            organisation=organisation,
            case=live,
            level=1,
            raised_on=MAY_1,
            response_due_on=MAY_15,
            raised_by=admin.user,
            outcome="withdrawn" if answered else "",
            outcome_recorded_at=at(MAY_10) if answered else None,
        )
    for _ in range(plan.get("concerns", 0)):
        SafeguardingConcernFactory(
            organisation=organisation,
            case=live,
            raised_on=MAY_1,
            acknowledged_on=MAY_2,
            raised_by=admin.user,
        )
    services.figures_send(acting=admin, member=member, start=START, end=END)
    return member


@pytest.fixture
def three_with_everything(network):
    return [
        member_with_everything(
            network,
            "North Advocacy",
            {
                "cases": [
                    (3, URGENT, "closed", "male"),
                    (5, ROUTINE, "live", "female"),
                    (2, ROUTINE, "waiting", "female"),
                ],
                "challenges": (2, 1),
                "concerns": 1,
            },
            region="North",
        ),
        member_with_everything(
            network,
            "South Advocacy",
            {
                "cases": [(5, URGENT, "closed", "female"), (6, ROUTINE, "live", "female")],
                "challenges": (6, 5),
                "concerns": 5,
            },
            region="South",
        ),
        member_with_everything(
            network,
            "Cymru Advocacy",
            {"cases": [(2, ROUTINE, "live", "female")]},
            nation="wales",
            types=["imca"],
        ),
    ]


def whole_picture(measures):
    """``{measure: {row: {column: (shown, members hidden)}}}`` for every summed figure."""
    return {
        measure.key: {
            row.key: {
                column["key"]: (
                    str(row.cells[column["key"]].shown),
                    row.cells[column["key"]].hidden_members,
                )
                for column in measure.columns
            }
            for row in measure.rows
        }
        for measure in measures
    }


def zeros(*columns):
    return {column: ("0", 0) for column in columns}


NOT_SHOWN_1 = ("not shown", 1)
ALL_TYPES = list(AdvocacyType.values)
AGE_BANDS = ["0–15", "16–17", "18–24", "25–34", "35–44", "45–54", "55–64", "65–74", "75–84", "85+"]
TIMELINESS = {
    # Cases received (North: urgent 3 "fewer than 5", so routine 7 "not shown", total 10;
    # Cymru: routine 2 and its total 2 "fewer than 5").
    # Reached so far (North urgent 3 hidden, routine 5 "not shown", total 8; South 5, 6, 11;
    # Cymru as its cases). Not yet: North's 2 waiting routine cases, and its total of 2, hidden.
    URGENT: {"cases": ("at least 5", 1), "done": ("at least 5", 1), "not_yet": ("0", 0)},
    ROUTINE: {"cases": ("at least 6", 2), "done": ("at least 6", 2), "not_yet": NOT_SHOWN_1},
    "total": {"cases": ("at least 21", 1), "done": ("at least 19", 1), "not_yet": NOT_SHOWN_1},
}
CHALLENGE_OUTCOMES = ["upheld", "partly_upheld", "not_upheld", "withdrawn", "no_response"]
EVERY_MEASURE = {
    # A referral per case. North 10 Care Act (shown), South 11, Cymru 2 IMCA "fewer than 5"
    # as is its total of 2. Every type that applies in either nation has a row.
    "referrals_by_type": {
        **{code: zeros("referrals") for code in ALL_TYPES},
        AdvocacyType.CARE_ACT: {"referrals": ("21", 0)},
        AdvocacyType.IMCA: {"referrals": NOT_SHOWN_1},
        "none": zeros("referrals"),
        "total": {"referrals": ("at least 21", 1)},
    },
    # Opened: every case (North 10, South 11, Cymru 2 hidden). Closed: the urgent ones
    # (North 3 and its total of 3 hidden, South 5). Live: the routine allocated ones
    # (North 5, South 6, Cymru 2 hidden).
    "case_counts": {
        AdvocacyType.CARE_ACT: {
            "opened": ("21", 0),
            "closed": ("at least 5", 1),
            "live": ("11", 0),
        },
        AdvocacyType.IMCA: {"opened": NOT_SHOWN_1, "closed": ("0", 0), "live": NOT_SHOWN_1},
        "total": {
            "opened": ("at least 21", 1),
            "closed": ("at least 5", 1),
            "live": ("at least 11", 1),
        },
    },
    # North's 2 routine cases still waiting (both over target): hidden, as is its total of 2.
    "waiting_list_at_end": {
        URGENT: zeros("waiting", "over_target"),
        ROUTINE: {"waiting": NOT_SHOWN_1, "over_target": NOT_SHOWN_1},
        "total": {"waiting": NOT_SHOWN_1, "over_target": NOT_SHOWN_1},
    },
    # Allocated the day of first contact: the same figures.
    "time_to_first_contact": TIMELINESS,
    "time_to_allocation": TIMELINESS,
    # 1.00 direct and 0.25 travel hours per case reached: North 8 cases, South 11 (Care
    # Act); Cymru's 2 IMCA cases are fewer than 5, so its hours rest on too few people.
    "hours_by_type": {
        AdvocacyType.CARE_ACT: {
            "direct": ("19.00", 0),
            "travel": ("4.75", 0),
            "total_hours": ("23.75", 0),
            "cases": ("19", 0),
        },
        AdvocacyType.IMCA: {
            "direct": NOT_SHOWN_1,
            "travel": NOT_SHOWN_1,
            "total_hours": NOT_SHOWN_1,
            "cases": NOT_SHOWN_1,
        },
        "total": {
            "direct": ("at least 19.00", 1),
            "travel": ("at least 4.75", 1),
            "total_hours": ("at least 23.75", 1),
            "cases": ("at least 19", 1),
        },
    },
    # One achieved issue per closed case: North 3 (hidden, as is its total), South 5.
    "issue_outcomes": {
        "achieved": {"issues": ("at least 5", 1)},
        "partly_achieved": zeros("issues"),
        "not_achieved": zeros("issues"),
        "withdrawn": zeros("issues"),
        "total": {"issues": ("at least 5", 1)},
    },
    # Level 1 raised: North 2 (hidden, as is its total), South 6. Withdrawn: North 1, South 5.
    "challenges": {
        "1": {
            **zeros("raised", *CHALLENGE_OUTCOMES),
            "raised": ("at least 6", 1),
            "withdrawn": ("at least 5", 1),
        },
        "2": zeros("raised", *CHALLENGE_OUTCOMES),
        "3": zeros("raised", *CHALLENGE_OUTCOMES),
        "4": zeros("raised", *CHALLENGE_OUTCOMES),
        "total": {
            **zeros("raised", *CHALLENGE_OUTCOMES),
            "raised": ("at least 6", 1),
            "withdrawn": ("at least 5", 1),
        },
    },
    # No total row: North's 1 is "fewer than 5" on its own; South 5.
    "safeguarding": {
        "raised": {"concerns": ("at least 5", 1)},
        "answered": {"concerns": ("at least 5", 1)},
        "outcome": zeros("concerns"),
    },
    # People reached: North 8, South 11, Cymru 2 (hidden, as is its total); all White,
    # 65 to 74, no disability.
    "equality_ethnic_group": {
        **{code: zeros("people") for code in ("asian", "black", "mixed", "other")},
        "white": {"people": ("at least 19", 1)},
        "prefer_not_to_say": zeros("people"),
        "not_answered": zeros("people"),
        "total": {"people": ("at least 19", 1)},
    },
    "equality_age_band": {
        **{band: zeros("people") for band in AGE_BANDS},
        "65–74": {"people": ("at least 19", 1)},
        "prefer_not_to_say": zeros("people"),
        "not_answered": zeros("people"),
        "total": {"people": ("at least 19", 1)},
    },
    # Sex, secondary suppression: North's 3 men are "fewer than 5", so its 5 women are
    # "not shown" (its total 8 stays); South 11 women; Cymru 2 women hidden.
    "equality_sex": {
        "female": {"people": ("at least 11", 2)},
        "male": {"people": NOT_SHOWN_1},
        "prefer_not_to_say": zeros("people"),
        "not_answered": zeros("people"),
        "total": {"people": ("at least 19", 1)},
    },
    "equality_disability": {
        "yes_a_lot": zeros("people"),
        "yes_a_little": zeros("people"),
        "no": {"people": ("at least 19", 1)},
        "prefer_not_to_say": zeros("people"),
        "not_answered": zeros("people"),
        "total": {"people": ("at least 19", 1)},
    },
}


def test_every_measure_of_the_national_picture_figure_by_figure(network, three_with_everything):
    """Every count and hours figure of every measure members send, summed across the three
    members from what each sent after suppression (the expected figures are worked out by
    hand above, never by the code under test)."""
    period = selectors.choose_period(network, None)[0]
    snapshots = selectors.snapshots_for(network, period)
    assert len(snapshots) == 3
    measures = picture.combine(snapshots)
    assert [measure.key for measure in measures] == list(EVERY_MEASURE)
    figures = whole_picture(measures)
    for key, expected in EVERY_MEASURE.items():
        assert figures[key] == expected, key

    # What left North, as it was stored: primary and secondary suppression before sending.
    north, _south, cymru = three_with_everything
    stored = AggregateSnapshot.objects.get(member=north).figures
    sex = {row["key"]: row["values"]["people"] for row in stored["equality_sex"]["rows"]}
    assert sex == {
        "female": "not shown",
        "male": "fewer than 5",
        "prefer_not_to_say": 0,
        "not_answered": 0,
        "total": 8,
    }
    closed = {row["key"]: row["values"]["closed"] for row in stored["case_counts"]["rows"]}
    assert closed == {AdvocacyType.CARE_ACT: "fewer than 5", "imca": 0, "total": "fewer than 5"}
    not_yet = {
        row["key"]: row["values"]["not_yet"] for row in stored["time_to_first_contact"]["rows"]
    }
    assert not_yet == {URGENT: 0, ROUTINE: "fewer than 5", "total": "fewer than 5"}
    received = {
        row["key"]: row["values"]["cases"] for row in stored["time_to_first_contact"]["rows"]
    }
    assert received == {URGENT: "fewer than 5", ROUTINE: "not shown", "total": 10}
    hours_rows = AggregateSnapshot.objects.get(member=cymru).figures["hours_by_type"]["rows"]
    assert {row["key"]: row["values"]["direct"] for row in hours_rows} == {
        "imca": "fewer than 5",
        "total": "fewer than 5",
    }

    # One region: South alone sent nothing hidden, so its own figures show as they are.
    south = whole_picture(picture.combine(picture.scope_snapshots(snapshots, region="South")))
    assert all(
        hidden == 0
        for rows in south.values()
        for row in rows.values()
        for _shown, hidden in row.values()
    )
    assert south["case_counts"]["total"] == {
        "opened": ("11", 0),
        "closed": ("5", 0),
        "live": ("6", 0),
    }
    assert south["hours_by_type"]["total"] == {
        "direct": ("11.00", 0),
        "travel": ("2.75", 0),
        "total_hours": ("13.75", 0),
        "cases": ("11", 0),
    }
    assert south["time_to_allocation"]["total"] == {
        "cases": ("11", 0),
        "done": ("11", 0),
        "not_yet": ("0", 0),
    }
    assert south["challenges"]["1"]["raised"] == ("6", 0)
    assert south["safeguarding"]["answered"] == {"concerns": ("5", 0)}
    assert south["equality_sex"]["female"] == {"people": ("11", 0)}
    # One nation: Wales is Cymru alone, whose every figure above 0 was hidden.
    wales = whole_picture(picture.combine(picture.scope_snapshots(snapshots, nation="wales")))
    assert wales["case_counts"] == {
        AdvocacyType.IMCA: {"opened": NOT_SHOWN_1, "closed": ("0", 0), "live": NOT_SHOWN_1},
        "total": {"opened": NOT_SHOWN_1, "closed": ("0", 0), "live": NOT_SHOWN_1},
    }
    assert wales["equality_age_band"]["65–74"] == {"people": NOT_SHOWN_1}

    # Re-running gives the same figures: each member's figures worked out again from its
    # records are the ones it sent, and the picture combined again is the same...
    for member in three_with_everything:
        sent = AggregateSnapshot.objects.get(member=member).figures
        assert suppressed_figures(member.organisation, START, END) == sent
    assert whole_picture(picture.combine(selectors.snapshots_for(network, period))) == figures
    # ...even after a member's own records change: the picture is built from the snapshots
    # as received, never from the records.
    for member in three_with_everything:
        case_in_period(
            member.organisation,
            Service.objects.filter(organisation=member.organisation).get(),
            priority=URGENT,
            kind="closed",
            sex="male",
            recorder=MembershipFactory(organisation=member.organisation).user,
        )
    again = picture.combine(selectors.snapshots_for(network, period))
    assert whole_picture(again) == figures
