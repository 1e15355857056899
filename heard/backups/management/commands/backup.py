import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heard.backups.services import BackupError, Target, make_backup

from . import _passphrase


class Command(BaseCommand):
    help = "Back up the database and every stored file into one archive (optionally encrypted)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: heard-backup-<UTC time>.tar.gz[.enc] here).",
        )
        parser.add_argument(
            "--database-url", help="Back up this database instead of the configured one."
        )
        _passphrase.add_argument(parser)

    def handle(self, *args, **options):
        passphrase = _passphrase.read(options)
        stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        suffix = ".tar.gz.enc" if passphrase else ".tar.gz"
        output = options["output"] or Path(f"heard-backup-{stamp}{suffix}")
        target = Target.from_url(options["database_url"]) if options["database_url"] else None
        try:
            manifest = make_backup(output, passphrase=passphrase, target=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{manifest['files']} files to {output}" + (" (encrypted)." if passphrase else ".")
        )
