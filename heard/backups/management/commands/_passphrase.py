"""Where a backup passphrase comes from: a file or the environment, never the command line."""

import os
from pathlib import Path

from django.core.management.base import CommandError

ENVIRONMENT_VARIABLE = "HEARD_BACKUP_PASSPHRASE"


def add_argument(parser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        help=f"File holding the passphrase (or set {ENVIRONMENT_VARIABLE}).",
    )


def read(options) -> str | None:
    if options.get("passphrase_file"):
        try:
            value = options["passphrase_file"].read_text().strip()
        except OSError as error:
            raise CommandError(f"Cannot read the passphrase file: {error}") from error
        if not value:
            raise CommandError("The passphrase file is empty.")
        return value
    return os.environ.get(ENVIRONMENT_VARIABLE) or None
