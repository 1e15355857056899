from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "heard.challenges"
    label = "challenges"
    verbose_name = "Challenges"

    def ready(self):
        from heard.casework.sections import register_case_section

        register_case_section("challenges/_case_links.html", order=10)
