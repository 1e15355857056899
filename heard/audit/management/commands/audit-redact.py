"""Apply the audit redactions that erasures have committed to (run as the database owner)."""

from django.core.management.base import BaseCommand, CommandError

from heard.audit.redaction import apply_redactions


class Command(BaseCommand):
    help = (
        "Redact personal data from audit events about erased people, as each erasure's "
        "tombstone committed to. Run as the database owner (the application's role may not "
        "change audit events), for example nightly after `heard audit-verify`."
    )

    def handle(self, *args, **options):
        applied, waiting = apply_redactions()
        self.stdout.write(f"{applied} audit events redacted.")
        if waiting:
            raise CommandError(
                f"{waiting} redactions could not be applied: run this as the database owner."
            )
