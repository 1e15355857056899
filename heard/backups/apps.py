from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "heard.backups"
    verbose_name = "Backups"
