import datetime as dt

import factory
from django.utils import timezone

from heard.rights.models import ErasureRequest, RetentionReview, SubjectAccessRequest
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


class SubjectAccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectAccessRequest

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    person_reference = factory.SelfAttribute("person.reference")
    requester = "person"
    received_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)


class ErasureRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErasureRequest

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    person_reference = factory.SelfAttribute("person.reference")
    reason = "Foreignperson asked for it"
    requested_by = factory.SubFactory(UserFactory)


class RetentionReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionReview

    organisation = factory.SubFactory(OrganisationFactory)
    closed_before = factory.LazyFunction(timezone.localdate)
    received_before = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)
