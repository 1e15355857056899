"""Who is and is not reaching advocacy: shares against the population, with 95% intervals.

Pure arithmetic, no Django. For each group:

* **share** of the people reached who are in the group (of those whose group is known);
* its 95% **Wilson score interval** (Wilson, E. B. (1927). "Probable inference, the law of
  succession, and statistical inference". *Journal of the American Statistical
  Association* 22 (158): 209–212), which behaves at 0 and for small counts where the
  normal approximation does not;
* the **expected share**: the group's share of the local population, or, when the
  population is known by age band, the share expected given the ages of the people
  reached (indirect age standardisation: the sum over age bands of the people reached in
  the band times the group's population share in that band, divided by all the people of
  known age);
* the **ratio** of share to expected share (1 means as expected);
* a **flag** when the whole interval is below the expected share (under-represented) or
  above it (over-represented). Only like-for-like comparisons are flagged: when the
  population is for all ages and the comparison is not age-standardised, the figures are
  shown, said to be all-ages, and not flagged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054

UNDER = "under"
OVER = "over"


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for ``successes`` out of ``trials``; None when no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and trials")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = (z / (1 + z2 / trials)) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    return (max(0.0, centre - half), min(1.0, centre + half))


def age_standardised_expected(
    reached_by_age: dict[str, int], population_share_by_age: dict[str, dict[str, float]]
) -> dict[str, float] | None:
    """Each group's expected share given the ages of the people reached; None if no ages.

    ``reached_by_age`` maps an age band to the people reached in it;
    ``population_share_by_age`` maps an age band to ``{group: share of that band}``.
    Bands with no population figures are left out (and so are their people).
    """
    usable = {
        band: n for band, n in reached_by_age.items() if n and band in population_share_by_age
    }
    total = sum(usable.values())
    if not total:
        return None
    groups = {group for shares in population_share_by_age.values() for group in shares}
    return {
        group: sum(n * population_share_by_age[band].get(group, 0.0) for band, n in usable.items())
        / total
        for group in groups
    }


@dataclass(frozen=True)
class Comparison:
    group: str
    people: int
    known: int
    share: float | None
    low: float | None
    high: float | None
    expected: float | None
    ratio: float | None
    flag: str  # UNDER, OVER or ""
    flaggable: bool


def compare(
    counts: dict[str, int], expected: dict[str, float], *, like_for_like: bool
) -> list[Comparison]:
    """Compare the people reached in each group with the expected shares.

    ``counts`` are people reached per group (known groups only: not "prefer not to say"
    nor unanswered). Groups in ``expected`` with nobody reached are included with 0.
    """
    known = sum(counts.values())
    rows = []
    for group in dict.fromkeys([*expected, *counts]):
        people = counts.get(group, 0)
        interval = wilson_interval(people, known)
        share = people / known if known else None
        pop = expected.get(group)
        ratio = share / pop if share is not None and pop else None
        flag = ""
        if like_for_like and interval and pop is not None:
            if interval[1] < pop:
                flag = UNDER
            elif interval[0] > pop:
                flag = OVER
        rows.append(
            Comparison(
                group=group,
                people=people,
                known=known,
                share=share,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
                expected=pop,
                ratio=ratio,
                flag=flag,
                flaggable=like_for_like,
            )
        )
    return rows
