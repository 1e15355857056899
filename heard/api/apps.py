from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "heard.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import events, schema  # noqa: F401  (audit event types; the token scheme)
