"""The eligibility engine's reasons and citations in the page's language.

The engine gives, and a referral stores, English. These helpers put each
sentence into the active language through the catalogue; one that cannot be
rebuilt (stored by older rules) stays in English and says so with ``lang``.
"""

from __future__ import annotations

from django.utils.translation import get_language, gettext

from heard.core.dates import long_date
from heard.eligibility.wording import translate_citation, translate_reason


class Said(str):
    """A sentence that knows its language when it is not the page's (``lang``, else "")."""

    lang: str

    def __new__(cls, text: str, lang: str = "") -> Said:
        said = super().__new__(cls, text)
        said.lang = lang
        return said


def _in_english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def reasons_in_language(reasons) -> list[Said]:
    if _in_english():
        return [Said(str(r)) for r in reasons]
    out = []
    for reason in reasons:
        translated = translate_reason(str(reason), gettext, long_date)
        out.append(Said(translated) if translated is not None else Said(str(reason), "en"))
    return out


def citations_in_language(citations) -> list[Said]:
    if _in_english():
        return [Said(str(c)) for c in citations]
    out = []
    for citation in citations:
        translated = translate_citation(str(citation), gettext)
        out.append(Said(translated) if translated is not None else Said(str(citation), "en"))
    return out
