"""Who sees which reports: staff every service, a commissioner only theirs, suppressed."""

import re

import pytest

from heard.organisations.models import Role
from heard.reporting.models import Commission
from heard.reporting.tests.world import (
    DOBS,
    NAMES,
    NHS_NUMBERS,
    OUTCOME_IN_THEIR_WORDS,
    PERIOD,
    build_world,
)
from tests.factories import MembershipFactory
from tests.url_walker import PUBLIC_URL_NAMES, iter_routes

pytestmark = pytest.mark.django_db

QUERY = f"?start={PERIOD.start.isoformat()}&end={PERIOD.end.isoformat()}"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def commissioner(world, client):
    member = MembershipFactory(organisation=world.organisation, role=Role.COMMISSIONER)
    Commission.objects.create(
        organisation=world.organisation, membership=member, service=world.care_act
    )
    client.force_login(member.user)
    return client


def test_the_commissioner_home_page_lists_only_their_services(world, commissioner):
    body = commissioner.get("/").content.decode()
    assert "Leeds Care Act advocacy" in body
    assert "Leeds IMHA" not in body
    assert "All services" not in body


def test_the_commissioner_sees_their_service_suppressed(world, commissioner):
    response = commissioner.get(f"/reports/services/{world.care_act.pk}/{QUERY}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "fewer than 5" in body
    assert "/reports/counted/" not in body  # no links to records


def test_other_services_and_the_organisation_report_are_404(world, commissioner):
    assert commissioner.get(f"/reports/services/{world.imha.pk}/").status_code == 404
    assert commissioner.get(f"/reports/services/{world.welsh_service.pk}/").status_code == 404
    assert commissioner.get("/reports/all-services/").status_code == 404
    assert commissioner.get("/reports/commissioners/").status_code == 403


def test_a_manager_sees_exact_figures_linked_to_what_they_count(world, client):
    client.force_login(world.manager.user)
    body = client.get(f"/reports/services/{world.care_act.pk}/{QUERY}").content.decode()
    assert "fewer than 5" not in body
    link = re.search(
        r'href="(/reports/counted/\?[^"]*measure=case_counts[^"]*column=opened[^"]*row=care_act)"',
        body,
    )
    assert link
    listing = client.get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    text = listing.content.decode()
    for case in ("c1", "c2", "c3"):
        assert world.cases[case].reference in text
    assert "3 records counted" in text


def test_advocates_do_not_see_reports(world, client):
    advocate = MembershipFactory(organisation=world.organisation, role=Role.ADVOCATE)
    client.force_login(advocate.user)
    assert client.get("/reports/").status_code == 403


def test_bad_dates_are_a_message_not_an_error(world, client):
    client.force_login(world.manager.user)
    response = client.get(f"/reports/services/{world.care_act.pk}/?start=2026-06-30&end=2026-04-01")
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()
    response = client.get(f"/reports/services/{world.care_act.pk}/?start=nonsense&end=2026-04-01")
    assert response.status_code == 200


def test_the_admin_chooses_a_commissioners_services(world, client):
    admin = MembershipFactory(organisation=world.organisation, role=Role.ADMIN)
    member = MembershipFactory(organisation=world.organisation, role=Role.COMMISSIONER)
    client.force_login(admin.user)
    response = client.post(
        "/reports/commissioners/",
        {"membership": member.pk, f"m{member.pk}-services": [world.imha.pk]},
    )
    assert response.status_code == 302
    assert list(Commission.objects.filter(membership=member).values_list("service", flat=True)) == [
        world.imha.pk
    ]
    # Another organisation's service cannot be chosen.
    client.post(
        "/reports/commissioners/",
        {"membership": member.pk, f"m{member.pk}-services": [world.welsh_service.pk]},
    )
    assert not Commission.objects.filter(service=world.welsh_service).exists()


def _simple_urls():
    """Every URL without arguments a signed-in member could open."""
    from django.urls import reverse

    for route in iter_routes():
        if route.name and not route.kwargs and route.name not in PUBLIC_URL_NAMES:
            yield reverse(route.name)


def test_no_response_to_a_commissioner_holds_personal_data(world, commissioner):
    """Every page without arguments, every report and export page: no names, dates of birth,
    NHS numbers or references of the people seeded, and none of what they said about an
    outcome (the felt-listened-to counts are there; the words never are)."""
    forbidden = [*NAMES, *NHS_NUMBERS, OUTCOME_IN_THEIR_WORDS, "Marisol"]
    forbidden += [day.isoformat() for day in DOBS] + [day.strftime("%-d %B %Y") for day in DOBS]
    forbidden += [case.reference for case in world.cases.values()]
    forbidden += [case.person.reference for case in world.cases.values()]
    urls = list(_simple_urls())
    urls += [
        f"/reports/services/{world.care_act.pk}/{QUERY}",
        f"/reports/services/{world.care_act.pk}/?contract_year=on",
        f"/reports/services/{world.care_act.pk}/equality/{QUERY}",
        f"/reports/services/{world.care_act.pk}/dashboard/",
        f"/api/v1/reports/services/{world.care_act.pk}/measures/{QUERY}",
        f"/reports/counted/{QUERY}&service={world.care_act.pk}&measure=case_counts&column=opened&row=total",
    ]
    for url in urls:
        response = commissioner.get(url)
        body = response.content.decode(errors="replace")
        for marker in forbidden:
            assert marker not in body, (url, marker)
    report = commissioner.get(f"/reports/services/{world.care_act.pk}/{QUERY}").content.decode()
    assert "by whether the person felt listened to" in report


def test_the_demo_commissioner_commissions_a_service(db):
    from heard.reporting.seed import seed_reporting
    from tests.factories import OrganisationFactory, ServiceFactory

    organisation = OrganisationFactory()
    service = ServiceFactory(organisation=organisation, name="A first service")
    ServiceFactory(organisation=organisation, name="B second service")
    member = MembershipFactory(organisation=organisation, role=Role.COMMISSIONER)
    seed_reporting(organisation)
    seed_reporting(organisation)
    assert list(Commission.objects.filter(membership=member).values_list("service", flat=True)) == [
        service.pk
    ]


def test_a_foreign_service_in_the_counted_list_is_404(world, client):
    from tests.factories import OrganisationFactory, ServiceFactory

    other = ServiceFactory(organisation=OrganisationFactory())
    client.force_login(world.manager.user)
    url = f"/reports/counted/{QUERY}&service={other.pk}&measure=case_counts&column=opened&row=total"
    assert client.get(url).status_code == 404
    url = f"/reports/counted/{QUERY}&service=nonsense&measure=case_counts&column=opened&row=total"
    assert client.get(url).status_code == 404
    url = f"/reports/counted/{QUERY}&service=all&measure=nonsense&column=opened&row=total"
    assert client.get(url).status_code == 404


def _personal_markers(world) -> list[str]:
    """The seeded people's names, NHS numbers, dates of birth, and every reference."""
    from heard.referrals.models import Referral

    forbidden = [*NAMES, *NHS_NUMBERS]
    forbidden += [day.isoformat() for day in DOBS] + [day.strftime("%-d %B %Y") for day in DOBS]
    forbidden += [case.reference for case in world.cases.values()]
    forbidden += [case.person.reference for case in world.cases.values()]
    forbidden += list(
        Referral.objects.filter(organisation=world.organisation).values_list("reference", flat=True)
    )
    return forbidden


def test_the_url_walker_aimed_at_their_own_organisations_records(world, commissioner):
    """Every URL that names a person, case, referral, issue or activity of the commissioner's
    own organisation (pages and API) is refused and shows none of their personal data."""
    from tests.url_walker import format_findings, walk_project

    case = world.cases["c1"]
    referral = case.referral
    referral.ethnicity, referral.sex = "asian_indian", "female"
    referral.save(update_fields=["ethnicity", "sex"])
    own = {
        "person": case.person,
        "case": case,
        "referral": referral,
        "issue": case.issues.first(),
        "activity": case.activities.first(),
    }
    assert all(own.values())
    findings = [
        finding
        for finding in walk_project(
            commissioner, foreign_objects=own, foreign_markers=_personal_markers(world)
        )
        if not finding.problem.startswith("cannot fill")
    ]
    assert not findings, "A commissioner reached personal data:\n" + format_findings(findings)
    # Not vacuous: the referral (with its equality answers) is among what was refused.
    for url in (f"/referrals/{referral.pk}/", f"/api/v1/referrals/{referral.pk}/"):
        refused = commissioner.get(url)
        assert refused.status_code == 403 and "asian_indian" not in refused.content.decode()


def _export_text(content: bytes, fmt: str) -> str:
    """Every word of a downloaded export: each file of a zip (CSV, or XLSX's XML), a PDF's text."""
    import io
    import zipfile

    if fmt == "pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(content)
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_a_commissioners_exports_hold_no_personal_data(
    world, commissioner, fmt, django_capture_on_commit_callbacks
):
    from heard.reporting.models import ReportExport

    with django_capture_on_commit_callbacks(execute=True):
        response = commissioner.post(
            "/reports/exports/new/",
            {
                "format": fmt,
                "service": world.care_act.pk,
                "start": PERIOD.start.isoformat(),
                "end": PERIOD.end.isoformat(),
            },
        )
    assert response.status_code == 302
    export = ReportExport.objects.latest("pk")
    download = commissioner.get(f"/reports/exports/{export.pk}/download/")
    assert download.status_code == 200
    text = _export_text(b"".join(download) if download.streaming else download.content, fmt)
    assert "fewer than 5" in text
    for marker in _personal_markers(world):
        assert marker not in text, marker
