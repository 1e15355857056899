"""Counted phrases ("1 case", "3 cases") written once, through ``ngettext``.

English has two plural forms, Welsh six, so a count is never glued to a word by hand:
``plural(n, "%(count)s case", "%(count)s cases")`` picks the form for ``n`` in the active
language and puts the count (grouped: 1,234) in. ``makemessages`` finds the phrases with
``--keyword=plural:2,3``.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import ngettext


def plural(n: int, singular: str, plural_form: str, **values) -> str:
    """The phrase for ``n``: each form holds ``%(count)s`` where the number goes.

    Any other named placeholders in the sentence are filled from ``values``, so a whole
    sentence is one catalogue entry rather than a count glued to words outside it.
    """
    return ngettext(singular, plural_form, n) % {
        **values,
        "count": number_format(n, force_grouping=True),
    }
