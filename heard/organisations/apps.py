from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "heard.organisations"
    label = "organisations"
