"""Population figures to compare the people reached with: Census 2021 ethnic group.

Shipped: the high-level ethnic group shares of usual residents for England, for Wales
and for England and Wales (ONS, Census 2021, released 29 November 2022; figures in the
shared equality notes). Loaded by an organisation: ONS table TS021 (ethnic group) per
local authority, as published (``heard import-census``), optionally by age band, so a
service can be compared with the areas it covers, weighted by their populations.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from heard.people.equality import AGE_BANDS, ETHNIC_GROUPS

from .models import PopulationArea

GROUPS = list(ETHNIC_GROUPS)
SOURCE_2021 = "ONS Census 2021, usual residents by ethnic group (released 29 November 2022)"

#: Percentages of usual residents by high-level ethnic group (they add to 100 per area).
SHIPPED = {
    "england_and_wales": {"white": 81.7, "asian": 9.3, "black": 4.0, "mixed": 2.9, "other": 2.1},
    "england": {"white": 81.0, "asian": 9.6, "black": 4.2, "mixed": 3.0, "other": 2.2},
    "wales": {"white": 93.8, "asian": 2.9, "black": 0.9, "mixed": 1.6, "other": 0.9},
}
SHIPPED_NAMES = {
    "england_and_wales": "England and Wales",
    "england": "England",
    "wales": "Wales",
}


@dataclass(frozen=True)
class Population:
    """Expected shares (0-1) by group, what they are for, and whether they are by age."""

    shares: dict[str, float]
    description: str
    by_age: dict[str, dict[str, float]] | None = None


def shipped(area: str) -> Population:
    percentages = SHIPPED[area]
    return Population(
        {group: value / 100 for group, value in percentages.items()},
        f"{SHIPPED_NAMES[area]}, all ages ({SOURCE_2021})",
    )


def for_service_areas(area_codes: list[str], nation: str) -> Population:
    """The areas' combined population when imported (weighted by each area's population);
    else the shipped figures for the nation."""
    rows = list(PopulationArea.objects.filter(code__in=area_codes))
    all_ages = [row for row in rows if not row.age_band]
    if not all_ages:
        return shipped("wales" if nation == "wales" else "england")
    total = sum(row.total for row in all_ages)
    shares = {
        group: sum(row.counts.get(group, 0) for row in all_ages) / total if total else 0.0
        for group in GROUPS
    }
    names = ", ".join(sorted(row.name for row in all_ages))
    by_age: dict[str, dict[str, float]] = {}
    for band in {row.age_band for row in rows if row.age_band}:
        band_rows = [row for row in rows if row.age_band == band]
        band_total = sum(row.total for row in band_rows)
        if band_total:
            by_age[band] = {
                group: sum(row.counts.get(group, 0) for row in band_rows) / band_total
                for group in GROUPS
            }
    return Population(shares, f"{names} ({row_source(all_ages)})", by_age or None)


def row_source(rows) -> str:
    return rows[0].source if rows else SOURCE_2021


# --- Import of ONS TS021 ----------------------------------------------------------------------

GROUP_PREFIXES = [
    ("asian", "asian"),
    ("black", "black"),
    ("mixed", "mixed"),
    ("white", "white"),
    ("other ethnic group", "other"),
]


class CensusFileError(ValueError):
    """The file is not a TS021 table Heard can read; the message says why."""


def _group_of(header: str) -> tuple[str, bool] | None:
    """``("asian", True)`` for a high-level group column, ``("asian", False)`` for one of its
    categories, None for anything else (the total, dates, names)."""
    match = re.match(r"^ethnic group(?: \(\d+ categories\))?: (.+)$", header.strip(), re.I)
    if not match:
        return None
    parts = [part.strip() for part in match.group(1).split(":")]
    if parts[0].lower().startswith("total"):
        return None
    for prefix, code in GROUP_PREFIXES:
        if parts[0].lower().startswith(prefix):
            return code, len(parts) == 1
    return None


def _age_band(label: str) -> str:
    """An ONS age label as one of Heard's bands when it matches one (e.g. "Aged 85 years and
    over" is "85+"); otherwise the label as given."""
    numbers = [int(n) for n in re.findall(r"\d+", label)]
    for low, high, band in AGE_BANDS:
        if numbers and numbers[0] == low and (len(numbers) == 1 or numbers[1] == high):
            return band
    return label.strip()


def parse_ts021(text: str) -> list[dict]:
    """Rows of ``{code, name, age_band, counts, total}`` from a TS021 CSV as published."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise CensusFileError("The file is empty") from None
    lowered = [h.strip().lower() for h in header]
    try:
        code_at = lowered.index("geography code")
        name_at = lowered.index("geography")
    except ValueError:
        raise CensusFileError(
            "The file has no 'geography' and 'geography code' columns: is it ONS table TS021?"
        ) from None
    total_at = next(
        (i for i, h in enumerate(lowered) if re.match(r"^ethnic group.*: total", h)), None
    )
    age_at = next((i for i, h in enumerate(lowered) if h.startswith("age")), None)
    columns = {i: _group_of(h) for i, h in enumerate(header)}
    if not any(columns.values()):
        raise CensusFileError("The file has no ethnic group columns: is it ONS table TS021?")
    has_group_totals = any(found and found[1] for found in columns.values())
    rows = []
    for line_number, line in enumerate(reader, start=2):
        if not line or not any(cell.strip() for cell in line):
            continue
        counts = dict.fromkeys(GROUPS, 0)
        try:
            for index, found in columns.items():
                if found and found[1] == has_group_totals:
                    counts[found[0]] += int(line[index].replace(",", ""))
            total = (
                int(line[total_at].replace(",", ""))
                if total_at is not None
                else sum(counts.values())
            )
        except (ValueError, IndexError):
            raise CensusFileError(
                f"Line {line_number} has a count that is not a whole number"
            ) from None
        rows.append(
            {
                "code": line[code_at].strip(),
                "name": line[name_at].strip(),
                "age_band": _age_band(line[age_at]) if age_at is not None else "",
                "counts": counts,
                "total": total,
            }
        )
    if not rows:
        raise CensusFileError("The file has a header but no areas")
    return rows


def import_ts021(text: str, *, source: str) -> int:
    rows = parse_ts021(text)
    for row in rows:
        PopulationArea.objects.update_or_create(
            code=row["code"],
            age_band=row["age_band"],
            defaults={
                "name": row["name"],
                "counts": row["counts"],
                "total": row["total"],
                "source": source,
            },
        )
    return len(rows)
