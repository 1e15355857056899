"""Staff pages of the Voice area, and the public "you said, we did" page."""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.voice.models import (
    EngagementSession,
    FeedbackResponse,
    Involvement,
    SelfAssessment,
    SessionTheme,
    YouSaidWeDid,
)
from tests.factories import ServiceFactory, SystemIssueFactory
from tests.pages import text_of

from .factories import (
    EngagementSessionFactory,
    InvolvementFactory,
    SelfAssessmentFactory,
    SessionThemeFactory,
    YouSaidWeDidFactory,
)

LEVELS = {
    "board": "1",
    "employed": "0",
    "plan": "2",
    "recruitment": "1",
    "training": "1",
    "evaluation": "2",
    "redesign": "0",
    "paid": "3",
}


def date_fields(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


@pytest.mark.parametrize(
    "path",
    [
        "/voice/",
        "/voice/feedback-links/",
        "/voice/engagement/",
        "/voice/you-said-we-did/",
        "/voice/self-assessment/",
    ],
)
def test_commissioners_cannot_open_voice_pages(commissioner_client, path):
    assert commissioner_client.get(path).status_code == 403


def test_advocates_see_results_but_not_the_involvement_register(advocate_client):
    assert advocate_client.get("/voice/").status_code == 200
    assert advocate_client.get("/voice/involvement/").status_code == 403
    assert advocate_client.get("/voice/engagement/new/").status_code == 403


def test_feedback_page_shows_quotes_with_consent_and_private_words_to_managers_only(
    client_as, organisation
):
    service = ServiceFactory(organisation=organisation, name="Care Act advocacy")
    month = timezone.localdate().replace(day=1)
    for words, quote in [("They really listened", True), ("Keep this private", False)]:
        FeedbackResponse.objects.create(
            organisation=organisation,
            service=service,
            month=month,
            form_version="easy_read",
            channel="general_link",
            listened="yes",
            own_words=words,
            may_quote=quote,
            submission_key=uuid.uuid4().hex,
        )
    advocate_page = text_of(client_as(Role.ADVOCATE, organisation).get("/voice/"))
    assert "2 responses" in advocate_page
    assert "They really listened" in advocate_page
    assert "Keep this private" not in advocate_page
    manager_page = text_of(client_as(Role.MANAGER, organisation).get("/voice/"))
    assert "1 comment not to be quoted" in manager_page and "Keep this private" in manager_page
    assert AuditEvent.objects.filter(event_type="voice.feedback_viewed").count() == 2


def test_feedback_filter_with_a_bad_date_says_so(manager_client):
    response = manager_client.get(
        "/voice/", {"start-day": "40", "start-month": "13", "start-year": "2026"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_feedback_links_page_draws_a_qr_code_on_the_server(advocate_client, organisation):
    html = advocate_client.get("/voice/feedback-links/").content.decode()
    assert "/have-your-say/riverside/" in html
    assert "<svg" in html and "QR code for the feedback form" in html
    qr = advocate_client.get("/voice/feedback-links/qr-code.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")


def test_involvement_is_recorded_with_consent_and_audited(manager_client, organisation):
    data = {
        "name": "Sam Peer",
        "role": "interview_panel",
        "area": "delivery",
        **date_fields("started_on", dt.date(2026, 3, 1)),
        "recognition": "paid",
        "accessibility_support": "Easy Read papers; a quiet room",
        "consent_to_be_named": "on",
    }
    refused = manager_client.post("/voice/involvement/new/", data)
    assert refused.status_code == 200
    assert "Record involvement only with the person" in text_of(refused)
    assert (
        manager_client.post(
            "/voice/involvement/new/", {**data, "consent_to_record": "on"}
        ).status_code
        == 302
    )
    [item] = Involvement.objects.all()
    assert item.role == "interview_panel" and item.consent_to_be_named
    assert "Sam Peer" in text_of(manager_client.get("/voice/involvement/"))
    assert AuditEvent.objects.filter(event_type="voice.involvement_recorded").exists()
    page = manager_client.get(f"/voice/involvement/{item.pk}/")
    assert page.status_code == 200
    assert AuditEvent.objects.filter(event_type="voice.involvement_viewed").exists()


def test_involvement_end_before_start_is_refused(manager_client):
    response = manager_client.post(
        "/voice/involvement/new/",
        {
            "name": "Sam",
            "role": "board",
            "area": "governance",
            **date_fields("started_on", dt.date(2026, 3, 1)),
            **date_fields("ended_on", dt.date(2026, 1, 1)),
            "recognition": "paid",
            "consent_to_record": "on",
        },
    )
    assert response.status_code == 200
    assert "The end date must be on or after the start date" in text_of(response)


def test_session_theme_links_to_a_system_issue_and_becomes_a_published_item(
    manager_client, organisation, client
):
    issue = SystemIssueFactory(organisation=organisation, title="Letters not in Easy Read")
    response = manager_client.post(
        "/voice/engagement/new/",
        {
            "title": "Day centre conversation",
            **date_fields("held_on", timezone.localdate()),
            "format": "in_person",
            "attendees": "14",
            "groups": "People with learning disabilities\nCarers",
            "what_people_said": "Nobody explains the letters.",
        },
    )
    session = EngagementSession.objects.get()
    assert response["Location"] == f"/voice/engagement/{session.pk}/"
    manager_client.post(
        f"/voice/engagement/{session.pk}/themes/new/",
        {"summary": "Letters are hard to read", "system_issue": issue.pk},
    )
    theme = SessionTheme.objects.get()
    assert theme.system_issue == issue
    detail = text_of(manager_client.get(f"/voice/engagement/{session.pk}/"))
    assert "Letters not in Easy Read" in detail and "Nothing recorded yet" in detail
    data = {
        "theme": theme.pk,
        "you_said": "Letters are hard to read",
        "we_did": "We asked the council to send Easy Read letters",
        "done_by": "Service manager",
        "status": "done",
        **date_fields("status_on", timezone.localdate()),
        "is_published": "on",
    }
    refused = manager_client.post(f"/voice/you-said-we-did/new/?theme={theme.pk}", data)
    assert "Write an Easy Read summary before publishing" in text_of(refused)
    data["easy_read_summary"] = "You said letters are hard. We asked for easy letters."
    manager_client.post(f"/voice/you-said-we-did/new/?theme={theme.pk}", data)
    item = YouSaidWeDid.objects.get()
    assert item.theme == theme and item.is_published
    public = text_of(client.get("/have-your-say/riverside/you-said-we-did/"))
    assert "We asked the council to send Easy Read letters" in public
    easy = text_of(client.get("/have-your-say/riverside/you-said-we-did/easy-read/"))
    assert "We asked for easy letters" in easy


def test_public_page_shows_only_published_items_of_its_organisation(
    client, organisation, other_organisation
):
    YouSaidWeDidFactory(organisation=organisation, we_did="Published thing", is_published=True)
    YouSaidWeDidFactory(organisation=organisation, we_did="Draft thing", is_published=False)
    YouSaidWeDidFactory(
        organisation=other_organisation, we_did="Elsewhere thing", is_published=True
    )
    page = text_of(client.get("/have-your-say/riverside/you-said-we-did/"))
    assert "Published thing" in page
    assert "Draft thing" not in page and "Elsewhere thing" not in page


def test_theme_cannot_link_another_organisations_system_issue(
    manager_client, organisation, other_organisation
):
    session = EngagementSessionFactory(organisation=organisation)
    foreign = SystemIssueFactory(organisation=other_organisation)
    response = manager_client.post(
        f"/voice/engagement/{session.pk}/themes/new/",
        {"summary": "A theme", "system_issue": foreign.pk},
    )
    assert response.status_code == 200
    assert not SessionTheme.objects.exists()


def test_you_said_we_did_from_another_organisations_theme_is_not_found(
    manager_client, other_organisation
):
    theme = SessionThemeFactory(session__organisation=other_organisation)
    assert manager_client.get(f"/voice/you-said-we-did/new/?theme={theme.pk}").status_code == 404
    assert manager_client.get("/voice/you-said-we-did/new/?theme=abc").status_code == 404


def test_self_assessment_in_two_years_shows_both_in_chart_and_table(manager_client, organisation):
    SelfAssessmentFactory(organisation=organisation, year=2025)
    response = manager_client.post(
        "/voice/self-assessment/new/", {"year": "2026", **LEVELS, "assessed_with": "Panel"}
    )
    assert response.status_code == 302
    assert SelfAssessment.objects.get(year=2026).total == 10
    page = manager_client.get("/voice/self-assessment/")
    html = page.content.decode()
    svg = re.search(r'<svg class="heard-chart".*?</svg>', html, re.S)[0]
    assert ">2025<" in svg and ">2026<" in svg
    assert svg.count("<rect") == 2 * 8 + 2  # a bar a year per dimension, and the legend
    table = re.search(r'<table class="govuk-table" id="assessment-table">.*?</table>', html, re.S)
    assert "2025" in table[0] and "2026" in table[0]
    assert "Total (out of 24)" in text_of(page)


def test_recording_a_year_again_replaces_its_scores(manager_client, organisation):
    manager_client.post("/voice/self-assessment/new/", {"year": "2026", **LEVELS})
    manager_client.post("/voice/self-assessment/new/", {"year": "2026", **{**LEVELS, "board": "3"}})
    assert SelfAssessment.objects.get().board == 3


def test_self_assessment_needs_every_dimension(manager_client):
    response = manager_client.post("/voice/self-assessment/new/", {"year": "2026"})
    assert response.status_code == 200
    assert "Choose how far this is true" in text_of(response)


@pytest.mark.parametrize(
    "path", ["/voice/engagement/", "/voice/you-said-we-did/", "/voice/involvement/"]
)
def test_lists_cost_the_same_queries_however_long(manager_client, organisation, path):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(path).status_code == 200
        return len(queries)

    def add():
        session = EngagementSessionFactory(organisation=organisation)
        theme = SessionThemeFactory(session=session)
        YouSaidWeDidFactory(organisation=organisation, theme=theme)
        InvolvementFactory(organisation=organisation)

    add()
    count()  # the first request also loads the session and membership
    few = count()
    for _ in range(4):
        add()
    assert count() == few


def test_session_page_costs_the_same_queries_however_many_themes(manager_client, organisation):
    session = EngagementSessionFactory(organisation=organisation)
    issue = SystemIssueFactory(organisation=organisation)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            manager_client.get(f"/voice/engagement/{session.pk}/")
        return len(queries)

    SessionThemeFactory(session=session, system_issue=issue)
    count()  # the first request also loads the session and membership
    few = count()
    for _ in range(4):
        theme = SessionThemeFactory(session=session, system_issue=issue)
        YouSaidWeDidFactory(organisation=organisation, theme=theme)
    assert count() == few


def test_system_issue_page_shows_what_people_said_as_evidence(manager_client, organisation):
    issue = SystemIssueFactory(organisation=organisation, title="Letters not in Easy Read")
    SessionThemeFactory(
        session__organisation=organisation,
        session__title="Day centre conversation",
        system_issue=issue,
        summary="Letters are hard to read",
        in_their_words="'I don't know what the letter says.'",
    )
    page = text_of(manager_client.get(f"/system-issues/{issue.pk}/"))
    assert "What people said in engagement sessions" in page
    assert "Letters are hard to read" in page and "Day centre conversation" in page


@pytest.mark.parametrize("path", ["/voice/", "/voice/self-assessment/"])
def test_results_and_progress_cost_the_same_queries_however_much_data(
    manager_client, organisation, path
):
    service = ServiceFactory(organisation=organisation)
    month = timezone.localdate().replace(day=1)

    def add(year):
        FeedbackResponse.objects.create(
            organisation=organisation,
            service=service,
            month=month,
            form_version="standard",
            channel="general_link",
            listened="yes",
            own_words="Words",
            may_quote=True,
            submission_key=uuid.uuid4().hex,
        )
        SelfAssessmentFactory(organisation=organisation, year=year)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(path).status_code == 200
        return len(queries)

    add(2020)
    count()  # the first request also loads the session and membership
    few = count()
    for year in range(2021, 2026):
        add(year)
    assert count() == few


def test_a_paper_form_is_typed_in_anonymously_once(advocate_client, organisation):
    service = ServiceFactory(organisation=organisation, name="IMHA")
    page = advocate_client.get("/voice/paper-feedback/")
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page.content.decode())[1]
    data = {
        "token": token,
        "service": service.pk,
        "month": "3",
        "year": "2026",
        "form_version": "easy_read",
        "listened": "yes",
        "speak_up": "",
        "own_words": "Good",
        "may_quote": "yes",
        "helped": "yes",
        "supporter_role": "carer",
    }
    assert advocate_client.post("/voice/paper-feedback/", data).status_code == 302
    assert advocate_client.post("/voice/paper-feedback/", data).status_code == 302  # resent
    [row] = FeedbackResponse.objects.all()
    assert row.channel == "paper" and row.is_anonymous and row.case_id is None
    assert row.month == dt.date(2026, 3, 1) and row.service == service
    assert row.listened == "yes" and row.speak_up == "" and row.supporter_role == "carer"
    assert not AuditEvent.objects.filter(target_id=str(row.pk)).exists()


def test_a_paper_form_cannot_be_dated_in_the_future(advocate_client):
    next_year = timezone.localdate().year + 1
    response = advocate_client.post(
        "/voice/paper-feedback/",
        {
            "month": "1",
            "year": str(next_year),
            "form_version": "standard",
            "may_quote": "no",
            "helped": "no",
        },
    )
    assert response.status_code == 200
    assert "The month must not be in the future" in text_of(response)
