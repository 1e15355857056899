from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "heard.people"
    label = "people"
