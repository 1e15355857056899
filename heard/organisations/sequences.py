"""Per-organisation reference numbers (people, cases, referrals), never reused.

The counter is advanced with one ``UPDATE … SET n = n + k … RETURNING n`` inside the
caller's transaction, which serialises concurrent writers on every database: the row
stays locked until the caller commits, so callers take their number as late as they can
(``referral_submit`` takes it just before its insert).
"""

import re

from django.db import connections, router

from .models import Organisation

SEQUENCES = {"person_sequence", "case_sequence", "referral_sequence"}


def reserve(organisation: Organisation, sequence: str, count: int = 1) -> range:
    """Reserve ``count`` numbers and return them (e.g. ``range(41, 43)``)."""
    if sequence not in SEQUENCES:
        raise ValueError(f"Unknown sequence {sequence!r}")
    connection = connections[router.db_for_write(Organisation)]
    column = connection.ops.quote_name(Organisation._meta.get_field(sequence).column)
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        # One statement, not an UPDATE then a SELECT (PostgreSQL and SQLite 3.35+); the
        # names are the model's own, quoted, and the values parameters.
        cursor.execute(
            f"UPDATE {table} SET {column} = {column} + %s WHERE id = %s RETURNING {column}",  # noqa: S608
            [count, organisation.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Organisation.DoesNotExist(f"No organisation {organisation.pk}")
    end = row[0]
    setattr(organisation, sequence, end)
    return range(end - count + 1, end + 1)


def next_number(organisation: Organisation, sequence: str) -> int:
    return reserve(organisation, sequence, 1)[0]


def prefix_from_name(name: str) -> str:
    """Capital initials of the name's words (2 to 4 letters): "Riverside Independent Advocacy" → RIA."""
    words = re.findall(r"[A-Za-z]+", name or "")
    initials = "".join(word[0] for word in words).upper()[:4]
    if len(initials) < 2:
        letters = "".join(words).upper()
        initials = letters[:3] if len(letters) >= 2 else "ORG"
    return initials


def unique_reference_prefix(name: str, *, exclude_pk=None) -> str:
    """A prefix from the name that no other organisation uses (RIA, then RIAA, RIAB, …)."""
    base = prefix_from_name(name)
    taken = set(
        Organisation.objects.exclude(pk=exclude_pk)
        .filter(reference_prefix__startswith=base)
        .values_list("reference_prefix", flat=True)
    )
    if base not in taken:
        return base
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    candidates = (base + a for a in letters)
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    for first in letters:
        for second in letters:
            candidate = (base + first + second)[:6]
            if candidate not in taken:
                return candidate
    raise ValueError("No reference prefix is free for this name: set one by hand")


def referral_reference(organisation: Organisation, year: int, number: int) -> str:
    """``RIA-2026-000001``: the organisation's prefix, the year received, its number."""
    return f"{organisation.reference_prefix}-{year}-{number:06d}"
