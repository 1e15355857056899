"""An IMHA case opens with the section and the day it began from the referral, so the
statutory deadlines are on the case from the moment the referral is accepted."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, MhaStatus, Task
from heard.core.advocacy_types import AdvocacyType
from heard.organisations.models import Role
from heard.referrals.services import triage
from tests.factories import MembershipFactory, ReferralFactory, ServiceFactory


@pytest.fixture
def manager(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER).user


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, advocacy_types=[AdvocacyType.IMHA, AdvocacyType.CARE_ACT]
    )


def referral_for(organisation, status, began_on=None):
    answers = {"nation": "england", "age": 34}
    if status is not None:  # "I'm not sure" leaves the engine's status unknown
        answers["mha"] = {"status": status}
    return ReferralFactory(
        organisation=organisation, eligibility_answers=answers, mha_began_on=began_on
    )


def accept(referral, service, manager, advocacy_type=AdvocacyType.IMHA) -> Case:
    case = triage.referral_accept(
        referral=referral, acting_user=manager, service=service, advocacy_type=advocacy_type
    ).case
    return Case.objects.get(pk=case.pk)


def test_a_section_2_referral_opens_with_its_admission_and_the_deadlines(
    organisation, service, manager
):
    """Admission counts as day 1: apply to the tribunal by day 14, section 2 ends on day 28."""
    admitted = timezone.localdate() - dt.timedelta(days=3)
    case = accept(referral_for(organisation, "s2", admitted), service, manager)
    assert case.mha_status == MhaStatus.S2
    assert timezone.localtime(case.mha_status_began_at).date() == admitted
    tasks = {task.rule_key: task for task in Task.objects.filter(case=case)}
    assert tasks["mha_tribunal"].due_on == admitted + dt.timedelta(days=13)
    assert "s66(1)(a), (2)(a)" in tasks["mha_tribunal"].citation
    assert tasks["mha_ends"].due_on == admitted + dt.timedelta(days=27)
    opened = AuditEvent.objects.get(event_type="case.opened", target_id=str(case.pk))
    assert opened.changes["mha_status"] == [None, "s2"]
    assert opened.changes["mha_status_began_at"][1].startswith(admitted.isoformat())
    created = AuditEvent.objects.filter(event_type="task.created", details__case_id=case.pk)
    assert created.count() == len(tasks)


def test_an_hour_based_section_counts_from_the_start_of_the_day_given(
    organisation, service, manager
):
    """Without a time, section 136 counts from midnight, so its end is never shown late."""
    detained = timezone.localdate() - dt.timedelta(days=1)
    case = accept(referral_for(organisation, "s136", detained), service, manager)
    began = timezone.localtime(case.mha_status_began_at)
    assert (began.date(), began.hour, began.minute) == (detained, 0, 0)
    ends = Task.objects.get(case=case, rule_key="mha_ends")
    assert ends.due_at == case.mha_status_began_at + dt.timedelta(hours=24)


def test_a_section_without_a_date_is_copied_and_waits_for_the_date(organisation, service, manager):
    """The status is kept; no statutory task until the advocate records when it began."""
    case = accept(referral_for(organisation, "s3"), service, manager)
    assert (case.mha_status, case.mha_status_began_at) == (MhaStatus.S3, None)
    assert not Task.objects.filter(case=case, rule_key__startswith="mha_").exists()


@pytest.mark.parametrize("status", ["none", None])
def test_no_section_named_means_no_mental_health_act_facts(organisation, service, manager, status):
    case = accept(referral_for(organisation, status, timezone.localdate()), service, manager)
    assert (case.mha_status, case.mha_status_began_at) == ("", None)


def test_only_an_imha_case_takes_the_mental_health_act_facts(organisation, service, manager):
    """The same referral accepted for Care Act advocacy carries no section."""
    referral = referral_for(organisation, "s2", timezone.localdate())
    case = accept(referral, service, manager, advocacy_type=AdvocacyType.CARE_ACT)
    assert (case.mha_status, case.mha_status_began_at) == ("", None)
    assert "mha_status" not in AuditEvent.objects.get(event_type="case.opened").changes


def test_a_date_after_today_is_not_copied(organisation, service, manager):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    case = accept(referral_for(organisation, "s2", tomorrow), service, manager)
    assert (case.mha_status, case.mha_status_began_at) == (MhaStatus.S2, None)


# Where the hospital is ------------------------------------------------------------------------

ENGLAND_TRIBUNAL = "First-tier Tribunal (Mental Health)"
WALES_TRIBUNAL = "Mental Health Review Tribunal for Wales"


@pytest.mark.parametrize(
    "organisation_nation, hospital, tribunal, rules",
    [
        ("england", "wales", WALES_TRIBUNAL, "Mental Health Review Tribunal for Wales Rules 2008"),
        ("wales", "england", ENGLAND_TRIBUNAL, "(First-tier Tribunal)"),
        ("england", None, ENGLAND_TRIBUNAL, "(First-tier Tribunal)"),
        ("wales", None, WALES_TRIBUNAL, "Mental Health Review Tribunal for Wales Rules 2008"),
    ],
)
def test_the_case_names_the_tribunal_of_the_hospitals_nation(
    organisation, manager, organisation_nation, hospital, tribunal, rules
):
    """A person detained in a Welsh hospital applies to the Welsh tribunal even when the
    organisation is English, and the other way round; without a hospital nation the
    service's (here the organisation's) applies."""
    organisation.nation = organisation_nation
    organisation.save(update_fields=["nation"])
    service = ServiceFactory(organisation=organisation, advocacy_types=[AdvocacyType.IMHA])
    referral = referral_for(organisation, "s2", timezone.localdate() - dt.timedelta(days=2))
    referral.nation = hospital
    referral.save(update_fields=["nation"])
    case = accept(referral, service, manager)
    assert case.nation == hospital
    task = Task.objects.get(case=case, rule_key="mha_tribunal")
    assert tribunal in task.title
    other = WALES_TRIBUNAL if tribunal == ENGLAND_TRIBUNAL else ENGLAND_TRIBUNAL
    assert other not in task.title
    case.mha_hearing_kind = "tribunal"
    case.mha_hearing_on = timezone.localdate() + dt.timedelta(days=20)
    case.save(update_fields=["mha_hearing_kind", "mha_hearing_on"])
    from heard.casework.services.todos import regenerate_tasks

    regenerate_tasks(case=case, acting_user=manager)
    hearing = Task.objects.filter(case=case, title__contains="hearing").get()
    assert tribunal in hearing.title and rules in hearing.citation
    if hospital:
        opened = AuditEvent.objects.get(event_type="case.opened", target_id=str(case.pk))
        assert opened.changes["nation"] == [None, hospital]


def test_the_case_page_says_where_the_hospital_is_and_which_tribunal(organisation, manager, client):
    service = ServiceFactory(organisation=organisation, advocacy_types=[AdvocacyType.IMHA])
    referral = referral_for(organisation, "s3", timezone.localdate() - dt.timedelta(days=2))
    referral.nation = "wales"
    referral.save(update_fields=["nation"])
    case = accept(referral, service, manager)
    client.force_login(manager)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Where the hospital is" in page and WALES_TRIBUNAL in page


def test_changing_where_the_hospital_is_renames_the_tribunal_in_the_tasks(organisation, manager):
    """Moved to a Welsh hospital: the open tribunal task now names the Welsh tribunal."""
    from heard.casework.services.cases import DETAIL_FIELDS, case_update_details

    service = ServiceFactory(organisation=organisation, advocacy_types=[AdvocacyType.IMHA])
    referral = referral_for(organisation, "s2", timezone.localdate() - dt.timedelta(days=2))
    case = accept(referral, service, manager)
    assert ENGLAND_TRIBUNAL in Task.objects.get(case=case, rule_key="mha_tribunal").title
    data = {field: getattr(case, field) for field in DETAIL_FIELDS}
    case_update_details(case=case, data={**data, "nation": "wales"}, acting_user=manager)
    task = Task.objects.get(case=case, rule_key="mha_tribunal")
    assert WALES_TRIBUNAL in task.title and ENGLAND_TRIBUNAL not in task.title
