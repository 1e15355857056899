from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "heard.signin"
    label = "signin"
    verbose_name = "Sign-in security"

    def ready(self):
        from . import checks, signals  # noqa: F401
