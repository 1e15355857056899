"""Hub pages cost the same number of queries however much is on them."""

import pytest

from heard.network.models import SurveyResponse
from heard.network.tests.factories import (
    MemberFactory,
    PostFactory,
    QuestionFactory,
    SurveyFactory,
    ThreadFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url, django_assert_max_num_queries, limit=60):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_survey_results_are_constant(network, coordinator, sign_in, django_assert_max_num_queries):
    survey = SurveyFactory(network=network)
    questions = [QuestionFactory(survey=survey) for _ in range(2)]
    SurveyResponse.objects.create(survey=survey, answers={str(questions[0].pk): "Always"})
    client = sign_in(coordinator)
    url = f"/network/surveys/{survey.pk}/results/"
    client.get(url)  # the first request after sign-in also writes the session
    few = queries_for(client, url, django_assert_max_num_queries)
    for _ in range(20):
        SurveyResponse.objects.create(
            survey=survey, answers={str(q.pk): "Never" for q in questions}
        )
    assert queries_for(client, url, django_assert_max_num_queries) == few


def test_forum_and_member_lists_are_constant(
    network, coordinator, sign_in, django_assert_max_num_queries
):
    topic = TopicFactory(network=network)
    ThreadFactory(topic=topic)
    MemberFactory(network=network)
    client = sign_in(coordinator)
    urls = [
        f"/network/{network.pk}/forum/",
        f"/network/forum/topics/{topic.pk}/",
        f"/network/{network.pk}/",
    ]
    for url in urls:
        client.get(url)  # the first request after sign-in also writes the session
    before = [queries_for(client, url, django_assert_max_num_queries) for url in urls]
    for _ in range(10):
        TopicFactory(network=network)
        ThreadFactory(topic=topic)
        MemberFactory(network=network)
    after = [queries_for(client, url, django_assert_max_num_queries) for url in urls]
    assert after == before


def test_thread_and_survey_list_are_constant(
    network, coordinator, sign_in, django_assert_max_num_queries
):
    """A thread's posts (each with its author) and the surveys cost the same queries with one
    row or eleven."""
    thread = ThreadFactory(topic=TopicFactory(network=network))
    PostFactory(thread=thread)
    SurveyFactory(network=network)
    client = sign_in(coordinator)
    urls = [
        f"/network/forum/threads/{thread.pk}/",
        f"/network/{network.pk}/surveys/",
    ]
    for url in urls:
        client.get(url)  # the first request after sign-in also writes the session
    before = [queries_for(client, url, django_assert_max_num_queries) for url in urls]
    for _ in range(10):
        PostFactory(thread=thread)
        SurveyFactory(network=network)
    after = [queries_for(client, url, django_assert_max_num_queries) for url in urls]
    assert after == before
