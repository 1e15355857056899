"""The peer-support forum: code of conduct, personal data blocked, anonymity to members but
never to moderators, reporting, moderation, suspension and notifications."""

import pytest

from heard.audit.models import AuditEvent
from heard.network import services
from heard.network.models import ForumPost, Notification
from heard.network.tests.factories import MemberFactory, PostFactory, ThreadFactory, TopicFactory
from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(network, member):
    return TopicFactory(network=network, title="Access to care homes")


@pytest.fixture
def other_advocate(network):
    organisation = OrganisationFactory(name="Hillside Advocacy")
    MemberFactory(network=network, organisation=organisation)
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


def accept_conduct(membership, network):
    services.conduct_accept(acting=membership, network=network)


def test_posting_needs_the_code_of_conduct_first(topic, advocate, sign_in):
    client = sign_in(advocate)
    response = client.get(f"/network/forum/topics/{topic.pk}/new/")
    assert response.status_code == 302
    assert "/forum/code-of-conduct/" in response.url
    client.post(f"/network/{topic.network_id}/forum/code-of-conduct/")
    assert client.get(f"/network/forum/topics/{topic.pk}/new/").status_code == 200


def test_a_post_with_an_nhs_number_is_blocked_with_a_clear_message(topic, advocate, sign_in):
    accept_conduct(advocate, topic.network)
    response = sign_in(advocate).post(
        f"/network/forum/topics/{topic.pk}/new/",
        {"title": "Access refused", "body": "Her NHS number is 943 476 5919", "confirmed": "on"},
    )
    assert response.status_code == 200
    assert "Remove the NHS number" in text_of(response)
    assert not ForumPost.objects.exists()


def test_a_warning_needs_confirming_before_posting(topic, advocate, sign_in):
    accept_conduct(advocate, topic.network)
    client = sign_in(advocate)
    data = {"title": "Hearing", "body": "The hearing on 12/03/2025 was adjourned"}
    response = client.post(f"/network/forum/topics/{topic.pk}/new/", data)
    assert "Check it is not someone" in text_of(response)
    assert not ForumPost.objects.exists()
    response = client.post(f"/network/forum/topics/{topic.pk}/new/", {**data, "confirmed": "on"})
    assert response.status_code == 302
    assert ForumPost.objects.count() == 1


def test_anonymous_posts_hide_the_author_from_members_not_moderators(
    topic, advocate, other_advocate, coordinator, sign_in
):
    accept_conduct(advocate, topic.network)
    thread = services.thread_create(
        acting=advocate, topic=topic, title="Feeling stuck", body="Any tips?", anonymous=True
    )
    name = advocate.user.full_name
    member_view = text_of(sign_in(other_advocate).get(f"/network/forum/threads/{thread.pk}/"))
    assert name not in member_view
    assert "A member of the network" in member_view
    assert "Riverside Advocacy" not in member_view
    moderator_view = text_of(sign_in(coordinator).get(f"/network/forum/threads/{thread.pk}/"))
    assert name in moderator_view
    assert AuditEvent.objects.filter(event_type="network.post_author_viewed").exists()


def test_a_reply_notifies_earlier_posters(topic, advocate, other_advocate, sign_in):
    accept_conduct(advocate, topic.network)
    accept_conduct(other_advocate, topic.network)
    thread = services.thread_create(acting=advocate, topic=topic, title="Tips", body="Any?")
    sign_in(other_advocate).post(
        f"/network/forum/threads/{thread.pk}/", {"body": "Ask for the policy in writing."}
    )
    notification = Notification.objects.get(user=advocate.user)
    assert "Tips" in notification.message
    page = text_of(sign_in(advocate).get("/network/notifications/"))
    assert "New reply in “Tips”" in page


def test_reporting_hiding_editing_and_suspending(
    topic, advocate, other_advocate, coordinator, sign_in
):
    post = PostFactory(thread=ThreadFactory(topic=topic), author=advocate, body="Rude words")
    sign_in(other_advocate).post(f"/network/forum/posts/{post.pk}/report/", {"reason": "Unkind"})
    assert post.reports.count() == 1
    assert Notification.objects.filter(user=coordinator.user).exists()

    client = sign_in(coordinator)
    assert "Unkind" in text_of(client.get(f"/network/{topic.network_id}/forum/moderation/"))
    client.post(
        f"/network/forum/posts/{post.pk}/moderate/", {"action": "hide", "reason": "Unkind words"}
    )
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert post.reports.filter(resolved_at__isnull=True).count() == 0
    member_view = text_of(sign_in(other_advocate).get(f"/network/forum/threads/{post.thread_id}/"))
    assert "Rude words" not in member_view
    assert "Hidden by a moderator: Unkind words" in member_view

    client = sign_in(coordinator)
    client.post(
        f"/network/forum/posts/{post.pk}/moderate/",
        {"action": "edit", "reason": "Tone", "body": "Kinder words"},
    )
    post.refresh_from_db()
    assert post.body == "Kinder words" and post.edit_reason == "Tone"

    client.post(f"/network/forum/posts/{post.pk}/suspend/", {"reason": "Repeated"})
    accept_conduct(advocate, topic.network)
    response = sign_in(advocate).post(
        f"/network/forum/threads/{post.thread_id}/", {"body": "Let me post"}
    )
    assert "You are suspended" in text_of(response)
    assert not ForumPost.objects.filter(body="Let me post").exists()


def test_moderation_needs_a_reason(topic, advocate, coordinator, sign_in):
    post = PostFactory(thread=ThreadFactory(topic=topic), author=advocate)
    response = sign_in(coordinator).post(
        f"/network/forum/posts/{post.pk}/moderate/", {"action": "hide", "reason": ""}
    )
    assert "Enter the reason" in text_of(response)


def test_members_cannot_moderate(topic, advocate, other_advocate, sign_in):
    post = PostFactory(thread=ThreadFactory(topic=topic), author=advocate)
    client = sign_in(other_advocate)
    assert client.get(f"/network/forum/posts/{post.pk}/moderate/").status_code == 404
    assert client.get(f"/network/forum/posts/{post.pk}/suspend/").status_code == 404


def test_forum_pages_take_a_constant_number_of_queries(
    topic, advocate, coordinator, sign_in, django_assert_max_num_queries
):
    thread = ThreadFactory(topic=topic)
    for _ in range(3):
        PostFactory(thread=thread, author=advocate)
    client = sign_in(coordinator)
    with django_assert_max_num_queries(30) as small:
        client.get(f"/network/forum/threads/{thread.pk}/")
    for _ in range(12):
        PostFactory(thread=thread, author=MembershipFactory(organisation=advocate.organisation))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/network/forum/threads/{thread.pk}/")
