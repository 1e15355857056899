from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "heard.audit"
    label = "audit"
