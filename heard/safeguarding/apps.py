from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "heard.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding concerns"
