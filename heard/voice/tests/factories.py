import datetime as dt

import factory
from django.utils import timezone

from heard.voice.models import (
    EngagementSession,
    Involvement,
    SelfAssessment,
    SessionTheme,
    YouSaidWeDid,
)
from tests.factories import OrganisationFactory, UserFactory


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Sam Peer"
    role = "board"
    area = "governance"
    started_on = dt.date(2025, 4, 1)
    recognition = "paid"
    consent_to_record = True
    recorded_by = factory.SubFactory(UserFactory)


class EngagementSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementSession

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Good conversation at the day centre"
    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    format = "in_person"
    attendees = 12
    groups = "People with learning disabilities\nCarers"
    what_people_said = "Letters from the council are hard to read."
    recorded_by = factory.SubFactory(UserFactory)


class SessionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionTheme

    session = factory.SubFactory(EngagementSessionFactory)
    organisation = factory.SelfAttribute("session.organisation")
    summary = "Letters are not in Easy Read"


class YouSaidWeDidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouSaidWeDid

    organisation = factory.SubFactory(OrganisationFactory)
    you_said = "Letters are hard to read"
    we_did = "We asked the council for Easy Read letters"
    easy_read_summary = "You said letters are hard. We asked for easy letters."
    status = "in_progress"
    status_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2025
    board = 1
    employed = 0
    plan = 1
    recruitment = 2
    training = 1
    evaluation = 2
    redesign = 1
    paid = 2
    recorded_by = factory.SubFactory(UserFactory)
