"""Every background task either binds the organisation it works for or runs as maintenance."""

import importlib
import pkgutil

from django.apps import apps
from django_tasks.base import Task

MAINTENANCE_QUEUE = "maintenance"


def every_task() -> list[Task]:
    found = []
    for app in apps.get_app_configs():
        if not app.name.startswith("heard."):
            continue
        for module in pkgutil.iter_modules(importlib.import_module(app.name).__path__):
            if module.name != "tasks":
                continue
            tasks = importlib.import_module(f"{app.name}.tasks")
            found += [value for value in vars(tasks).values() if isinstance(value, Task)]
    return found


def test_every_task_binds_its_organisation_or_runs_on_the_maintenance_queue():
    tasks = every_task()
    assert {task.name for task in tasks} >= {"seal_audit_trail", "send_referral_notifications"}
    unbound = [
        f"{task.func.__module__}.{task.name}"
        for task in tasks
        if task.queue_name != MAINTENANCE_QUEUE
        and not getattr(task.func, "binds_organisation", False)
    ]
    assert not unbound, (
        "Under the application's database role these tasks would see no organisation's rows. "
        "Declare them with @in_organisation (heard.core.tenant_db) and enqueue them with "
        "organisation_id=…, or, if they work across organisations, give them "
        f'queue_name="{MAINTENANCE_QUEUE}": {unbound}'
    )
