"""Organisation pages: the switcher, settings, services and staff."""

import re

import pytest
from django.core import mail
from django.test import Client

from heard.audit.models import AuditEvent
from heard.organisations.middleware import SESSION_KEY
from heard.organisations.models import Membership, Organisation, Role, Service
from tests.factories import MembershipFactory, OrganisationFactory, ServiceFactory

ROLES = [Role.ADMIN, Role.MANAGER, Role.ADVOCATE, Role.COMMISSIONER, Role.NETWORK_COORDINATOR]
LAST_ADMIN = "The organisation must keep at least one active admin"


def inline_error(body: str, field: str) -> str:
    """The text of the GOV.UK error message shown beside ``field`` ('' if none)."""
    match = re.search(
        rf'<p id="id_{field}-error"\s+class="govuk-error-message">(.*?)</p>', body, re.S
    )
    return " ".join(match[1].split()) if match else ""


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


# Switcher


@pytest.fixture
def two_org_client(admin_client, other_organisation):
    """An admin of Riverside who is also an advocate at Elsewhere, currently in Riverside."""
    MembershipFactory(user=admin_client.user, organisation=other_organisation, role=Role.ADVOCATE)
    admin_client.get("/")
    return admin_client


def test_switch_to_another_of_my_organisations(two_org_client, organisation, other_organisation):
    """Switching to an organisation the user belongs to changes the current one and is audited."""
    assert two_org_client.session[SESSION_KEY] == other_organisation.pk  # "Elsewhere" sorts first
    response = two_org_client.post(
        "/organisation/switch/", {"organisation": organisation.pk, "next": "/people/"}
    )
    assert response.status_code == 302
    assert response.url == "/people/"
    assert two_org_client.session[SESSION_KEY] == organisation.pk
    event = AuditEvent.objects.get(event_type="organisation.switched")
    assert event.organisation == organisation
    assert event.actor == two_org_client.user
    assert two_org_client.get("/").context["current_organisation"] == organisation


def test_switch_to_an_organisation_i_do_not_belong_to_is_forbidden(two_org_client, db):
    """Asking for someone else's organisation is a 403 and leaves the session as it was."""
    stranger = OrganisationFactory(name="Not Mine Advocacy")
    before = two_org_client.session[SESSION_KEY]
    response = two_org_client.post("/organisation/switch/", {"organisation": stranger.pk})
    assert response.status_code == 403
    assert two_org_client.session[SESSION_KEY] == before
    assert not AuditEvent.objects.filter(event_type="organisation.switched").exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/steal", "//evil.example/", "/people/123/"]
)
def test_switch_ignores_an_unsafe_or_stale_next_url(two_org_client, organisation, next_url):
    """An off-site ``next`` (or an object page of the old organisation) sends the user home."""
    response = two_org_client.post(
        "/organisation/switch/", {"organisation": organisation.pk, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert two_org_client.session[SESSION_KEY] == organisation.pk


def test_switch_needs_post(two_org_client, organisation):
    """A GET cannot switch organisation (so a link or image cannot do it)."""
    response = two_org_client.get("/organisation/switch/", {"organisation": organisation.pk})
    assert response.status_code == 405


# Settings


def test_settings_page_is_for_admins_only(manager_client):
    """A service manager cannot see or change the organisation's settings."""
    assert manager_client.get("/organisation/settings/").status_code == 403
    response = manager_client.post("/organisation/settings/", {"name": "Hijacked"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Hijacked").exists()


def test_saving_settings_updates_the_organisation_and_is_audited(
    admin_client, organisation, make_member
):
    """Name, named leads and the alert thresholds are saved, and the audit event lists changes."""
    lead = membership_of(
        make_member(organisation, Role.MANAGER, user__full_name="Lee Lead"), organisation
    )
    speaker = membership_of(make_member(organisation, Role.ADVOCATE), organisation)
    admin = membership_of(admin_client.user, organisation)
    assert admin_client.get("/organisation/settings/").status_code == 200

    response = admin_client.post(
        "/organisation/settings/",
        {
            "name": "Riverside Advocacy Trust",
            "nation": "england",
            "charity_number": "1234567",
            "reference_prefix": "rat",
            "safeguarding_lead": lead.pk,
            "speaking_up_leads": [speaker.pk, admin.pk],
            "safeguarding_acknowledgement_days": "3",
            "no_contact_alert_days": "21",
            "contact_phone": "0113 496 0000",
            "contact_email": "hello@riverside.example",
        },
    )
    assert response.status_code == 302
    assert response.url == "/organisation/settings/"
    organisation.refresh_from_db()
    assert organisation.setting("contact_phone") == "0113 496 0000"
    assert organisation.setting("contact_email") == "hello@riverside.example"

    organisation.refresh_from_db()
    assert organisation.name == "Riverside Advocacy Trust"
    assert organisation.charity_number == "1234567"
    assert organisation.reference_prefix == "RAT"
    assert organisation.safeguarding_lead == lead
    assert set(organisation.speaking_up_leads.all()) == {speaker, admin}
    assert organisation.setting("safeguarding_acknowledgement_days") == 3
    assert organisation.setting("no_contact_alert_days") == 21

    event = AuditEvent.objects.get(event_type="organisation.updated")
    assert event.actor == admin_client.user
    assert event.changes["name"] == ["Riverside Advocacy", "Riverside Advocacy Trust"]
    assert event.changes["charity_number"] == ["", "1234567"]
    assert event.changes["safeguarding_lead"][0] is None
    assert event.changes["safeguarding_lead"][1].startswith("Lee Lead (Service manager")
    old_leads, new_leads = event.changes["speaking_up_leads"]
    assert old_leads == []
    assert sorted(name.split(" (")[0] for name in new_leads) == sorted(
        [speaker.user.full_name, admin.user.full_name]
    )
    old_settings, new_settings = (str(value) for value in event.changes["settings"])
    assert "'no_contact_alert_days': 21" in new_settings
    assert "'no_contact_alert_days': 21" not in old_settings


def test_every_organisation_gets_its_own_reference_prefix(db):
    """From the name's initials; a prefix already taken gets a letter added."""
    first = OrganisationFactory(name="Riverside Independent Advocacy")
    second = OrganisationFactory(name="Rural Independent Advocates")
    assert first.reference_prefix == "RIA"
    assert second.reference_prefix == "RIAA"


def test_settings_refuses_a_prefix_another_organisation_uses(
    admin_client, organisation, other_organisation
):
    """Two organisations never share a prefix, so they never issue the same reference."""
    response = admin_client.post(
        "/organisation/settings/",
        {
            "name": "Riverside Advocacy",
            "nation": "england",
            "reference_prefix": other_organisation.reference_prefix.lower(),
            "safeguarding_acknowledgement_days": "2",
            "no_contact_alert_days": "14",
        },
    )
    assert response.status_code == 200
    assert inline_error(response.content.decode(), "reference_prefix").endswith(
        f"Another organisation uses {other_organisation.reference_prefix}: "
        "choose a different prefix"
    )
    for bad in ["R", "RIA1", "TOOLONGX"]:
        response = admin_client.post(
            "/organisation/settings/",
            {
                "name": "Riverside Advocacy",
                "nation": "england",
                "reference_prefix": bad,
                "safeguarding_acknowledgement_days": "2",
                "no_contact_alert_days": "14",
            },
        )
        assert response.status_code == 200
        assert inline_error(response.content.decode(), "reference_prefix")


def test_settings_rejects_an_out_of_range_threshold(admin_client, organisation):
    """An alert threshold outside its range is shown beside the field and nothing is saved."""
    response = admin_client.post(
        "/organisation/settings/",
        {
            "name": "Renamed",
            "nation": "england",
            "reference_prefix": organisation.reference_prefix,
            "safeguarding_acknowledgement_days": "0",
            "no_contact_alert_days": "14",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "greater than or equal to 1" in inline_error(body, "safeguarding_acknowledgement_days")
    organisation.refresh_from_db()
    assert organisation.name == "Riverside Advocacy"


# Services


@pytest.mark.parametrize("role", ROLES)
def test_services_list_is_visible_to_every_role(client_as, organisation, other_organisation, role):
    """Everyone in the organisation, commissioners included, sees its services and no others."""
    ServiceFactory(organisation=organisation, name="Leeds Care Act contract")
    ServiceFactory(organisation=other_organisation, name="Foreign contract")
    response = client_as(role, organisation).get("/organisation/services/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Leeds Care Act contract" in body
    assert "Foreign contract" not in body


SERVICE = {
    "name": "Wakefield IMHA",
    "advocacy_types": ["imha", "imca"],
    "local_authority_areas": ["E08000036"],
    "commissioner": "Wakefield Council",
    "start_date-day": "1",
    "start_date-month": "4",
    "start_date-year": "2025",
    "end_date-day": "31",
    "end_date-month": "3",
    "end_date-year": "2028",
    "first_contact_target_days": "2",
    "allocation_target_days": "1",
    "urgent_first_contact_target_days": "1",
    "urgent_allocation_target_days": "1",
    "reopen_window_days": "91",
    "rpr_contact_frequency_days": "28",
}


def test_manager_creates_a_service(manager_client, organisation):
    """A manager adds a service to their own organisation, and it is audited."""
    response = manager_client.post("/organisation/services/new/", SERVICE)
    assert response.status_code == 302
    assert response.url == "/organisation/services/"
    service = Service.objects.get(name="Wakefield IMHA")
    assert service.organisation == organisation
    assert service.advocacy_types == ["imha", "imca"]
    assert str(service.end_date) == "2028-03-31"
    event = AuditEvent.objects.get(event_type="service.created")
    assert event.target_id == str(service.pk)
    assert event.organisation == organisation


def test_service_errors_are_shown_beside_the_fields(manager_client):
    """An end date before the start and no advocacy type are both reported beside their fields."""
    data = {**SERVICE, "end_date-year": "2024"}
    del data["advocacy_types"]
    response = manager_client.post("/organisation/services/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert inline_error(body, "end_date").endswith(
        "End date must be the same as or after the start date"
    )
    assert inline_error(body, "advocacy_types").endswith("Select at least one advocacy type")
    assert not Service.objects.filter(name="Wakefield IMHA").exists()


def test_manager_sets_urgent_targets_no_longer_than_standard(manager_client, organisation):
    """Urgent first contact and allocation targets are edited on the service page."""
    data = {**SERVICE, "urgent_first_contact_target_days": "3"}
    response = manager_client.post("/organisation/services/new/", data)
    assert response.status_code == 200
    assert inline_error(response.content.decode(), "urgent_first_contact_target_days").endswith(
        "The urgent target must be the same as or shorter than the standard target (2 working days)"
    )
    response = manager_client.post("/organisation/services/new/", SERVICE)
    service = Service.objects.get(name="Wakefield IMHA", organisation=organisation)
    assert (service.urgent_first_contact_target_days, service.urgent_allocation_target_days) == (
        1,
        1,
    )


def test_manager_edits_a_service(manager_client, organisation):
    """Changing a service saves it and audits exactly what changed."""
    service = ServiceFactory(organisation=organisation, name="Old name")
    response = manager_client.post(f"/organisation/services/{service.pk}/", SERVICE)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Wakefield IMHA"
    event = AuditEvent.objects.get(event_type="service.updated")
    assert event.changes["name"] == ["Old name", "Wakefield IMHA"]
    assert "reopen_window_days" not in event.changes  # unchanged at 91


def test_advocate_cannot_change_services(advocate_client, organisation):
    """Advocates can read services but not add or change them."""
    service = ServiceFactory(organisation=organisation)
    assert advocate_client.get("/organisation/services/new/").status_code == 403
    assert advocate_client.post(f"/organisation/services/{service.pk}/", SERVICE).status_code == 403


# Staff

INVITE = {
    "full_name": "Ivy Invitee",
    "email": "Ivy.Invitee@example.org",
    "job_title": "Advocate",
    "role": "advocate",
    "caseload_capacity": "18",
}


def test_admin_invites_a_new_member_who_sets_a_password(
    admin_client, organisation, django_capture_on_commit_callbacks
):
    """An invitation creates the account and membership, and its email link sets a password."""
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/organisation/staff/invite/", INVITE)
    assert response.status_code == 302
    assert response.url == "/organisation/staff/"

    membership = Membership.objects.get(user__email="ivy.invitee@example.org")
    assert membership.organisation == organisation
    assert membership.role == Role.ADVOCATE
    assert membership.invited_by == admin_client.user
    assert not membership.user.has_usable_password()
    assert AuditEvent.objects.get(event_type="membership.invited").target_id == str(membership.pk)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ivy.invitee@example.org"]
    assert organisation.name in email.subject
    [path] = re.findall(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", email.body)

    invitee = Client()
    response = invitee.get(path, follow=True)
    assert "Choose a new password" in response.content.decode()
    password = "ivy-chooses-a-long-password"
    response = invitee.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302
    assert invitee.login(email="ivy.invitee@example.org", password=password)


def test_an_invited_member_shows_as_invited_until_they_accept(admin_client, organisation):
    """Before setting a password the staff list says "Invited", then "Active"; capacity is 15, not 15.0."""
    admin_client.post("/organisation/staff/invite/", INVITE)
    membership = Membership.objects.get(user__email="ivy.invitee@example.org")
    membership.caseload_capacity = 15
    membership.save()

    def status_of_ivy() -> str:
        body = admin_client.get("/organisation/staff/").content.decode()
        row = body.rsplit("ivy.invitee@example.org", 1)[1].split("</tr>")[0]
        assert ">15<" in row.replace(" ", "")
        return re.search(r'govuk-tag[^"]*">([^<]+)<', row).group(1)

    assert status_of_ivy() == "Invited"
    membership.user.set_password("ivy-chooses-a-long-password")
    membership.user.save()
    assert status_of_ivy() == "Active"


def test_inviting_an_existing_member_shows_an_error_beside_email(
    admin_client, organisation, make_member
):
    """Inviting someone already in the organisation is refused beside the email field."""
    existing = make_member(organisation, Role.ADVOCATE)
    response = admin_client.post("/organisation/staff/invite/", {**INVITE, "email": existing.email})
    body = response.content.decode()
    assert response.status_code == 200
    assert "is already a member of Riverside Advocacy" in inline_error(body, "email")
    assert Membership.objects.filter(user=existing).count() == 1
    assert not AuditEvent.objects.filter(event_type="membership.invited").exists()
    assert mail.outbox == []


def test_advocate_cannot_invite(advocate_client):
    """Only admins manage staff: an advocate's invitation is a 403 and creates nothing."""
    assert advocate_client.get("/organisation/staff/invite/").status_code == 403
    assert advocate_client.post("/organisation/staff/invite/", INVITE).status_code == 403
    assert not Membership.objects.filter(user__email="ivy.invitee@example.org").exists()


def test_deactivate_and_reactivate_a_member(admin_client, organisation, make_member):
    """An admin can deactivate a member (who then loses access) and reactivate them, audited."""
    advocate = make_member(organisation, Role.ADVOCATE)
    membership = membership_of(advocate, organisation)
    url = f"/organisation/staff/{membership.pk}/active/"

    assert admin_client.post(url, {"active": "0"}).status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.deactivated_at is not None
    advocate_view = Client()
    advocate_view.force_login(advocate)
    assert advocate_view.get("/people/").status_code == 403

    assert admin_client.post(url, {"active": "1"}).status_code == 302
    membership.refresh_from_db()
    assert membership.is_active
    assert membership.deactivated_at is None
    assert advocate_view.get("/people/").status_code == 200
    assert list(
        AuditEvent.objects.filter(target_id=str(membership.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    ) == ["membership.deactivated", "membership.reactivated"]


def test_deactivating_the_last_admin_is_refused(admin_client, organisation):
    """The only active admin cannot be deactivated; the staff page says why."""
    membership = membership_of(admin_client.user, organisation)
    response = admin_client.post(
        f"/organisation/staff/{membership.pk}/active/", {"active": "0"}, follow=True
    )
    assert response.status_code == 200
    assert LAST_ADMIN in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active
    assert not AuditEvent.objects.filter(event_type="membership.deactivated").exists()


def test_deactivating_an_admin_is_allowed_when_another_remains(
    admin_client, organisation, make_member
):
    """With a second active admin, an admin can be deactivated."""
    other_admin = membership_of(make_member(organisation, Role.ADMIN), organisation)
    admin_client.post(f"/organisation/staff/{other_admin.pk}/active/", {"active": "0"})
    other_admin.refresh_from_db()
    assert not other_admin.is_active


def test_changing_the_last_admins_role_is_refused(admin_client, organisation):
    """The only admin cannot demote themselves: the error shows beside the role."""
    membership = membership_of(admin_client.user, organisation)
    response = admin_client.post(
        f"/organisation/staff/{membership.pk}/",
        {"role": "manager", "job_title": "", "caseload_capacity": "0"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert inline_error(body, "role").endswith(LAST_ADMIN)
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert not AuditEvent.objects.filter(event_type="membership.updated").exists()


def test_admin_changes_a_members_role(admin_client, organisation, make_member):
    """A role change for someone else is saved and audited with old and new values."""
    membership = membership_of(make_member(organisation, Role.ADVOCATE), organisation)
    response = admin_client.post(
        f"/organisation/staff/{membership.pk}/",
        {"role": "manager", "job_title": "Team lead", "caseload_capacity": "5"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    event = AuditEvent.objects.get(event_type="membership.updated")
    assert event.changes["role"] == ["advocate", "manager"]


def test_public_phone_number_is_checked(admin_client, organisation):
    """A public phone number that is not a phone number is refused beside the field."""
    response = admin_client.post(
        "/organisation/settings/",
        {
            "name": organisation.name,
            "nation": "england",
            "safeguarding_acknowledgement_days": "2",
            "no_contact_alert_days": "14",
            "contact_phone": "call us",
        },
    )
    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
