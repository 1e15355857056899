"""``heard rebuild-case-milestones``: recompute every case's first-contact and allocation days.

Run after loading data by other means than Heard's services (a restore, ``heard seed``,
hand-made SQL). The nightly maintenance task does the same for every organisation.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from heard.casework.milestones import rebuild
from heard.organisations.models import Organisation


class Command(BaseCommand):
    help = "Recompute the first-contact and allocation days that contract reports read."

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
        changed = count = 0
        for organisation_id in organisations.values_list("pk", flat=True):
            changed += rebuild(organisation_id)
            count += 1
        self.stdout.write(
            f"Rebuilt case milestones for {count} organisation(s): {changed} cases changed "
            f"in {time.perf_counter() - started:.1f}s."
        )
