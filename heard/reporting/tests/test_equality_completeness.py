"""Who gets declined (by the referral's own answers) and completeness beside equality figures,
against hand-worked values, for staff and with commissioners' suppression."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from heard.organisations.models import Role
from heard.people.equality import PREFER_NOT
from heard.referrals.models import DeclineReason
from heard.referrals.services import triage
from heard.reporting import equality, measures, presenters
from heard.reporting.disclosure import suppress_report_table
from heard.reporting.periods import Period
from heard.reporting.report import scope_for
from heard.reporting.tables import TOTAL, Completeness, Row, Table, completeness_figures
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)

NOT_ANSWERED = measures.NOT_ANSWERED


def _decide(organisation, service, manager, ethnicity, *, accepted, declined, person=None):
    for _ in range(accepted):
        referral = ReferralFactory(organisation=organisation, ethnicity=ethnicity)
        triage.referral_accept(
            referral=referral,
            acting_user=manager,
            service=service,
            advocacy_type="care_act",
            person=person,
        )
    for _ in range(declined):
        referral = ReferralFactory(organisation=organisation, ethnicity=ethnicity)
        triage.referral_decline(
            referral=referral, acting_user=manager, reason=DeclineReason.NOT_ELIGIBLE
        )


@pytest.mark.django_db
def test_who_gets_declined_uses_the_referrals_answers():
    """Hand count: White 5 accepted / 2 declined; Black 1 / 5; prefer not to say 0 / 1;
    not answered 2 / 0. Ethnic group given for 13 of 16 decisions = 81.3%."""
    organisation = OrganisationFactory()
    service = ServiceFactory(organisation=organisation, advocacy_types=["care_act"])
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER).user
    _decide(organisation, service, manager, "white_british", accepted=3, declined=2)
    _decide(organisation, service, manager, "white_irish", accepted=2, declined=0)
    # Accepted for someone whose record says otherwise: the referral's answer is what counts.
    recorded_white = PersonFactory(organisation=organisation, ethnicity="white_british")
    _decide(
        organisation,
        service,
        manager,
        "black_african",
        accepted=1,
        declined=0,
        person=recorded_white,
    )
    _decide(organisation, service, manager, "black_caribbean", accepted=0, declined=5)
    _decide(organisation, service, manager, PREFER_NOT, accepted=0, declined=1)
    _decide(organisation, service, manager, "", accepted=2, declined=0)
    today = timezone.localdate()
    period = Period(today - dt.timedelta(days=1), today, "test")
    scope = scope_for(organisation, [service], period, all_services=True)

    table = equality.decisions_by_ethnic_group(scope)
    expected = {
        "white": (5, 2),
        "black": (1, 5),
        "asian": (0, 0),
        "mixed": (0, 0),
        "other": (0, 0),
        PREFER_NOT: (0, 1),
        NOT_ANSWERED: (2, 0),
        TOTAL: (8, 8),
    }
    for row, (accepted, declined) in expected.items():
        assert (table.value(row, "accept"), table.value(row, "decline")) == (accepted, declined)
    assert completeness_figures(table) == (13, 16, Decimal("81.3"))
    assert presenters.completeness_text(table) == (
        "Ethnic group given at referral for 13 of 16 decisions (81.3%)."
    )

    # For commissioners: 2 and 1 in "accept", 2 and 1 in "decline" are hidden, so the 13
    # who answered cannot be worked out from what is shown, and is not shown either.
    shown = suppress_report_table(table)
    assert shown.value("white", "decline") == "fewer than 5"
    assert shown.value(TOTAL, "accept") == 8 and shown.value(TOTAL, "decline") == 8
    answered, total, share = completeness_figures(shown)
    assert (str(answered), total, share) == ("not shown", 16, None)
    assert presenters.completeness_text(shown) == (
        "Ethnic group given at referral for not shown of 16 decisions."
    )


def _people_table(counts: dict[str, int]) -> Table:
    """The shape of every "people reached by ..." table: groups, the unanswered, a total."""
    groups = ["white", "black"]
    rows = [Row(key, key, {"people": counts.get(key, 0)}) for key in groups]
    rows += [Row(key, key, {"people": counts.get(key, 0)}) for key in (PREFER_NOT, NOT_ANSWERED)]
    rows.append(Row(TOTAL, "Total", {"people": sum(counts.values())}, is_total=True))
    return Table(
        "equality_test",
        "People reached",
        [measures.PEOPLE],
        rows,
        completeness=Completeness(
            "Known for %(answered)s of %(total)s people reached",
            answered=tuple((key, "people") for key in groups),
            unanswered=((PREFER_NOT, "people"), (NOT_ANSWERED, "people")),
            total=((TOTAL, "people"),),
        ),
    )


def test_staff_see_exact_completeness_and_commissioners_see_it_suppressed():
    table = _people_table({"white": 3, NOT_ANSWERED: 10})
    assert presenters.completeness_text(table) == "Known for 3 of 13 people reached (23.1%)."
    # Suppressed: 3 is "fewer than 5" and 10 is hidden to protect it, so "answered" is
    # hidden too (13 − 10 would give it away); the total stays.
    shown = suppress_report_table(table)
    assert shown.value("white", "people") == "fewer than 5"
    assert str(shown.value(NOT_ANSWERED, "people")) == "not shown"
    assert presenters.completeness_text(shown) == "Known for not shown of 13 people reached."


def test_completeness_from_cells_all_shown_is_shown():
    shown = suppress_report_table(_people_table({"white": 6, "black": 5, NOT_ANSWERED: 7}))
    assert presenters.completeness_text(shown) == "Known for 11 of 18 people reached (61.1%)."


def test_completeness_of_fewer_than_five_people_is_suppressed():
    shown = suppress_report_table(_people_table({"white": 2, NOT_ANSWERED: 1}))
    answered, total, share = completeness_figures(shown)
    assert str(total) == "fewer than 5"
    assert str(answered) == "not shown" and share is None
    assert presenters.completeness_text(shown) == (
        "Known for not shown of fewer than 5 people reached."
    )
    # A derivable count from 1 to 4 is still shown as "fewer than 5".
    table = _people_table({"white": 5, "black": 0, NOT_ANSWERED: 0, PREFER_NOT: 0})
    table.rows[0].values["people"] = 3
    table.rows[-1].values["people"] = 3
    table.suppressed = True
    assert str(completeness_figures(table)[0]) == "fewer than 5"


@pytest.mark.django_db
def test_every_equality_table_has_a_completeness():
    organisation = OrganisationFactory()
    service = ServiceFactory(organisation=organisation, advocacy_types=["care_act"])
    today = timezone.localdate()
    scope = scope_for(organisation, [service], Period(today, today, "test"), all_services=True)
    for table in equality.equality_tables(scope):
        assert table.completeness is not None, table.key
        assert presenters.completeness_text(table), table.key
