"""Background work for imports, run by the task worker.

Each task works for the job's organisation: enqueue with ``organisation_id=``.
"""

from django_tasks import task

from heard.core.task_recovery import when_abandoned
from heard.core.tenant_db import in_organisation

from . import services
from .models import ImportJob


@task()
@in_organisation
def check_import(job_id: int) -> int:
    """Stage and check every row of the file (a dry run)."""
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    services.job_check(job=job)
    return job.problem_rows


@when_abandoned(check_import)
def fail_abandoned_check(job_id: int) -> None:
    services.job_check_abandoned(job_id)


@task()
@in_organisation
def run_import(job_id: int) -> int:
    """Promote a checked file's rows in one step."""
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    services.job_import(job=job)
    return job.created_count
