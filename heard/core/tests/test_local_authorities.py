"""Tests for the shipped list of local authorities (no database needed)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from heard.core.local_authorities import (
    KINDS,
    LOCAL_AUTHORITIES,
    LocalAuthority,
    by_code,
    choices,
)

CSV_PATH = Path(__file__).resolve().parents[1] / "data" / "local_authorities.csv"

# GSS code prefix for each kind of authority.
PREFIX_FOR_KIND = {
    "county": "E10",
    "unitary": "E06",
    "metropolitan_borough": "E08",
    "london_borough": "E09",
    "principal_council": "W06",
}


def _names(nation: str | None = None) -> set[str]:
    return {la.name for la in LOCAL_AUTHORITIES if nation in (None, la.nation)}


def test_csv_has_the_agreed_columns() -> None:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "name", "nation", "kind", "name_cy"]
        rows = list(reader)
    assert len(rows) == len(LOCAL_AUTHORITIES)
    assert all(
        len(row) == 5 and all(cell == cell.strip() and cell for cell in row[:4]) for row in rows
    )
    # Every Welsh council has its Welsh name; no English council has one.
    assert all(bool(row[4]) == (row[2] == "wales") for row in rows)


def test_welsh_councils_are_named_in_welsh_on_welsh_pages() -> None:
    from django.utils import translation

    with translation.override("cy"):
        assert by_code("W06000015").local_name == "Caerdydd"
        assert ("W06000011", "Abertawe") in choices("wales")
        assert by_code("E08000035").local_name == "Leeds"
    with translation.override("en"):
        assert str(by_code("W06000015")) == "Cardiff"


def test_counts_by_nation_and_kind() -> None:
    nations = Counter(la.nation for la in LOCAL_AUTHORITIES)
    assert nations == {"england": 153, "wales": 22}
    kinds = Counter(la.kind for la in LOCAL_AUTHORITIES)
    assert kinds == {
        "county": 21,
        "unitary": 62,
        "metropolitan_borough": 36,
        "london_borough": 32,
        "sui_generis": 2,  # City of London, Isles of Scilly
        "principal_council": 22,
    }
    assert set(kinds) <= set(KINDS)


def test_codes_are_unique_and_well_formed() -> None:
    codes = [la.code for la in LOCAL_AUTHORITIES]
    assert len(codes) == len(set(codes))
    for la in LOCAL_AUTHORITIES:
        assert re.fullmatch(r"(E06|E08|E09|E10|W06)\d{6}", la.code), la
        assert la.code[0] == ("E" if la.nation == "england" else "W")
        if la.kind in PREFIX_FOR_KIND:
            assert la.code.startswith(PREFIX_FOR_KIND[la.kind]), la


def test_names_are_unique() -> None:
    names = [la.name for la in LOCAL_AUTHORITIES]
    assert len(names) == len(set(names))


def test_sorted_by_name() -> None:
    names = [la.name.casefold() for la in LOCAL_AUTHORITIES]
    assert names == sorted(names)


def test_2023_reorganisation() -> None:
    assert "Cumbria" not in _names()
    assert by_code("E10000006") is None  # Cumbria County Council, abolished April 2023
    assert by_code("E10000023") is None  # North Yorkshire County Council (now unitary)
    assert by_code("E10000027") is None  # Somerset County Council (now unitary)
    assert by_code("E06000063") == LocalAuthority("E06000063", "Cumberland", "england", "unitary")
    assert by_code("E06000064").name == "Westmorland and Furness"
    assert by_code("E06000065").name == "North Yorkshire"
    assert by_code("E06000065").kind == "unitary"
    assert by_code("E06000066").name == "Somerset"
    assert by_code("E06000066").kind == "unitary"


def test_earlier_reorganisations() -> None:
    assert by_code("E06000058").name == "Bournemouth, Christchurch and Poole"
    assert by_code("E06000059").name == "Dorset"
    assert by_code("E06000060").name == "Buckinghamshire"
    assert by_code("E06000061").name == "North Northamptonshire"
    assert by_code("E06000062").name == "West Northamptonshire"
    for gone in ("E10000002", "E10000009", "E10000021", "E06000028", "E06000029"):
        assert by_code(gone) is None, gone
    # Gateshead and Northumberland were recoded after a 2013 boundary change.
    assert by_code("E08000037").name == "Gateshead"
    assert by_code("E06000057").name == "Northumberland"
    assert by_code("E08000020") is None
    assert by_code("E06000048") is None


def test_no_district_councils() -> None:
    assert not any(la.code.startswith("E07") for la in LOCAL_AUTHORITIES)


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("E06000001", "Hartlepool", "unitary"),
        ("E06000053", "Isles of Scilly", "sui_generis"),
        ("E09000001", "City of London", "sui_generis"),
        ("E08000025", "Birmingham", "metropolitan_borough"),
        ("E09000033", "Westminster", "london_borough"),
        ("E10000016", "Kent", "county"),
        ("E10000030", "Surrey", "county"),
        ("W06000015", "Cardiff", "principal_council"),
        ("W06000001", "Isle of Anglesey", "principal_council"),
        ("W06000024", "Merthyr Tydfil", "principal_council"),
    ],
)
def test_known_authorities(code: str, name: str, kind: str) -> None:
    la = by_code(code)
    assert la is not None
    assert (la.name, la.kind) == (name, kind)
    assert str(la) == name


def test_all_22_welsh_principal_councils() -> None:
    assert _names("wales") == {
        "Blaenau Gwent", "Bridgend", "Caerphilly", "Cardiff", "Carmarthenshire",
        "Ceredigion", "Conwy", "Denbighshire", "Flintshire", "Gwynedd",
        "Isle of Anglesey", "Merthyr Tydfil", "Monmouthshire", "Neath Port Talbot",
        "Newport", "Pembrokeshire", "Powys", "Rhondda Cynon Taf", "Swansea",
        "Torfaen", "Vale of Glamorgan", "Wrexham",
    }  # fmt: skip


def test_the_21_remaining_county_councils() -> None:
    counties = {la.name for la in LOCAL_AUTHORITIES if la.kind == "county"}
    assert counties == {
        "Cambridgeshire", "Derbyshire", "Devon", "East Sussex", "Essex",
        "Gloucestershire", "Hampshire", "Hertfordshire", "Kent", "Lancashire",
        "Leicestershire", "Lincolnshire", "Norfolk", "Nottinghamshire", "Oxfordshire",
        "Staffordshire", "Suffolk", "Surrey", "Warwickshire", "West Sussex",
        "Worcestershire",
    }  # fmt: skip


def test_london_boroughs_are_codes_2_to_33_alphabetically() -> None:
    london = sorted(
        (la for la in LOCAL_AUTHORITIES if la.code.startswith("E09")), key=lambda la: la.code
    )
    assert [la.code for la in london] == [f"E09{n:06d}" for n in range(1, 34)]
    boroughs = [la.name for la in london[1:]]
    assert boroughs == sorted(boroughs)


def test_by_code_is_forgiving_about_case_and_spaces() -> None:
    assert by_code(" w06000015 ").name == "Cardiff"
    assert by_code("") is None
    assert by_code("S12000033") is None  # Aberdeen City: Scotland is out of scope
    assert by_code(None) is None  # type: ignore[arg-type]


def test_choices() -> None:
    everything = choices()
    assert len(everything) == 175
    assert everything == [(la.code, la.name) for la in LOCAL_AUTHORITIES]
    assert ("E06000063", "Cumberland") in everything
    wales = choices("wales")
    assert len(wales) == 22
    assert all(code.startswith("W06") for code, _ in wales)
    assert [name for _, name in wales] == sorted(name for _, name in wales)
    england = choices(nation="england")
    assert len(england) == 153
    assert set(england) | set(wales) == set(everything)


def test_choices_rejects_unknown_nation() -> None:
    with pytest.raises(ValueError):
        choices("scotland")


def test_records_are_immutable() -> None:
    la = LOCAL_AUTHORITIES[0]
    with pytest.raises(AttributeError):
        la.name = "Elsewhere"  # type: ignore[misc]
