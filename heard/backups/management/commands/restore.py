from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heard.backups.services import BackupError, Target, restore_backup

from . import _passphrase


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database, then check every table's row count "
        "and checksum against the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--database-url", help="Restore into this database instead of the configured one."
        )
        _passphrase.add_argument(parser)

    def handle(self, *args, **options):
        archive = options["archive"]
        if not archive.is_file():
            raise CommandError(f"No backup at {archive}.")
        target = Target.from_url(options["database_url"]) if options["database_url"] else None
        try:
            manifest = restore_backup(archive, passphrase=_passphrase.read(options), target=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables ({rows} rows) and {manifest['files']} "
            "files; every table's row count and checksum match the backup."
        )
