"""``heard seed`` generates cases with their history, issues, activities and tasks, in bulk."""

import datetime as dt
import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Activity, Case, CaseStatus, Issue, Status, Task
from heard.demo import seeding
from heard.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def scale(seed_value=7, cases=300, people=60):
    return seeding.seed_scale(seed=seed_value, organisations=1, people=people, cases=cases)


def snapshot() -> dict:
    """Everything generated, without database ids (they differ between fresh databases)."""
    return {
        "cases": list(
            Case.objects.order_by("reference").values_list(
                "reference",
                "person__reference",
                "service__name",
                "advocacy_type",
                "status",
                "priority",
                "received_on",
                "status_changed_at",
                "allocated_to__user__email",
                "is_restricted",
                "dols_expires_on",
            )
        ),
        "statuses": list(
            CaseStatus.objects.order_by("case__reference", "changed_at", "id").values_list(
                "case__reference", "status", "reason", "changed_at", "advocate__user__email"
            )
        ),
        "issues": list(
            Issue.objects.order_by("case__reference", "id").values_list(
                "case__reference", "in_their_words", "outcome", "outcome_tags"
            )
        ),
        "activities": list(
            Activity.objects.order_by("case__reference", "occurred_at", "id").values_list(
                "case__reference", "kind", "occurred_at", "minutes", "travel_minutes", "with_person"
            )
        ),
        "tasks": list(
            Task.objects.order_by("case__reference", "due_on", "title").values_list(
                "case__reference", "title", "due_on", "rule_key", "completed_at"
            )
        ),
    }


def generated(seed_value: int, now) -> dict:
    """Run the scale seed in a transaction rolled back afterwards (a fresh database each time)."""
    with transaction.atomic():
        assert not Case.objects.exists()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda: now)
            scale(seed_value, cases=200, people=40)
        rows = snapshot()
        transaction.set_rollback(True)
    return rows


def test_same_seed_gives_the_same_cases_and_everything_on_them():
    """Two runs with seed 7 in fresh databases match row for row; seed 8 differs."""
    now = timezone.now()
    first = generated(7, now)
    assert len(first["cases"]) == 200
    assert first == generated(7, now)
    assert generated(8, now)["cases"] != first["cases"]
    # A day later the dates move with it, but the shape of the data is the same.
    later = generated(7, now + dt.timedelta(days=1))
    assert [c[4] for c in later["cases"]] == [c[4] for c in first["cases"]]
    assert {k: len(v) for k, v in later.items()} == {k: len(v) for k, v in first.items()}


def test_counts_references_and_history_are_consistent():
    """N cases, C000001..CN, every one with a history whose last row is the case's status."""
    report = scale(cases=300)
    organisation = Organisation.objects.get(slug="synthetic-7-1")
    cases = Case.objects.filter(organisation=organisation)
    assert report.cases.cases == cases.count() == 300
    assert list(cases.order_by("reference").values_list("reference", flat=True)) == [
        f"C{n:06d}" for n in range(1, 301)
    ]
    organisation.refresh_from_db()
    assert organisation.case_sequence == 300
    assert report.cases.statuses == CaseStatus.objects.count()
    assert report.cases.issues == Issue.objects.count() > 0
    assert report.cases.activities == Activity.objects.count() > 0
    assert report.cases.tasks == Task.objects.count() > 0

    latest = CaseStatus.objects.filter(case=OuterRef("pk")).order_by("-changed_at", "-id")
    assert (
        not cases.annotate(last=Subquery(latest.values("status")[:1]))
        .exclude(last=F("status"))
        .exists()
    )
    first = CaseStatus.objects.filter(case=OuterRef("pk")).order_by("changed_at", "id")
    assert set(
        cases.annotate(first=Subquery(first.values("status")[:1])).values_list("first", flat=True)
    ) == {Status.WAITING}
    now = timezone.now()
    assert not CaseStatus.objects.filter(changed_at__gt=now).exists()
    assert not Activity.objects.filter(occurred_at__gt=now).exists()


def test_every_status_appears_with_what_it_implies():
    """Waiting cases have no advocate; worked cases have contact; closed ones have every outcome."""
    scale(cases=300)
    by_status = dict(Case.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert set(by_status) == set(Status.values)
    assert not Case.objects.filter(status=Status.WAITING, allocated_to__isnull=False).exists()
    open_statuses = [Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD]
    assert not Case.objects.filter(status__in=open_statuses, allocated_to__isnull=True).exists()
    assert not (
        Case.objects.filter(status__in=[Status.ACTIVE, Status.ON_HOLD])
        .exclude(activities__with_person=True)
        .exists()
    )
    assert not Issue.objects.filter(case__status=Status.CLOSED, outcome="").exists()
    assert Issue.objects.filter(case__status=Status.ACTIVE).exists()
    assert Activity.objects.filter(travel_minutes__gt=0).exists()
    today = timezone.localdate()
    assert Task.objects.filter(completed_at__isnull=True, due_on__lt=today).exists()
    assert not Task.objects.filter(
        case__status=Status.CLOSED, completed_at__isnull=True, kind="manual"
    ).exists()


def test_scale_adds_advocates_so_caseloads_stay_realistic():
    """Open cases come to about 25 an advocate, and each allocated advocate belongs here."""
    report = scale(cases=2000, people=100)
    organisation = report.organisations[0]
    advocates = Membership.objects.filter(organisation=organisation, role=Role.ADVOCATE)
    open_cases = Case.objects.filter(
        status__in=[Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD]
    ).count()
    assert advocates.count() * seeding.OPEN_CASES_PER_ADVOCATE >= open_cases
    assert (
        not Case.objects.exclude(allocated_to__isnull=True)
        .exclude(allocated_to__organisation=organisation)
        .exists()
    )


def test_one_audit_event_per_run_with_the_case_count():
    """However many rows, a run is one ``seed.ran`` event."""
    seed("--organisations", "1", "--people", "20", "--cases", "150", "--seed", "3")
    event = AuditEvent.objects.get()
    assert event.event_type == "seed.ran"
    assert event.details["cases"] == 150
    assert event.details["mode"] == "scale"


def test_the_command_reports_what_it_made_and_refuses_a_negative_count():
    """``--cases`` prints the rows made; a negative number is a clear error."""
    output = seed("--organisations", "1", "--people", "20", "--cases", "50", "--seed", "4")
    assert "Including 50 cases with" in output
    with pytest.raises(CommandError, match="--cases must be 0 or more"):
        seed("--organisations", "1", "--cases", "-1")


def test_demo_gives_each_organisation_cases_in_every_state_once_only():
    """The demo set has 40 cases per organisation in every status; a second run adds none."""
    seed("--people", "20")
    for organisation in Organisation.objects.all():
        statuses = set(
            Case.objects.filter(organisation=organisation).values_list("status", flat=True)
        )
        assert Case.objects.filter(organisation=organisation).count() == 40
        assert statuses == set(Status.values)
    seed("--people", "20")
    assert Case.objects.count() == 80


def test_demo_advocate_has_a_day_to_look_at():
    """The demo advocate login has open cases and tasks due on their "my day"."""
    seed("--people", "20")
    advocate = Membership.objects.get(
        user__email="advocate@riverside.example", organisation__slug="riverside"
    )
    assert Case.objects.filter(allocated_to=advocate, status=Status.ACTIVE).exists()
    assert Task.objects.filter(
        assigned_to=advocate, completed_at__isnull=True, due_on__lte=timezone.localdate()
    ).exists()


def test_seed_cases_needs_people_services_and_staff():
    """Without anyone to allocate or anyone to support, nothing is made (and nothing breaks)."""
    organisation = Organisation.objects.create(name="Empty", slug="empty")
    counts = seeding.seed_cases(organisation, 10, rng=random.Random(1))
    assert counts.cases == 0
    assert not Case.objects.exists()


def test_bulk_insert_rows_fills_defaults_and_refuses_missing_required_values():
    """Rows may leave out defaulted fields; a required one missing is a clear error."""
    with pytest.raises(ValueError, match="Task rows need"):
        seeding.bulk_insert_rows(Task, [{"title": "No organisation or date"}])
