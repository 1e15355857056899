from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "heard.referrals"
    label = "referrals"

    def ready(self):
        from heard.core.permissions import Perm
        from heard.people.sections import register_person_section
        from heard.referrals.views.people import person_referrals_section

        register_person_section(
            "referrals/people/_referrals.html",
            permission=Perm.REFERRALS_VIEW_REFERRAL,
            loader=person_referrals_section,
            order=20,
        )
