"""``heard seed --scale national``: the benchmark network's shape, and its logins kept out of
production."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.casework import milestones
from heard.casework.models import Activity, Case
from heard.demo import national
from heard.organisations.models import Organisation
from heard.people.models import Person
from heard.referrals.models import Referral
from heard.reporting.models import DailyTime
from heard.reporting.time_summary import live_rows
from heard.signin import checks
from heard.signin.services import give_benchmark_authenticator
from heard.signin.testing import code_for

pytestmark = pytest.mark.django_db


def test_organisation_sizes_are_zipf_like_and_add_up():
    sizes = national.organisation_sizes(1_000_000)
    assert len(sizes) == 50 and sum(sizes) == 1_000_000
    assert sizes == sorted(sizes, reverse=True)
    assert 0.18 < sizes[0] / 1_000_000 < 0.22
    assert round(sizes[0] / national.CASES_PER_STAFF) in range(1100, 1300)


def test_benchmark_logins_include_the_manager_of_the_services_nearest_20000_cases():
    """At a million cases national-04's three services hold about 18,000 cases each, the
    nearest to the contract report's 20,000: its manager gets a benchmark login too."""
    assert national.near_target_organisation(1_000_000) == 4
    emails = [email for email, _d in national.benchmark_logins_for(1_000_000)]
    assert emails == [e for e, _d in national.BENCHMARK_LOGINS] + ["manager1@national-04.example"]
    # A small network's largest organisation is the nearest: no fourth login.
    assert national.benchmark_logins_for(3000) == national.BENCHMARK_LOGINS


def test_the_near_target_organisations_manager_alone_signs_in_there(settings, monkeypatch):
    """At a small scale, with the target moved to national-04's services: its manager1 has
    the benchmark password and second factor, its other staff none, and no coordinator."""
    settings.HEARD_BENCHMARK_LOGINS = True
    sizes = national.organisation_sizes(400)
    monkeypatch.setattr(
        national, "TARGET_SERVICE_CASES", sizes[3] / national.services_per_organisation()
    )
    report = national.seed_national(seed=5, cases=400, benchmark_logins=True)
    assert report.logins[-1][0] == "manager1@national-04.example"
    User = get_user_model()
    manager = User.objects.get(email="manager1@national-04.example")
    assert manager.check_password(national.BENCHMARK_PASSWORD)
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    others = User.objects.filter(email__endswith="@national-04.example").exclude(pk=manager.pk)
    assert others.exists() and not any(u.has_usable_password() for u in others)
    assert not User.objects.filter(email="network@national-04.example").exists()
    assert User.objects.get(email="manager1@national-01.example").has_usable_password()
    assert User.objects.filter(email="network@national-01.example").exists()


def test_benchmark_logins_are_refused_under_production_settings(settings):
    """DEBUG off and no HEARD_BENCHMARK_LOGINS, as in heard.settings.production: refused,
    and nothing is written."""
    settings.DEBUG = False
    settings.HEARD_BENCHMARK_LOGINS = False
    with pytest.raises(CommandError, match="refused under production settings"):
        call_command(
            "seed",
            "--scale",
            "national",
            "--cases",
            "100",
            "--benchmark-logins",
            stdout=io.StringIO(),
        )
    assert not Organisation.objects.filter(slug__startswith="national-").exists()
    assert not get_user_model().objects.filter(email__endswith="national-01.example").exists()


def test_production_refuses_to_start_with_benchmark_logins_unless_a_benchmark_install(
    settings, user
):
    settings.HEARD_REFUSE_DEMO_USERS = True
    settings.HEARD_BENCHMARK_LOGINS = False
    give_benchmark_authenticator(user)
    with pytest.raises(ImproperlyConfigured):
        checks.refuse_demo_users()
    settings.HEARD_BENCHMARK_LOGINS = True
    checks.refuse_demo_users()  # a benchmark-only installation starts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY: PostgreSQL only")
def test_national_seed_shape_and_logins(settings):
    settings.HEARD_BENCHMARK_LOGINS = True
    report = national.seed_national(seed=7, cases=3000, benchmark_logins=True)
    assert len(report.organisations) == 50
    per_org = list(
        Case.objects.values("organisation")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert sum(per_org) == 3000 and per_org[0] > 5 * per_org[-1]
    assert Referral.objects.count() >= 3000
    assert not Case.objects.filter(referral__isnull=True).exists()
    assert 4 <= Activity.objects.count() / Case.objects.count() <= 6
    assert (
        Case.objects.filter(is_restricted=True).count()
        == Case.restricted_managers.through.objects.count()
    )
    # Every foreign key the COPY wrote points at a row of the same organisation.
    assert not Activity.objects.exclude(case__organisation_id=models_f("organisation_id")).exists()
    manager = get_user_model().objects.get(email="manager1@national-01.example")
    assert manager.check_password(national.BENCHMARK_PASSWORD)
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    # Seeded staff without a benchmark login cannot sign in.
    assert (
        not get_user_model()
        .objects.get(email="advocate2@national-01.example")
        .has_usable_password()
    )
    # The milestones written with the cases are the ones their records give.
    assert Case.objects.filter(first_contact_on__isnull=False).count() > 1000
    assert Case.objects.filter(allocated_on__isnull=False).count() > 1000
    assert [milestones.rebuild(org.pk) for org in report.organisations] == [0] * 50
    # A second run leaves the network as it is.
    assert national.seed_national(seed=7, cases=3000).skipped


def models_f(name):
    from django.db.models import F

    return F(name)


SEEDED = [
    Organisation,
    get_user_model(),
    national.Membership,
    national.Service,
    Person,
    Referral,
    Case,
    national.casework.CaseStatus,
    Activity,
    national.casework.Issue,
    national.casework.Task,
    Case.restricted_managers.through,
    DailyTime,
]


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in SEEDED}


def _fingerprint() -> dict:
    """What the rows say, whatever their ids."""
    return {
        "cases": sorted(
            Case.objects.values_list(
                "organisation__slug", "reference", "status", "advocacy_type", "received_on"
            )
        ),
        "minutes": sorted(
            Activity.objects.values_list("case__reference", "kind", "occurred_at", "minutes")
        ),
        "people": sorted(Person.objects.values_list("reference", "last_name", "date_of_birth")),
    }


class _Undo(Exception):
    pass


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY: PostgreSQL only")
def test_copy_and_orm_paths_write_the_same_rows(settings):
    """The PostgreSQL COPY path and the bulk_create path (SQLite's) fill the same tables with
    the same rows; and the seed leaves the bulk tables' indexes as it found them."""
    settings.HEARD_BENCHMARK_LOGINS = True
    indexes_before = _indexes()
    moment = timezone.now()  # both runs end their history at the same minute
    try:
        with transaction.atomic():
            national.seed_national(seed=11, cases=600, benchmark_logins=True, copy=True, now=moment)
            copied, copied_rows = _counts(), _fingerprint()
            assert _indexes() == indexes_before
            raise _Undo
    except _Undo:
        pass
    assert not Organisation.objects.filter(slug__startswith="national-").exists()
    national.seed_national(seed=11, cases=600, benchmark_logins=True, copy=False, now=moment)
    assert _counts() == copied
    assert _fingerprint() == copied_rows
    assert copied["casework.Case"] == 600 and copied["reporting.DailyTime"] > 0


def _indexes() -> list[tuple]:
    """Each index by name, table, key columns, operator classes, uniqueness, method and
    whether it is partial. Not ``pg_get_indexdef``'s text: PostgreSQL spells a rebuilt
    partial index's ``IN (…)`` predicate with different casts, though it is the same index."""
    tables = [m._meta.db_table for m in national.BULK_TABLES]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, i.indrelid::regclass::text, i.indkey::text, "
            "i.indclass::text, i.indisunique, a.amname, i.indpred IS NOT NULL, "
            "pg_get_expr(i.indexprs, i.indrelid) "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam "
            "WHERE i.indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [tables],
        )
        return cursor.fetchall()


def test_seeded_benchmark_staff_sign_in_and_the_summary_matches_the_activities(settings, client):
    """On any database (bulk_create on SQLite): the benchmark manager signs in through the
    real password and two-factor pages, and the daily time summary and the case milestones
    equal the live figures."""
    settings.HEARD_BENCHMARK_LOGINS = True
    national.seed_national(seed=5, cases=400, benchmark_logins=True)
    response = client.post(
        "/accounts/login/",
        {"username": "manager1@national-01.example", "password": national.BENCHMARK_PASSWORD},
    )
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user__email="manager1@national-01.example")
    response = client.post("/sign-in/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200
    organisation = Organisation.objects.get(slug="national-01")
    live = live_rows(Activity.objects.filter(organisation=organisation))
    stored = DailyTime.objects.filter(organisation=organisation)
    key = ("service_id", "advocacy_type", "day", "kind", "activities", "minutes", "contacts")
    assert sorted(tuple(row[k] for k in key) for row in live) == sorted(stored.values_list(*key))
    assert live
    # The case milestones the seed wrote are what the records give (local days).
    assert Case.objects.filter(organisation=organisation, first_contact_on__isnull=False)
    assert milestones.rebuild(organisation.pk) == 0
