"""Print the measure definitions for docs/reporting.md (``--write`` updates the page)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from heard.reporting.docs import END, measures_markdown

MARKER = "<!-- measures:begin"


class Command(BaseCommand):
    help = "Print (or --write into docs/reporting.md) every report measure's definition."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="The docs page to update in place.")

    def handle(self, *args, **options):
        text = measures_markdown()
        if not options["write"]:
            self.stdout.write(text)
            return
        path = Path(options["write"])
        page = path.read_text()
        start, end = page.index(MARKER), page.index(END) + len(END)
        path.write_text(page[:start] + text + page[end:])
        self.stdout.write(f"Updated {path}")
