"""``heard seed``: demo data (the default) or synthetic data at scale for benchmarks."""

import time

from django.core.management.base import BaseCommand

from heard.core import seeding


class Command(BaseCommand):
    help = "Create synthetic organisations, services, staff and people (never real data)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument(
            "--organisations",
            type=int,
            default=0,
            help="Create this many synthetic organisations for benchmarks instead of the demo set.",
        )
        parser.add_argument("--people", type=int, default=None, help="People per organisation.")

    def handle(self, *args, seed, organisations, people, **options):
        started = time.perf_counter()
        if organisations:
            report = seeding.seed_scale(
                seed=seed,
                organisations=organisations,
                people=people if people is not None else 1000,
            )
        else:
            report = seeding.seed_demo(seed=seed, people=people if people is not None else 60)
        elapsed = time.perf_counter() - started
        for slug in report.skipped:
            self.stdout.write(f"Organisation '{slug}' already exists: left as it is.")
        if report.organisations:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {len(report.organisations)} organisations, {report.staff} staff "
                    f"memberships and {report.people} people in {elapsed:.1f}s."
                )
            )
        if report.logins:
            self.stdout.write(f"\nDemo logins (password: {seeding.DEMO_PASSWORD}):")
            for email, description in report.logins:
                self.stdout.write(f"  {email:<36} {description}")
