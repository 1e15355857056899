"""The advocate's "my day", the manager view, and the home page that shows them."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.casework.models import Activity, Case, CaseStatus, Priority, Status, Task
from heard.core import tenant_db
from heard.organisations.models import Membership, Role
from heard.organisations.sequences import reserve
from heard.people.models import Person
from tests.factories import CaseFactory, MembershipFactory, PersonFactory, ServiceFactory
from tests.pages import markup_of


def membership(client, organisation) -> Membership:
    return Membership.objects.get(user=client.user, organisation=organisation)


def at_days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def allocate(case: Case, advocate: Membership, *, days_ago: int, status=Status.ALLOCATED) -> Case:
    """Put ``case`` on ``advocate``'s caseload as the lifecycle would: a status row, then the copy."""
    CaseStatus.objects.create(
        organisation=case.organisation,
        case=case,
        status=Status.ALLOCATED,
        previous_status=Status.WAITING,
        reason="allocated",
        advocate=advocate,
        changed_at=at_days_ago(days_ago),
    )
    Case.objects.filter(pk=case.pk).update(status=status, allocated_to=advocate)
    case.refresh_from_db()
    return case


def contact(case: Case, *, days_ago: int, with_person=True) -> Activity:
    return Activity.objects.create(
        organisation=case.organisation,
        case=case,
        kind="visit" if with_person else "letter_email",
        occurred_at=at_days_ago(days_ago),
        minutes=30,
        with_person=with_person,
        recorded_by=case.allocated_to.user,
    )


def task(case, assignee, *, due_in: int, title="Phone the ward", done=False) -> Task:
    return Task.objects.create(
        organisation=case.organisation if case else assignee.organisation,
        case=case,
        title=title,
        due_on=timezone.localdate() + dt.timedelta(days=due_in),
        assigned_to=assignee,
        completed_at=timezone.now() if done else None,
    )


# --- my day: tasks --------------------------------------------------------------------


def test_my_day_lists_my_tasks_due_today_and_overdue_most_overdue_first(
    advocate_client, organisation
):
    """Only my open tasks due today or earlier show; overdue ones are tagged and say by how much."""
    me = membership(advocate_client, organisation)
    colleague = MembershipFactory(organisation=organisation)
    person = PersonFactory(organisation=organisation, first_name="Aisha", last_name="Khan")
    case = allocate(CaseFactory(organisation=organisation, person=person), me, days_ago=3)
    task(case, me, due_in=-3, title="Chase the care plan")
    task(case, me, due_in=0, title="Visit on the ward")
    task(case, me, due_in=1, title="Tomorrow's letter")
    task(case, me, due_in=-5, title="Already done", done=True)
    task(case, colleague, due_in=-2, title="Someone else's job")

    page = markup_of(advocate_client.get("/cases/my-day/"))

    assert "Chase the care plan" in page and "Visit on the ward" in page
    assert "Tomorrow's letter" not in page
    assert "Already done" not in page
    assert "Someone else's job" not in page
    assert page.index("Chase the care plan") < page.index("Visit on the ward")
    assert "Overdue" in page and "3 days overdue" in page
    assert "Due today" in page
    assert "1 overdue" in page and "1 due today" in page
    assert case.reference in page and "Aisha Khan" in page


def test_a_task_on_a_restricted_case_i_cannot_open_shows_only_the_placeholder(
    advocate_client, organisation
):
    """Assigned a task on someone else's restricted case: the task shows, the person's name never."""
    me = membership(advocate_client, organisation)
    other = MembershipFactory(organisation=organisation)
    person = PersonFactory(organisation=organisation, first_name="Secret", last_name="Relative")
    case = allocate(
        CaseFactory(organisation=organisation, person=person, is_restricted=True), other, days_ago=2
    )
    task(case, me, due_in=-1, title="Cover the review")

    page = markup_of(advocate_client.get("/cases/my-day/"))

    assert "Cover the review" in page
    assert "Restricted case" in page and case.reference in page
    assert "Relative" not in page


def test_my_days_rows_link_what_may_be_opened_and_escape_what_people_typed(
    advocate_client, organisation
):
    """The tables' rows are written in Python: a title or a name is escaped, never markup;
    a case I may open links to it and its person, a task without a case says so."""
    me = membership(advocate_client, organisation)
    person = PersonFactory(organisation=organisation, first_name="Ann", last_name="<i>Odd</i>")
    case = allocate(CaseFactory(organisation=organisation, person=person), me, days_ago=30)
    task(case, me, due_in=-2, title="Ring <b>the ward</b>")
    task(None, me, due_in=0, title="Team meeting notes")

    page = markup_of(advocate_client.get("/cases/my-day/"))

    assert "<strong>Ring &lt;b&gt;the ward&lt;/b&gt;</strong>" in page
    assert "<b>the ward</b>" not in page and "<i>Odd</i>" not in page
    assert f'<a class="govuk-link" href="/cases/{case.pk}/">{case.reference}</a>' in page
    assert (
        f'<a class="govuk-link govuk-body-s" href="/people/{person.pk}/">Ann &lt;i&gt;Odd&lt;/i&gt;</a>'
        in page
    )
    assert "Team meeting notes" in page and "Not linked to a case" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--yellow">Due today</strong>' in page


# --- my day: no contact -----------------------------------------------------------------


def test_my_day_lists_my_cases_without_contact_for_the_organisations_number_of_days(
    advocate_client, organisation
):
    """Silent for 14 days (the default) shows; recent contact, recent allocation and on hold don't."""
    me = membership(advocate_client, organisation)

    def my_case(name, *, allocated_days_ago, status=Status.ACTIVE):
        person = PersonFactory(organisation=organisation, first_name=name, last_name="Person")
        return allocate(
            CaseFactory(organisation=organisation, person=person),
            me,
            days_ago=allocated_days_ago,
            status=status,
        )

    silent = my_case("Silent", allocated_days_ago=60)
    contact(silent, days_ago=20)
    contact(silent, days_ago=2, with_person=False)  # a letter is not contact with the person
    recent = my_case("Recent", allocated_days_ago=60)
    contact(recent, days_ago=20)
    contact(recent, days_ago=3)
    never = my_case("Never", allocated_days_ago=30, status=Status.ALLOCATED)
    my_case("Fresh", allocated_days_ago=2, status=Status.ALLOCATED)
    paused = my_case("Paused", allocated_days_ago=90, status=Status.ON_HOLD)
    contact(paused, days_ago=60)
    other = allocate(
        CaseFactory(organisation=organisation),
        MembershipFactory(organisation=organisation),
        days_ago=60,
    )

    response = advocate_client.get("/cases/my-day/")
    page = markup_of(response)
    section = page[page.index('id="no-contact"') : page.index('id="recent"')]

    assert "No contact for 14 days or more" in page
    assert "Silent Person" in section and "20 days ago" in section
    assert "Never Person" in section and "None since allocation" in section
    assert "Recent Person" not in section
    assert "Fresh Person" not in section
    assert "Paused Person" not in section
    assert other.reference not in section
    assert section.index("Never Person") < section.index("Silent Person")  # never contacted first
    assert response.context["silent"].total == 2
    assert silent.reference in section and never.reference in section


def test_no_contact_days_come_from_the_organisations_setting(advocate_client, organisation):
    """With ``no_contact_alert_days`` at 30, a case silent for 20 days is not yet an alert."""
    organisation.settings = {**organisation.settings, "no_contact_alert_days": 30}
    organisation.save()
    me = membership(advocate_client, organisation)
    case = allocate(CaseFactory(organisation=organisation), me, days_ago=60, status=Status.ACTIVE)
    contact(case, days_ago=20)

    response = advocate_client.get("/cases/my-day/")

    assert "No contact for 30 days or more" in markup_of(response)
    assert response.context["silent"].total == 0


# --- my day: recently allocated --------------------------------------------------------


def test_my_day_lists_cases_allocated_to_me_in_the_last_14_days(advocate_client, organisation):
    """Allocated to me 3 days ago shows; 20 days ago, or since reallocated away, does not."""
    me = membership(advocate_client, organisation)
    other = MembershipFactory(organisation=organisation)
    new = allocate(CaseFactory(organisation=organisation), me, days_ago=3)
    old = allocate(CaseFactory(organisation=organisation), me, days_ago=20)
    moved = allocate(CaseFactory(organisation=organisation), me, days_ago=5)
    allocate(moved, other, days_ago=1)

    response = advocate_client.get("/cases/my-day/")
    page = markup_of(response)
    section = page[page.index('id="recent"') :]

    assert new.reference in section
    assert old.reference not in section
    assert moved.reference not in section
    assert response.context["recent"].total == 1


# --- the manager view ------------------------------------------------------------------


def test_manager_view_counts_breaches_unallocated_and_the_oldest_wait(manager_client, organisation):
    """Breaches per service use the allocation target in working days; the oldest case is named."""
    today = timezone.localdate()
    fast = ServiceFactory(organisation=organisation, name="Fast service", allocation_target_days=1)
    slow = ServiceFactory(organisation=organisation, name="Slow service", allocation_target_days=30)
    oldest = CaseFactory(
        organisation=organisation, service=fast, received_on=today - dt.timedelta(days=21)
    )
    CaseFactory(organisation=organisation, service=fast, received_on=today)
    CaseFactory(organisation=organisation, service=slow, received_on=today - dt.timedelta(days=14))

    response = manager_client.get("/cases/manager/")
    page = markup_of(response)

    assert response.context["breaches"] == 1
    assert response.context["waiting"] == 3
    assert oldest.reference in page
    fast_line, slow_line = (row.line for row in response.context["service_rows"])
    assert (fast_line.waiting, fast_line.over_target) == (2, 1)
    assert (slow_line.waiting, slow_line.over_target) == (1, 0)
    assert f"/cases/waiting/?service={fast.pk}" in page
    assert f"/cases/?status=waiting&amp;service={fast.pk}" in page


def test_manager_view_shows_weighted_caseload_against_capacity_and_overdue_tasks(
    manager_client, organisation
):
    """Weights by advocacy type come from the organisation; over capacity is tagged."""
    organisation.settings = {**organisation.settings, "caseload_weights": {"imca": "2.5"}}
    organisation.save()
    service = ServiceFactory(organisation=organisation, advocacy_types=["care_act", "imca"])
    busy = MembershipFactory(
        organisation=organisation, caseload_capacity=4, user__full_name="Bea Busy"
    )
    calm = MembershipFactory(
        organisation=organisation, caseload_capacity=10, user__full_name="Cal Calm"
    )
    for advocacy_type, status in [
        ("imca", Status.ACTIVE),
        ("care_act", Status.ON_HOLD),
        ("care_act", Status.ALLOCATED),
    ]:
        allocate(
            CaseFactory(organisation=organisation, service=service, advocacy_type=advocacy_type),
            busy,
            days_ago=10,
            status=status,
        )
    closed = allocate(CaseFactory(organisation=organisation, service=service), busy, days_ago=40)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    calm_case = allocate(CaseFactory(organisation=organisation, service=service), calm, days_ago=5)
    task(calm_case, calm, due_in=-2)
    task(calm_case, calm, due_in=-1)
    task(calm_case, calm, due_in=0)  # due today is not overdue
    task(calm_case, None, due_in=-4)

    response = manager_client.get("/cases/manager/")
    page = markup_of(response)
    rows = {row.name: row for row in response.context["staff_rows"]}

    assert rows["Bea Busy"].open_cases == 3
    assert rows["Bea Busy"].caseload_display == "4.5 of 4"
    assert rows["Bea Busy"].over_capacity
    assert rows["Cal Calm"].caseload_display == "1 of 10"
    assert not rows["Cal Calm"].over_capacity
    assert rows["Cal Calm"].overdue_tasks == 2
    assert response.context["overdue_total"] == 3
    assert response.context["overdue_unassigned"] == 1
    assert page.count("Over capacity") == 1
    assert "Not assigned to anyone" in page
    assert f"/cases/?advocate={busy.pk}" in page


def test_manager_view_staff_rows_name_their_links_and_escape_names(manager_client, organisation):
    """Each caseload row's links say whose cases and tasks they are (in the plural the count
    needs); a name is escaped, never markup; a number without a link is shown plainly."""
    service = ServiceFactory(organisation=organisation)
    odd = MembershipFactory(
        organisation=organisation, caseload_capacity=5, user__full_name="Ann <b>Odd</b>"
    )
    allocate(CaseFactory(organisation=organisation, service=service), odd, days_ago=3)
    task(None, odd, due_in=-3)
    task(None, odd, due_in=-2)

    page = markup_of(manager_client.get("/cases/manager/"))

    assert "Ann &lt;b&gt;Odd&lt;/b&gt;" in page
    assert "<b>Odd</b>" not in page
    assert 'aria-label="1 open case of Ann &lt;b&gt;Odd&lt;/b&gt;">1</a>' in page
    assert (
        'aria-label="2 overdue tasks of Ann &lt;b&gt;Odd&lt;/b&gt;"><strong>2</strong></a>' in page
    )
    assert f'href="/cases/?advocate={odd.pk}"' in page


def test_manager_view_lists_who_holds_a_caseload_ties_by_name_and_any_page_past_the_end(
    manager_client, organisation
):
    """Sorted and cut to a page in the database: equal caseloads fall back to the name
    whatever its case; someone deactivated is listed only while they still have open
    cases; a page past the end shows the last page, as the paginator settles it."""
    service = ServiceFactory(organisation=organisation)
    for name in ["bea Tie", "Adam Tie", "Cara Tie"]:
        MembershipFactory(organisation=organisation, caseload_capacity=5, user__full_name=name)
    MembershipFactory(
        organisation=organisation, caseload_capacity=5, is_active=False, user__full_name="Gone"
    )
    leaving = MembershipFactory(
        organisation=organisation, caseload_capacity=5, user__full_name="Leaving With Cases"
    )
    allocate(CaseFactory(organisation=organisation, service=service), leaving, days_ago=3)
    Membership.objects.filter(pk=leaving.pk).update(is_active=False)

    response = manager_client.get("/cases/manager/")
    names = [row.name for row in response.context["staff_rows"]]
    past_the_end = manager_client.get("/cases/manager/?page=99")

    assert names[0] == "Leaving With Cases"
    assert [name for name in names if name.endswith("Tie")] == ["Adam Tie", "bea Tie", "Cara Tie"]
    assert "Gone" not in names
    assert response.context["staff_count"] == len(names)
    assert past_the_end.status_code == 200
    assert past_the_end.context["page"].number == 1
    assert [row.name for row in past_the_end.context["staff_rows"]] == names


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
def test_roles_without_personal_data_see_neither_page(client_as, organisation, role):
    """Commissioners and network coordinators are refused both pages."""
    client = client_as(role, organisation)
    assert client.get("/cases/my-day/").status_code == 403
    assert client.get("/cases/manager/").status_code == 403


def test_advocates_are_refused_the_manager_view(advocate_client):
    """The manager view is for managers and admins."""
    assert advocate_client.get("/cases/manager/").status_code == 403


# --- home --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "template"),
    [
        (Role.ADVOCATE, "dashboards/my_day.html"),
        (Role.MANAGER, "dashboards/manager.html"),
        (Role.ADMIN, "dashboards/manager.html"),
        (Role.COMMISSIONER, "reporting/index.html"),
    ],
)
def test_home_is_my_day_for_advocates_and_the_manager_view_for_managers(
    client_as, organisation, role, template
):
    """``/`` greets the user and shows the page their role starts from."""
    client = client_as(role, organisation)
    response = client.get("/")
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert f"Hello, {client.user.get_short_name()}" in markup_of(response)


def test_navigation_offers_my_day_and_search_to_casework_roles_only(client_as, organisation):
    """Advocates see "My day" and "Search" under Home in the menu; commissioners see neither."""
    advocate_page = markup_of(client_as(Role.ADVOCATE, organisation).get("/"))
    assert ">My day<" in advocate_page and ">Search<" in advocate_page
    commissioner_page = markup_of(client_as(Role.COMMISSIONER, organisation).get("/"))
    assert ">My day<" not in commissioner_page and ">Search<" not in commissioner_page


# --- constant queries at 10 and 10,000 cases ------------------------------------------


def bulk_cases(organisation, services, advocates, count: int) -> None:
    """``count`` cases in every status, spread over ``advocates``, each with a status history,
    a contact and a task, some overdue: inserted in bulk, so 10,000 take seconds."""
    today, now = timezone.localdate(), timezone.now()
    recorder = advocates[0].user
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            reference=f"P{number:06d}",
            first_name=f"Person{number}",
            last_name="Bulk",
        )
        for number in reserve(organisation, "person_sequence", count)
    )
    statuses = [Status.WAITING, Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD, Status.CLOSED]
    cases = []
    for index, (person, number) in enumerate(
        zip(people, reserve(organisation, "case_sequence", count), strict=True)
    ):
        status = statuses[index % len(statuses)]
        cases.append(
            Case(
                organisation=organisation,
                reference=f"C{number:06d}",
                person=person,
                service=services[index % len(services)],
                advocacy_type="care_act",
                priority=Priority.URGENT if index % 7 == 0 else Priority.STANDARD,
                received_on=today - dt.timedelta(days=index % 90),
                status=status,
                allocated_to=None
                if status == Status.WAITING
                else advocates[index % len(advocates)],
                is_restricted=index % 50 == 0,
            )
        )
    Case.objects.bulk_create(cases)
    CaseStatus.objects.bulk_create(
        CaseStatus(
            organisation=organisation,
            case=case,
            status=Status.ALLOCATED,
            advocate=case.allocated_to,
            changed_at=now - dt.timedelta(days=index % 30),
        )
        for index, case in enumerate(cases)
        if case.allocated_to_id
    )
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            case=case,
            kind="visit",
            occurred_at=now - dt.timedelta(days=index % 40),
            with_person=True,
            recorded_by=recorder,
        )
        for index, case in enumerate(cases)
        if case.allocated_to_id and index % 3
    )
    Task.objects.bulk_create(
        Task(
            organisation=organisation,
            case=case,
            title=f"Task {index}",
            due_on=today + dt.timedelta(days=index % 10 - 7),
            assigned_to=case.allocated_to,
        )
        for index, case in enumerate(cases)
        if case.allocated_to_id
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("role", "url", "exactly"),
    [
        # session, user, memberships; tasks, no-contact and recent, each listed with its
        # counts in the same statement; + overdue challenges, safeguarding awaiting and
        # supervision actions (one each)
        (Role.ADVOCATE, "/cases/my-day/", 9),
        # session, user, memberships; services, waiting by service, the oldest wait, the
        # staff table's page with its counts (caseloads, overdue tasks and staff in one
        # statement); + overdue challenges and safeguarding awaiting; + supervision
        # frequencies and who is overdue (heard.development)
        (Role.MANAGER, "/cases/manager/", 11),
        (Role.MANAGER, "/", 11),
    ],
)
def test_constant_queries_from_10_to_10000_cases(
    client_as, organisation, role, url, exactly, no_last_seen_write
):
    """Both pages cost the same number of queries at 10 and 10,000 cases."""
    client = client_as(role, organisation)
    me = membership(client, organisation)
    advocates = [me, *(MembershipFactory(organisation=organisation) for _ in range(3))]
    services = [ServiceFactory(organisation=organisation) for _ in range(3)]
    bulk_cases(organisation, services, advocates, 10)
    client.get(url)  # warm up: the first request of a session also stores the organisation
    small = queries_for(client, url)
    bulk_cases(organisation, services, advocates, 9990)
    large = queries_for(client, url)
    assert small == large == exactly + tenant_db.statements_per_request()
    assert Case.objects.filter(organisation=organisation).count() == 10000


def test_my_day_at_10000_cases_caps_each_list(client_as, organisation):
    """With thousands of rows each list shows the first 50 and says how many there are."""
    client = client_as(Role.ADVOCATE, organisation)
    me = membership(client, organisation)
    bulk_cases(organisation, [ServiceFactory(organisation=organisation)], [me], 1000)
    response = client.get("/cases/my-day/")
    assert len(response.context["task_rows"]) == 50
    assert response.context["tasks"].total > 50
    assert "Showing the 50 most overdue of" in markup_of(response)
    assert (
        response.context["tasks"].total
        == Task.objects.filter(
            assigned_to=me, completed_at__isnull=True, due_on__lte=timezone.localdate()
        ).count()
    )


def test_my_case_whose_person_is_on_anothers_restricted_case_hides_their_name(
    advocate_client, organisation
):
    """The person's details belong to a restricted case I may not open, so my own case of
    theirs shows "Restricted case" in place of their name."""
    me = membership(advocate_client, organisation)
    person = PersonFactory(organisation=organisation, first_name="Hidden", last_name="Relative")
    allocate(
        CaseFactory(organisation=organisation, person=person, is_restricted=True),
        MembershipFactory(organisation=organisation),
        days_ago=30,
        status=Status.ACTIVE,
    )
    mine = allocate(
        CaseFactory(organisation=organisation, person=person), me, days_ago=3, status=Status.ACTIVE
    )
    task(mine, me, due_in=0, title="Visit Hidden")

    response = advocate_client.get("/cases/my-day/")
    page = markup_of(response)

    assert mine.reference in page
    assert "Relative" not in page
    assert [row.case.person_label for row in response.context["task_rows"]] == ["Restricted case"]
    assert response.context["recent_rows"][0].label.person_label == "Restricted case"


@pytest.mark.parametrize("url", ["/cases/manager/", "/"])
def test_manager_pages_show_staff_busiest_first_50_a_page_whatever_the_staff(
    client_as, organisation, url, no_last_seen_write
):
    """The same queries for 4 staff and for 64; 50 rows a page, the busiest first, and the
    rest on page 2 through plain links (no JavaScript)."""
    client = client_as(Role.MANAGER, organisation)
    services = [ServiceFactory(organisation=organisation)]
    first = [MembershipFactory(organisation=organisation, caseload_capacity=10) for _ in range(4)]
    bulk_cases(organisation, services, first, 40)
    client.get(url)
    small = queries_for(client, url)
    assert small == 11 + tenant_db.statements_per_request()
    more = [MembershipFactory(organisation=organisation, caseload_capacity=10) for _ in range(60)]
    busiest = more[-1]
    bulk_cases(organisation, services, [busiest] * 3 + more, 200)
    assert queries_for(client, url) == small
    response = client.get(url)
    rows = response.context["staff_rows"]
    assert len(rows) == 50
    assert rows[0].membership.pk == busiest.pk
    weights = [row.figures.caseload.weighted for row in rows]
    assert weights == sorted(weights, reverse=True)
    assert response.context["staff_count"] > 50
    assert 'href="?page=2"' in markup_of(response)
    second = client.get(url + "?page=2")
    assert len(second.context["staff_rows"]) == response.context["staff_count"] - 50
    # Past the end: the last page, read again once the number of pages is known.
    last = client.get(url + "?page=7")
    assert last.context["page"].number == 2
    assert [row.membership.pk for row in last.context["staff_rows"]] == [
        row.membership.pk for row in second.context["staff_rows"]
    ]
    assert f"/cases/?advocate={busiest.pk}" in markup_of(response)


def test_a_panel_picks_its_case_ids_first_and_joins_only_those_rows(
    advocate_client, organisation, django_assert_num_queries
):
    """The no-contact panel's first ids come from a narrow subquery (filters and order, no
    joins); only those cases are joined to their person and service, in the panel's order."""
    from heard.dashboards import selectors

    me = membership(advocate_client, organisation)
    cases = []
    for days in (40, 30, 20):
        case = allocate(CaseFactory(organisation=organisation), me, days_ago=90)
        contact(case, days_ago=days)
        cases.append(case)
    scoped_cases = Case.objects.filter(organisation=organisation)
    narrow = selectors.cases_without_contact(scoped_cases, me, today=timezone.localdate(), days=14)
    with django_assert_num_queries(1) as captured:  # the count of all rides with the rows
        panel = selectors.capped(
            narrow, limit=2, rows=selectors.without_contact_rows(scoped_cases, me)
        )
        assert [case.person.pk for case in panel.rows] == [c.person_id for c in cases[:2]]
    rows_sql = captured.captured_queries[0]["sql"]
    assert " IN (SELECT " in rows_sql and "people_person" in rows_sql
    assert [case.pk for case in panel.rows] == [c.pk for c in cases[:2]]
    assert panel.total == 3 == narrow.count() and panel.more == 1
    assert all(case.can_open and not case.person_hidden for case in panel.rows)
    with django_assert_num_queries(1):
        assert selectors.capped(narrow, limit=2).total == 3  # without ids first, the same
    with django_assert_num_queries(1):
        empty = selectors.capped(narrow.filter(pk=0), limit=2)
    assert empty.rows == [] and empty.total == 0 and empty.more == 0


def test_due_tasks_are_counted_in_the_rows_statement_beyond_the_limit(
    advocate_client, organisation, django_assert_num_queries
):
    """The task panel's total and overdue count ride with its first rows (window counts taken
    before the limit), and an advocate with no tasks due gets counts of 0."""
    from heard.dashboards import selectors

    me = membership(advocate_client, organisation)
    today = timezone.localdate()
    case = allocate(CaseFactory(organisation=organisation), me, days_ago=30)
    for days in (-3, -2, -1, 0, 0, 2):  # three overdue, two due today, one not yet due
        Task.objects.create(
            organisation=organisation,
            case=case,
            title=f"Due in {days} days",
            due_on=today + dt.timedelta(days=days),
            assigned_to=me,
        )
    due = selectors.tasks_due(Task.objects.filter(organisation=organisation), me, today=today)
    with django_assert_num_queries(1):
        tasks = selectors.due_tasks(due, today=today, limit=2)
    assert [task.title for task in tasks.panel.rows] == ["Due in -3 days", "Due in -2 days"]
    assert tasks.panel.total == 5 == due.count() and tasks.panel.more == 3
    assert tasks.overdue == 3 == due.filter(due_on__lt=today).count()
    with django_assert_num_queries(1):
        none = selectors.due_tasks(due.filter(pk=0), today=today)
    assert none.panel.rows == [] and none.panel.total == 0 and none.overdue == 0


def test_manager_view_caseload_and_deactivated_role_are_in_welsh(manager_client, organisation):
    """A Welsh reader sees "1 o 10" and a deactivated member's role marked in Welsh."""
    service = ServiceFactory(organisation=organisation)
    gone = MembershipFactory(
        organisation=organisation, caseload_capacity=10, user__full_name="Gwen Gone"
    )
    allocate(CaseFactory(organisation=organisation, service=service), gone, days_ago=3)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    page = markup_of(manager_client.get("/cases/manager/"))

    assert "1 o 10" in page
    assert "(wedi’i ddadactifadu)" in page
    assert "(deactivated)" not in page
