from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "heard.development"
    label = "development"
    verbose_name = _("Advocates' development")

    def ready(self):
        from . import events, rules  # noqa: F401  (registers audit events and permissions)
