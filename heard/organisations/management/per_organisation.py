"""The shape shared by the ``heard rebuild-…`` commands: run one rebuild per organisation.

Each derived table (the daily time summary, the case milestones) has its own ``rebuild``
function; the command around it — choosing organisations by slug, timing, reporting — is
the same, so it lives here once.
"""

import time
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from heard.organisations.models import Organisation


class PerOrganisationRebuildCommand(BaseCommand):
    """Subclasses set ``rebuild`` (organisation id -> rows changed) and ``done`` (a format
    string with ``{count}``, ``{rows}`` and ``{seconds}``)."""

    rebuild: Callable[[int], int]  # a staticmethod in the subclass
    done: str

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            action="append",
            metavar="SLUG",
            help="Only this organisation (repeat for more). Default: every organisation.",
        )

    def handle(self, *args, organisation=None, **options):
        organisations = Organisation.objects.order_by("pk")
        if organisation:
            organisations = organisations.filter(slug__in=organisation)
            missing = set(organisation) - set(organisations.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No organisation with the address {', '.join(sorted(missing))}")
        started = time.perf_counter()
        rows = count = 0
        for organisation_id in organisations.values_list("pk", flat=True):
            rows += self.rebuild(organisation_id)
            count += 1
        seconds = f"{time.perf_counter() - started:.1f}"
        self.stdout.write(self.done.format(count=count, rows=rows, seconds=seconds))
