"""A contract report: the measures for one scope, grouped in sections, suppressed when shared.

Every format (web page, dashboards, XLSX, CSV, PDF, API) is made from ``build_report``,
so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.core.concurrent_reads import run_together
from heard.core.planner import without_jit
from heard.core.replica import reading_alias, reading_from_replica
from heard.core.suppression import DEFAULT_THRESHOLD

from . import measures
from .disclosure import suppress_report_table
from .periods import Period
from .tables import Table


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    organisation_name: str
    service_name: str
    period: Period
    suppressed: bool
    sections: list[Section]
    generated_at: object
    definitions_version: str = measures.DEFINITIONS_VERSION

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def suppression_rule(self) -> str:
        return _(
            "Counts from 1 to %(below)s are shown as “fewer than %(threshold)s”. Where a total "
            "would let a hidden count be worked out, another count (or the total) is hidden "
            "too and shown as “not shown”. Medians, percentiles, percentages and hours "
            "resting on fewer than %(threshold)s people are hidden."
        ) % {"below": DEFAULT_THRESHOLD - 1, "threshold": DEFAULT_THRESHOLD}


def scope_for(organisation, services, period: Period, *, all_services: bool) -> measures.Scope:
    return measures.Scope(
        organisation=organisation,
        services=tuple(services),
        start=period.start,
        end=period.end,
        all_services=all_services,
    )


def build_report(
    organisation,
    services,
    period: Period,
    *,
    all_services: bool,
    suppressed: bool,
    keys: list[str] | None = None,
    progress=None,
) -> Report:
    scope = scope_for(organisation, services, period, all_services=all_services)
    whole = not keys
    keys = keys or list(measures.MEASURES)
    tables = {}
    with reading_from_replica(), without_jit(reading_alias()):
        if whole:
            # The shared and slowest statements first, side by side on PostgreSQL
            # (HEARD_DATABASE_READERS connections at once); the measures then find them read.
            run_together(
                measures.shared_reads(scope),
                alias=reading_alias(),
                readers=settings.HEARD_DATABASE_READERS,
            )
        for index, key in enumerate(keys):
            tables[key] = measures.MEASURES[key].compute(scope)
            if progress:
                progress(index + 1, len(keys))
    sections = []
    for key, title in measures.SECTIONS:
        section = Section(key, str(title))
        for measure_key, measure in measures.MEASURES.items():
            if measure.section == key and measure_key in tables:
                table = tables[measure_key]
                section.tables.append(suppress_report_table(table) if suppressed else table)
        if section.tables:
            sections.append(section)
    if all_services:
        service_name = _("All services")
    else:
        service_name = ", ".join(service.name for service in services)
    return Report(
        organisation_name=organisation.name,
        service_name=service_name,
        period=period,
        suppressed=suppressed,
        sections=sections,
        generated_at=timezone.now(),
    )
