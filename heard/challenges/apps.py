from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "heard.challenges"
    label = "challenges"
    verbose_name = "Challenges"

    def ready(self):
        from heard.casework.sections import register_case_section

        register_case_section("challenges/_case_links.html", order=10)

        from heard.casework.sections import register_case_link

        register_case_link("challenges/_case_contents_link.html", order=10)

        from heard.casework.sections import register_loose_ends

        register_loose_ends("challenges", _open_challenges)


def _open_challenges(case) -> list[str]:
    """Challenges on the case still waiting for an answer (no outcome yet)."""
    from django.utils.translation import gettext

    from heard.challenges.models import Challenge

    return [
        gettext("Challenge to %(organisation)s has no outcome yet") % {"organisation": organisation}
        for organisation in Challenge.objects.filter(case=case, outcome="")
        .order_by("raised_on", "id")
        .values_list("challenged_organisation", flat=True)
    ]
