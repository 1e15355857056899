from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "heard.casework"
    label = "casework"
