"""Factories for the network hub."""

import factory

from heard.network.models import (
    DataSharingAgreement,
    ForumPost,
    ForumThread,
    ForumTopic,
    MemberStatus,
    Network,
    NetworkCoordinator,
    NetworkMember,
    QuestionKind,
    RemoteHub,
    Resource,
    ResourceAudience,
    ResourceKind,
    ResourceStatus,
    ResourceVersion,
    Survey,
    SurveyLink,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Advocacy Leaders Network {n}")

    @factory.post_generation
    def agreement(self, create, extracted, **kwargs):
        if create and extracted is not False:
            DataSharingAgreement.objects.create(
                network=self, version=1, text="Share aggregate figures only."
            )


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkCoordinator

    network = factory.SubFactory(NetworkFactory)
    membership = factory.SubFactory(MembershipFactory, role=Role.NETWORK_COORDINATOR)


class MemberFactory(factory.django.DjangoModelFactory):
    """An active member that has accepted the network's current agreement."""

    class Meta:
        model = NetworkMember
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = MemberStatus.ACTIVE

    @factory.post_generation
    def accepted(self, create, extracted, **kwargs):
        if create and extracted is not False and self.status == MemberStatus.ACTIVE:
            current = self.network.agreements.order_by("-version").first()
            if current:
                self.acceptances.create(agreement=current)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumTopic

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Topic {n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumThread

    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"Discussion {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumPost

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(MembershipFactory)
    body = "How do others handle care homes refusing access?"


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Survey of advocates {n}")
    status = SurveyStatus.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    kind = QuestionKind.SINGLE
    text = "Were people's rights upheld?"
    choices = factory.LazyFunction(lambda: ["Always", "Sometimes", "Never"])


class SurveyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyLink

    survey = factory.SubFactory(SurveyFactory)
    member = factory.SubFactory(MemberFactory, network=factory.SelfAttribute("..survey.network"))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    answers = factory.LazyFunction(dict)


def network_world(organisation, *, marker="Network"):
    """A network with ``organisation`` as an active member, a coordinator, a forum thread with a
    post, and an open survey with a question and a link: each title carries ``marker``."""
    network = NetworkFactory(name=f"{marker} network")
    coordinator = CoordinatorFactory(network=network)
    member = MemberFactory(network=network, organisation=organisation)
    topic = TopicFactory(network=network, title=f"{marker} topic")
    thread = ThreadFactory(topic=topic, title=f"{marker} thread")
    author = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    post = PostFactory(thread=thread, author=author, body=f"{marker} post body")
    survey = SurveyFactory(network=network, title=f"{marker} survey")
    QuestionFactory(survey=survey, text=f"{marker} question")
    link = SurveyLinkFactory(survey=survey, member=member)
    resource = Resource.objects.create(
        network=network,
        title=f"{marker} mythbuster",
        kind=ResourceKind.MYTHBUSTER,
        audience=ResourceAudience.ADVOCATES,
        status=ResourceStatus.PUBLISHED,
    )
    version = ResourceVersion.objects.create(
        resource=resource,
        number=1,
        file=f"network/{network.pk}/{resource.pk}/missing",
        original_name=f"{marker} mythbuster.pdf",
        content_type="application/pdf",
        size=10,
    )
    invitation = NetworkMember.objects.create(
        network=NetworkFactory(name=f"{marker} inviting network"),
        organisation=organisation,
        status=MemberStatus.INVITED,
    )
    # A hub on another installation the organisation sends its figures to (nothing listens on
    # port 9, so a send fails at once).
    remote_hub = RemoteHub.objects.create(
        organisation=organisation,
        name=f"{marker} remote hub",
        url="https://127.0.0.1:9/api/v1/network/figures/",
        token=f"{marker}-token-secret",
    )
    return {
        "network": network,
        "coordinator": coordinator,
        "remote_hub": remote_hub,
        "member": member,
        "forum_topic": topic,
        "forum_thread": thread,
        "forum_post": post,
        "survey": survey,
        "survey_link": link,
        "network_invitation": invitation,
        "network_member": member,
        "resource": resource,
        "resource_version": version,
    }
