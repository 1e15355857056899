"""The referrals API's equality answers: codes and labels for those who see personal data,
never for commissioners or for another organisation's referral."""

from types import SimpleNamespace

import pytest
from django.test import Client

from heard.api.models import Area, scope
from heard.api.tests.factories import ApiTokenFactory
from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.referrals.api import ReferralSerializer
from heard.referrals.models import Referral
from tests.factories import MembershipFactory, ReferralFactory

API = "/api/v1/referrals/"

pytestmark = pytest.mark.django_db

ANSWERED = {
    "ethnicity": {
        "code": "white_british",
        "label": "White: English, Welsh, Scottish, Northern Irish or British",
    },
    "sex": {"code": "female", "label": "Female"},
    "disability": {"code": None, "label": "Not answered"},
    "religion": {"code": "prefer_not_to_say", "label": "Prefer not to say"},
}


def token_client(organisation, role, scopes=None):
    member = MembershipFactory(organisation=organisation, role=role)
    kwargs = {"scopes": scopes} if scopes is not None else {}
    token = ApiTokenFactory(organisation=organisation, user=member.user, **kwargs)
    client = Client(headers={"Authorization": f"Bearer {token.secret}"})
    client.member = member
    return client


@pytest.fixture
def referral(organisation):
    return ReferralFactory(
        organisation=organisation,
        ethnicity="white_british",
        sex="female",
        disability="",
        religion="prefer_not_to_say",
    )


def test_a_manager_reads_the_answers_as_codes_and_labels(organisation, referral):
    """Listing and opening give the same object, and each read is audited as before."""
    api = token_client(organisation, Role.MANAGER)
    opened = api.get(f"{API}{referral.pk}/")
    assert opened.status_code == 200
    assert opened.json()["equality"] == ANSWERED
    [row] = api.get(API).json()["results"]
    assert row["equality"] == ANSWERED
    assert AuditEvent.objects.filter(
        event_type="referral.viewed", target_id=str(referral.pk)
    ).exists()
    assert AuditEvent.objects.filter(event_type="api.listed", target_id=str(referral.pk)).exists()


def test_a_referral_with_no_answers_says_not_answered(organisation):
    referral = ReferralFactory(organisation=organisation)
    api = token_client(organisation, Role.ADMIN)
    equality = api.get(f"{API}{referral.pk}/").json()["equality"]
    assert equality == {
        name: {"code": None, "label": "Not answered"}
        for name in ("ethnicity", "sex", "disability", "religion")
    }


def test_labels_follow_the_requests_language_and_codes_do_not(organisation, referral):
    api = token_client(organisation, Role.MANAGER)
    welsh = api.get(f"{API}{referral.pk}/", headers={"Accept-Language": "cy"}).json()
    assert welsh["equality"]["sex"]["code"] == "female"
    assert welsh["equality"]["religion"]["code"] == "prefer_not_to_say"
    assert welsh["equality"]["disability"]["code"] is None


def test_another_organisations_referral_is_a_404(organisation, other_organisation):
    theirs = ReferralFactory(organisation=other_organisation, ethnicity="black_african")
    api = token_client(organisation, Role.MANAGER)
    response = api.get(f"{API}{theirs.pk}/")
    assert response.status_code == 404
    assert "black_african" not in response.content.decode()
    assert all(row["id"] != theirs.pk for row in api.get(API).json()["results"])


def test_a_commissioner_reaches_no_referral_and_no_answer(organisation, referral):
    api = token_client(organisation, Role.COMMISSIONER)
    for response in (api.get(API), api.get(f"{API}{referral.pk}/")):
        assert response.status_code == 403
        assert "white_british" not in response.content.decode()
    sent = api.post(
        API,
        {"first_name": "Ann", "situation": "Help", "equality": {"sex": "male"}},
        content_type="application/json",
    )
    assert sent.status_code == 403
    assert not Referral.objects.filter(first_name="Ann").exists()


def test_the_answers_are_never_shaped_for_a_commissioner():
    """The serializer's own gate, whatever the endpoint's: a commissioner, or no request at
    all, gets ``null`` rather than the answers."""
    organisation = MembershipFactory(role=Role.MANAGER).organisation
    referral = ReferralFactory(organisation=organisation, sex="male")
    commissioner = MembershipFactory(organisation=organisation, role=Role.COMMISSIONER).user
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER).user

    def shaped(user):
        request = SimpleNamespace(user=user, organisation=organisation)
        return ReferralSerializer(referral, context={"request": request}).data["equality"]

    assert shaped(commissioner) is None
    assert ReferralSerializer(referral).data["equality"] is None
    assert shaped(manager)["sex"] == {"code": "male", "label": "Male"}


def test_a_token_without_the_referrals_scope_is_refused(organisation, referral):
    api = token_client(organisation, Role.MANAGER, scopes=[scope(Area.PEOPLE, "read")])
    assert api.get(f"{API}{referral.pk}/").status_code == 403


def test_a_write_only_token_sends_answers_and_gets_them_back(organisation):
    """An advocate's system may send referrals (not read them): the answers are stored as
    codes and the referral it sent comes back with them."""
    api = token_client(organisation, Role.ADVOCATE, scopes=[scope(Area.REFERRALS, "write")])
    body = {
        "idempotency_key": "portal-7",
        "first_name": "Mary",
        "situation": "Care Act assessment next week",
        "equality": {"ethnicity": "asian_indian", "religion": "prefer_not_to_say", "sex": ""},
    }
    sent = api.post(API, body, content_type="application/json")
    assert sent.status_code == 201, sent.content
    referral = Referral.objects.get(first_name="Mary")
    assert (referral.ethnicity, referral.sex, referral.disability, referral.religion) == (
        "asian_indian",
        "",
        "",
        "prefer_not_to_say",
    )
    assert sent.json()["equality"]["ethnicity"] == {
        "code": "asian_indian",
        "label": "Asian: Indian",
    }
    assert sent.json()["equality"]["sex"] == {"code": None, "label": "Not answered"}
    # It may not read referrals back: no read permission for an advocate.
    assert api.get(f"{API}{referral.pk}/").status_code == 403


@pytest.mark.parametrize("extra", [{}, {"equality": None}, {"equality": {}}])
def test_a_referral_sent_without_answers_stores_none(organisation, extra):
    api = token_client(organisation, Role.MANAGER)
    body = {"first_name": "Joe", "situation": "Help", **extra}
    sent = api.post(API, body, content_type="application/json")
    assert sent.status_code == 201, sent.content
    referral = Referral.objects.get(first_name="Joe")
    assert [referral.ethnicity, referral.sex, referral.disability, referral.religion] == [""] * 4


def test_an_unknown_code_is_an_error_beside_the_field(organisation):
    api = token_client(organisation, Role.MANAGER)
    sent = api.post(
        API,
        {"first_name": "Kim", "situation": "Help", "equality": {"sex": "unknown"}},
        content_type="application/json",
    )
    assert sent.status_code == 400
    assert sent["Content-Type"] == "application/problem+json"
    assert "sex" in sent.json()["errors"]["equality"]
    assert not Referral.objects.filter(first_name="Kim").exists()
