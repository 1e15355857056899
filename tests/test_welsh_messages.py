"""What Heard says back after an action is in the reader's language too: flash messages and
refusals on the staff pages (Welsh chosen in the header), and the API's problem details
(``Accept-Language: cy``). ``tests/test_welsh_coverage.py`` covers the pages themselves."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from heard.api.tests.factories import ApiTokenFactory
from heard.casework.services.lifecycle import case_allocate, case_record_first_contact
from heard.organisations.models import Membership, Role
from tests.factories import ActivityFactory, CaseFactory, MembershipFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def in_welsh(client):
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    return client


def flashes(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def active_case(organisation):
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    case = CaseFactory(organisation=organisation, service=ServiceFactory(organisation=organisation))
    case_allocate(
        case=case, advocate=MembershipFactory(organisation=organisation), acting_user=manager.user
    )
    case_record_first_contact(
        case=case, activity=ActivityFactory(case=case, with_person=True), acting_user=manager.user
    )
    return case


def test_putting_a_case_on_hold_says_so_in_welsh(manager_client, active_case):
    in_welsh(manager_client)
    review = timezone.localdate() + dt.timedelta(days=7)
    response = manager_client.post(
        f"/cases/{active_case.pk}/hold/",
        {
            "reason": "Yn yr ysbyty",
            "review_date-day": review.day,
            "review_date-month": review.month,
            "review_date-year": review.year,
        },
        follow=True,
    )
    assert flashes(response) == [f"Mae achos {active_case.reference} ar saib"]


def test_a_casework_refusal_is_in_welsh(manager_client, active_case):
    in_welsh(manager_client)
    past = timezone.localdate() - dt.timedelta(days=1)
    response = manager_client.post(
        f"/cases/{active_case.pk}/hold/",
        {
            "reason": "",
            "review_date-day": past.day,
            "review_date-month": past.month,
            "review_date-year": past.year,
        },
    )
    body = response.content.decode()
    assert "Rhowch y rheswm pam mae’r achos yn mynd ar saib" in body
    assert "Why is the case going on hold?" not in body


def test_the_case_list_filters_are_in_welsh(manager_client, active_case):
    body = in_welsh(manager_client).get("/cases/").content.decode()
    assert "Unrhyw un" in body and "Heb ei ddyrannu" in body
    assert ">Anyone<" not in body and ">Not allocated<" not in body


def test_organisation_messages_are_in_welsh(admin_client, organisation, make_member):
    in_welsh(admin_client)
    advocate = Membership.objects.get(
        user=make_member(organisation, Role.ADVOCATE), organisation=organisation
    )
    response = admin_client.post(
        f"/organisation/staff/{advocate.pk}/active/", {"active": "0"}, follow=True
    )
    assert flashes(response) == [f"Mae {advocate.user} wedi’i ddadactifadu"]
    mine = Membership.objects.get(user=admin_client.user, organisation=organisation)
    response = admin_client.post(
        f"/organisation/staff/{mine.pk}/active/", {"active": "0"}, follow=True
    )
    assert flashes(response) == ["Rhaid i’r sefydliad gadw o leiaf un gweinyddwr gweithredol"]


def test_the_same_messages_stay_english_for_an_english_reader(manager_client, active_case):
    review = timezone.localdate() + dt.timedelta(days=7)
    response = manager_client.post(
        f"/cases/{active_case.pk}/hold/",
        {
            "reason": "In hospital",
            "review_date-day": review.day,
            "review_date-month": review.month,
            "review_date-year": review.year,
        },
        follow=True,
    )
    assert flashes(response) == [f"Case {active_case.reference} is on hold"]


# --- The API ---------------------------------------------------------------------------------


def test_an_api_problem_follows_accept_language():
    welsh = Client(headers={"Accept-Language": "cy"}).get("/api/v1/cases/")
    assert welsh.status_code == 401
    assert welsh["Content-Type"] == "application/problem+json"
    assert welsh["Content-Language"] == "cy"
    assert welsh.json()["title"] == "Mae angen dilysu"
    assert welsh.json()["detail"] == "Ni roddwyd manylion dilysu."
    english = Client().get("/api/v1/cases/").json()
    assert english["title"] == "Authentication is needed"
    assert english["detail"] == "Authentication credentials were not provided."


def test_an_api_validation_problem_is_in_welsh(organisation, active_case):
    member = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    token = ApiTokenFactory(organisation=organisation, user=member.user)
    api = Client(headers={"Authorization": f"Bearer {token.secret}", "Accept-Language": "cy"})
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    body = api.post(
        "/api/v1/activities/",
        {"case": active_case.pk, "kind": "visit", "occurred_at": future},
        content_type="application/json",
    ).json()
    assert body["title"] == "Nid yw’r cais yn ddilys"
    assert "rhaid" in " ".join(str(m) for m in body["errors"]["occurred_at"]).lower()
    missing = api.post("/api/v1/activities/", {}, content_type="application/json").json()
    assert "Mae angen y maes hwn." in missing["errors"]["case"]
    assert api.get("/api/v1/no-such-thing/").json()["title"] == "Heb ei ganfod"
