from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "heard.reporting"
    label = "reporting"
    verbose_name = _("Reports")

    def ready(self):
        from heard.casework import time_summary as hooks

        from . import events, rules, time_summary  # noqa: F401  (registers audit events and permissions)

        # The activity services keep the daily summary; the time report reads it.
        hooks.register_listener(time_summary.apply)
        hooks.register_daily_totals(time_summary.daily_totals)
