from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "heard.casework"
    label = "casework"

    def ready(self):
        from heard.casework.views.people import person_cases_section
        from heard.core.permissions import Perm
        from heard.people.sections import register_person_section

        register_person_section(
            "casework/people/_cases.html",
            permission=Perm.CASEWORK_VIEW_CASES,
            loader=person_cases_section,
            order=10,
        )
