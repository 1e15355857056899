"""Every word on the public and Easy Read pages is in Welsh for a Welsh reader; the staff
pages' coverage is measured and may only go up.

Each public page is rendered twice, in English and in Welsh, at every step of a referral
being filled in. Text that is the same in both (outside an element marked ``lang="en"``,
and other than names and what the referrer typed) was not translated: the test lists it
with its page. Fix it by marking the string for translation (docs/welsh.md) and adding its
Welsh to ``heard/locale/cy/LC_MESSAGES/django.po``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

from heard.core.local_authorities import LOCAL_AUTHORITIES
from tests.factories import OrganisationFactory

# Words that are the same in both languages, or are names.
SAME_IN_BOTH = {
    "Heard",
    "Cymraeg",
    "English",
    "BSL",
    "IMCA",
    "IMHA",
    "DoLS",
    "RPR",
    "NHS",
    "Easy Read",
    "Llais",
    "Hawdd ei Ddeall",
    "Sikh",  # the Welsh Census answer is the same word
    # Councils whose Welsh and English names are the same (Gwynedd, Powys, ...).
    *(la.name for la in LOCAL_AUTHORITIES if la.name == la.name_cy),
}
VISIBLE_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder"}
WORD = re.compile(r"[A-Za-z]{2,}")
REFERENCE = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{6}$")


class _Text(HTMLParser):
    """Visible text runs and visible attributes, skipping English fragments marked lang="en"."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    @property
    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # An English fragment inside a page (not the page itself) says so with lang="en".
        fragment_lang = "" if tag == "html" else (attributes.get("lang") or "")
        skip = tag in ("script", "style") or fragment_lang.startswith("en")
        if tag not in self.VOID:
            self.stack.append((tag, skip))
        if not (skip or self._skipping):
            for name in VISIBLE_ATTRIBUTES & set(attributes):
                self.runs.append(attributes[name] or "")
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.runs.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.runs.append(" ".join(data.split()))


def text_runs(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.runs


def untranslated(english: str, welsh: str, allowed: set[str]) -> list[str]:
    """Runs of words the Welsh page shows exactly as the English page does."""
    english_runs = set(text_runs(english))
    left = []
    for run in text_runs(welsh):
        stripped = run
        for word in sorted(allowed | SAME_IN_BOTH, key=len, reverse=True):
            stripped = stripped.replace(word, "")
        if run in english_runs and WORD.search(stripped) and not REFERENCE.match(run):
            left.append(run)
    return sorted(set(left))


ORGANISATION = "Cymorth Cymru"
TYPED = {
    ORGANISATION,
    "Sam Social",
    "Social worker",
    "Cardiff adult services",
    "sam@example.org",
    "Ann",
    "Jones",
    "CF10 1EP",
    "Her needs assessment is next week",
    "Jo",
    "Priya",
    "priya@example.org",
    "My care home will not let me see my friend",
}

FULL_STEPS = [
    ("/", {"who": "professional"}),
    (
        "/about-you/",
        {
            "referrer_name": "Sam Social",
            "referrer_role": "Social worker",
            "referrer_organisation": "Cardiff adult services",
            "referrer_email": "sam@example.org",
        },
    ),
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
    (
        "/situation/",
        {"topics": ["care"], "situation": "Her needs assessment is next week", "is_urgent": "no"},
    ),
    (
        "/questions/",
        {
            "process": "needs_assessment",
            "difficulty": ["understanding"],
            "appropriate_individual": "no",
        },
    ),
    (
        "/communication/",
        {"needs": ["easy_read"], "contact_preference": "phone", "language_preference": "welsh"},
    ),
    ("/agreement/", {"basis": "statutory_duty"}),
    ("/equality-questions/", {"ethnicity": "white_british", "sex": "prefer_not_to_say"}),
]
EASY_READ_STEPS = [
    ("/easy-read/name/", {"first_name": "Jo"}),
    ("/easy-read/contact/", {"contact_preference": "phone"}),
    ("/easy-read/contact-details/", {"phone": "07700 900123"}),
    ("/easy-read/help/", {"situation": "My care home will not let me see my friend"}),
    ("/easy-read/urgent/", {"is_urgent": "yes"}),
    ("/easy-read/helping/", {"helped": "yes"}),
    ("/easy-read/helper/", {"helper_name": "Priya", "helper_contact": "priya@example.org"}),
    ("/easy-read/about-you/", {"disability": "yes_a_little", "religion": "none"}),
]


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def _page_pair(client, url):
    return _get(client, url, "en").text, _get(client, url, "cy").text


def _walk(client, base, steps, pages, check, *, empty_posts=True):
    """Open each step before and after filling it in, and with its errors showing."""
    found = {}
    for path, data in steps:
        url = base + path
        for html_pair in [_page_pair(client, url)]:
            found[url] = html_pair
        if empty_posts:
            for language in ("en", "cy"):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                errors = client.post(url, {})
                if errors.status_code == 200:
                    found.setdefault(f"{url} (errors)", ["", ""])
                    found[f"{url} (errors)"][0 if language == "en" else 1] = errors.text
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
        client.post(url, data)
    for path in pages:
        found[base + path] = _page_pair(client, base + path)
    found[base + check] = _page_pair(client, base + check)
    return found


def _send(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    token = re.search(r'name="token" value="([0-9a-f]{32})"', client.get(url).text)[1]
    client.post(url, {"token": token, "website": ""})


def public_pages(client) -> dict[str, tuple[str, str]]:
    organisation = OrganisationFactory(name=ORGANISATION, slug="cymorth", nation="wales")
    base = f"/refer/{organisation.slug}"
    pages = {}  # The Active Offer is in both languages by design (tests/test_language.py).
    pages.update(_walk(client, base, FULL_STEPS, [], "/check-your-answers/"))
    _send(client, base + "/check-your-answers/")
    pages[base + "/sent/"] = _page_pair(client, base + "/sent/")
    pages.update(
        _walk(client, base, EASY_READ_STEPS, ["/easy-read/"], "/easy-read/check-your-answers/")
    )
    _send(client, base + "/easy-read/check-your-answers/")
    pages[base + "/easy-read/sent/"] = _page_pair(client, base + "/easy-read/sent/")
    return pages


@pytest.mark.django_db
def test_the_check_finds_english_left_on_a_welsh_page():
    english = '<h1>Refer someone</h1><p lang="en">Care Inspectorate Wales</p><p>Ann</p>'
    welsh = '<h1>Refer someone</h1><p lang="en">Care Inspectorate Wales</p><p>Ann</p>'
    assert untranslated(english, welsh, {"Ann"}) == ["Refer someone"]
    assert untranslated("<h1>Continue</h1>", "<h1>Parhau</h1>", set()) == []


@pytest.mark.django_db
def test_every_word_on_the_public_and_easy_read_pages_is_in_welsh(client):
    """The Welsh public referral, Easy Read and Active Offer pages show no English."""
    problems = defaultdict(list)
    for url, (english, welsh) in public_pages(client).items():
        for run in untranslated(english, welsh, TYPED):
            problems[run].append(url)
    report = "\n".join(f"  {run!r}  on {', '.join(urls[:2])}" for run, urls in problems.items())
    assert not problems, f"{len(problems)} English text(s) on Welsh public pages:\n{report}"


# --- Staff pages: coverage --------------------------------------------------------------------

PO = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"
# Areas being built at the same time translate their own strings when they land.
NOT_YET_OURS: tuple[str, ...] = ()
# The share of staff-page strings in Welsh: raise it as translations land, never lower it.
STAFF_COVERAGE_FLOOR = 1.0


def staff_coverage() -> tuple[float, dict[str, tuple[int, int]]]:
    by_app: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        apps = {path.split("/")[0] for path, _line in entry.occurrences}
        apps = {app for app in apps if not app.startswith(tuple(n[:-1] for n in NOT_YET_OURS))}
        for app in apps or ():
            by_app[app][1] += 1
            by_app[app][0] += bool(entry.translated())
    done = sum(d for d, _t in by_app.values())
    total = sum(t for _d, t in by_app.values())
    return (done / total if total else 1.0), {app: tuple(v) for app, v in sorted(by_app.items())}


def test_staff_page_coverage_is_reported_and_only_goes_up(capsys):
    """Prints the share of strings in Welsh, app by app; fails if it falls below the floor."""
    share, by_app = staff_coverage()
    with capsys.disabled():
        print(f"\nWelsh coverage: {share:.0%} of strings")
        for app, (done, total) in by_app.items():
            print(f"  {app:<16} {done:>4}/{total:<4} {done / total:.0%}")
    assert share >= STAFF_COVERAGE_FLOOR
