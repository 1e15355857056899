"""``heard import-census FILE``: load ONS Census 2021 table TS021 (ethnic group) per area.

Download the CSV from ONS or Nomis (see docs/reporting.md, "Population figures"); the
file is read as published. Areas already loaded are replaced.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heard.audit.services import audit_record
from heard.reporting.census import SOURCE_2021, CensusFileError, import_ts021


class Command(BaseCommand):
    help = "Load ONS Census 2021 TS021 (ethnic group) per local authority from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file as downloaded from ONS or Nomis")
        parser.add_argument("--source", default=SOURCE_2021, help="Where the figures came from")

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            count = import_ts021(text, source=options["source"])
        except CensusFileError as exc:
            raise CommandError(str(exc)) from exc
        audit_record(
            "census.imported",
            system_actor="worker",
            target_label=path.name,
            details={"rows": count, "source": options["source"]},
        )
        self.stdout.write(f"Loaded {count} area rows from {path.name}")
