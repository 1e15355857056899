"""The case page carries what the referrer told us, with risks and access first."""

import datetime as dt

from django.utils import timezone

from tests.factories import CaseFactory, PersonFactory, ReferralFactory, TaskFactory


def test_the_case_shows_the_referral_with_a_risk_warning(advocate_client, organisation):
    person = PersonFactory(organisation=organisation, needs_bsl=True)
    referral = ReferralFactory(
        organisation=organisation,
        is_urgent=True,
        urgent_reason="Tribunal deadline on Friday",
        risks="Staff escort needed on the ward",
        helper_name="Sam Okafor",
        helper_contact="07700 900 982",
    )
    case = CaseFactory(organisation=organisation, person=person, referral=referral)
    body = advocate_client.get(f"/cases/{case.pk}/").content.decode()
    warning = body.split('class="govuk-warning-text"')[1].split("</div>")[0]
    assert "Staff escort needed on the ward" in warning
    # The warning comes before the records.
    assert body.index("Staff escort needed") < body.index('id="case-issues"')
    assert "A needs assessment is booked for next week" in body
    assert "Tribunal deadline on Friday" in body
    assert "Priya Shah (Social worker, Leeds City Council Adult Social Care)" in body
    assert "0113 496 0000" in body and "priya.shah@example.org" in body
    assert "Helping the person: Sam Okafor" in body
    assert "BSL" in body
    # Advocates cannot open referrals, which is why the case carries them.
    assert f'href="/referrals/{referral.pk}/"' not in body


def test_a_manager_can_follow_the_link_to_the_full_referral(manager_client, organisation):
    referral = ReferralFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation, referral=referral)
    body = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/referrals/{referral.pk}/"' in body


def test_the_summary_shows_the_next_deadline(advocate_client, organisation):
    case = CaseFactory(organisation=organisation)
    TaskFactory(case=case, title="Ring the ward", due_on=timezone.localdate() + dt.timedelta(3))
    TaskFactory(case=case, title="Later thing", due_on=timezone.localdate() + dt.timedelta(9))
    body = advocate_client.get(f"/cases/{case.pk}/").content.decode()
    summary = body.split('id="case-summary"')[1].split("</dl>")[0]
    assert "Ring the ward" in summary and "Later thing" not in summary
    assert 'href="#case-history"' in body and 'id="case-history"' in body


def test_a_case_without_a_referral_has_no_referral_card(advocate_client, organisation):
    case = CaseFactory(organisation=organisation, referral=None)
    body = advocate_client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-referral"' not in body
    assert "govuk-warning-text" not in body


def test_the_contents_link_to_challenges_and_safeguarding(advocate_client, organisation):
    """The case page's "On this case" list reaches every part, the challenges and
    safeguarding section too (it is added by that area, so its link is too)."""
    case = CaseFactory(organisation=organisation)
    body = advocate_client.get(f"/cases/{case.pk}/").content.decode()
    contents = body.split('id="case-contents-heading"')[1].split("</nav>")[0]
    assert 'href="#challenges-and-safeguarding"' in contents
    assert contents.index("#case-documents") < contents.index("#challenges-and-safeguarding")
    assert contents.index("#challenges-and-safeguarding") < contents.index("#case-history")
    assert 'id="challenges-and-safeguarding"' in body
