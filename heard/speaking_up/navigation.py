"""Speaking up in the Team area.

One entry covers raising a concern and, for leads, the concerns raised with them
(the start page links there): asking whether someone is a lead costs a query, which
every page's menu should not pay.
"""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "team",
    _("Speaking up"),
    "speaking_up:start",
    permission="speaking_up.raise_concern",
    order=20,
    matches=("speaking_up:*",),
)
