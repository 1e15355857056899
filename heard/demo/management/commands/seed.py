"""``heard seed``: demo data (the default) or synthetic data at scale for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from heard.casework import milestones
from heard.demo import national, seeding
from heard.signin.services import BENCHMARK_TOTP_SECRET, DEMO_TOTP_SECRET


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

        parser.add_argument(
            "--scale",
            choices=["national"],
            help="national: 50 organisations of Zipf-like sizes sharing --cases (default "
            "1,000,000) for the load benchmark (PostgreSQL only).",
        )
        parser.add_argument(
            "--benchmark-logins",
            action="store_true",
            help="With --scale national: let the largest organisation's manager1, advocate1 and "
            "the network coordinator, and the manager1 of the organisation whose services are "
            "nearest 20,000 cases, sign in with the published benchmark password and "
            "second factor. Refused unless DEBUG or HEARD_BENCHMARK_LOGINS=1.",
        )

    def handle(self, *args, seed, organisations, people, cases, **options):
        if cases is not None and cases < 0:
            raise CommandError("--cases must be 0 or more")
        if options.get("benchmark_logins") and options.get("scale") != "national":
            raise CommandError("--benchmark-logins goes with --scale national")
        if options.get("scale") == "national":
            return self.national(seed=seed, cases=1_000_000 if cases is None else cases, **options)
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
        self.rebuild_milestones(report.organisations)
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
            self.stdout.write(
                "Each demo login needs a code from an authenticator app set up with this key:"
            )
            self.stdout.write(f"Demo two-factor secret: {DEMO_TOTP_SECRET}")

    def rebuild_milestones(self, organisations) -> float:
        """The seed writes cases past the casework services: give them their first-contact
        and allocation days, as ``heard rebuild-case-milestones`` would."""
        started = time.perf_counter()
        for organisation in organisations:
            milestones.rebuild(organisation.pk)
        return time.perf_counter() - started

    def national(self, *, seed, cases, benchmark_logins=False, **options):
        try:
            report = national.seed_national(
                seed=seed, cases=cases, benchmark_logins=benchmark_logins
            )
        except (national.BenchmarkLoginsRefused, NotImplementedError) as error:
            raise CommandError(str(error)) from error
        if report.skipped:
            self.stdout.write("The national organisations already exist: left as they are.")
        else:
            rows = ", ".join(f"{count:,} {name}" for name, count in report.rows.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {len(report.organisations)} organisations and {report.staff:,} "
                    f"staff with {rows} in {report.seconds_writing:.1f}s, of which "
                    f"{report.seconds_indexing:.1f}s building indexes and "
                    f"{report.seconds_summary:.1f}s the daily time summary "
                    f"(then ANALYZE {report.seconds_analyzing:.1f}s and the network's signed "
                    f"figures {report.seconds_network:.1f}s)."
                )
            )
        if report.logins:
            self.stdout.write(f"\nBenchmark logins (password: {national.BENCHMARK_PASSWORD}):")
            for email, description in report.logins:
                self.stdout.write(f"  {email:<36} {description}")
            self.stdout.write(f"Benchmark two-factor secret: {BENCHMARK_TOTP_SECRET}")
