from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "heard.referrals"
    label = "referrals"
