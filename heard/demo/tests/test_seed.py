"""``heard seed``: demo logins for every role, idempotent, audited once, reproducible."""

import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from heard.audit.models import AuditEvent
from heard.demo import seeding
from heard.organisations.models import Membership, Organisation, Role, Service
from heard.people.models import Person

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "services": Service.objects.count(),
        "people": Person.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_demo_seed_creates_organisations_with_a_login_for_every_role(client):
    """The demo set has two or more organisations and a password login for each role."""
    output = seed("--people", "10")
    assert "Created 2 organisations" in output
    assert seeding.DEMO_PASSWORD in output

    assert Organisation.objects.count() >= 2
    logins = [email for email, _ in seeding.demo_logins()]
    roles_with_login = set()
    for email in logins:
        assert client.login(email=email, password=seeding.DEMO_PASSWORD), email
        client.logout()
        roles_with_login |= set(
            Membership.objects.filter(user__email=email).values_list("role", flat=True)
        )
    assert roles_with_login == set(Role.values)
    for organisation in Organisation.objects.all():
        roles_here = set(organisation.memberships.values_list("role", flat=True))
        assert roles_here == set(Role.values), organisation
        assert Person.objects.filter(organisation=organisation).count() == 10


def test_demo_password_signs_in_through_the_login_page(client):
    """The printed demo password works on the real sign-in form."""
    seed("--people", "1")
    response = client.post(
        "/accounts/login/",
        {"username": "manager@riverside.example", "password": seeding.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_seeding_twice_is_idempotent():
    """A second run creates nothing, says so, and writes no second audit event."""
    seed("--people", "10")
    first = counts()
    output = seed("--people", "10")
    assert counts() == first
    assert "Organisation 'riverside' already exists" in output
    assert "Created" not in output


def test_one_seed_ran_event_per_run_and_none_per_row():
    """Bulk generation is audited as a single ``seed.ran`` event by the seed process."""
    seed("--people", "10")
    event = AuditEvent.objects.get()  # exactly one event of any kind
    assert event.event_type == "seed.ran"
    assert event.actor is None
    assert event.actor_label == "Heard demo data generator"
    assert event.details == {"mode": "demo", "seed": 2026, "people": 20, "staff": 16, "cases": 80}

    call_command(
        "seed", "--organisations", "1", "--people", "5", "--seed", "3", stdout=io.StringIO()
    )
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "seed.ran",
        "seed.ran",
    ]
    assert AuditEvent.objects.latest("id").details["mode"] == "scale"


def people_from_scale_seed(seed_value: int) -> list[tuple]:
    """Run ``seed_scale`` in a database state that is rolled back afterwards (a fresh DB)."""
    with transaction.atomic():
        assert not Person.objects.exists()
        report = seeding.seed_scale(seed=seed_value, organisations=1, people=50)
        assert report.people == 50
        rows = list(
            Person.objects.order_by("reference").values_list(
                "reference", "first_name", "last_name", "date_of_birth", "postcode"
            )
        )
        transaction.set_rollback(True)
    return rows


def test_same_seed_gives_the_same_people():
    """Two runs with seed 7 in fresh databases produce identical people; another seed differs."""
    first = people_from_scale_seed(7)
    second = people_from_scale_seed(7)
    assert len(first) == 50
    assert first == second
    assert people_from_scale_seed(8) != first


def test_references_are_unique_and_sequential():
    """References run P000001, P000002, ... and a later batch carries on from the last one."""
    seeding.seed_scale(seed=7, organisations=1, people=50)
    organisation = Organisation.objects.get(slug="synthetic-7-1")
    references = list(
        Person.objects.filter(organisation=organisation)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    assert references == [f"P{n:06d}" for n in range(1, 51)]

    seeding.seed_people(organisation, 5, rng=random.Random(1), pools=seeding.NamePools(1, size=20))
    references = list(
        Person.objects.filter(organisation=organisation)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    assert references == [f"P{n:06d}" for n in range(1, 56)]
    assert len(set(references)) == len(references)
    organisation.refresh_from_db()
    assert organisation.person_sequence == 55


def test_demo_organisations_have_a_public_phone_and_email():
    """The confirmation pages offer a way to get in touch: every demo organisation has both,
    on numbers and addresses that reach nobody (Ofcom's drama ranges, example.org)."""
    from django.template.loader import render_to_string

    from heard.referrals.services.intake import organisation_contact

    seed("--people", "1")
    for organisation in Organisation.objects.all():
        contact = organisation_contact(organisation)
        assert contact["phone"] and contact["email"].endswith(".example.org"), organisation
        html = render_to_string(
            "referrals/public/_contact.html", {"contact": contact, "organisation": organisation}
        )
        assert contact["phone"] in html and f"mailto:{contact['email']}" in html
