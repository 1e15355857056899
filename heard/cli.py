"""The ``heard`` console command: ``manage.py`` with Heard's settings as the default."""

import os
import sys


def settings_module(environ) -> str:
    """Production settings when ``HEARD_ENV=production``; the local ones otherwise."""
    if environ.get("HEARD_ENV", "").strip().lower() == "production":
        return "heard.settings.production"
    return "heard.settings.dev"


def main() -> None:
    if sys.argv[1:2] == ["eligibility"]:
        # Pure Python: answers without settings or a database, as its contract requires.
        from heard.eligibility.cli import main as eligibility

        sys.exit(eligibility())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module(os.environ))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heard", *sys.argv[1:]])


if __name__ == "__main__":
    main()
