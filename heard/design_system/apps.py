from django.apps import AppConfig


class DesignSystemConfig(AppConfig):
    name = "heard.design_system"
    label = "design_system"
