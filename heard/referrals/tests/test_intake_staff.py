"""Staff-entered referrals: the same questions on one page, with source and time received."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.referrals.models import Referral, ReferralStatus, Source

URL = "/referrals/new/"


def form_data(**overrides):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "token": "c" * 32,
        "source": "letter",
        "received_date-day": str(yesterday.day),
        "received_date-month": str(yesterday.month),
        "received_date-year": str(yesterday.year),
        "received_time": "16:45",
        "who": "professional",
        "referrer_name": "Dr Patel",
        "referrer_role": "GP",
        "referrer_organisation": "Park Surgery",
        "first_name": "Ann",
        "last_name": "Smith",
        "date_of_birth-day": "1",
        "date_of_birth-month": "2",
        "date_of_birth-year": "1950",
        "situation": "Letter asking for an advocate for a move to a care home",
        "is_urgent": "no",
        "q_mca_decision": "accommodation_change",
        "q_lacks_capacity": "yes",
        "q_anyone_to_consult": "no",
        "q_accommodation_setting": "care_home",
        "q_stay_length": "over_12_weeks",
        "basis": "best_interests",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_referral_records_source_received_time_and_eligibility(advocate_client, organisation):
    """A letter received yesterday: source, received time, who entered it and the engine's result."""
    page = advocate_client.get(URL)
    assert page.status_code == 200
    assert re.search(r'name="token" value="[0-9a-f]{32}"', page.content.decode())
    response = advocate_client.post(URL, form_data())
    referral = Referral.objects.get()
    assert response["Location"] == f"/referrals/{referral.pk}/received/"
    assert referral.source == Source.LETTER
    assert referral.status == ReferralStatus.NEW
    received = timezone.localtime(referral.received_at)
    assert received.date() == timezone.localdate() - dt.timedelta(days=1)
    assert (received.hour, received.minute) == (16, 45)
    assert referral.entered_by == advocate_client.user
    assert referral.referrer_organisation == "Park Surgery"
    assert referral.eligibility_answers["mca_decision"] == "accommodation_change"
    assert referral.eligibility_answers["as_of"] == received.date().isoformat()
    imca = referral.eligibility_result["results"][1]
    assert (imca["type"], imca["decision"], imca["duty"]) == ("imca", "eligible", "must")
    assert referral.reference.startswith(f"{organisation.reference_prefix}-{received.year}-")

    shown = advocate_client.get(response["Location"]).content.decode()
    assert referral.reference in shown
    assert "Independent Mental Capacity Advocate" in shown
    assert "Letter" in shown


@pytest.mark.django_db
def test_staff_entry_is_audited_under_the_staff_member(advocate_client, organisation):
    """The audit names the person who entered it, not the public web form."""
    advocate_client.post(URL, form_data())
    event = AuditEvent.objects.get(event_type="referral.received")
    assert event.actor == advocate_client.user
    assert event.details == {"source": "letter"}


@pytest.mark.django_db
def test_received_time_defaults_to_now(manager_client, organisation):
    """The form opens with today's date and the current time filled in."""
    form = manager_client.get(URL).context["form"]
    assert form.initial["received_date"] == timezone.localdate()
    assert re.fullmatch(r"\d\d:\d\d", form.initial["received_time"])


@pytest.mark.django_db
def test_received_in_the_future_or_a_bad_time_is_refused(advocate_client, organisation):
    """A time that has not happened yet, or is not a time, gets a message by the field."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = advocate_client.post(
        URL,
        form_data(
            **{
                "received_date-day": str(tomorrow.day),
                "received_date-month": str(tomorrow.month),
                "received_date-year": str(tomorrow.year),
            }
        ),
    )
    assert "The time received must be now or in the past" in response.content.decode()
    response = advocate_client.post(URL, form_data(received_time="25:00"))
    html = response.content.decode()
    assert "Enter a real time" in html
    assert 'value="Ann"' in html  # nothing typed is lost
    assert Referral.objects.count() == 0


@pytest.mark.django_db
def test_staff_double_submit_saves_once(advocate_client, organisation):
    """Pressing Save twice (same token) saves one referral and shows it both times."""
    first = advocate_client.post(URL, form_data())
    second = advocate_client.post(URL, form_data())
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_staff_eligibility_answers_count_without_ticking_a_topic(advocate_client, organisation):
    """Staff answer what they know; an answered question counts even if its topic was not ticked."""
    advocate_client.post(URL, form_data(topics=[]))
    assert Referral.objects.get().eligibility_answers["lacks_capacity"] is True


@pytest.mark.django_db
def test_self_referral_by_phone_keeps_no_referrer(advocate_client, organisation):
    """A person phoning for themselves: no referrer details are stored."""
    advocate_client.post(
        URL, form_data(source="phone", who="self", basis="self", referrer_name="ignored")
    )
    referral = Referral.objects.get()
    assert referral.source == Source.PHONE
    assert referral.referrer_name == ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
def test_roles_without_personal_data_cannot_enter_referrals(client_as, organisation, role):
    """Commissioners and network coordinators are refused (403)."""
    client = client_as(role, organisation)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert Referral.objects.count() == 0


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client, organisation):
    """The staff form needs a sign-in."""
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_received_page_of_another_organisations_referral_is_404(
    advocate_client, organisation, other_organisation
):
    """Another organisation's referral is not found."""
    from tests.factories import ReferralFactory

    foreign = ReferralFactory(organisation=other_organisation)
    assert advocate_client.get(f"/referrals/{foreign.pk}/received/").status_code == 404


def test_two_organisations_never_issue_the_same_reference(db):
    """Each organisation's references start with its own prefix."""
    import datetime as dt

    from django.utils import timezone

    from heard.referrals.services.intake import next_referral_reference
    from tests.factories import OrganisationFactory

    first = OrganisationFactory(name="Riverside Independent Advocacy")
    second = OrganisationFactory(name="Afon Advocacy", reference_prefix="AFON")
    received = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
    assert next_referral_reference(first, received) == "RIA-2026-000001"
    assert next_referral_reference(second, received) == "AFON-2026-000001"
