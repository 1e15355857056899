"""Speaking up in the Team area.

One entry covers raising a concern and, for leads, the concerns raised with them
(the start page links there): asking whether someone is a lead costs a query, which
every page's menu should not pay.
"""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "team",
    _("Speaking up"),
    "speaking_up:start",
    permission=Perm.SPEAKING_UP_RAISE_CONCERN,
    order=20,
    matches=("speaking_up:*",),
)
