from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "heard.reporting"
    label = "reporting"
    verbose_name = _("Reports")

    def ready(self):
        from . import events, rules  # noqa: F401  (registers audit events and permissions)
