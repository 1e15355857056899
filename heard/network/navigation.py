"""The network hub in the Network area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "network",
    _("Networks"),
    "network:index",
    permission=Perm.NETWORK_USE_HUB,
    order=10,
    matches=("network:*",),
)
register(
    "network",
    _("Notifications"),
    "network:notifications",
    permission=Perm.NETWORK_USE_HUB,
    order=90,
)
register(
    "network",
    _("Hubs on other installations"),
    "network:remote_hubs",
    permission=Perm.NETWORK_MANAGE_REMOTE_HUBS,
    order=80,
    matches=("network:remote_hub*",),
)
