from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "heard.challenges"
    label = "challenges"
    verbose_name = "Challenges"
