"""The triage page shows the referral's optional equality answers, clearly as optional data,
audited with the page view."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.referrals.presenters.triage import equality_answers
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def equality_section(response) -> str:
    markup = response.content.decode()
    match = re.search(r"<section[^>]*data-equality-answers.*?</section>", markup, flags=re.S)
    assert match, "the page has no equality section"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_the_page_shows_each_answer_not_answered_and_prefer_not_to_say(
    manager_client, organisation
):
    referral = ReferralFactory(
        organisation=organisation,
        ethnicity="black_caribbean",
        sex="",
        disability="yes_a_little",
        religion="prefer_not_to_say",
    )
    response = manager_client.get(f"/referrals/{referral.pk}/")
    assert response.status_code == 200
    section = equality_section(response)
    assert section.startswith("Equality questions (optional)")
    assert "Answering these questions was optional" in section
    assert (
        "Ethnic group Black: Caribbean Sex Not answered Disability Yes, a little "
        "Religion Prefer not to say"
    ) in section
    # Viewing the page is still one audited access to the referral, answers included.
    events = AuditEvent.objects.filter(event_type="referral.viewed", target_id=str(referral.pk))
    assert events.count() == 1 and events.get().is_access
    assert events.get().actor == manager_client.user


def test_a_referral_with_no_answers_says_not_answered_for_each(manager_client, organisation):
    referral = ReferralFactory(organisation=organisation)
    section = equality_section(manager_client.get(f"/referrals/{referral.pk}/"))
    assert section.count("Not answered") == 4
    assert "Prefer not to say" not in section


def test_the_section_is_in_welsh_for_a_welsh_reader(organisation):
    referral = ReferralFactory(organisation=organisation, sex="female")
    with translation.override("cy"):
        html = render_to_string(
            "referrals/triage/_equality.html", {"answers": equality_answers(referral)}
        )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert text.startswith("Cwestiynau cydraddoldeb (dewisol)")
    assert "Equality questions" not in text and "Answering these" not in text
    assert "Not answered" not in text


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.COMMISSIONER])
def test_no_one_who_cannot_triage_sees_them(client_as, organisation, role):
    referral = ReferralFactory(organisation=organisation, ethnicity="asian_chinese")
    response = client_as(role, organisation).get(f"/referrals/{referral.pk}/")
    assert response.status_code == 403
    assert "Asian: Chinese" not in response.content.decode()


def test_another_organisations_referral_is_a_404(manager_client, other_organisation):
    theirs = ReferralFactory(organisation=other_organisation, ethnicity="asian_chinese")
    response = manager_client.get(f"/referrals/{theirs.pk}/")
    assert response.status_code == 404
    assert "Asian: Chinese" not in response.content.decode()
    assert not AuditEvent.objects.filter(event_type="referral.viewed").exists()


def test_presenter_gives_codes_and_labels_in_the_order_asked(organisation):
    referral = ReferralFactory(organisation=organisation, sex="male", religion="prefer_not_to_say")
    answers = equality_answers(referral)
    assert [a.name for a in answers] == ["ethnicity", "sex", "disability", "religion"]
    assert [(a.code, a.label) for a in answers] == [
        (None, "Not answered"),
        ("male", "Male"),
        (None, "Not answered"),
        ("prefer_not_to_say", "Prefer not to say"),
    ]
    assert [a.prefer_not for a in answers] == [False, False, False, True]
