"""Every sentence the engine gives can be rebuilt from its marked wording, so a page in
another language can show it translated rather than in English."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings

from heard.eligibility import assess
from heard.eligibility.tests.test_properties import answers_strategy
from heard.eligibility.wording import KNOWN, translate_citation, translate_reason


def shout(text: str) -> str:
    """A stand-in language: the English in capitals (placeholders kept)."""
    import re

    return re.sub(
        r"%\(\w+\)s|[^%]+", lambda m: m[0] if m[0].startswith("%(") else m[0].upper(), text
    )


def iso(day: date) -> str:
    return day.isoformat()


@settings(max_examples=300, deadline=None)
@given(answers_strategy())
def test_every_reason_and_citation_is_rebuilt_exactly(answers):
    """With the identity translation, the rebuilt sentence is the engine's own sentence."""
    for result in assess(answers)["results"]:
        for reason in result["reasons"]:
            assert translate_reason(reason, lambda s: s, _english_date) == reason
        for citation in result["citations"]:
            assert translate_citation(citation, lambda s: s) == citation


@settings(max_examples=200, deadline=None)
@given(answers_strategy())
def test_every_part_of_a_reason_goes_through_the_translation(answers):
    """No English survives a translation that changes every marked string."""
    for result in assess(answers)["results"]:
        for reason in result["reasons"]:
            translated = translate_reason(reason, shout, iso)
            assert translated is not None
            assert not any(ch.islower() for ch in translated), translated


def test_dates_in_a_not_yet_in_force_reason_are_formatted_by_the_caller():
    """The Welsh IMHA route for informal patients began on 2 April 2012."""
    result = assess(
        {"nation": "wales", "mha": {"status": "informal_inpatient"}, "as_of": "2012-01-10"}
    )
    imha = next(r for r in result["results"] if r["type"] == "imha")
    reason = next(r for r in imha["reasons"] if "was not in force" in r)
    assert translate_reason(reason, lambda s: s, iso) == (
        "An IMHA for an informal in-patient in Wales was not in force on 2012-01-10; "
        "it came into force on 2012-04-02."
    )


def test_a_sentence_the_engine_never_gave_is_left_alone():
    """Older stored results, or text from elsewhere, are not guessed at."""
    assert translate_reason("Care Act advocacy applies because reasons.", shout, iso) is None
    assert translate_reason("Something else entirely.", shout, iso) is None
    assert translate_citation("Human Rights Act 1998 s6", shout) is None


def test_welsh_routes_name_welsh_law_not_the_care_act():
    """Independent Professional Advocacy speaks of barriers (Part 10 Code), not the Care Act's
    "substantial difficulty", and cites the Social Services and Well-being (Wales) Act 2014."""
    answers = {
        "nation": "wales",
        "age": 40,
        "process": "needs_assessment",
        "substantial_difficulty": {"understanding": True},
        "appropriate_individual_available": False,
        "as_of": "2026-01-05",
    }
    ipa = next(r for r in assess(answers)["results"] if r["type"] == "wales_ipa")
    assert ipa["decision"] == "eligible"
    text = " ".join(ipa["reasons"] + ipa["citations"])
    assert "Care Act" not in text and "substantial difficulty" not in text
    assert "barrier to understanding relevant information" in text
    assert "Social Services and Well-being (Wales) Act 2014 Part 10" in ipa["citations"]
    care_act = next(r for r in assess(answers)["results"] if r["type"] == "care_act")
    assert "Social Services and Well-being (Wales) Act 2014" in care_act["reasons"][0]


def test_marked_wording_has_no_unfilled_braces():
    """Marked strings are literal (an f-string cannot be collected by makemessages)."""
    assert all("{" not in text for text in KNOWN)


def _english_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
