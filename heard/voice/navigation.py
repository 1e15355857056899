"""Voice and co-production in the Voice area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "voice",
    _("Feedback"),
    "voice:feedback",
    permission=Perm.VOICE_VIEW,
    order=10,
    matches=("voice:feedback*", "voice:offer_feedback"),
)
register(
    "voice",
    _("Involvement"),
    "voice:involvement",
    permission=Perm.VOICE_MANAGE,
    order=20,
    matches=("voice:involvement*",),
)
register(
    "voice",
    _("Engagement"),
    "voice:sessions",
    permission=Perm.VOICE_VIEW,
    order=30,
    matches=("voice:session*", "voice:theme*"),
)
register(
    "voice",
    _("You said, we did"),
    "voice:you_said_we_did",
    permission=Perm.VOICE_VIEW,
    order=40,
    matches=("voice:you_said_we_did*",),
)
register(
    "voice",
    _("Self-assessment"),
    "voice:assessments",
    permission=Perm.VOICE_VIEW,
    order=50,
    matches=("voice:assessment*",),
)
