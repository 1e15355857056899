"""Recording a case's Mental Health Act facts makes its tasks, with citations and times."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Task
from heard.casework.services.mha import began_at_from, case_update_mha
from heard.casework.services.todos import regenerate_tasks
from tests.factories import CaseFactory, OrganisationFactory, ServiceFactory, UserFactory


def imha_case(organisation, **kwargs):
    service = ServiceFactory(organisation=organisation, advocacy_types=["imha"])
    return CaseFactory(organisation=organisation, service=service, advocacy_type="imha", **kwargs)


def mha_data(**overrides):
    data = {
        "mha_status": "s2",
        "mha_status_began_at": began_at_from(timezone.localdate() - dt.timedelta(days=3), None),
        "mha_detention_extended": False,
        "mha_hearing_kind": "",
        "mha_hearing_on": None,
    }
    data.update(overrides)
    return data


def test_section_2_makes_the_tribunal_and_expiry_tasks_with_citations(organisation):
    case = imha_case(organisation)
    user = UserFactory()
    admitted = timezone.localdate() - dt.timedelta(days=3)
    case_update_mha(case=case, data=mha_data(), acting_user=user)
    tasks = {t.rule_key: t for t in Task.objects.filter(case=case)}
    assert tasks["mha_tribunal"].due_on == admitted + dt.timedelta(days=13)
    assert "First-tier Tribunal (Mental Health)" in tasks["mha_tribunal"].title
    assert tasks["mha_tribunal"].citation == "Mental Health Act 1983 s66(1)(a), (2)(a)"
    assert tasks["mha_ends"].due_on == admitted + dt.timedelta(days=27)
    event = AuditEvent.objects.get(event_type="case.mha_updated")
    assert event.changes["mha_status"] == ["", "s2"]


def test_in_wales_the_task_names_the_welsh_tribunal(db):
    organisation = OrganisationFactory(nation="wales")
    case = imha_case(organisation)
    case_update_mha(case=case, data=mha_data(), acting_user=UserFactory())
    task = Task.objects.get(case=case, rule_key="mha_tribunal")
    assert "Mental Health Review Tribunal for Wales" in task.title


def test_an_hour_based_section_is_due_at_a_time(organisation):
    case = imha_case(organisation)
    began = timezone.localtime() - dt.timedelta(hours=1)
    began = began.replace(second=0, microsecond=0)
    case_update_mha(
        case=case,
        data=mha_data(mha_status="s136", mha_status_began_at=began),
        acting_user=UserFactory(),
    )
    task = Task.objects.get(case=case, rule_key="mha_ends")
    assert task.due_at == began + dt.timedelta(hours=24)
    assert task.citation == "Mental Health Act 1983 s136(2A)"
    case_update_mha(
        case=case,
        data=mha_data(mha_status="s136", mha_status_began_at=began, mha_detention_extended=True),
        acting_user=UserFactory(),
    )
    task.refresh_from_db()
    assert task.due_at == began + dt.timedelta(hours=36)


def test_a_hearing_makes_a_preparation_task_and_changing_status_removes_old_tasks(organisation):
    case = imha_case(organisation)
    user = UserFactory()
    hearing = timezone.localdate() + dt.timedelta(days=21)
    case_update_mha(
        case=case,
        data=mha_data(mha_hearing_kind="tribunal", mha_hearing_on=hearing),
        acting_user=user,
    )
    assert Task.objects.filter(case=case, rule_key="mha_hearing").exists()
    case_update_mha(case=case, data=mha_data(mha_status="informal_inpatient"), acting_user=user)
    keys = set(Task.objects.filter(case=case).values_list("rule_key", flat=True))
    assert "mha_ends" not in keys and "mha_tribunal" not in keys


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"mha_status_began_at": None}, "mha_status_began_at"),
        ({"mha_status": ""}, "mha_status"),
        ({"mha_detention_extended": True}, "mha_detention_extended"),
        ({"mha_hearing_kind": "tribunal"}, "mha_hearing_on"),
        ({"mha_hearing_on": dt.date(2030, 1, 1)}, "mha_hearing_kind"),
        (
            {"mha_status_began_at": timezone.now() + dt.timedelta(days=2)},
            "mha_status_began_at",
        ),
    ],
)
def test_facts_that_do_not_fit_together_are_refused_beside_the_field(
    organisation, overrides, field
):
    case = imha_case(organisation)
    with pytest.raises(ValidationError) as error:
        case_update_mha(case=case, data=mha_data(**overrides), acting_user=UserFactory())
    assert field in error.value.message_dict
    assert not AuditEvent.objects.filter(event_type="case.mha_updated").exists()


def test_an_urgent_case_uses_the_urgent_first_contact_target(organisation):
    service = ServiceFactory(
        organisation=organisation,
        first_contact_target_days=5,
        urgent_first_contact_target_days=1,
    )
    received = dt.date(2025, 3, 3)  # a Monday
    urgent = CaseFactory(
        organisation=organisation, service=service, priority="urgent", received_on=received
    )
    standard = CaseFactory(organisation=organisation, service=service, received_on=received)
    for case in (urgent, standard):
        regenerate_tasks(case=case, acting_user=UserFactory())
    assert Task.objects.get(case=urgent, rule_key="first_contact").due_on == dt.date(2025, 3, 4)
    assert Task.objects.get(case=standard, rule_key="first_contact").due_on == dt.date(2025, 3, 10)


# The page -------------------------------------------------------------------------------------


def test_an_advocate_records_section_136_with_its_time(advocate_client, organisation):
    case = imha_case(organisation)
    assert "Mental Health Act" in advocate_client.get(f"/cases/{case.pk}/").content.decode()
    url = f"/cases/{case.pk}/mental-health-act/"
    assert advocate_client.get(url).status_code == 200
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "mha_status": "s136",
        "began_on-day": str(yesterday.day),
        "began_on-month": str(yesterday.month),
        "began_on-year": str(yesterday.year),
        "began_time": "",
        "mha_hearing_kind": "",
    }
    response = advocate_client.post(url, data)
    assert response.status_code == 200
    assert "Enter the time it began: this section is counted in hours" in response.content.decode()
    response = advocate_client.post(url, {**data, "began_time": "9pm"}, follow=True)
    body = response.content.decode()
    assert "Mental Health Act details saved" in body
    assert "Section 136 (removal to a place of safety)" in body
    assert "21:00" in body
    assert "s136(2A)" in body  # the task and its citation on the case page
    task = Task.objects.get(case=case, rule_key="mha_ends")
    assert timezone.localtime(task.due_at).hour == 21


def test_a_hearing_kind_without_a_date_is_an_error_beside_the_date(advocate_client, organisation):
    case = imha_case(organisation)
    response = advocate_client.post(
        f"/cases/{case.pk}/mental-health-act/",
        {"mha_status": "", "mha_hearing_kind": "tribunal"},
    )
    assert response.status_code == 200
    assert "Enter the date of the hearing" in response.content.decode()


def test_another_organisations_case_is_not_found(advocate_client, other_organisation):
    case = imha_case(other_organisation)
    response = advocate_client.post(f"/cases/{case.pk}/mental-health-act/", {"mha_status": "s2"})
    assert response.status_code == 404
