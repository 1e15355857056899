"""A Welsh organisation's cases in Wales never name English law or English bodies.

Every page the URL walker can reach is opened, as an admin and as an advocate of a Welsh
organisation, aimed at its own records in Wales (a case, a referral, a challenge at each
level, safeguarding concerns raised with each body, a care and support review, ...), and the
public referral pages of the organisation are opened too. A page that names an England-only
law or body fails, with the term and the page. Facts: /work/shared/domain/wales.md.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from heard.core.advocacy_types import AdvocacyType, Nation
from heard.eligibility.engine import assess
from heard.network.tests.factories import network_world
from heard.organisations.models import Role
from tests.factories import (
    CaseFactory,
    ChallengeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
    ServiceFactory,
    TaskFactory,
)
from tests.test_tenancy import (
    api_token_of,
    casework_records_of,
    challenges_and_concerns_of,
    development_records_of,
    import_job_of,
    report_export_of,
    rights_records_of,
    system_change_records_of,
    voice_records_of,
)
from tests.url_walker import FIXED_KWARGS, OBJECT_KWARGS, PK_BY_URL_NAME, iter_routes

# England-only law and bodies, as they would be written on a page.
ENGLAND_ONLY = {
    "CQC": re.compile(r"\bCQC\b"),
    "Care Quality Commission": re.compile(r"Care Quality Commission"),
    "Care Act": re.compile(r"Care Act"),
    "s42": re.compile(r"\bs\.?\s?42\b"),
    "section 42": re.compile(r"[Ss]ection 42\b"),
    # Wales has NHS trusts too (Velindre, the ambulance service), but never alone where a
    # local health board is meant.
    "NHS trust": re.compile(r"(?<!health board or )NHS trust", re.IGNORECASE),
    "integrated care board": re.compile(r"integrated care board", re.IGNORECASE),
    "LGSCO": re.compile(r"\bLGSCO\b"),
    "PHSO": re.compile(r"\bPHSO\b"),
    "Local Government and Social Care Ombudsman": re.compile(r"Social Care Ombudsman"),
    "Parliamentary and Health Service Ombudsman": re.compile(r"Health Service Ombudsman"),
    "s223A": re.compile(r"223A"),
    "Safeguarding Adults Board": re.compile(r"Safeguarding Adults Board"),
}

# A Welsh referral for someone whose care and support plan is being drawn up.
WELSH_ANSWERS = {
    "nation": "wales",
    "age": 68,
    "process": "needs_assessment",
    "substantial_difficulty": {"understanding": True, "communicating": True},
    "appropriate_individual_available": False,
}

# Pages that only ever concern England or the world at large (none yet).
NOT_ABOUT_A_WELSH_CASE: set[str] = set()


def england_only_terms(text: str) -> list[str]:
    return [name for name, pattern in ENGLAND_ONLY.items() if pattern.search(text)]


def visible_text(html: str) -> str:
    """The page without its scripts, styles and tags (terms in markup names do not count)."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_check_finds_english_law_and_allows_welsh_law():
    assert england_only_terms("Raised with the CQC under the Care Act s42") == [
        "CQC",
        "Care Act",
        "s42",
    ]
    assert england_only_terms("Ask the NHS trust") == ["NHS trust"]
    assert (
        england_only_terms(
            "Care Inspectorate Wales (CIW); Local health board or NHS trust; section 126"
        )
        == []
    )


@pytest.fixture
def welsh_world(db):
    """A Welsh organisation with one of everything, every record in Wales."""
    organisation = OrganisationFactory(name="Cymorth Advocacy", slug="cymorth", nation=Nation.WALES)
    service = ServiceFactory(
        organisation=organisation,
        name="Independent Professional Advocacy Cardiff",
        advocacy_types=[AdvocacyType.WALES_IPA, AdvocacyType.IMHA, AdvocacyType.IMCA],
    )
    person = PersonFactory(organisation=organisation, local_authority="W06000015")
    case = CaseFactory(
        organisation=organisation,
        person=person,
        service=service,
        care_act_review_on=timezone.localdate() + dt.timedelta(days=20),
    )
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    records = casework_records_of(case)
    TaskFactory(case=case, kind="care_act_review", title="Review")
    for level in (1, 2, 3, 4):
        ChallengeFactory(organisation=organisation, case=case, level=level)
    for raised_to in ("local_authority", "cqc", "nhs_trust", "police"):
        SafeguardingConcernFactory(
            organisation=organisation,
            case=case,
            raised_to=raised_to,
            outcome="section_42_enquiry",
        )
    objects = {
        "person": person,
        "service": service,
        "membership": advocate,
        "referral": ReferralFactory(
            organisation=organisation,
            local_authority="W06000015",
            referrer_organisation="Cardiff Council Adult Services",
            address="1 Heol y Frenhines\nCaerdydd",
            postcode="CF10 2BH",
            eligibility_answers=WELSH_ANSWERS,
            eligibility_result=assess(WELSH_ANSWERS),
            requested_types=["wales_ipa"],
        ),
        "case": case,
        **records,
        **system_change_records_of(case, records["issue"]),
        **challenges_and_concerns_of(case),
        **development_records_of(advocate),
        **voice_records_of(organisation),
        **report_export_of(service, admin),
        **rights_records_of(person),
        **network_world(organisation),
        "api_token": api_token_of(admin),
        "import_job": import_job_of(admin),
    }
    return {"organisation": organisation, "objects": objects}


def welsh_urls(world) -> list[str]:
    urls = []
    for route in iter_routes():
        if route.name in NOT_ABOUT_A_WELSH_CASE or route.name is None:
            continue
        kwargs = {}
        for kwarg in route.kwargs:
            kind = PK_BY_URL_NAME.get(route.name) if kwarg == "pk" else OBJECT_KWARGS.get(kwarg)
            if kwarg in FIXED_KWARGS:
                kwargs[kwarg] = FIXED_KWARGS[kwarg]
            elif kind:
                kwargs[kwarg] = world["objects"][kind].pk
            elif kwarg == "organisation_slug":
                kwargs[kwarg] = world["organisation"].slug
            else:
                break
        else:
            urls.append(reverse(route.name, kwargs=kwargs))
    return urls


def english_terms_on_pages(client, urls) -> list[str]:
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if "html" not in response.get("Content-Type", "") and "json" not in response.get(
            "Content-Type", ""
        ):
            continue
        text = visible_text(response.content.decode())
        terms = england_only_terms(text)
        if terms:
            where = [
                " ".join(text[max(0, m.start() - 60) : m.end() + 40].split())
                for name in terms
                for m in [ENGLAND_ONLY[name].search(text)]
            ]
            found.append(f"{url}: {', '.join(terms)}: {' | '.join(where)}")
    return found


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ADVOCATE])
def test_no_page_names_english_law_for_a_welsh_case(client, welsh_world, role):
    """Every page a member of a Welsh organisation can open speaks of Welsh law and bodies."""
    member = MembershipFactory(organisation=welsh_world["organisation"], role=role)
    client.force_login(member.user)
    urls = welsh_urls(welsh_world)
    assert len(urls) > 100, "the walk reaches the project's pages"
    found = english_terms_on_pages(client, urls)
    assert not found, "England-only terms on a Welsh organisation's pages:\n" + "\n".join(found)


def test_the_public_referral_names_no_english_law_in_wales(client, welsh_world):
    """Each step of the public referral for a Welsh organisation, empty and filled in."""
    from heard.referrals.tests.test_intake_public import COMMUNICATION, REFERRER, SITUATION

    slug = welsh_world["organisation"].slug
    base = f"/refer/{slug}"
    urls = [url for url in welsh_urls(welsh_world) if url.startswith(base + "/")]
    assert len(urls) > 10
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # past the Active Offer
    found = english_terms_on_pages(client, urls)
    for path, data in [
        ("/", {"who": "professional"}),
        ("/about-you/", {**REFERRER, "referrer_organisation": "Cardiff adult services"}),
        (
            "/about-the-person/",
            {
                "first_name": "Ann",
                "last_name": "Jones",
                "date_of_birth-day": "1",
                "date_of_birth-month": "2",
                "date_of_birth-year": "1950",
                "postcode": "CF10 1EP",
            },
        ),
        ("/situation/", SITUATION),
        (
            "/questions/",
            {
                "process": "needs_assessment",
                "difficulty": ["understanding"],
                "appropriate_individual": "no",
            },
        ),
        ("/communication/", {**COMMUNICATION, "language_preference": "bilingual"}),
        ("/agreement/", {"basis": "statutory_duty"}),
    ]:
        client.post(base + path, data)
        found += english_terms_on_pages(client, urls)
    assert "Independent Professional Advocacy" in client.get(base + "/check-your-answers/").text
    assert not found, "England-only terms on the Welsh public referral:\n" + "\n".join(
        sorted(set(found))
    )
