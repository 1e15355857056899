"""Factories for development records (used here and by the project's tenancy walk)."""

import datetime as dt

import factory
from django.utils import timezone

from heard.development.models import (
    Barrier,
    BarrierKind,
    InductionItem,
    Readiness,
    ReflectiveNote,
    SupervisionAction,
    SupervisionKind,
    SupervisionSession,
    TrainingItem,
    TrainingKind,
)
from tests.factories import MembershipFactory, UserFactory


class InductionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InductionItem

    stage = "first_week"
    title = factory.Sequence(lambda n: f"Induction step {n}")
    signed_off_by = "line_supervisor"


class TrainingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingItem

    kind = TrainingKind.TRAINING
    name = factory.Sequence(lambda n: f"Course {n}")


class ReadinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Readiness

    membership = factory.SubFactory(MembershipFactory)
    organisation = factory.SelfAttribute("membership.organisation")
    advocacy_type = "imca"
    signed_off_on = factory.LazyFunction(timezone.localdate)
    signed_off_by = factory.SubFactory(UserFactory)


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionSession
        skip_postgeneration_save = True

    kind = SupervisionKind.ONE_TO_ONE
    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    recorded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class SupervisionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionAction

    session = factory.SubFactory(SupervisionSessionFactory)
    organisation = factory.SelfAttribute("session.organisation")
    description = "Read the Code of Practice chapter on best interests"
    owner = factory.SubFactory(MembershipFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class ReflectiveNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReflectiveNote

    author = factory.SubFactory(MembershipFactory)
    organisation = factory.SelfAttribute("author.organisation")
    written_on = factory.LazyFunction(timezone.localdate)
    title = "After the best interests meeting"
    reflection = "I accepted the ward's account too readily"


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    membership = factory.SubFactory(MembershipFactory)
    organisation = factory.SelfAttribute("membership.organisation")
    noticed_on = factory.LazyFunction(timezone.localdate)
    kind = BarrierKind.FAMILIARITY
    description = "I have known this ward manager for years"
