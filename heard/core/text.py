"""Counted phrases ("1 case", "3 cases") written once, through ``ngettext``.

English has two plural forms, Welsh six, so a count is never glued to a word by hand:
``plural(n, "%(count)s case", "%(count)s cases")`` picks the form for ``n`` in the active
language and puts the count (grouped: 1,234) in. ``makemessages`` finds the phrases with
``--keyword=plural:2,3``.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import ngettext


def plural(n: int, singular: str, plural_form: str) -> str:
    """The phrase for ``n``: each form holds ``%(count)s`` where the number goes."""
    return ngettext(singular, plural_form, n) % {"count": number_format(n, force_grouping=True)}
