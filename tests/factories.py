"""factory_boy factories shared by every app's tests."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from heard.core.advocacy_types import AdvocacyType, Nation
from heard.organisations.models import Membership, Organisation, Role, Service
from heard.people.models import Person
from heard.people.services import next_person_reference

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
