import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from heard.audit.sealing import seal_pending, unsealed_older_than, verify


class Command(BaseCommand):
    help = "Check every audit hash chain: exits with an error naming each changed or removed event."

    def add_arguments(self, parser):
        parser.add_argument("--chain", help="One chain: an organisation's id, or 'platform'.")
        parser.add_argument(
            "--seal-first",
            action="store_true",
            help="Seal committed events first (as the scheduler would).",
        )

    def handle(self, *args, **options):
        if options["seal_first"]:
            seal_pending()
        checked, problems = verify(options["chain"])
        for problem in problems:
            self.stderr.write(str(problem))
        late = unsealed_older_than(dt.timedelta(hours=1))
        if late:
            self.stderr.write(
                f"{late} events older than an hour are not sealed yet: is `heard scheduler` running?"
            )
        if problems:
            raise CommandError(f"The audit trail has been tampered with: {len(problems)} problems.")
        self.stdout.write(f"Checked {checked} sealed audit events: every chain is intact.")
