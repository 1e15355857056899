"""No input, however hostile, gives a server error: hypothesis over every form and endpoint.

Every named URL in the project is opened the way its users open it (staff pages signed in
as an admin of an organisation with one of everything; the public referral pages after a
referral has been filled in, so every step shows its form). Each form found on the page
is then submitted with values drawn from ordinary text, numbers, the page's own choices
and known troublemakers: thousands of digits (past Python's integer-string limit),
digits that are not ASCII, NUL bytes, very long text, impossible dates. Any answer but a
5xx is fine; a 5xx (or an exception, which the test client re-raises) fails with the
input that caused it. The JSON API gets nested and oversized bodies too.

A small profile runs in CI (``HEARD_FUZZ_EXAMPLES``, 25 per page by default), on SQLite
only (marker ``fuzz``; scripts/run-tests leaves it out of the PostgreSQL run).
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.network.tests.factories import network_world
from heard.organisations.models import Role
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
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

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("HEARD_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values that broke, or could break, a form somewhere.
TROUBLE = [
    "",
    " ",
    "0",
    "-1",
    "9" * 5000,
    "1" * 40,
    "²",
    "٣",
    "１２",
    "\x00",
    "a\x00b",
    "x" * 20_000,
    "é" * 300,
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "31/12/99999",
    "NaN",
    "inf",
    "1e999",
    "-0",
    "null",
    "[]",
    "{}",
    "../../../etc/passwd",
    "%s%n%x",
    "\r\n",
    "💥",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUE = st.one_of(st.sampled_from(TROUBLE), TEXT, st.integers().map(str))
FILE = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["a.pdf", "a.exe", "noextension", "x" * 300 + ".pdf", "ünï.docx"]),
    st.binary(max_size=300),
)

NAMES = sorted(route.name for route in iter_routes() if route.name)


class FormFinder(HTMLParser):
    """The forms on a page: method, action and each field with the choices it offers."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
                "files": set(),
            }
            self.forms.append(self._current)
            return
        if self._current is None:
            return
        name = attrs.get("name")
        fields = self._current["fields"]
        if tag in {"input", "textarea", "select"} and name and name != "csrfmiddlewaretoken":
            choices = fields.setdefault(name, [])
            kind = attrs.get("type", "text")
            if kind == "file":
                self._current["files"].add(name)
            if attrs.get("value") is not None and kind in {"radio", "checkbox", "hidden"}:
                choices.append(attrs["value"])
            if tag == "select":
                self._select = name
        elif tag == "option" and self._select is not None:
            fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, url: str) -> list[dict]:
    finder = FormFinder()
    finder.feed(html)
    for form in finder.forms:
        action = urljoin(url, form["action"]) if form["action"] else url
        form["action"] = urlsplit(action).path  # the page's own site only
    return finder.forms


def payload(data, form: dict) -> dict:
    values = {}
    for name, choices in form["fields"].items():
        if name in form["files"]:
            values[name] = data.draw(FILE)
            continue
        options = st.sampled_from(choices) if choices else VALUE
        values[name] = data.draw(
            st.one_of(options, VALUE, st.lists(st.one_of(options, VALUE), max_size=3))
        )
    # Fields nobody asked for, too.
    values.update(data.draw(st.dictionaries(TEXT.filter(bool), VALUE, max_size=2)))
    return values


@pytest.fixture
def world(organisation, other_organisation):
    """An admin of an organisation that has one of everything a URL can point at."""
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    person = PersonFactory(organisation=organisation)
    service = ServiceFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation, person=person, service=service)
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    records = casework_records_of(case)
    objects = {
        "person": person,
        "service": service,
        "membership": advocate,
        "referral": ReferralFactory(organisation=organisation),
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
    return {"admin": admin.user, "objects": objects, "organisation": organisation}


def url_for(name: str, world) -> str:
    route = next(route for route in iter_routes() if route.name == name)
    kwargs = {}
    for kwarg in route.kwargs:
        kind = PK_BY_URL_NAME.get(name) if kwarg == "pk" else OBJECT_KWARGS.get(kwarg)
        if kwarg in FIXED_KWARGS:
            kwargs[kwarg] = FIXED_KWARGS[kwarg]
        elif kind:
            kwargs[kwarg] = world["objects"][kind].pk
        elif kwarg == "organisation_slug":
            kwargs[kwarg] = world["organisation"].slug
        elif kwarg == "survey_token":
            kwargs[kwarg] = world["objects"]["survey_link"].token
        elif kwarg == "uidb64":
            kwargs[kwarg] = "MQ"
        elif kwarg == "token":
            kwargs[kwarg] = "set-password"
        elif kwarg == "version":
            kwargs[kwarg] = "easy-read"
        elif kwarg == "step":
            kwargs[kwarg] = "own_words"
        else:
            raise AssertionError(f"{name}: teach the fuzz test its argument {kwarg!r}")
    return reverse(name, kwargs=kwargs)


def fill_referrals(client) -> None:
    """A professional and an Easy Read referral filled in, not sent: every step has a form."""
    from heard.referrals.tests.test_intake_public import fill_professional_referral

    fill_professional_referral(client)
    base = "/refer/riverside/easy-read"
    for path, data in [
        ("/name/", {"first_name": "Jo"}),
        ("/contact/", {"contact_preference": "phone"}),
        ("/contact-details/", {"phone": "07700 900123"}),
        ("/help/", {"situation": "My care home will not let me see my friend"}),
        ("/urgent/", {"is_urgent": "yes"}),
        ("/helping/", {"helped": "yes"}),
        ("/helper/", {"helper_name": "Priya", "helper_contact": "priya@example.org"}),
    ]:
        client.post(base + path, data)


def fill_feedback(client) -> None:
    """Feedback answered up to the check page, not sent: every question page has its form."""
    from heard.voice.tests.test_feedback_public import ANSWERS

    for step, data in ANSWERS:
        client.post(f"/have-your-say/riverside/easy-read/{step}/", data)


@pytest.mark.parametrize("name", NAMES)
def test_no_input_gives_a_server_error(name, client, world):
    url = url_for(name, world)
    if name.startswith("refer:"):
        fill_referrals(client)
    elif name.startswith("have_your_say:"):
        fill_feedback(client)
    elif not name.startswith(("accounts:", "api:eligibility", "healthz")):
        client.force_login(world["admin"])
    page = client.get(url)
    assert page.status_code < 500
    html = page.content.decode(errors="replace") if not page.streaming else ""
    forms = forms_on(html, url) or [
        {"method": "post", "action": url, "fields": {}, "files": set()},
        {"method": "get", "action": url, "fields": {}, "files": set()},
    ]

    @FUZZ
    @given(st.data())
    def probe(data):
        form = data.draw(st.sampled_from(forms))
        values = payload(data, form)
        if form["method"] == "post":
            response = client.post(form["action"], values)
        else:
            values = {k: v for k, v in values.items() if not isinstance(v, SimpleUploadedFile)}
            response = client.get(form["action"], values)
        assert response.status_code < 500, (form["action"], values)

    probe()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
)
ANSWER_KEYS = ["nation", "age", "process", "mha", "substantial_difficulty", "as_of", "status"]


@FUZZ
@given(
    body=st.one_of(
        JSON.map(json.dumps),
        st.dictionaries(st.sampled_from(ANSWER_KEYS), JSON).map(json.dumps),
        st.integers(1, 50_000).map(lambda depth: "[" * depth + "]" * depth),
        st.integers(1, 50_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
        st.sampled_from(TROUBLE),
        st.binary(max_size=100).map(lambda raw: raw.decode("latin-1")),
    )
)
def test_the_eligibility_api_never_gives_a_server_error(body):
    from django.core.cache import cache
    from django.test import Client

    cache.clear()  # every example is answered, not rate limited
    response = Client().post("/api/v1/eligibility/", body, content_type="application/json")
    assert response.status_code in {200, 400, 413, 429}, body[:200]
    assert "errors" in response.json() or "results" in response.json()
