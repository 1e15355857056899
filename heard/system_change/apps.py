from django.apps import AppConfig


class SystemChangeConfig(AppConfig):
    name = "heard.system_change"
    label = "system_change"
    verbose_name = "System change"

    def ready(self):
        from heard.casework.sections import register_case_section

        register_case_section("system_change/_case_tag_link.html", order=20)
