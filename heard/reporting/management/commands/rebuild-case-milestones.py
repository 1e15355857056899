"""``heard rebuild-case-milestones``: recompute every case's first-contact and allocation days.

Run after loading data by other means than Heard's services (a restore, ``heard seed``,
hand-made SQL). The nightly maintenance task does the same for every organisation.
"""

from heard.casework.milestones import rebuild
from heard.organisations.management.per_organisation import PerOrganisationRebuildCommand


class Command(PerOrganisationRebuildCommand):
    help = "Recompute the first-contact and allocation days that contract reports read."
    rebuild = staticmethod(rebuild)
    done = (
        "Rebuilt case milestones for {count} organisation(s): {rows} cases changed in {seconds}s."
    )
