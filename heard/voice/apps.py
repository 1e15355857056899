from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "heard.voice"
    label = "voice"
    verbose_name = _("Voice and co-production")

    def ready(self):
        from heard.casework.sections import register_case_section

        from . import events, rules  # noqa: F401  (registers audit events and permissions)

        register_case_section("voice/case_section.html", order=90)
