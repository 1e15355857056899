"""The selectors the commissioner report uses: feedback results and co-production activity for
services and a period. Figures only, and the words of people who agreed to be quoted."""

import datetime as dt
import uuid

import pytest

from heard.voice import selectors
from heard.voice.models import FeedbackResponse
from tests.factories import ServiceFactory, SystemIssueFactory

from .factories import (
    EngagementSessionFactory,
    InvolvementFactory,
    SelfAssessmentFactory,
    SessionThemeFactory,
    YouSaidWeDidFactory,
)

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)


def response(organisation, service, month, **answers):
    defaults = {
        "form_version": "standard",
        "channel": "general_link",
        "submission_key": uuid.uuid4().hex,
    }
    return FeedbackResponse.objects.create(
        organisation=organisation, service=service, month=month, **{**defaults, **answers}
    )


@pytest.fixture
def care_act(organisation):
    return ServiceFactory(organisation=organisation, name="Care Act advocacy")


@pytest.fixture
def imha(organisation):
    return ServiceFactory(organisation=organisation, name="IMHA")


def test_feedback_results_count_each_answer_for_the_services_and_period(
    organisation, other_organisation, care_act, imha
):
    april, may = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
    response(organisation, care_act, april, listened="yes", speak_up="a_bit")
    response(organisation, care_act, may, listened="no", form_version="easy_read")
    response(organisation, care_act, may, listened="yes", with_supporter=True)
    response(organisation, imha, may, listened="yes")  # another service
    response(organisation, care_act, dt.date(2026, 7, 1), listened="yes")  # after the period
    response(organisation, care_act, dt.date(2026, 3, 1), listened="yes")  # before it
    response(other_organisation, None, may, listened="yes")  # another organisation

    results = selectors.feedback_results(organisation, services=[care_act], start=START, end=END)

    assert results.total == 3
    assert results.easy_read == 1
    assert results.with_supporter == 1
    listened = results.questions[0]
    assert listened.field == "listened"
    assert listened.counts == {"yes": 2, "a_bit": 0, "no": 1, "not_sure": 0}
    assert listened.answered == 3 and listened.positive_percent == 67
    assert results.questions[2].counts["a_bit"] == 1
    every = selectors.feedback_results(organisation, start=START, end=END)
    assert every.total == 4
    assert selectors.feedback_results(organisation, services=[], start=START, end=END).total == 0


def test_feedback_by_service_gives_each_service_its_percentages(
    organisation, care_act, imha, django_assert_num_queries
):
    may = dt.date(2026, 5, 1)
    response(organisation, care_act, may, listened="yes", speak_up="no")
    response(organisation, care_act, may, listened="a_bit")
    response(organisation, imha, may, listened="no")
    response(organisation, None, may, listened="yes")
    with django_assert_num_queries(1):
        rows = selectors.feedback_by_service(organisation, start=START, end=END)
    by_name = {row.service: row for row in rows}
    assert by_name["Care Act advocacy"].total == 2
    assert by_name["Care Act advocacy"].positive_percent["listened"] == 100
    assert by_name["Care Act advocacy"].positive_percent["speak_up"] == 0
    assert by_name["Care Act advocacy"].positive_percent["things_changed"] is None
    assert by_name["IMHA"].positive_percent["listened"] == 0
    assert by_name[""].total == 1  # the service was not known


def test_quotes_only_with_consent(organisation, care_act):
    may = dt.date(2026, 5, 1)
    response(organisation, care_act, may, own_words="They listened to me", may_quote=True)
    response(organisation, care_act, may, own_words="Private words", may_quote=False)
    results = selectors.feedback_results(organisation, start=START, end=END)
    assert [q.words for q in results.quotes] == ["They listened to me"]
    assert results.quotes[0].service == "Care Act advocacy"
    assert results.unquoted_comments == 1
    assert "Private words" not in str(results)


def test_feedback_results_cost_two_queries(organisation, care_act, django_assert_num_queries):
    for month in (4, 5, 6):
        response(organisation, care_act, dt.date(2026, month, 1), listened="yes", own_words="x")
    with django_assert_num_queries(2):
        selectors.feedback_results(organisation, services=[care_act], start=START, end=END)


def test_coproduction_activity_for_the_period(organisation, other_organisation, care_act, imha):
    InvolvementFactory(organisation=organisation, role="board", started_on=dt.date(2025, 1, 1))
    InvolvementFactory(
        organisation=organisation,
        role="interview_panel",
        recognition="voucher",
        started_on=dt.date(2026, 5, 1),
    )
    InvolvementFactory(
        organisation=organisation,
        role="trainer",
        recognition="none",
        started_on=dt.date(2025, 1, 1),
        ended_on=dt.date(2026, 3, 31),  # ended before the period
    )
    InvolvementFactory(organisation=other_organisation, role="board")
    inside = EngagementSessionFactory(
        organisation=organisation, held_on=dt.date(2026, 5, 10), attendees=12, service=care_act
    )
    EngagementSessionFactory(
        organisation=organisation, held_on=dt.date(2026, 6, 1), attendees=5, service=None
    )
    EngagementSessionFactory(
        organisation=organisation, held_on=dt.date(2026, 6, 2), attendees=50, service=imha
    )
    EngagementSessionFactory(organisation=organisation, held_on=dt.date(2026, 1, 1))
    issue = SystemIssueFactory(organisation=organisation)
    theme = SessionThemeFactory(session=inside, system_issue=issue)
    SessionThemeFactory(session=inside)
    YouSaidWeDidFactory(
        organisation=organisation, theme=theme, status="done", status_on=dt.date(2026, 6, 1)
    )
    YouSaidWeDidFactory(
        organisation=organisation,
        status="planned",
        status_on=dt.date(2026, 5, 1),
        is_published=True,
    )
    SelfAssessmentFactory(organisation=organisation, year=2025)
    SelfAssessmentFactory(organisation=organisation, year=2026, board=3)

    activity = selectors.coproduction_activity(
        organisation, services=[care_act], start=START, end=END
    )

    assert activity.people_involved == 2
    assert dict(activity.involvement_by_role) == {
        "Management committee or board member": 1,
        "Interview panel member": 1,
    }
    assert activity.paid_or_recognised == 2
    assert activity.sessions == 2  # the Care Act session and the one about no one service
    assert activity.session_attendees == 17
    assert activity.themes == 2 and activity.themes_linked_to_system_issues == 1
    assert activity.you_said_we_did == 2
    assert activity.you_said_we_did_done == 1 and activity.published == 1
    assert activity.latest_assessment_year == 2026
    assert activity.latest_assessment_total == 12
    assert activity.assessment_maximum == 24
    every = selectors.coproduction_activity(organisation, start=START, end=END)
    assert every.sessions == 3 and every.session_attendees == 67


def test_coproduction_activity_with_nothing_recorded(organisation, django_assert_num_queries):
    with django_assert_num_queries(6):
        activity = selectors.coproduction_activity(organisation, start=START, end=END)
    assert activity.people_involved == 0 and activity.sessions == 0
    assert activity.latest_assessment_year is None


def test_default_period_is_twelve_months_to_today():
    assert selectors.default_period(dt.date(2026, 12, 5)) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 5),
    )
