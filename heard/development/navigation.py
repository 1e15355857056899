"""Advocates' development in the Team area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "team",
    _("Team"),
    "development:team",
    permission=Perm.DEVELOPMENT_VIEW_TEAM,
    order=5,  # the team overview opens the Team area, before the staff list
    matches=("development:team", "development:member", "development:member_*"),
)
register(
    "team",
    _("Training matrix"),
    "development:matrix",
    permission=Perm.DEVELOPMENT_VIEW_TEAM,
    order=20,
)
register(
    "team",
    _("My development"),
    "development:mine",
    permission=Perm.DEVELOPMENT_VIEW_OWN,
    order=30,
    matches=("development:*",),
)
register(
    "team",
    _("Reflective notes"),
    "development:notes",
    permission=Perm.DEVELOPMENT_VIEW_OWN,
    order=40,
    matches=("development:note*",),
)
register(
    "team",
    _("Team settings"),
    "development:settings",
    permission=Perm.DEVELOPMENT_MANAGE,
    order=50,
    matches=("development:settings", "development:*_item_create"),
)
