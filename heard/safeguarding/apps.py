from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "heard.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding concerns"

    def ready(self):
        from heard.casework.sections import register_loose_ends

        register_loose_ends("safeguarding", _concerns_without_outcome)

        from heard.core.permissions import Perm
        from heard.people.sections import register_person_section
        from heard.safeguarding.people import person_concerns_section

        register_person_section(
            "safeguarding/people/_concerns.html",
            permission=Perm.SAFEGUARDING_VIEW_CONCERNS,
            loader=person_concerns_section,
            order=30,
        )


def _concerns_without_outcome(case) -> list[str]:
    """Safeguarding concerns raised on the case whose outcome is not yet recorded."""
    from django.utils.translation import gettext

    from heard.safeguarding.models import SafeguardingConcern

    return [
        gettext("Safeguarding concern about %(about)s has no outcome yet") % {"about": about}
        for about in SafeguardingConcern.objects.filter(case=case, outcome="")
        .order_by("raised_on", "id")
        .values_list("about_organisation", flat=True)
    ]
