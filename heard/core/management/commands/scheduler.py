"""Enqueue the periodic background tasks (``HEARD_PERIODIC_TASKS``) on their intervals.

django-tasks runs tasks but does not schedule them; this small loop does, and
the worker (``heard db_worker``) runs what it enqueues. Run exactly one.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue periodic background tasks (audit sealing, …) on their intervals."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every periodic task once, then stop."
        )

    def handle(self, *args, **options):
        schedule = {path: int(seconds) for path, seconds in settings.HEARD_PERIODIC_TASKS.items()}
        due = dict.fromkeys(schedule, 0.0)
        while True:
            now = time.monotonic()
            for path, seconds in schedule.items():
                if now >= due[path]:
                    import_string(path).enqueue()
                    due[path] = now + seconds
                    self.stdout.write(f"Enqueued {path}")
            if options["once"]:
                return
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))
