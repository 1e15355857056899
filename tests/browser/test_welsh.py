"""Wales: a referral made entirely in Welsh after the Active Offer, acknowledged in Welsh;
the case shows the person's language and allocation warns about an advocate who does not
speak Welsh. axe passes on every page, in both languages."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from heard.organisations.models import Role, Service
from heard.referrals.models import Referral
from heard.referrals.services.triage import referral_accept
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, ServiceFactory


@pytest.fixture
def afon(transactional_db):
    from django.core.cache import cache

    cache.clear()
    organisation = OrganisationFactory(name="Eiriolaeth Afon", slug="afon", nation="wales")
    ServiceFactory(organisation=organisation, name="IPA Caerdydd", advocacy_types=["wales_ipa"])
    MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        user__email="mari@example.org",
        user__full_name="Mari Rheolwr",
    )
    MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=10,
        speaks_welsh=True,
        user__full_name="Dafydd Eiriolwr",
    )
    MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=10,
        user__full_name="Ed Advocate",
    )
    return organisation


def parhau(page):
    page.get_by_role("button", name="Parhau").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.check_accessibility()


def test_a_referral_in_welsh_from_the_active_offer_to_allocation(page, make_page, afon):
    # Given the Welsh organisation's referral form, opened for the first time
    page.visit("/refer/afon/")
    # Then the choice of Cymraeg or English comes before anything else, each in its own language
    expect(page.locator("h1 [lang=cy]")).to_have_text("Cymraeg neu Saesneg?")
    expect(page.locator("h1 [lang=en]")).to_have_text("Welsh or English?")
    expect(page.locator("form.heard-active-offer button").first).to_have_text("Cymraeg")

    # When they choose Cymraeg
    page.locator("#main-content").get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pwy sy’n gwneud yr atgyfeiriad hwn?")
    page.check_accessibility()

    # And refer someone, in Welsh throughout
    page.get_by_label("Gweithiwr proffesiynol").check()
    parhau(page)
    page.get_by_label("Eich enw llawn").fill("Sam Social")
    page.get_by_label("Teitl eich swydd").fill("Gweithiwr cymdeithasol")
    page.get_by_label("Ble rydych chi’n gweithio").fill("Cyngor Caerdydd")
    page.get_by_label("Eich cyfeiriad e-bost").fill("sam@example.org")
    parhau(page)
    page.get_by_label("Enw cyntaf").fill("Gwen")
    page.get_by_label("Cyfenw").fill("Jones")
    page.get_by_label("Diwrnod").fill("1")
    page.get_by_label("Mis").fill("2")
    page.get_by_label("Blwyddyn").fill("1950")
    expect(page.get_by_label("Ardal y cyngor (dewisol)")).to_contain_text("Caerdydd")
    parhau(page)
    page.get_by_label("Asesiad, cynllun gofal neu adolygiad gan y cyngor").check()
    page.locator("textarea[name=situation]").fill("Mae ei hasesiad yr wythnos nesaf")
    page.get_by_role("group", name="Ydy e’n frys?").get_by_label("Nac ydy", exact=True).check()
    parhau(page)
    page.get_by_label("Asesu anghenion gofal a chymorth").check()
    page.get_by_label("Deall gwybodaeth am yr hyn sy’n digwydd").check()
    page.locator("input[name=appropriate_individual][value=no]").check()
    parhau(page)
    language = page.get_by_role("group", name="Pa iaith mae y person eisiau ei defnyddio gyda ni?")
    expect(language.get_by_label("Cymraeg", exact=True)).to_be_checked()
    page.get_by_label("Dros y ffôn").check()
    parhau(page)
    page.get_by_label("Rydw i’n atgyfeirio oherwydd dyletswydd gyfreithiol").check()
    parhau(page)
    # The optional equality questions, in Welsh, with "prefer not to say" on each
    expect(page.get_by_role("heading", level=1)).to_have_text("Cwestiynau cydraddoldeb (dewisol)")
    page.get_by_role("group", name="Beth yw grŵp ethnig yr unigolyn?").get_by_label(
        "Gwyn: Cymreig, Seisnig, Albanaidd, Gwyddelig Gogledd Iwerddon neu Brydeinig"
    ).check()
    parhau(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gwirio eich atebion cyn anfon eich atgyfeiriad"
    )
    expect(page.get_by_text("Eiriolaeth Broffesiynol Annibynnol").first).to_be_visible()
    # The reasons and the law are in Welsh too, naming the Welsh Act by its Welsh title
    expect(page.get_by_text("mae hyn yn berthnasol am y rhesymau hyn").first).to_be_attached()
    expect(
        page.get_by_text("Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014 Rhan 10")
    ).to_be_attached()
    page.get_by_role("button", name="Anfon atgyfeiriad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atgyfeiriad wedi’i anfon")
    page.check_accessibility()

    # Then the acknowledgement arrives in Welsh
    referral = Referral.objects.get()
    assert referral.language_preference == "welsh"
    (acknowledgement,) = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert acknowledgement.subject == f"Mae gennym eich atgyfeiriad: {referral.reference}"
    assert "Beth sy’n digwydd nesaf" in acknowledgement.body

    # When the manager accepts it, the case shows the person's language
    manager = afon.memberships.get(role=Role.MANAGER)
    case = referral_accept(
        referral=referral,
        acting_user=manager.user,
        service=Service.objects.get(organisation=afon),
        advocacy_type="wales_ipa",
    ).case
    staff = make_page()
    sign_in(staff, "mari@example.org", PASSWORD, f"/cases/{case.pk}/")
    expect(staff.locator("#case-language")).to_contain_text("Welsh (Cymraeg)")
    staff.check_accessibility()

    # And allocation marks who speaks Welsh and warns about who does not
    staff.visit(f"/cases/{case.pk}/allocate/")
    expect(staff.locator("#welsh-language-warning")).to_be_visible()
    expect(staff.locator(".govuk-radios__item", has_text="Dafydd Eiriolwr")).to_contain_text(
        "Speaks Welsh"
    )
    expect(staff.locator(".govuk-radios__item", has_text="Ed Advocate")).to_contain_text(
        "Does not speak Welsh"
    )
    staff.get_by_label("Ed Advocate").check()
    staff.get_by_role("button", name="Allocate").click()
    expect(staff.get_by_text("does not speak Welsh").first).to_be_visible()
    staff.check_accessibility()

    # And the same pages pass axe in Welsh, marked as Welsh
    staff.get_by_role("button", name="Cymraeg").click()
    expect(staff.locator("html")).to_have_attribute("lang", "cy")
    staff.check_accessibility()
    staff.visit(f"/cases/{case.pk}/")
    expect(staff.locator("#case-language")).to_contain_text("Cymraeg")
