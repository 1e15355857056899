from django.apps import AppConfig


class SpeakingUpConfig(AppConfig):
    name = "heard.speaking_up"
    label = "speaking_up"
    verbose_name = "Speaking up"
