"""A query compiled once per process for its shape: the same rows as Django's own compile,
with the new values; a different shape, its own SQL; and, with verification on (the test
settings), a kept SQL that no longer matches is an error, not a wrong answer."""

import pytest
from django.db import connection
from django.db.models import Count, Prefetch, Q, Value
from django.db.models.functions import Concat
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from heard.casework.models import Case, CaseStatus
from heard.core import reused_sql
from heard.core.reused_sql import ReusedSQLMismatch, reused
from heard.dashboards.selectors import count_of
from tests.factories import CaseFactory, PersonFactory


@pytest.fixture(autouse=True)
def _nothing_kept():
    reused_sql.forget_all()
    yield
    reused_sql.forget_all()


@pytest.fixture
def reuse_unchecked(settings):
    """What production does: a kept SQL is sent without compiling the query again."""
    settings.HEARD_VERIFY_REUSED_SQL = False


@pytest.fixture
def full_compiles(monkeypatch):
    """How many times Django compiled a whole query (the columns, joins and ordering)."""
    seen = []
    original = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        seen.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    return seen


def wide(queryset):
    """The case page's shape: joins, a prefetch with joins of its own, an ordering."""
    return reused(
        queryset.select_related("person", "service", "allocated_to__user")
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=reused(CaseStatus.objects.select_related("changed_by").order_by("-id")),
                to_attr="history",
            )
        )
        .order_by("id")
    )


def described(case):
    return (
        case.pk,
        case.reference,
        case.person.last_name,
        case.service.name,
        case.allocated_to and case.allocated_to.user.email,
        [(status.pk, status.status, status.changed_by_id) for status in case.history],
    )


def test_a_kept_shape_gives_what_django_gives_for_new_values(
    organisation, reuse_unchecked, full_compiles
):
    first, second = CaseFactory.create_batch(2, organisation=organisation)  # a status row each

    kept_first = wide(Case.objects.filter(pk=first.pk)).get()
    compiled_once = len(full_compiles)
    with CaptureQueriesContext(connection) as queries:
        kept_second = wide(Case.objects.filter(pk=second.pk)).get()
    assert len(full_compiles) == compiled_once  # neither the case's query nor the prefetch's

    plain = (
        Case.objects.select_related("person", "service", "allocated_to__user")
        .prefetch_related(
            Prefetch(
                "statuses",
                queryset=CaseStatus.objects.select_related("changed_by").order_by("-id"),
                to_attr="history",
            )
        )
        .order_by("id")
    )
    assert described(kept_first) == described(plain.get(pk=first.pk))
    assert described(kept_second) == described(plain.get(pk=second.pk))
    assert len(queries) == 2  # the case, then its statuses


def test_a_different_shape_is_compiled_for_itself(organisation, reuse_unchecked, full_compiles):
    case = CaseFactory(organisation=organisation, person__last_name="Marrowfen")
    CaseFactory(organisation=organisation)

    assert [c.pk for c in reused(Case.objects.filter(pk=case.pk))] == [case.pk]
    by_person = reused(Case.objects.filter(person__last_name="Marrowfen"))
    assert [c.pk for c in by_person] == [case.pk]
    limited = reused(Case.objects.order_by("-id"))[:1]
    assert len(list(limited)) == 1
    assert len(list(reused(Case.objects.order_by("-id"))[:2])) == 2
    joined = reused(Case.objects.filter(pk=case.pk).select_related("person")).get()
    assert joined.person.last_name == "Marrowfen"
    assert len(full_compiles) == 5  # five shapes, each compiled once


def test_values_in_the_columns_and_the_where_clause_each_take_their_place(
    organisation, reuse_unchecked
):
    """A shape whose columns carry parameters (a subquery's count, a constant) as well as
    its ``WHERE`` clause: each run's values land where that run's query put them."""
    ours = CaseFactory.create_batch(2, organisation=organisation, status="active")
    CaseFactory(organisation=organisation, status="closed")

    def counted(status, label):
        matching = Case.objects.filter(organisation=organisation, status=status)
        return list(
            reused(
                matching.annotate(
                    total=count_of(matching),
                    label=Concat(Value(label), "reference"),
                ).order_by("id")
            )
        )

    active = counted("active", "A-")
    closed = counted("closed", "C-")
    assert [(c.pk, c.total, c.label) for c in active] == [
        (c.pk, 2, f"A-{c.reference}") for c in ours
    ]
    assert [(c.total, c.label[:2]) for c in closed] == [(1, "C-")]


def test_an_in_list_of_another_length_is_another_shape(organisation, reuse_unchecked):
    cases = CaseFactory.create_batch(3, organisation=organisation)
    one = reused(Case.objects.filter(pk__in=[cases[0].pk]))
    three = reused(Case.objects.filter(pk__in=[c.pk for c in cases]))
    assert [c.pk for c in one] == [cases[0].pk]
    assert sorted(c.pk for c in three) == sorted(c.pk for c in cases)
    assert list(reused(Case.objects.filter(pk__in=[]))) == []


def test_a_grouped_or_windowed_filter_is_compiled_as_django_would(
    organisation, reuse_unchecked, full_compiles
):
    person = PersonFactory(organisation=organisation)
    CaseFactory.create_batch(2, organisation=organisation, person=person)
    grouped = (
        reused(Case.objects.values("person_id"))
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values_list("person_id", flat=True)
    )
    assert list(grouped.all()) == [person.pk]
    assert list(grouped.all()) == [person.pk]
    assert len(full_compiles) == 2  # not kept: compiled every time
    assert reused_sql._kept == {}


def test_counting_explaining_and_updating_a_reused_queryset_are_django_s_own(
    organisation, reuse_unchecked
):
    cases = CaseFactory.create_batch(2, organisation=organisation, status="active")
    queryset = reused(Case.objects.filter(organisation=organisation, status="active"))
    list(queryset.all())  # kept
    assert queryset.count() == 2
    assert queryset.exists()
    plain = Case.objects.filter(organisation=organisation, status="active")
    assert queryset.all().explain() == plain.explain()  # the plan, not the kept statement's rows
    assert queryset.filter(pk=cases[0].pk).update(status="on_hold") == 1
    assert Case.objects.get(pk=cases[0].pk).status == "on_hold"
    assert [c.pk for c in queryset] == [cases[1].pk]


def test_with_verification_on_a_kept_sql_that_no_longer_matches_is_an_error(organisation):
    case = CaseFactory(organisation=organisation)
    list(reused(Case.objects.filter(pk=case.pk)))  # kept
    ((key, kept),) = reused_sql._kept.items()
    reused_sql._kept[key] = (kept[0].replace('"id" =', '"id" <>'), *kept[1:])
    with pytest.raises(ReusedSQLMismatch):
        list(reused(Case.objects.filter(pk=case.pk)))


def test_a_subquery_in_the_where_clause_is_part_of_the_shape(organisation, reuse_unchecked):
    mine = CaseFactory(organisation=organisation, status="active")
    CaseFactory(organisation=organisation)  # waiting
    with_active = Case.objects.filter(
        pk__in=CaseStatus.objects.filter(status="active").values("case_id")
    )
    with_closed = Case.objects.filter(
        pk__in=CaseStatus.objects.filter(Q(status="closed") | Q(status="declined")).values(
            "case_id"
        )
    )
    assert [c.pk for c in reused(with_active)] == [mine.pk]
    assert [c.pk for c in reused(with_closed)] == []
    assert len(reused_sql._kept) == 2
