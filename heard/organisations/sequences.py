"""Per-organisation reference numbers (people, cases, referrals), never reused.

The counter is advanced with one ``UPDATE … SET n = n + k`` inside the
caller's transaction, which serialises concurrent writers on every database.
"""

from django.db.models import F

from .models import Organisation

SEQUENCES = {"person_sequence", "case_sequence", "referral_sequence"}


def reserve(organisation: Organisation, sequence: str, count: int = 1) -> range:
    """Reserve ``count`` numbers and return them (e.g. ``range(41, 43)``)."""
    if sequence not in SEQUENCES:
        raise ValueError(f"Unknown sequence {sequence!r}")
    Organisation.objects.filter(pk=organisation.pk).update(**{sequence: F(sequence) + count})
    end = Organisation.objects.values_list(sequence, flat=True).get(pk=organisation.pk)
    setattr(organisation, sequence, end)
    return range(end - count + 1, end + 1)


def next_number(organisation: Organisation, sequence: str) -> int:
    return reserve(organisation, sequence, 1)[0]
