from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "heard.rights"
    label = "rights"
    verbose_name = _("Data protection rights")

    def ready(self):
        from . import events, rules  # noqa: F401  (registers audit events and permissions)
