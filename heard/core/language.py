"""Languages people choose: the person's preference for Welsh, English or both, and the page's.

A referral and a person record a :class:`LanguagePreference`; letters and emails to the
person go in :func:`languages_for` that preference (Welsh first when both, as the Welsh
Language Standards ask). The language a member of staff chooses in the header is kept in
their session and on their profile (``User.language``), so it follows them to their next
sign-in; see docs/welsh.md and ADR-0045.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WELSH, ENGLISH = "cy", "en"
SESSION_KEY = "heard_language"


class LanguagePreference(models.TextChoices):
    WELSH = "welsh", _("Welsh (Cymraeg)")
    ENGLISH = "english", _("English")
    BILINGUAL = "bilingual", _("Welsh and English (bilingual)")


def is_page_language(code: str | None) -> bool:
    return code in {code for code, _name in settings.LANGUAGES}


def languages_for(preference: str | None, *, default: str = ENGLISH) -> list[str]:
    """The page languages to write to someone in, in order: Welsh first when bilingual."""
    if preference == LanguagePreference.WELSH:
        return [WELSH]
    if preference == LanguagePreference.ENGLISH:
        return [ENGLISH]
    if preference == LanguagePreference.BILINGUAL:
        return [WELSH, ENGLISH]
    return [default if is_page_language(default) else ENGLISH]


def preference_for(page_language: str | None) -> str:
    """The preference a person shows by choosing the page's language (Active Offer)."""
    return LanguagePreference.WELSH if page_language == WELSH else LanguagePreference.ENGLISH


def speaks_welsh(preference: str | None) -> bool:
    return preference in (LanguagePreference.WELSH, LanguagePreference.BILINGUAL)
