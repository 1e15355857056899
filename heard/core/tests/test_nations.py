"""One vocabulary of law, processes and bodies by nation; the nation follows the case."""

import pytest

from heard.core import nations
from heard.organisations.models import Role
from tests.factories import (
    CaseFactory,
    ChallengeFactory,
    MembershipFactory,
    OrganisationFactory,
    SafeguardingConcernFactory,
    ServiceFactory,
)


def test_terms_name_each_nations_law_and_bodies():
    """Welsh law and bodies for Wales, English for England (wales.md)."""
    assert "section 126" in nations.term("safeguarding.law", "wales")
    assert "Social Services and Well-being (Wales) Act 2014" in nations.term(
        "safeguarding.law", "wales"
    )
    assert nations.term("safeguarding.law", "england") == "Care Act 2014, section 42"
    assert nations.term("regulator.social_care", "wales") == "Care Inspectorate Wales (CIW)"
    assert nations.term("regulator.health", "wales") == "Healthcare Inspectorate Wales (HIW)"
    assert nations.term("ombudsman", "wales") == "Public Services Ombudsman for Wales"
    assert (
        nations.term("tribunal.mental_health", "wales") == "Mental Health Review Tribunal for Wales"
    )
    assert nations.term("safeguarding.board", "england") == "Safeguarding Adults Board"


def test_an_unknown_term_or_nation_fails_loudly():
    """A typo must not silently show English law to a Welsh organisation."""
    with pytest.raises(KeyError, match="No nation term"):
        nations.term("regulater", "wales")
    with pytest.raises(ValueError, match="Unknown nation"):
        nations.term("ombudsman", "scotland")


def test_choice_lists_keep_their_values_and_relabel_bodies():
    """Stored values stay the same in both nations; only labels naming a body change."""
    choices = [("cqc", "Care Quality Commission (CQC)"), ("police", "Police")]
    welsh = nations.nation_choices("safeguarding.raised_to", choices, "wales")
    assert [value for value, _ in welsh] == ["cqc", "police"]
    assert "Care Inspectorate Wales (CIW)" in welsh[0][1] and welsh[1][1] == "Police"


@pytest.mark.django_db
def test_the_nation_comes_from_the_case_then_the_service_then_the_organisation():
    """Cases cross the border: the person's (or hospital's) nation wins over the service's,
    which wins over the organisation's."""
    organisation = OrganisationFactory(nation="england")
    english = ServiceFactory(organisation=organisation)
    welsh = ServiceFactory(organisation=organisation, nation="wales")
    assert nations.nation_for(CaseFactory(organisation=organisation, service=english)) == "england"
    assert nations.nation_for(CaseFactory(organisation=organisation, service=welsh)) == "wales"
    in_wales = CaseFactory(organisation=organisation, service=english, nation="wales")
    assert nations.nation_for(in_wales) == "wales"
    in_england = CaseFactory(organisation=organisation, service=welsh, nation="england")
    assert nations.nation_for(in_england) == "england"
    concern = SafeguardingConcernFactory(organisation=organisation, case=in_wales)
    assert nations.nation_for(concern) == "wales"


@pytest.fixture
def welsh_advocate(client, db):
    organisation = OrganisationFactory(name="Afon Advocacy Cymru", slug="afon", nation="wales")
    membership = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    client.force_login(membership.user)
    return client, organisation


def test_a_welsh_organisations_safeguarding_pages_name_welsh_law_and_bodies(welsh_advocate):
    """Raising and closing a concern in Wales offers CIW/HIW and the section 126 enquiry."""
    client, organisation = welsh_advocate
    case = CaseFactory(organisation=organisation)
    form = client.get(f"/safeguarding/new/?case={case.pk}").content.decode()
    assert "Care Inspectorate Wales (CIW) or Healthcare Inspectorate Wales (HIW)" in form
    assert "CIW or HIW" in form
    assert "Care Quality Commission" not in form and "CQC" not in form
    concern = SafeguardingConcernFactory(organisation=organisation, case=case, raised_to="cqc")
    assert "CIW or HIW" in client.get("/safeguarding/").content.decode()
    outcome = client.get(f"/safeguarding/{concern.pk}/outcome/").content.decode()
    assert "Social Services and Well-being (Wales) Act 2014 section 126" in outcome
    assert "section 42" not in outcome


def test_a_welsh_organisations_challenge_pages_name_welsh_bodies(welsh_advocate):
    """Challenge levels in Wales name CIW or HIW and the Public Services Ombudsman for Wales."""
    client, organisation = welsh_advocate
    case = CaseFactory(organisation=organisation)
    body = client.get(f"/challenges/case/{case.pk}/new/").content.decode()
    assert "regulator (CIW or HIW)" in body
    assert "Public Services Ombudsman for Wales" in body
    assert "CQC" not in body
    challenge = ChallengeFactory(organisation=organisation, case=case, level=4)
    detail = client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert "Public Services Ombudsman for Wales" in detail


def test_an_english_case_of_a_welsh_organisation_names_english_bodies(welsh_advocate):
    """A person living over the border in England: the case's nation wins."""
    client, organisation = welsh_advocate
    case = CaseFactory(organisation=organisation, nation="england")
    form = client.get(f"/safeguarding/new/?case={case.pk}").content.decode()
    assert "Care Quality Commission (CQC)" in form
    assert "Care Inspectorate Wales" not in form


@pytest.mark.django_db
def test_a_service_may_work_under_the_other_nations_law():
    """The service form offers "the same as the organisation" or either nation; empty is None."""
    from heard.organisations.forms import ServiceForm

    organisation = OrganisationFactory(nation="wales")
    form = ServiceForm(organisation=organisation)
    assert form.fields["nation"].choices[0] == ("", "The same as the organisation (Wales)")
    assert [value for value, _ in form.fields["nation"].choices[1:]] == ["england", "wales"]
    assert form.fields["nation"].clean("") is None


def test_a_case_records_where_the_person_is(welsh_advocate):
    """Saving the case's details with "England" makes its pages name English bodies."""
    client, organisation = welsh_advocate
    case = CaseFactory(organisation=organisation)
    page = client.get(f"/cases/{case.pk}/details/").content.decode()
    assert "Where is the person?" in page
    response = client.post(
        f"/cases/{case.pk}/details/", {"instruction": "instructed", "nation": "england"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.nation == "england"
    assert nations.nation_for(case) == "england"


def test_advocacy_that_exists_only_in_england_is_not_offered_in_wales():
    """No Care Act or section 223A complaints advocacy for a Welsh organisation, unless kept."""
    welsh = dict(nations.advocacy_type_choices("wales"))
    assert "care_act" not in welsh and "nhs_complaints" not in welsh
    assert "wales_ipa" in welsh and "imha" in welsh
    assert "care_act" in dict(nations.advocacy_type_choices("england"))
    assert "care_act" in dict(nations.advocacy_type_choices("wales", keep=["care_act"]))


def test_independent_professional_advocacy_is_not_offered_in_england():
    """IPA is Wales's (SSWBA Part 10 Code): an English organisation is not offered it."""
    english = dict(nations.advocacy_type_choices("england"))
    assert "wales_ipa" not in english and "care_act" in english
    assert "wales_ipa" in dict(nations.advocacy_type_choices("england", keep=["wales_ipa"]))


def test_a_welsh_service_form_offers_welsh_advocacy(db):
    from heard.organisations.forms import ServiceForm

    organisation = OrganisationFactory(nation="wales")
    offered = dict(ServiceForm(organisation=organisation).fields["advocacy_types"].choices)
    assert "care_act" not in offered and "wales_ipa" in offered
    # A service over the border in England may be given Care Act advocacy.
    border = ServiceForm({"nation": "england"}, organisation=organisation)
    assert "care_act" in dict(border.fields["advocacy_types"].choices)
