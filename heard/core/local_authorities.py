"""The local authorities in England and Wales that commission advocacy.

These are the councils with adult social care (Care Act 2014 / Social
Services and Well-being (Wales) Act 2014) and children's services duties: in
England the county councils, unitary authorities, metropolitan boroughs,
London boroughs, the City of London and the Isles of Scilly; in Wales the 22
principal councils. District councils are left out because they have no such
duties. The list reflects the April 2023 reorganisation (Cumberland,
Westmorland and Furness, North Yorkshire and Somerset as unitaries).

The data ships as ``data/local_authorities.csv`` (ONS GSS codes) so it can be
reviewed and updated without touching code; it is read once, at import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from django.utils import translation

__all__ = [
    "KINDS",
    "LOCAL_AUTHORITIES",
    "NATIONS",
    "LocalAuthority",
    "by_code",
    "choices",
]

Nation = Literal["england", "wales"]
Kind = Literal[
    "county",
    "unitary",
    "metropolitan_borough",
    "london_borough",
    "sui_generis",
    "principal_council",
]

NATIONS: tuple[str, ...] = ("england", "wales")
KINDS: tuple[str, ...] = (
    "county",
    "unitary",
    "metropolitan_borough",
    "london_borough",
    "sui_generis",
    "principal_council",
)


@dataclass(frozen=True, slots=True)
class LocalAuthority:
    """One council, identified by its ONS GSS code (stable across renames)."""

    code: str
    name: str
    nation: Nation
    kind: Kind
    #: The council's Welsh name (Welsh councils only; see /work/shared/domain/wales.md).
    name_cy: str = ""

    @property
    def local_name(self) -> str:
        """The name in the language of the page: "Caerdydd" in Welsh, "Cardiff" in English."""
        if self.name_cy and (translation.get_language() or "").startswith("cy"):
            return self.name_cy
        return self.name

    def __str__(self) -> str:
        return self.local_name


def _load() -> tuple[LocalAuthority, ...]:
    """Read and check the shipped CSV; a bad row should fail loudly at import."""
    text = (
        resources.files("heard.core")
        .joinpath("data")
        .joinpath("local_authorities.csv")
        .read_text(encoding="utf-8")
    )
    rows: list[LocalAuthority] = []
    for row in csv.DictReader(io.StringIO(text)):
        authority = LocalAuthority(
            code=row["code"].strip(),
            name=row["name"].strip(),
            nation=row["nation"].strip(),  # type: ignore[arg-type]
            kind=row["kind"].strip(),  # type: ignore[arg-type]
            name_cy=(row.get("name_cy") or "").strip(),
        )
        if authority.nation not in NATIONS or authority.kind not in KINDS:
            raise ValueError(f"bad nation or kind in local_authorities.csv: {authority}")
        rows.append(authority)
    return tuple(sorted(rows, key=lambda la: (la.name.casefold(), la.code)))


#: Every authority, sorted by name (case-insensitively).
LOCAL_AUTHORITIES: tuple[LocalAuthority, ...] = _load()

_BY_CODE: dict[str, LocalAuthority] = {la.code: la for la in LOCAL_AUTHORITIES}
if len(_BY_CODE) != len(LOCAL_AUTHORITIES):
    raise ValueError("duplicate code in local_authorities.csv")


def by_code(code: str) -> LocalAuthority | None:
    """Return the authority with this GSS code, or None if it is not in the list.

    None rather than an exception because stored codes can outlive an
    authority (Cumbria's E10000006 went in 2023) and pages must still render.
    """
    return _BY_CODE.get(code.strip().upper()) if isinstance(code, str) else None


def choices(nation: str | None = None) -> list[tuple[str, str]]:
    """Return ``(code, name)`` pairs sorted by name, for a Django ``choices=``.

    Names are in the language of the page (Welsh councils have Welsh names).

    Pass ``nation="england"`` or ``"wales"`` to narrow the list.
    """
    if nation is not None and nation not in NATIONS:
        raise ValueError(f"nation must be one of {NATIONS}, got {nation!r}")
    pairs = [(la.code, la.local_name) for la in LOCAL_AUTHORITIES if nation in (None, la.nation)]
    return sorted(pairs, key=lambda pair: (pair[1].casefold(), pair[0]))
