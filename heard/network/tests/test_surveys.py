"""Network surveys of advocates: built by coordinators, answered anonymously through each
member's link, results as charts with tables, exports and a published report."""

import io
import zipfile

import pytest

from heard.audit.models import AuditEvent, PendingAnonymousEvent
from heard.network.models import QuestionKind, SurveyResponse, SurveyStatus
from heard.network.tests.factories import (
    MemberFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyLinkFactory,
)
from tests.factories import OrganisationFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def test_a_coordinator_builds_and_opens_a_survey(network, coordinator, member, sign_in):
    client = sign_in(coordinator)
    response = client.post(f"/network/{network.pk}/surveys/new/", {"title": "Rights during winter"})
    survey = network.surveys.get()
    assert response.url == f"/network/surveys/{survey.pk}/"
    client.post(
        f"/network/surveys/{survey.pk}/questions/new/",
        {"text": "Were rights upheld?", "kind": "single", "choices": "Yes\nNo\nNot sure"},
    )
    client.post(
        f"/network/surveys/{survey.pk}/questions/new/",
        {"text": "How confident are you?", "kind": "scale"},
    )
    client.post(
        f"/network/surveys/{survey.pk}/questions/new/",
        {"text": "What got in the way?", "kind": "multiple", "choices": "Access\nTime\nLaw"},
    )
    client.post(
        f"/network/surveys/{survey.pk}/questions/new/", {"text": "Anything else?", "kind": "text"}
    )
    assert survey.questions.count() == 4
    client.post(f"/network/surveys/{survey.pk}/status/", {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    link = survey.links.get(member=member)
    assert f"/network/s/{link.token}/" in text_of(client.get(f"/network/surveys/{survey.pk}/"))


def test_a_choice_question_needs_two_answers(network, coordinator, sign_in):
    survey = SurveyFactory(network=network, status=SurveyStatus.DRAFT)
    response = sign_in(coordinator).post(
        f"/network/surveys/{survey.pk}/questions/new/",
        {"text": "Pick", "kind": "single", "choices": "Only one"},
    )
    assert "Enter at least 2 answers" in text_of(response)


def test_answers_are_anonymous_and_keep_the_organisation_only_with_consent(client, network, member):
    survey = SurveyFactory(network=network)
    question = QuestionFactory(survey=survey)
    link = SurveyLinkFactory(survey=survey, member=member)
    url = f"/network/s/{link.token}/"
    assert client.get(url).status_code == 200
    client.post(url, {f"q{question.pk}": "Sometimes"})
    client.post(url, {f"q{question.pk}": "Never", "share_organisation": "on"})
    first, second = SurveyResponse.objects.order_by("pk")
    assert first.organisation is None and first.month is None
    assert second.organisation == member.organisation and second.month.day == 1
    field_names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not field_names & {"user", "created_at", "membership", "ip_address"}
    # Audited anonymously: the day only, against the survey (not the response).
    pending = PendingAnonymousEvent.objects.filter(event_type="network.survey_answered")
    assert pending.count() == 2
    assert {p.target_id for p in pending} == {str(survey.pk)}


def test_free_text_answers_refuse_personal_data(client, network, member):
    survey = SurveyFactory(network=network)
    question = QuestionFactory(survey=survey, kind=QuestionKind.TEXT, choices=[])
    link = SurveyLinkFactory(survey=survey, member=member)
    response = client.post(
        f"/network/s/{link.token}/", {f"q{question.pk}": "NHS number 943 476 5919"}
    )
    assert "Remove the NHS number" in text_of(response)
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_link_is_gone(client, network, member):
    survey = SurveyFactory(network=network, status=SurveyStatus.CLOSED)
    link = SurveyLinkFactory(survey=survey, member=member)
    assert client.get(f"/network/s/{link.token}/").status_code == 404


def test_easy_read_and_welsh_versions(client, network, member):
    survey = SurveyFactory(
        network=network, introduction_easy_read="Tell us what happened", title_cy="Arolwg"
    )
    QuestionFactory(survey=survey, text_easy_read="Did people listen?", text_cy="A wrandawyd?")
    link = SurveyLinkFactory(survey=survey, member=member)
    assert "Did people listen?" in text_of(
        client.get(f"/network/s/{link.token}/?version=easy_read")
    )
    assert "A wrandawyd?" in text_of(client.get(f"/network/s/{link.token}/?version=cy"))


def test_results_show_a_chart_with_a_table_and_export(network, coordinator, member, sign_in):
    survey = SurveyFactory(network=network)
    question = QuestionFactory(survey=survey)
    other = MemberFactory(network=network, organisation=OrganisationFactory(name="Hill Advocacy"))
    for organisation, answer in [(member.organisation, "Always"), (other.organisation, "Never")]:
        SurveyResponse.objects.create(
            survey=survey, organisation=organisation, answers={str(question.pk): answer}
        )
    SurveyResponse.objects.create(survey=survey, answers={str(question.pk): "Never"})
    client = sign_in(coordinator)
    response = client.get(f"/network/surveys/{survey.pk}/results/")
    body = response.content.decode()
    assert '<svg class="heard-chart"' in body and 'role="img"' in body
    text = text_of(response)
    assert "3 responses" in text
    assert "Never 2 67%" in text
    assert "Hill Advocacy: 1" in text

    csv = client.get(f"/network/surveys/{survey.pk}/results.csv").content.decode()
    assert "Never" in csv and "Were people" in csv
    xlsx = client.get(f"/network/surveys/{survey.pk}/results.xlsx")
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "Never" in sheet
    assert AuditEvent.objects.filter(event_type="network.survey_exported").count() == 2


def test_a_published_report_is_open_to_members_staff(
    network, coordinator, member, advocate, sign_in
):
    survey = SurveyFactory(network=network, status=SurveyStatus.CLOSED)
    QuestionFactory(survey=survey)
    assert sign_in(advocate).get(f"/network/surveys/{survey.pk}/report/").status_code == 404
    sign_in(coordinator).post(
        f"/network/surveys/{survey.pk}/report/publish/", {"summary": "Rights were at risk."}
    )
    page = text_of(sign_in(advocate).get(f"/network/surveys/{survey.pk}/report/"))
    assert "Rights were at risk." in page


def test_members_staff_cannot_see_results_or_exports(network, member, advocate, sign_in):
    survey = SurveyFactory(network=network)
    client = sign_in(advocate)
    for path in ("results/", "results.csv", "results.xlsx"):
        assert client.get(f"/network/surveys/{survey.pk}/{path}").status_code == 404
