"""Known data for report tests: two services of an English organisation and a Welsh one.

Every figure of the three reports (the Care Act service, all of Riverside's services, the
Welsh organisation's service) is worked out by hand from what is seeded here, in
``expected.py``; ``test_measures.py`` checks each report equals it exactly and the
reconciliation test checks the same figures in every format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from heard.casework import milestones
from heard.casework.models import CaseStatus, Issue
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.organisations.models import Role
from heard.reporting.periods import quarter
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    ChallengeFactory,
    EvidenceLinkFactory,
    IssueFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
    ServiceFactory,
    SystemIssueFactory,
)

# Quarter 1 of 2026-27: 1 April to 30 June 2026.
PERIOD = quarter(2026, 1)

LEEDS = "E08000035"
WAKEFIELD = "E08000036"
CARDIFF = "W06000015"

# Personal data that must never reach a commissioner.
NAMES = ["Zebedee", "Quillon", "Marigold", "Tobiah", "Ynyr"]
NHS_NUMBERS = ["9434765919", "9434765870"]
DOBS = [dt.date(1941, 3, 17), dt.date(1990, 11, 2)]
# What the person said about an issue's outcome: free text that no report may show.
OUTCOME_IN_THEIR_WORDS = "Glad to be home; Marisol the social worker heard me at last"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def status(case, to: str, day: dt.date, previous: str, hour: int = 12):
    CaseStatus.objects.create(
        organisation=case.organisation,
        case=case,
        status=to,
        previous_status=previous,
        changed_at=at(day, hour),
    )
    type(case).objects.filter(pk=case.pk).update(status=to, status_changed_at=at(day, hour))
    milestones.refresh([case.pk])  # as the lifecycle service keeps the allocation day


def decide(referral, decision: str, day: dt.date, user, reason: str = ""):
    """A triage decision on ``referral``, made at 11:00 on ``day``."""
    from heard.referrals.models import TriageDecision

    TriageDecision.objects.create(
        organisation=referral.organisation,
        referral=referral,
        decision=decision,
        decline_reason=reason,
        decided_by=user,
        decided_at=at(day, 11),
    )


def respond(organisation, service, month: dt.date, **answers):
    """One anonymous feedback response for ``service`` in ``month``."""
    import uuid

    from heard.voice.models import Channel, FeedbackResponse, FormVersion

    FeedbackResponse.objects.create(
        organisation=organisation,
        service=service,
        month=month,
        form_version=FormVersion.STANDARD,
        channel=Channel.GENERAL_LINK,
        own_words="Never in a report",
        may_quote=True,
        submission_key=uuid.uuid4().hex,
        **answers,
    )


def make_case(organisation, service, person, received: dt.date, **kwargs):
    case = CaseFactory(
        organisation=organisation, service=service, person=person, received_on=received, **kwargs
    )
    CaseStatus.objects.filter(case=case).update(changed_at=at(received, 9))
    type(case).objects.filter(pk=case.pk).update(status_changed_at=at(received, 9))
    return case


@dataclass
class World:
    organisation: object
    care_act: object
    imha: object
    wales: object
    welsh_service: object
    manager: object
    advocate_user: object
    cases: dict


def build_world() -> World:
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside-world")
    care_act = ServiceFactory(
        organisation=organisation,
        name="Leeds Care Act advocacy",
        advocacy_types=[AdvocacyType.CARE_ACT],
        local_authority_areas=[LEEDS],
        first_contact_target_days=5,
        allocation_target_days=3,
        urgent_first_contact_target_days=2,
        urgent_allocation_target_days=1,
    )
    imha = ServiceFactory(
        organisation=organisation,
        name="Leeds IMHA",
        advocacy_types=[AdvocacyType.IMHA],
        local_authority_areas=[LEEDS],
    )
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    user = advocate.user

    people = [
        PersonFactory(
            organisation=organisation,
            first_name=NAMES[0],
            last_name="Abernethy",
            date_of_birth=DOBS[0],
            nhs_number=NHS_NUMBERS[0],
            ethnicity="asian_indian",
            sex="female",
            disability="yes_a_lot",
            religion="hindu",
        ),
        PersonFactory(
            organisation=organisation,
            first_name=NAMES[1],
            last_name="Brackenbury",
            date_of_birth=DOBS[1],
            nhs_number=NHS_NUMBERS[1],
            ethnicity="white_british",
            sex="male",
            disability="no",
            religion="prefer_not_to_say",
        ),
        # Dates of birth fixed (the factory's are random): ages are figures too.
        PersonFactory(
            organisation=organisation,
            first_name=NAMES[2],
            last_name="Cole",
            date_of_birth=dt.date(1958, 8, 20),
        ),
        # 25 on the last day of the period, 30 June 2026: in the 25–34 band.
        PersonFactory(
            organisation=organisation,
            first_name=NAMES[3],
            last_name="Dunmore",
            date_of_birth=dt.date(2001, 6, 30),
        ),
    ]

    # Referrals. In the period: R1, R2, R3, R4. R5 is before it; R6 is suspected spam.
    r1 = ReferralFactory(
        organisation=organisation,
        received_at=at(dt.date(2026, 4, 6)),
        source="public_professional",
        local_authority=LEEDS,
        requested_types=[AdvocacyType.CARE_ACT],
        status="accepted",
        first_name=NAMES[0],
    )
    r2 = ReferralFactory(
        organisation=organisation,
        received_at=at(dt.date(2026, 4, 7)),
        source="phone",
        referrer_name="",
        referrer_organisation="",
        referrer_role="",
        local_authority=WAKEFIELD,
        requested_types=[AdvocacyType.CARE_ACT],
        status="accepted",
        eligibility_result={"results": [{"type": "care_act", "decision": "not_eligible"}]},
        first_name=NAMES[1],
    )
    r3 = ReferralFactory(  # R3: no case; counts for the Care Act service by the type asked for
        organisation=organisation,
        status="declined",
        received_at=at(dt.date(2026, 5, 1)),
        source="public_self",
        basis="self",
        local_authority="",
        requested_types=[AdvocacyType.CARE_ACT],
        eligibility_result={},
        first_name=NAMES[2],
    )
    r4 = ReferralFactory(
        organisation=organisation,
        received_at=at(dt.date(2026, 5, 2)),
        source="public_family",
        local_authority=LEEDS,
        requested_types=[AdvocacyType.IMHA],
        status="accepted",
        first_name=NAMES[3],
    )
    r5 = ReferralFactory(  # R5: before the period
        organisation=organisation,
        received_at=at(dt.date(2026, 3, 31)),
        requested_types=[AdvocacyType.CARE_ACT],
    )
    ReferralFactory(  # R6: suspected spam
        organisation=organisation,
        received_at=at(dt.date(2026, 4, 20)),
        requested_types=[AdvocacyType.CARE_ACT],
        is_suspected_spam=True,
    )
    # R7–R11: five professionals' web referrals from Leeds asking for Care Act advocacy,
    # 11–15 May, not yet triaged (no case: they count for the Care Act service by the type
    # asked for). With them the Care Act service's referral columns total 8, so the small
    # cells beside a large one need secondary suppression when shared.
    for day in range(11, 16):
        ReferralFactory(
            organisation=organisation,
            received_at=at(dt.date(2026, 5, day)),
            source="public_professional",
            local_authority=LEEDS,
            requested_types=[AdvocacyType.CARE_ACT],
        )

    # Triage decisions (at 11:00). In the period: R1 accepted 8 April; R2 awaiting
    # information 7 April, then accepted 9 April; R3 declined 6 May with no reason given
    # (counts as "other"); R4 (IMHA) accepted 5 May. R5's signposting on 31 March is before it.
    decide(r1, "accept", dt.date(2026, 4, 8), user)
    decide(r2, "await_information", dt.date(2026, 4, 7), user)
    decide(r2, "accept", dt.date(2026, 4, 9), user)
    decide(r3, "decline", dt.date(2026, 5, 6), user)
    decide(r4, "accept", dt.date(2026, 5, 5), user)
    decide(r5, "signpost", dt.date(2026, 3, 31), user)

    # C1: Care Act, routine, received Mon 6 April; allocated Wed 8 (2 working days);
    # first contact Fri 10 (4 working days); closed 15 June.
    c1 = make_case(organisation, care_act, people[0], dt.date(2026, 4, 6), referral=r1)
    status(c1, "allocated", dt.date(2026, 4, 8), "waiting")
    status(c1, "active", dt.date(2026, 4, 10), "allocated")
    status(c1, "closed", dt.date(2026, 6, 15), "active")
    ActivityFactory(
        case=c1,
        kind="visit",
        with_person=True,
        occurred_at=at(dt.date(2026, 4, 10)),
        minutes=60,
        travel_minutes=30,
        recorded_by=user,
    )
    ActivityFactory(
        case=c1,
        kind="phone_call",
        occurred_at=at(dt.date(2026, 5, 1)),
        minutes=15,
        recorded_by=user,
    )
    # Entered in error: 600 minutes that must not count anywhere.
    ActivityFactory(
        case=c1,
        kind="visit",
        with_person=True,
        occurred_at=at(dt.date(2026, 4, 7)),
        minutes=600,
        recorded_by=user,
        entered_in_error_at=at(dt.date(2026, 4, 8)),
        entered_in_error_by=user,
        entered_in_error_reason="Wrong case",
    )
    issue = IssueFactory(case=c1, category="accommodation", created_by=user)
    Issue.objects.filter(pk=issue.pk).update(
        created_at=at(dt.date(2026, 4, 10)),
        outcome="achieved",
        outcome_recorded_at=at(dt.date(2026, 6, 10)),
        felt_listened_to="partly",
        outcome_in_their_words=OUTCOME_IN_THEIR_WORDS,
    )
    wrong = IssueFactory(case=c1, category="money", created_by=user)
    Issue.objects.filter(pk=wrong.pk).update(
        created_at=at(dt.date(2026, 4, 10)),
        entered_in_error_at=at(dt.date(2026, 4, 11)),
        entered_in_error_by=user,
    )

    # C2: Care Act, urgent, received Tue 7 April; allocated Thu 9 (2 working days, over the
    # urgent target of 1); no contact yet; live at the end.
    c2 = make_case(
        organisation, care_act, people[1], dt.date(2026, 4, 7), referral=r2, priority="urgent"
    )
    status(c2, "allocated", dt.date(2026, 4, 9), "waiting")

    # C3: Care Act, routine, received Thu 25 June, still waiting on 30 June (3 working days:
    # not over the target of 3).
    c3 = make_case(organisation, care_act, people[2], dt.date(2026, 6, 25))

    # C4: IMHA, received Sat 2 May; allocated and first contact Tue 5 May. Mon 4 May is a bank
    # holiday, so 1 working day.
    c4 = make_case(organisation, imha, people[3], dt.date(2026, 5, 2), referral=r4)
    status(c4, "allocated", dt.date(2026, 5, 5), "waiting", hour=9)
    status(c4, "active", dt.date(2026, 5, 5), "allocated", hour=15)
    ActivityFactory(
        case=c4,
        kind="visit",
        with_person=True,
        occurred_at=at(dt.date(2026, 5, 5), 14),
        minutes=90,
        travel_minutes=45,
        recorded_by=user,
    )
    # People reached in the period: C1's and C4's people (activities in effect).
    # C4's person (people[3]) has no equality answers but a date of birth.

    # More issues. I2 on C2: care and support, created 1 May, partly achieved on 20 June,
    # felt listened to. I3 on C4 (IMHA): mental health rights, created 5 May, not achieved
    # on 1 June, felt-listened-to not recorded.
    for case, category, created, outcome, recorded, listened in (
        (
            c2,
            "care_and_support",
            dt.date(2026, 5, 1),
            "partly_achieved",
            dt.date(2026, 6, 20),
            "yes",
        ),
        (c4, "mental_health_rights", dt.date(2026, 5, 5), "not_achieved", dt.date(2026, 6, 1), ""),
    ):
        more = IssueFactory(case=case, category=category, created_by=user)
        Issue.objects.filter(pk=more.pk).update(
            created_at=at(created),
            outcome=outcome,
            outcome_recorded_at=at(recorded),
            felt_listened_to=listened,
        )

    # Challenges. CH1 (C1) level 1 raised 20 April, upheld 5 May. CH2 (C1) level 2 raised
    # 12 May, no outcome yet. CH3 (C2) level 1 raised 14 April, not upheld on 2 July: raised
    # in the period, its outcome after it. CH4 (C4, IMHA) level 3 raised 20 May, partly
    # upheld 25 June.
    for case, level, raised, outcome, recorded in (
        (c1, 1, dt.date(2026, 4, 20), "upheld", dt.date(2026, 5, 5)),
        (c1, 2, dt.date(2026, 5, 12), "", None),
        (c2, 1, dt.date(2026, 4, 14), "not_upheld", dt.date(2026, 7, 2)),
        (c4, 3, dt.date(2026, 5, 20), "partly_upheld", dt.date(2026, 6, 25)),
    ):
        ChallengeFactory(
            organisation=organisation,
            case=case,
            level=level,
            raised_on=raised,
            outcome=outcome,
            outcome_recorded_at=at(recorded) if recorded else None,
            raised_by=user,
        )

    # Safeguarding. SG1 (C1) raised 22 April, acknowledged 24 April, section 42 enquiry on
    # 15 May. SG2 (C2) raised 29 June, not acknowledged. SG3 about a care home, on no case,
    # raised 6 May, acknowledged 7 May: all services only.
    SafeguardingConcernFactory(
        organisation=organisation,
        case=c1,
        raised_on=dt.date(2026, 4, 22),
        acknowledged_on=dt.date(2026, 4, 24),
        outcome="section_42_enquiry",
        outcome_on=dt.date(2026, 5, 15),
        raised_by=user,
    )
    SafeguardingConcernFactory(
        organisation=organisation, case=c2, raised_on=dt.date(2026, 6, 29), raised_by=user
    )
    SafeguardingConcernFactory(
        organisation=organisation,
        raised_on=dt.date(2026, 5, 6),
        acknowledged_on=dt.date(2026, 5, 7),
        raised_by=user,
    )

    # System issues. SI1 (access to advocacy) evidenced by C1 (21 April), C2 (23 April) and
    # C4 (IMHA, 8 May); SI2 (delays) by C3 (26 June) and by C1 on 31 March, before the period.
    access = SystemIssueFactory(organisation=organisation, theme="access_to_advocacy")
    delays = SystemIssueFactory(organisation=organisation, theme="delays")
    for issue_, case, day in (
        (access, c1, dt.date(2026, 4, 21)),
        (access, c2, dt.date(2026, 4, 23)),
        (access, c4, dt.date(2026, 5, 8)),
        (delays, c3, dt.date(2026, 6, 26)),
        (delays, c1, dt.date(2026, 3, 31)),
    ):
        EvidenceLinkFactory(system_issue=issue_, case=case, linked_by=user, linked_at=at(day))

    # Feedback. Care Act, April: (listened yes, understood not sure, speak up no),
    # (listened a bit), (listened no, speak up yes); March (before the period): listened yes.
    # IMHA, May: listened yes, things changed a bit.
    april, may = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
    respond(
        organisation, care_act, april, listened="yes", understood_rights="not_sure", speak_up="no"
    )
    respond(organisation, care_act, april, listened="a_bit")
    respond(organisation, care_act, april, listened="no", speak_up="yes")
    respond(organisation, care_act, dt.date(2026, 3, 1), listened="yes")
    respond(organisation, imha, may, listened="yes", things_changed="a_bit")

    # The Welsh organisation: its own service, a case and an hour of work in the same quarter.
    wales = OrganisationFactory(
        name="Cymorth Eiriolaeth", slug="cymorth-world", nation=Nation.WALES
    )
    welsh_service = ServiceFactory(
        organisation=wales,
        name="Cardiff IPA",
        advocacy_types=[AdvocacyType.WALES_IPA],
        local_authority_areas=[CARDIFF],
    )
    # 53 on 30 June 2026 (54 the next day): in the 45–54 band.
    welsh_person = PersonFactory(
        organisation=wales,
        first_name=NAMES[4],
        last_name="Evans",
        date_of_birth=dt.date(1972, 7, 1),
    )
    welsh_user = MembershipFactory(organisation=wales).user
    # WR1: a professional's email from Cardiff, 13 April, accepted 14 April (it became W1).
    # WR2: a self-referral by phone, 20 April, no local authority, declined 21 April (the
    # person does not want advocacy). Neither has an eligibility check stored: not known.
    wr1 = ReferralFactory(
        organisation=wales,
        received_at=at(dt.date(2026, 4, 13)),
        source="email",
        local_authority=CARDIFF,
        requested_types=[AdvocacyType.WALES_IPA],
        eligibility_result={},
        status="accepted",
    )
    wr2 = ReferralFactory(
        organisation=wales,
        received_at=at(dt.date(2026, 4, 20)),
        source="phone",
        basis="self",
        referrer_name="",
        referrer_organisation="",
        referrer_role="",
        local_authority="",
        requested_types=[AdvocacyType.WALES_IPA],
        eligibility_result={},
        status="declined",
    )
    decide(wr1, "accept", dt.date(2026, 4, 14), welsh_user)
    decide(wr2, "decline", dt.date(2026, 4, 21), welsh_user, reason="no_consent")
    w1 = make_case(wales, welsh_service, welsh_person, dt.date(2026, 4, 14), referral=wr1)
    status(w1, "allocated", dt.date(2026, 4, 15), "waiting")
    ActivityFactory(
        case=w1,
        kind="visit",
        with_person=True,
        occurred_at=at(dt.date(2026, 4, 16)),
        minutes=60,
        recorded_by=welsh_user,
    )
    # W2: received Mon 22 June, still waiting on Tue 30 June: 6 working days (23–26, 29, 30),
    # over the allocation target of 3. Its person is not reached.
    w2 = make_case(
        wales,
        welsh_service,
        PersonFactory(
            organisation=wales, first_name="Gwenllian", date_of_birth=dt.date(1980, 1, 1)
        ),
        dt.date(2026, 6, 22),
    )
    # An issue on W1 (other, 16 April; achieved on 10 June, did not feel listened to); a level 1 challenge on W1 raised 20 April,
    # withdrawn 20 May; a concern on W1 raised 16 April, acknowledged 17 April, an adult at
    # risk enquiry (section 126, stored as the same code as section 42) on 1 May; W1
    # evidences a system issue about rights not explained (17 April); one feedback response
    # in April, listened yes.
    welsh_issue = IssueFactory(case=w1, category="other", created_by=welsh_user)
    Issue.objects.filter(pk=welsh_issue.pk).update(
        created_at=at(dt.date(2026, 4, 16)),
        outcome="achieved",
        outcome_recorded_at=at(dt.date(2026, 6, 10)),
        felt_listened_to="no",
    )
    ChallengeFactory(
        organisation=wales,
        case=w1,
        level=1,
        raised_on=dt.date(2026, 4, 20),
        outcome="withdrawn",
        outcome_recorded_at=at(dt.date(2026, 5, 20)),
        raised_by=welsh_user,
    )
    SafeguardingConcernFactory(
        organisation=wales,
        case=w1,
        raised_on=dt.date(2026, 4, 16),
        acknowledged_on=dt.date(2026, 4, 17),
        outcome="section_42_enquiry",
        outcome_on=dt.date(2026, 5, 1),
        raised_by=welsh_user,
    )
    EvidenceLinkFactory(
        system_issue=SystemIssueFactory(organisation=wales, theme="rights_not_explained"),
        case=w1,
        linked_by=welsh_user,
        linked_at=at(dt.date(2026, 4, 17)),
    )
    respond(wales, welsh_service, april, listened="yes")
    return World(
        organisation=organisation,
        care_act=care_act,
        imha=imha,
        wales=wales,
        welsh_service=welsh_service,
        manager=manager,
        advocate_user=user,
        cases={"c1": c1, "c2": c2, "c3": c3, "c4": c4, "w1": w1, "w2": w2},
    )
