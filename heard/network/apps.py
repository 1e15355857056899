from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "heard.network"
    label = "network"
    verbose_name = _("Network hub")

    def ready(self):
        from . import events, rules  # noqa: F401  (registers audit events and permissions)
