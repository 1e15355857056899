"""``heard seed``: demo data (the default) or synthetic data at scale for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from heard.demo import seeding


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
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="Cases per organisation, with their history, issues, activities and tasks "
            "(demo default 40; none at scale unless asked).",
        )

    def handle(self, *args, seed, organisations, people, cases, **options):
        if cases is not None and cases < 0:
            raise CommandError("--cases must be 0 or more")
        started = time.perf_counter()
        if organisations:
            report = seeding.seed_scale(
                seed=seed,
                organisations=organisations,
                people=people if people is not None else 1000,
                cases=cases or 0,
            )
        else:
            report = seeding.seed_demo(
                seed=seed,
                people=people if people is not None else 60,
                cases=cases if cases is not None else 40,
            )
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
            made = report.cases
            if made.cases:
                self.stdout.write(
                    f"Including {made.cases} cases with {made.statuses} status changes, "
                    f"{made.issues} issues, {made.activities} activities and {made.tasks} tasks."
                )
        if report.logins:
            self.stdout.write(f"\nDemo logins (password: {seeding.DEMO_PASSWORD}):")
            for email, description in report.logins:
                self.stdout.write(f"  {email:<36} {description}")
