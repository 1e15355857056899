"""On-demand benchmark: importing 100,000 activities (``python bench/imports.py``).

Writes a CSV of ``BENCH_ACTIVITIES`` activities (100,000 by default) spread over 500 cases,
then times the check (streamed, staged in committed batches) and the import (one
transaction). Figures go in docs/performance.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.run import setup_django


def main() -> None:
    setup_django()
    from django.core.files import File

    from heard.casework.models import Activity
    from heard.imports import services
    from heard.organisations.models import Role
    from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory

    count = int(os.environ.get("BENCH_ACTIVITIES", "100000"))
    organisation = OrganisationFactory(
        name="Import Benchmark Advocacy", slug=f"import-bench-{time.time_ns()}"
    )
    user = MembershipFactory(organisation=organisation, role=Role.MANAGER).user
    cases = [CaseFactory(organisation=organisation).reference for _ in range(500)]
    path = Path(tempfile.mkdtemp(prefix="heard-bench-")) / "activities.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Case", "Type", "Date", "Time", "Minutes", "Notes"])
        for index in range(count):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=index % 600)
            writer.writerow(
                [
                    cases[index % 500],
                    "Visit",
                    day.strftime("%d/%m/%Y"),
                    "10:30",
                    45,
                    f"Visit {index}",
                ]
            )
    with path.open("rb") as handle:
        job = services.job_create(
            organisation=organisation,
            acting_user=user,
            kind="activities",
            upload=File(handle, name="activities.csv"),
        )
    services.mapping_save(
        job=job,
        column_mapping={
            "case_reference": "Case",
            "kind": "Type",
            "occurred_on": "Date",
            "occurred_time": "Time",
            "minutes": "Minutes",
            "note": "Notes",
        },
        value_mapping={},
    )
    started = time.perf_counter()
    services.job_check(job=job)
    checked = time.perf_counter() - started
    started = time.perf_counter()
    services.job_import(job=job)
    imported = time.perf_counter() - started
    assert job.problem_rows == 0
    assert Activity.objects.filter(organisation=organisation).count() == count
    print(
        f"{count:,} activities: check {checked:.1f} s, import {imported:.1f} s, "
        f"total {checked + imported:.1f} s"
    )


if __name__ == "__main__":
    main()
