from django.apps import AppConfig


class SystemChangeConfig(AppConfig):
    name = "heard.system_change"
    label = "system_change"
    verbose_name = "System change"
