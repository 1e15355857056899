"""A Welsh reader sees the eligibility engine's reasons and law in Welsh, naming Welsh law."""

from __future__ import annotations

import polib
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from heard.eligibility import assess
from heard.eligibility.wording import KNOWN
from heard.referrals.presenters.intake import present_eligibility
from heard.referrals.presenters.triage import EligibilityPresenter

IPA_ANSWERS = {
    "nation": "wales",
    "age": 40,
    "process": "needs_assessment",
    "substantial_difficulty": {"communicating": True},
    "appropriate_individual_available": False,
    "as_of": "2026-01-05",
}


def _catalogue() -> dict[str, str]:
    path = settings.BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if not e.msgctxt and not e.obsolete}


def test_every_sentence_the_engine_can_give_has_welsh():
    """No reason, clause, route or citation is missing from the Welsh catalogue."""
    welsh = _catalogue()
    missing = sorted(text for text in KNOWN if not welsh.get(text))
    assert missing == []


def test_the_referrer_sees_welsh_reasons_and_welsh_law():
    result = assess(IPA_ANSWERS)
    with translation.override("cy"):
        shown = present_eligibility(result, topics=[], nation="wales")
        ipa = next(r for r in shown["entitled"] if r.type == "wales_ipa")
        assert ipa.reasons[0] == (
            "Eiriolaeth Broffesiynol Annibynnol: mae hyn yn berthnasol am y rhesymau hyn: "
            "mae’r person yng Nghymru; mae’r person yn rhan o broses gofal a chymorth; "
            "mae’r person yn wynebu rhwystr i gyfleu ei farn, ei ddymuniadau a’i deimladau; "
            "nid oes unigolyn priodol i’w helpu i gymryd rhan."
        )
        assert all(r.lang == "" for r in ipa.reasons)
        assert "Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014 Rhan 10" in ipa.citations
        html = render_to_string(
            "referrals/public/_eligibility.html", {"eligibility": shown, "staff": False}
        )
    assert "Deddf Gwasanaethau Cymdeithasol a Llesiant (Cymru) 2014" in html
    assert "Care Act" not in html and "Deddf Gofal" not in html
    assert 'lang="en"' not in html
    assert "applies because" not in html


def test_staff_triage_card_in_welsh_has_no_english_left():
    """The stored (English) result is shown in Welsh on the triage page."""
    result = assess({**IPA_ANSWERS, "appropriate_individual_available": None})
    with translation.override("cy"):
        rows = EligibilityPresenter(result, nation="wales").rows
        html = "".join(
            render_to_string("referrals/triage/_eligibility_card.html", {"row": row})
            for row in rows
        )
    ipa = next(r for r in rows if r["type"] == "wales_ipa")
    assert ipa["decision"] == "need_more_information"
    assert ipa["duty"] == "Ddim yn hysbys nes bydd y cwestiynau isod wedi’u hateb"
    assert ipa["reasons"][0].startswith("Eiriolaeth Broffesiynol Annibynnol: gallai hyn fod")
    for english in ("could apply", "applies because", "Not known until", "Care Act", "s67"):
        assert english not in html
    assert 'lang="en"' not in html


def test_a_reason_stored_by_older_rules_stays_in_english_and_says_so():
    result = assess(IPA_ANSWERS)
    ipa = next(r for r in result["results"] if r["type"] == "wales_ipa")
    ipa["reasons"] = ["Independent Professional Advocacy applies, as worded by older rules."]
    with translation.override("cy"):
        row = next(r for r in EligibilityPresenter(result).rows if r["type"] == "wales_ipa")
    assert row["reasons"][0].lang == "en"
    assert (
        row["reasons"][0] == "Independent Professional Advocacy applies, as worded by older rules."
    )


def test_english_pages_are_unchanged():
    result = assess(IPA_ANSWERS)
    english = next(r for r in result["results"] if r["type"] == "wales_ipa")
    with translation.override("en"):
        row = next(r for r in EligibilityPresenter(result).rows if r["type"] == "wales_ipa")
    assert row["reasons"] == english["reasons"]
    assert row["citations"] == english["citations"]
