"""Activities and time: quick to record (with or without JavaScript), totals summed in the database."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.forms.records import ActivityForm, parse_time
from heard.casework.models import Activity, Task
from heard.casework.presenters import records as presenters_records
from heard.casework.selectors import records as selectors_records
from heard.casework.services.activities import activity_create, activity_update
from heard.casework.services.lifecycle import case_allocate
from heard.core import tenant_db
from heard.organisations.models import Role
from tests.factories import ActivityFactory, CaseFactory, MembershipFactory, ServiceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def manager(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER)


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def case(organisation, manager, advocate):
    case = CaseFactory(organisation=organisation)
    case_allocate(case=case, advocate=advocate, acting_user=manager.user)
    return case


@pytest.fixture
def signed_in(client, advocate):
    client.force_login(advocate.user)
    return client


def post_data(when: dt.datetime | None = None, **overrides) -> dict:
    """The quick-add form as a browser posts it (field names carry the "activity-" prefix)."""
    when = when or timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "kind": "phone_call",
        "date-day": str(when.day),
        "date-month": str(when.month),
        "date-year": str(when.year),
        "time": f"{when:%H:%M}",
        "minutes": "45",
        "travel_minutes": "",
        "present": "",
        "note": "Talked about the move",
    }
    data.update(overrides)
    return {f"activity-{k}": v for k, v in data.items() if v is not None}


# The form -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("9:05", dt.time(9, 5)),
        ("09.05", dt.time(9, 5)),
        ("2:30pm", dt.time(14, 30)),
        ("12am", dt.time(0, 0)),
        ("12:15 pm", dt.time(12, 15)),
    ],
)
def test_times_people_type_are_understood(text, expected):
    """24-hour clock with a colon or a dot, or am/pm."""
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "10:75", "14", "13pm", "half two", ""])
def test_times_that_are_not_real_are_refused(text):
    """Nothing is guessed."""
    with pytest.raises(ValueError):
        parse_time(text)


def form_errors(case, **overrides) -> dict:
    form = ActivityForm(post_data(**overrides), case=case)
    assert not form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"minutes": "abc"}, "minutes", "Minutes spent must be a whole number, like 45"),
        ({"minutes": "-5"}, "minutes", "Minutes spent must be 0 or more"),
        ({"minutes": ""}, "minutes", "Enter minutes spent, or 0"),
        ({"minutes": "2000"}, "minutes", "Minutes spent must be between 0 and 1,440 (24 hours)"),
        (
            {"travel_minutes": "1.5"},
            "travel_minutes",
            "Travel minutes must be a whole number, like 45",
        ),
        (
            {"time": "25:00"},
            "time",
            "Enter a real time, using the 24-hour clock, for example 14:30",
        ),
        ({"time": ""}, "time", "Enter the time of the activity, for example 14:30"),
        ({"date-day": "31", "date-month": "2"}, "date", "Date of the activity must be a real date"),
    ],
)
def test_bad_input_gets_a_clear_message_beside_the_field(case, overrides, field, message):
    """Each problem is named on its own field, in words a person can act on."""
    assert form_errors(case, **overrides)[field] == [message]


def test_the_future_is_refused(case):
    """An activity is a record of what happened."""
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    assert form_errors(case, when=tomorrow)["date"] == [
        "Date of the activity must be today or in the past"
    ]


def test_only_contact_kinds_can_be_with_the_person(case):
    """A letter is not first contact: the box must be unticked."""
    errors = form_errors(case, kind="letter_email", with_person="on")
    assert "not contact with the person" in errors["with_person"][0]


def test_blank_form_starts_as_a_visit_with_the_person_today(case):
    """The commonest activity, contact ticked, today's date; the time is left to type."""
    form = ActivityForm(case=case)
    assert form["kind"].value() == "visit"
    assert form["with_person"].value() is True
    assert form["date"].value() == timezone.localdate()
    assert not form["time"].value()


def test_a_new_form_is_rendered_once_a_day_and_language_and_a_posted_one_afresh(case, organisation):
    """The quick-add form's markup is kept only while it is the same for everyone."""
    from django.utils import translation

    def by_field(form):
        return "".join(form[name].as_field_group() for name in form.fields)

    other = CaseFactory(organisation=organisation)
    first = ActivityForm(case=case).field_groups()
    assert first == by_field(ActivityForm(case=case))
    assert ActivityForm(case=other).field_groups() is first  # kept: no case in it
    with translation.override("cy"):
        welsh = ActivityForm(case=case).field_groups()
        assert welsh == by_field(ActivityForm(case=case)) and welsh != first
    posted = ActivityForm(post_data(minutes="abc"), case=case)
    assert posted.field_groups() == by_field(posted) != first
    held = ActivityForm(case=case, activity=ActivityFactory(case=case, minutes=47))
    assert 'value="47"' in held.field_groups()
    assert "autofocus" in ActivityForm(case=case, autofocus=True).field_groups()
    changed = ActivityForm(case=case)
    changed.fields["note"].widget.attrs["rows"] = 9
    assert 'rows="9"' in changed.field_groups()
    assert ActivityForm(case=case).field_groups() is first  # neither was kept
    assert "autofocus" not in first


# Services -------------------------------------------------------------------------------------


def test_create_audits_and_keeps_the_local_time(case, advocate):
    """The activity's moment is the local date and time typed; the audit has each field."""
    form = ActivityForm(post_data(), case=case)
    assert form.is_valid(), form.errors
    activity = activity_create(case=case, acting_user=advocate.user, data=form.activity_data())
    assert activity.travel_minutes == 0
    assert activity.recorded_by == advocate.user
    assert timezone.localtime(activity.occurred_at).strftime("%H:%M") == form.data["activity-time"]
    event = AuditEvent.objects.get(event_type="activity.created")
    assert event.changes["minutes"] == [None, 45]


def test_first_contact_makes_an_allocated_case_active(case, advocate):
    """A visit with the person on an allocated case is its first contact."""
    form = ActivityForm(post_data(kind="visit", with_person="on"), case=case)
    assert form.is_valid(), form.errors
    activity_create(case=case, acting_user=advocate.user, data=form.activity_data())
    case.refresh_from_db()
    assert case.status == "active"
    task = Task.objects.get(case=case, rule_key="first_contact")
    assert task.completed_at is not None


def test_contact_not_with_the_person_leaves_the_case_allocated(case, advocate):
    """A call to the care home is not first contact."""
    form = ActivityForm(post_data(kind="phone_call"), case=case)
    assert form.is_valid(), form.errors
    activity_create(case=case, acting_user=advocate.user, data=form.activity_data())
    case.refresh_from_db()
    assert case.status == "allocated"


def test_update_audits_the_difference(case, advocate):
    """Only what changed is in the audit."""
    activity = ActivityFactory(case=case, minutes=30)
    activity_update(
        activity=activity,
        acting_user=advocate.user,
        data={"minutes": 50, "note": "Longer than planned"},
    )
    event = AuditEvent.objects.get(event_type="activity.updated")
    assert event.changes == {"minutes": [30, 50], "note": ["", "Longer than planned"]}


# Pages: without JavaScript --------------------------------------------------------------------


def test_post_without_javascript_redirects_to_the_case(signed_in, case):
    """The quick-add form is a real form: it saves and goes back to the case page."""
    response = signed_in.post(f"/cases/{case.pk}/activities/new/", post_data())
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#case-activities"
    assert Activity.objects.filter(case=case).count() == 1


def test_errors_without_javascript_render_the_full_page(signed_in, case):
    """A full page with the error summary, messages beside fields and what was typed."""
    response = signed_in.post(
        f"/cases/{case.pk}/activities/new/", post_data(minutes="lots", note="Keep this note")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Add an activity" in body
    assert 'class="govuk-error-summary"' in body
    assert "Minutes spent must be a whole number, like 45" in body
    assert "Keep this note" in body
    assert not Activity.objects.exists()


# Pages: with htmx -----------------------------------------------------------------------------


def test_htmx_post_swaps_the_section_with_the_new_activity_and_a_fresh_form(signed_in, case):
    """The list, the totals and a blank form come back in place; nothing is left in messages."""
    response = signed_in.post(
        f"/cases/{case.pk}/activities/new/", post_data(note="Rang about the review"), **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.count('id="case-activities"') == 1
    assert "Rang about the review" in body
    assert "Phone call added (45 minutes)" in body
    assert 'name="activity-time" value=' not in body  # the fresh form's time is empty
    assert 'hx-swap-oob="true"' in body  # the tasks section follows
    assert "autofocus" in body
    follow = signed_in.get(f"/cases/{case.pk}/issues/new/").content.decode()
    assert "Phone call added" not in follow


def test_htmx_errors_come_back_beside_the_fields(signed_in, case):
    """A 200 fragment (so htmx swaps it) with the messages and what was typed."""
    response = signed_in.post(
        f"/cases/{case.pk}/activities/new/",
        post_data(time="26:00", note="Keep this note"),
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Enter a real time" in body
    assert "govuk-form-group--error" in body
    assert "Keep this note" in body
    assert not Activity.objects.exists()


def test_htmx_first_contact_reloads_the_page(signed_in, case):
    """The case's status changes, so htmx is told to reload the whole page."""
    response = signed_in.post(
        f"/cases/{case.pk}/activities/new/",
        post_data(kind="visit", with_person="on"),
        **HTMX,
    )
    assert response["HX-Refresh"] == "true"
    case.refresh_from_db()
    assert case.status == "active"


def test_edit_an_activity_page(signed_in, case):
    """The edit form starts from the activity and saves the change."""
    activity = ActivityFactory(case=case, minutes=30)
    url = f"/cases/{case.pk}/activities/{activity.pk}/"
    assert 'value="30"' in signed_in.get(url).content.decode()
    when = timezone.localtime(activity.occurred_at)
    response = signed_in.post(url, post_data(when=when, minutes="35"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.minutes == 35


def test_activity_list_pages_through_every_activity(signed_in, case):
    """All activities, 50 to a page, with the totals."""
    Activity.objects.bulk_create(
        Activity(
            organisation=case.organisation,
            case=case,
            kind="research",
            occurred_at=timezone.now() - dt.timedelta(hours=n + 1),
            minutes=10,
            recorded_by=case.allocated_to.user,
        )
        for n in range(55)
    )
    body = signed_in.get(f"/cases/{case.pk}/activities/").content.decode()
    assert "page 1 of 2" in body
    assert "55 activities: 9 hours 10 minutes spent" in body


# The time report ------------------------------------------------------------------------------


@pytest.fixture
def recorded(organisation, manager, advocate):
    """Two services, two staff, activities in and out of June 2025."""
    other = MembershipFactory(
        organisation=organisation, role=Role.ADVOCATE, user__full_name="Bea Other"
    )
    advocate.user.full_name = "Ann Advocate"
    advocate.user.save()
    north = ServiceFactory(organisation=organisation, name="North IMCA")
    south = ServiceFactory(organisation=organisation, name="South Care Act")
    north_case = CaseFactory(organisation=organisation, service=north)
    south_case = CaseFactory(organisation=organisation, service=south)
    tz = timezone.get_current_timezone()

    def at(day, hour=10):
        return dt.datetime(2025, 6, day, hour, tzinfo=tz)

    ActivityFactory(
        case=north_case,
        recorded_by=advocate.user,
        occurred_at=at(2),
        minutes=60,
        travel_minutes=30,
        with_person=True,
        kind="visit",
    )
    ActivityFactory(case=north_case, recorded_by=advocate.user, occurred_at=at(30, 23), minutes=15)
    ActivityFactory(
        case=south_case, recorded_by=other.user, occurred_at=at(10), minutes=90, travel_minutes=20
    )
    ActivityFactory(
        case=south_case,
        recorded_by=other.user,
        occurred_at=dt.datetime(2025, 7, 1, 0, 30, tzinfo=tz),
        minutes=500,
    )
    ActivityFactory(
        case=south_case,
        recorded_by=other.user,
        occurred_at=dt.datetime(2025, 5, 31, 23, 30, tzinfo=tz),
        minutes=500,
    )
    return {"north": north, "south": south, "north_case": north_case, "south_case": south_case}


JUNE = "?start-day=1&start-month=6&start-year=2025&end-day=30&end-month=6&end-year=2025"


def test_time_report_sums_by_advocate_service_and_case(client, manager, recorded):
    """Whole local days from the 1st to the 30th; the totals come from the database."""
    client.force_login(manager.user)
    response = client.get("/cases/time/" + JUNE)
    assert response.status_code == 200
    by_advocate = {row.label: row.totals for row in response.context["by_advocate"]}
    assert by_advocate["Ann Advocate"].minutes == 75
    assert by_advocate["Ann Advocate"].travel_minutes == 30
    assert by_advocate["Ann Advocate"].contacts == 1
    assert by_advocate["Bea Other"].minutes == 90
    by_service = {row.label: row.totals for row in response.context["by_service"]}
    assert by_service["North IMCA"].total_minutes == 105
    assert by_service["South Care Act"].total_minutes == 110
    assert response.context["totals"].activities == 3
    by_case = [row.label for row in response.context["by_case"]]
    assert by_case == [recorded["south_case"].reference, recorded["north_case"].reference]
    body = response.content.decode()
    assert "<caption" in body and "By service" in body


def test_time_report_filters_by_service(client, manager, recorded):
    """One service's time only."""
    client.force_login(manager.user)
    response = client.get("/cases/time/" + JUNE + f"&service={recorded['north'].pk}")
    assert [row.label for row in response.context["by_service"]] == ["North IMCA"]
    assert response.context["totals"].minutes == 75


def test_time_report_bad_dates_get_messages_not_figures(client, manager, recorded):
    """End before start: a message beside the end date, no figures."""
    client.force_login(manager.user)
    response = client.get(
        "/cases/time/?start-day=30&start-month=6&start-year=2025&end-day=1&end-month=6&end-year=2025"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "End date must be the same as or after the start date" in body
    assert not response.context["show_results"]


def test_time_report_is_for_managers(client, advocate):
    """Advocates see their cases' totals on the case page, not everyone's time."""
    client.force_login(advocate.user)
    assert client.get("/cases/time/").status_code == 403


def test_time_report_queries_do_not_grow_with_activities(client, organisation, manager, recorded):
    """Grouped sums in the database: the same queries for 5 activities and for 2,000."""
    client.force_login(manager.user)
    client.get("/")
    url = "/cases/time/" + JUNE

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = count()
    tz = timezone.get_current_timezone()
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            case=recorded["north_case"] if n % 2 else recorded["south_case"],
            kind="research",
            occurred_at=dt.datetime(2025, 6, 1 + n % 29, 12, tzinfo=tz),
            minutes=5,
            recorded_by=manager.user,
        )
        for n in range(2000)
    )
    assert count() == small


def test_time_report_names_no_one_and_does_not_link_restricted_cases(client, manager, recorded):
    """Cases by reference only; a restricted case is not a link (opening it would be refused)."""
    case = recorded["south_case"]
    case.is_restricted = True
    case.save()
    # A surname no page uses as a word (a generated one such as "Day" appears in the page).
    case.person.last_name = "Marrowfen"
    case.person.save()
    client.force_login(manager.user)
    body = client.get("/cases/time/" + JUNE).content.decode()
    assert f"{case.reference} (restricted case)" in body
    assert f'href="/cases/{case.pk}/"' not in body
    assert f'href="/cases/{recorded["north_case"].pk}/"' in body
    assert case.person.last_name not in body


def test_time_report_long_range_reads_the_summary_in_the_same_queries(
    client, organisation, manager, recorded
):
    """A quarter (the daily summary's path) costs the same queries for 5 activities and
    2,000, and its totals equal the live sum over the quarter's activities."""
    client.force_login(manager.user)
    client.get("/")
    quarter = "/cases/time/?start-day=1&start-month=4&start-year=2025&end-day=30&end-month=6&end-year=2025"
    live = presenters_records.time_totals_from(
        selectors_records.time_totals(
            selectors_records.activities_between(
                Activity.objects.for_organisation(organisation).in_effect(),
                start=dt.date(2025, 4, 1),
                end=dt.date(2025, 6, 30),
            )
        )
    )
    assert client.get(quarter).context["totals"] == live
    assert live.activities > 0

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(quarter).status_code == 200
        return len(context.captured_queries)

    small = count()
    tz = timezone.get_current_timezone()
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            case=recorded["north_case"] if n % 2 else recorded["south_case"],
            kind="research",
            occurred_at=dt.datetime(2025, 5, 1 + n % 29, 12, tzinfo=tz),
            minutes=5,
            recorded_by=manager.user,
        )
        for n in range(2000)
    )
    assert count() == small


def period(start: dt.date, end: dt.date) -> str:
    return (
        f"?start-day={start.day}&start-month={start.month}&start-year={start.year}"
        f"&end-day={end.day}&end-month={end.month}&end-year={end.year}"
    )


def test_time_report_reads_days_before_today_from_the_summary_and_today_live(
    client, organisation, manager, recorded
):
    """Any range of whole days: the service rows and totals take the days before today from
    the daily summary, and today from the activities, so today is never stale. (Rows written
    past the services, here ``bulk_create``, reach past days only at the next rebuild.)"""
    client.force_login(manager.user)
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    case = recorded["north_case"]
    ActivityFactory(
        case=case,
        recorded_by=manager.user,
        occurred_at=dt.datetime.combine(yesterday, dt.time(9), tzinfo=tz),
        minutes=40,
    )
    ActivityFactory(
        case=case,
        recorded_by=manager.user,
        occurred_at=dt.datetime.combine(today, dt.time(0, 30), tzinfo=tz),
        minutes=20,
    )
    url = "/cases/time/" + period(yesterday, today)
    assert client.get(url).context["totals"].minutes == 60
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            case=case,
            kind="research",
            occurred_at=dt.datetime.combine(day, dt.time(0, 30), tzinfo=tz),
            minutes=5,
            recorded_by=manager.user,
        )
        for day in (yesterday, today)
    )
    response = client.get(url)
    assert response.context["totals"].minutes == 65  # today's 5 live; yesterday's not yet
    assert sum(row.totals.minutes for row in response.context["by_advocate"]) == 70  # live


def test_time_report_queries_are_pinned(client, manager, recorded):
    """The statements of the report (after the session's): the summary, one grouped
    statement for the page of cases, their count and the staff groups, the page's case
    references and staff names; a range ending today adds the one live query for today's
    service rows."""
    client.force_login(manager.user)
    client.get("/")
    today = timezone.localdate()
    for days_ago in (10, 0):
        ActivityFactory(
            case=recorded["north_case"],
            recorded_by=manager.user,
            occurred_at=timezone.now() - dt.timedelta(days=days_ago, minutes=1),
        )

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    past = count("/cases/time/" + JUNE)
    assert count("/cases/time/" + period(today - dt.timedelta(days=40), today)) == past + 1
    assert count("/cases/time/" + period(today, today)) == past  # today alone: live only
    assert count("/cases/time/" + JUNE + "&page=1&staff_page=3") == past  # past the last
    # PostgreSQL adds one statement binding the request to its organisation (row security).
    assert past == 8 + tenant_db.statements_per_request()


def test_case_and_staff_totals_equal_each_grouping_alone(organisation, manager, recorded):
    """The one statement (grouping sets on PostgreSQL) gives what grouping by case and by
    member of staff separately gives; a page past the end still counts the cases."""
    activities = selectors_records.activities_between(
        Activity.objects.for_organisation(organisation).in_effect(),
        start=dt.date(2025, 5, 1),
        end=dt.date(2025, 7, 31),
    )
    grouped = selectors_records.case_and_staff_totals(activities, offset=0, limit=10)

    def by(field):
        return {
            row[field]: row
            for row in activities.order_by().values(field).annotate(**selectors_records.TOTALS)
        }

    assert {row["case_id"]: row for row in grouped.cases} == by("case_id")
    assert {row["recorded_by_id"]: row for row in grouped.staff} == by("recorded_by_id")
    assert grouped.case_count == 2
    assert [row["case_id"] for row in grouped.cases] == [
        recorded["south_case"].pk,  # most minutes first
        recorded["north_case"].pk,
    ]
    past = selectors_records.case_and_staff_totals(activities, offset=10, limit=10)
    assert (past.cases, past.case_count, len(past.staff)) == ([], 2, 2)


def test_time_report_page_of_cases_past_the_end_shows_the_last(client, manager, recorded):
    """As Django's ``get_page`` would: the last page, with its cases."""
    client.force_login(manager.user)
    response = client.get("/cases/time/" + JUNE + "&page=9")
    assert response.context["page"].number == 1
    assert [row.label for row in response.context["by_case"]] == [
        recorded["south_case"].reference,
        recorded["north_case"].reference,
    ]


def test_time_report_pages_the_staff_table(client, organisation, manager, recorded):
    """A national organisation has ~1,200 staff: 50 a page, linked with GOV.UK pagination
    that keeps the dates and the page of cases."""
    client.force_login(manager.user)
    tz = timezone.get_current_timezone()
    for number in range(55):
        ActivityFactory(
            case=recorded["north_case"],
            recorded_by=MembershipFactory(organisation=organisation).user,
            occurred_at=dt.datetime(2025, 6, 3, 10, tzinfo=tz),
            minutes=100 + number,
        )
    response = client.get("/cases/time/" + JUNE)
    first = response.context["by_advocate"]
    assert len(first) == 50
    assert first[0].totals.minutes == 154  # most time first
    assert response.context["staff_page"].paginator.num_pages == 2
    body = response.content.decode()
    assert 'aria-label="Pages of staff"' in body
    assert "staff_page=2" in body
    response = client.get("/cases/time/" + JUNE + "&staff_page=2&page=1")
    second = response.context["by_advocate"]
    assert len(second) == 55 + 2 - 50  # and Ann Advocate and Bea Other, with less time
    assert {row.key for row in first}.isdisjoint(row.key for row in second)
    assert response.context["totals"].activities == 3 + 55
    assert "page=1&amp;staff_page=1" in response.content.decode()
