from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "heard.imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from heard.audit.events import register

        register("import.checked", "Import file checked")
        register("import.completed", "Records imported from a file")
        register("import.record_created", "Record created by an import")
        register("import.undone", "Import undone")
