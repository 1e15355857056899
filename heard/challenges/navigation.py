"""Challenges in the Change area's navigation; response times under Admin."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "change",
    _("Challenges"),
    "challenges:list",
    permission=Perm.CHALLENGES_VIEW_CHALLENGES,
    order=10,
    matches=(
        "challenges:create",
        "challenges:detail",
        "challenges:escalate",
        "challenges:respond",
        "challenges:export",
    ),
)
register(
    "admin",
    _("Challenge response times"),
    "challenges:response_times",
    permission=Perm.CHALLENGES_SET_RESPONSE_TIMES,
    order=40,
)
