"""``heard rebuild-time-summary``: recompute the daily time summary from the activities.

Run after loading data by other means than Heard's services (a restore, ``heard seed``,
hand-made SQL). The nightly maintenance task does the same for every organisation.
"""

from heard.organisations.management.per_organisation import PerOrganisationRebuildCommand
from heard.reporting.time_summary import rebuild


class Command(PerOrganisationRebuildCommand):
    help = "Recompute the daily time summary that long report ranges read."
    rebuild = staticmethod(rebuild)
    done = "Rebuilt the daily time summary for {count} organisation(s): {rows} rows in {seconds}s."
