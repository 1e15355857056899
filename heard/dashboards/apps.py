from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "heard.dashboards"
