"""Challenges in the Change area's navigation; response times under Admin."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "change",
    _("Challenges"),
    "challenges:list",
    permission="challenges.view_challenges",
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
    permission="challenges.set_response_times",
    order=40,
)
