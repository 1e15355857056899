"""factory_boy factories shared by every app's tests."""

import datetime as dt
import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from heard.casework import milestones, time_summary
from heard.casework.models import Case, CaseStatus
from heard.casework.services.lifecycle import next_case_reference
from heard.core.advocacy_types import AdvocacyType, Nation
from heard.eligibility import assess
from heard.organisations.models import Membership, Organisation, Role, Service
from heard.organisations.sequences import next_number
from heard.people.models import Person
from heard.people.services import next_person_reference
from heard.referrals.models import Referral

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Advocacy Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    nation = Nation.ENGLAND


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    advocacy_types = factory.LazyFunction(lambda: [AdvocacyType.CARE_ACT, AdvocacyType.IMCA])
    local_authority_areas = factory.LazyFunction(lambda: ["E08000035"])
    commissioner = "Leeds City Council"
    start_date = dt.date(2025, 4, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ADVOCATE
    caseload_capacity = 20


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.LazyAttribute(lambda person: next_person_reference(person.organisation))
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=95)
    postcode = "LS1 4AP"
    local_authority = "E08000035"


# A Care Act needs assessment in England where the person has substantial difficulty and
# nobody to support them: the engine says "eligible, must" for Care Act advocacy.
CARE_ACT_ANSWERS = {
    "nation": "england",
    "age": 68,
    "process": "needs_assessment",
    "substantial_difficulty": {"understanding": True, "communicating": True},
    "appropriate_individual_available": False,
}


def _referral_reference(referral) -> str:
    number = next_number(referral.organisation, "referral_sequence")
    return f"HRD-{referral.received_at.year}-{number:06d}"


class ReferralFactory(factory.django.DjangoModelFactory):
    """A professional's web referral for Care Act advocacy, as intake stores it."""

    class Meta:
        model = Referral

    organisation = factory.SubFactory(OrganisationFactory)
    received_at = factory.LazyFunction(timezone.now)
    reference = factory.LazyAttribute(_referral_reference)
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
    source = "public_professional"
    status = "new"
    referrer_name = "Priya Shah"
    referrer_role = "Social worker"
    referrer_organisation = "Leeds City Council Adult Social Care"
    referrer_email = "priya.shah@example.org"
    referrer_phone = "0113 496 0000"
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=95)
    address = "12 Park Row\nLeeds"
    postcode = "LS1 5HD"
    local_authority = "E08000035"
    communication_needs = factory.LazyFunction(
        lambda: {"needs": ["easy_read"], "interpreter_language": "", "other": ""}
    )
    eligibility_answers = factory.LazyFunction(lambda: dict(CARE_ACT_ANSWERS))
    eligibility_result = factory.LazyAttribute(lambda r: assess(r.eligibility_answers))
    requested_types = factory.LazyFunction(lambda: [AdvocacyType.CARE_ACT])
    situation = "A needs assessment is booked for next week and they find it hard to follow."
    basis = "consent"


class CaseFactory(factory.django.DjangoModelFactory):
    """A case on the waiting list, with the status row the lifecycle would have written."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    service = factory.SubFactory(
        ServiceFactory, organisation=factory.SelfAttribute("..organisation")
    )
    advocacy_type = factory.LazyAttribute(lambda case: case.service.advocacy_types[0])
    reference = factory.LazyAttribute(lambda case: next_case_reference(case.organisation))
    priority = "standard"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))

    @factory.post_generation
    def status_row(case, create, extracted, **kwargs):
        if not create:
            return
        CaseStatus.objects.create(
            organisation=case.organisation,
            case=case,
            status=case.status,
            reason="referral_accepted",
            changed_at=timezone.now(),
        )
        if case.status == "allocated":  # its first allocation (a stored milestone)
            milestones.refresh([case.pk])


# Records inside a case (issues, activities, tasks, documents). Each follows its case's organisation.


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casework.Issue"

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    in_their_words = "I want to choose where I live"
    said_by = "person"
    category = "accommodation"
    created_by = factory.SubFactory(UserFactory)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casework.Activity"

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    kind = "phone_call"
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    minutes = 30
    travel_minutes = 0
    with_person = False
    recorded_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the activity services save one: its time goes into the daily summary."""
        activity = super()._create(model_class, *args, **kwargs)
        time_summary.activity_changed(added=[time_summary.counted(activity)])
        if activity.with_person:  # contact may be the case's first (a stored milestone)
            milestones.refresh([activity.case_id])
        return activity


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casework.Task"

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    title = "Write to the care home"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document row whose file is not written (tests that download use the upload service)."""

    class Meta:
        model = "casework.Document"

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    kind = "letter"
    title = "Letter to the care home"
    token = factory.LazyFunction(lambda: uuid.uuid4().hex)
    file = factory.LazyAttribute(lambda d: f"documents/{d.organisation.pk}/{d.case.pk}/{d.token}")
    original_name = "letter.pdf"
    content_type = "application/pdf"
    size = 1024
    uploaded_by = factory.SubFactory(UserFactory)


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    """A staff member's unresolved conflict of interest (kind "person" needs ``person``)."""

    class Meta:
        model = "casework.ConflictOfInterest"

    membership = factory.SubFactory(MembershipFactory)
    organisation = factory.SelfAttribute("membership.organisation")
    kind = "family"
    name = "Okafor"
    declared_at = factory.LazyFunction(timezone.now)


# The system issues register (heard.system_change).


class SystemIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "system_change.SystemIssue"

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Care homes refusing advocates access {n}")
    theme = "access_to_advocacy"
    description = "Several care homes have refused to let advocates visit without notice."
    status = "open"


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    """A case linked as evidence; the case defaults to one in the system issue's organisation."""

    class Meta:
        model = "system_change.EvidenceLink"

    system_issue = factory.SubFactory(SystemIssueFactory)
    organisation = factory.SelfAttribute("system_issue.organisation")
    case = factory.SubFactory(CaseFactory, organisation=factory.SelfAttribute("..organisation"))
    linked_by = factory.SubFactory(UserFactory)
    linked_at = factory.LazyFunction(timezone.now)


class SystemIssueActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "system_change.Action"

    system_issue = factory.SubFactory(SystemIssueFactory)
    organisation = factory.SelfAttribute("system_issue.organisation")
    description = "Write to the council's commissioning lead"
    status = "not_started"
    created_by = factory.SubFactory(UserFactory)


# Challenges, safeguarding concerns and speaking up.


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A level 1 challenge raised three days ago, due in ten working days' time (as a default)."""

    class Meta:
        model = "challenges.Challenge"

    organisation = factory.SubFactory(OrganisationFactory)
    case = factory.SubFactory(CaseFactory, organisation=factory.SelfAttribute("..organisation"))
    level = 1
    challenged_organisation = "Leeds City Council adult social care"
    challenged_role = "Team manager"
    subject = "decision"
    summary = "The council decided to move her without asking what she wants."
    raised_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    response_due_on = factory.LazyAttribute(lambda c: c.raised_on + dt.timedelta(days=14))
    raised_by = factory.SubFactory(UserFactory)


class SafeguardingConcernFactory(factory.django.DjangoModelFactory):
    """A concern about a care home, raised with the local authority today."""

    class Meta:
        model = "safeguarding.SafeguardingConcern"

    organisation = factory.SubFactory(OrganisationFactory)
    about_organisation = "Meadowbank Care Home"
    summary = "Residents were left without food or drink for most of the day."
    abuse_types = factory.LazyFunction(lambda: ["neglect", "organisational"])
    raised_to = "local_authority"
    raised_on = factory.LazyFunction(timezone.localdate)
    raised_by = factory.SubFactory(UserFactory)


class SpeakingUpConcernFactory(factory.django.DjangoModelFactory):
    """An anonymous speaking-up concern raised today."""

    class Meta:
        model = "speaking_up.SpeakingUpConcern"

    organisation = factory.SubFactory(OrganisationFactory)
    is_anonymous = True
    raised_by = None
    raised_on = factory.LazyFunction(timezone.localdate)
    about = "inside"
    concern = "Case notes are being written weeks after visits."
