"""Welsh as a first-class language: the Active Offer, the language a person and a member of
staff choose, and letters and emails in the person's language (docs/welsh.md)."""

import pytest
from django.core import mail

from heard.accounts.models import User
from heard.core import language
from heard.organisations.models import Role
from heard.referrals.models import Referral, Source
from heard.referrals.services import intake
from heard.referrals.services.triage import referral_accept
from heard.referrals.tests.test_intake_public import COMMUNICATION, PERSON, REFERRER, SITUATION
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)


@pytest.fixture
def welsh_organisation(db):
    return OrganisationFactory(name="Llais Eiriolaeth", slug="afon", nation="wales")


# --- The language of the page -----------------------------------------------------------


@pytest.mark.django_db
def test_a_welsh_browser_gets_the_public_referral_in_welsh(client, organisation):
    """``Accept-Language: cy`` is honoured on public pages without any choice being made."""
    body = client.get("/refer/riverside/", headers={"accept-language": "cy"}).text
    assert '<html lang="cy"' in body
    assert "Atgyfeirio at Riverside Advocacy" in body
    english = client.get("/refer/riverside/", headers={"accept-language": "en-GB"}).text
    assert "Refer to Riverside Advocacy" in english


def test_the_switch_is_kept_on_the_profile_for_the_next_sign_in(client, organisation):
    """Choosing Cymraeg signed in stores it on the user; a fresh sign-in opens in Welsh."""
    user = MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    assert User.objects.get(pk=user.pk).language == "cy"
    assert client.session[language.SESSION_KEY] == "cy"

    client.logout()
    client.cookies.clear()
    client.force_login(User.objects.get(pk=user.pk))
    assert '<html lang="cy"' in client.get("/cases/").text


def test_the_sessions_choice_beats_the_browser(client, organisation):
    """Someone who chose English keeps English though their browser asks for Welsh."""
    user = MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.cookies.pop("django_language")
    body = client.get("/cases/", headers={"accept-language": "cy"}).text
    assert '<html lang="en-GB"' in body


def test_welsh_councils_have_welsh_names_on_welsh_pages(client, welsh_organisation):
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    client.post("/refer/afon/", {"who": "professional"})
    client.post("/refer/afon/about-you/", REFERRER)
    body = client.get("/refer/afon/about-the-person/").text
    assert "Caerdydd" in body and "Ynys Môn" in body


# --- The Active Offer -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/refer/afon/", "/refer/afon/easy-read/"])
def test_a_welsh_organisations_public_pages_open_with_the_choice_of_language(
    client, welsh_organisation, path
):
    """Before anything else: Cymraeg or English, each marked with its own language."""
    offer = client.get(path).text
    assert 'value="cy" lang="cy"' in offer and 'value="en" lang="en"' in offer
    assert offer.index('value="cy" lang="cy"') < offer.index('value="en" lang="en"')
    assert 'lang="cy">Cymraeg neu Saesneg?' in offer
    assert "Llais Eiriolaeth" in offer
    response = client.post("/i18n/setlang/", {"language": "cy", "next": path})
    assert response.url == path
    page = client.get(path).text
    assert '<html lang="cy"' in page and "Cymraeg neu Saesneg?" not in page


def test_an_english_organisation_opens_straight_onto_its_form(client, organisation):
    assert "Cymraeg neu Saesneg?" not in client.get("/refer/riverside/").text


# --- The person's language ----------------------------------------------------------------


def test_the_referral_asks_and_records_the_persons_language(client, welsh_organisation):
    """A Welsh organisation's referral asks the person's language; Welsh is offered first to
    someone using the Welsh pages, and the referrer's own language is kept for their email."""
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    base = "/refer/afon"
    client.post(base + "/", {"who": "professional"})
    client.post(base + "/about-you/", REFERRER)
    client.post(base + "/about-the-person/", {**PERSON, "postcode": "CF10 1EP"})
    client.post(base + "/situation/", SITUATION)
    client.post(
        base + "/questions/",
        {
            "process": "needs_assessment",
            "difficulty": ["understanding"],
            "appropriate_individual": "no",
        },
    )
    page = client.get(base + "/communication/").text
    assert 'value="welsh" id="id_language_preference" class="govuk-radios__input" checked' in page
    missing = client.post(base + "/communication/", COMMUNICATION)
    assert missing.status_code == 200  # the language must be answered
    client.post(base + "/communication/", {**COMMUNICATION, "language_preference": "welsh"})
    client.post(base + "/agreement/", {"basis": "statutory_duty"})
    check = client.get(base + "/check-your-answers/")
    token = check.text.split('name="token" value="')[1].split('"')[0]
    client.post(base + "/check-your-answers/", {"token": token, "website": ""})
    referral = Referral.objects.get()
    assert referral.language_preference == "welsh"
    assert referral.referrer_language == "cy"


def test_triage_gives_the_person_the_referrals_language_and_the_case_shows_it(
    client, welsh_organisation
):
    manager = MembershipFactory(organisation=welsh_organisation, role=Role.MANAGER)
    service = ServiceFactory(organisation=welsh_organisation, advocacy_types=["wales_ipa"])
    referral = ReferralFactory(organisation=welsh_organisation, language_preference="bilingual")
    decision = referral_accept(
        referral=referral, acting_user=manager.user, service=service, advocacy_type="wales_ipa"
    )
    case = decision.case
    assert case.person.language_preference == "bilingual"
    client.force_login(manager.user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/cases/{case.pk}/").text
    summary = page[page.index('id="case-language"') :][:600]
    assert "Welsh and English (bilingual)" in summary
    assert "Work with them in Welsh" in summary


def test_allocation_shows_who_speaks_welsh_and_warns_about_who_does_not(client, welsh_organisation):
    manager = MembershipFactory(
        organisation=welsh_organisation, role=Role.MANAGER, user__full_name="Mari Manager"
    )
    MembershipFactory(
        organisation=welsh_organisation,
        role=Role.ADVOCATE,
        caseload_capacity=10,
        speaks_welsh=True,
        user__full_name="Dafydd Cymraeg",
    )
    english_only = MembershipFactory(
        organisation=welsh_organisation,
        role=Role.ADVOCATE,
        caseload_capacity=10,
        user__full_name="Ed English",
    )
    service = ServiceFactory(organisation=welsh_organisation, advocacy_types=["wales_ipa"])
    person = PersonFactory(organisation=welsh_organisation, language_preference="welsh")
    case = CaseFactory(organisation=welsh_organisation, person=person, service=service)
    client.force_login(manager.user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/cases/{case.pk}/allocate/").text
    assert 'id="welsh-language-warning"' in page
    dafydd = page[page.index("Dafydd Cymraeg") :][:900]
    ed = page[page.index("Ed English") :][:900]
    assert "Speaks Welsh" in dafydd and "Does not speak Welsh" not in dafydd
    assert "Does not speak Welsh" in ed
    done = client.post(
        f"/cases/{case.pk}/allocate/", {"advocate": str(english_only.pk)}, follow=True
    ).text
    assert "wants to use Welsh and Ed English does not speak Welsh" in done


def test_an_english_speaking_person_raises_no_welsh_warning(client, welsh_organisation):
    manager = MembershipFactory(organisation=welsh_organisation, role=Role.MANAGER)
    MembershipFactory(organisation=welsh_organisation, role=Role.ADVOCATE, caseload_capacity=5)
    person = PersonFactory(organisation=welsh_organisation, language_preference="english")
    case = CaseFactory(organisation=welsh_organisation, person=person)
    client.force_login(manager.user)
    page = client.get(f"/cases/{case.pk}/allocate/").text
    assert "welsh-language-warning" not in page and "Does not speak Welsh" not in page


def test_staff_record_whether_they_speak_welsh(client, welsh_organisation):
    admin = MembershipFactory(organisation=welsh_organisation, role=Role.ADMIN)
    advocate = MembershipFactory(organisation=welsh_organisation, role=Role.ADVOCATE)
    client.force_login(admin.user)
    response = client.post(
        f"/organisation/staff/{advocate.pk}/",
        {"role": "advocate", "job_title": "", "caseload_capacity": "8", "speaks_welsh": "on"},
    )
    assert response.status_code == 302
    advocate.refresh_from_db()
    assert advocate.speaks_welsh
    assert "Speaks Welsh" in client.get("/organisation/staff/").text


# --- Emails in the person's language ------------------------------------------------------


def _submit(organisation, **data):
    return intake.referral_submit(
        organisation=organisation,
        idempotency_key=intake.new_token(),
        source=data.pop("source", Source.PUBLIC_PROFESSIONAL),
        data={"first_name": "Ann", "referrer_email": "sam@example.org", **data},
    )


def test_the_acknowledgement_is_in_the_language_the_referrer_used(
    welsh_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral, _ = _submit(welsh_organisation, referrer_language="cy")
    (acknowledgement,) = mail.outbox
    assert "Mae gennym eich atgyfeiriad" in acknowledgement.subject
    assert referral.reference in acknowledgement.body
    assert "Beth sy’n digwydd nesaf" in acknowledgement.body
    assert "What happens next" not in acknowledgement.body


def test_a_bilingual_acknowledgement_puts_welsh_first(
    welsh_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(
            welsh_organisation,
            source=Source.EASY_READ,
            referrer_email="",
            email="ann@example.org",
            language_preference="bilingual",
        )
    (acknowledgement,) = mail.outbox
    body = acknowledgement.body
    assert body.index("Diolch am ofyn am eiriolwr") < body.index("Thank you for asking")
    assert " / " in acknowledgement.subject


def test_languages_for_each_preference():
    assert language.languages_for("welsh") == ["cy"]
    assert language.languages_for("english") == ["en"]
    assert language.languages_for("bilingual") == ["cy", "en"]
    assert language.languages_for("", default="cy") == ["cy"]
    assert language.languages_for(None, default="fr") == ["en"]
