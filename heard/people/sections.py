"""Sections other areas add to the person's page: their cases, referrals and concerns.

People sits below casework, referrals and safeguarding, so it cannot import them. Each of
those registers a section here in its ``AppConfig.ready``: a template, the permission a
viewer needs to see it, and a loader ``loader(request, person) -> dict`` whose result the
template receives as ``section``. A loader reads everything it shows in a fixed number of
queries, so the person's page costs the same however many cases they have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonSection:
    template_name: str
    permission: str
    loader: Callable
    order: int = 100


@dataclass(frozen=True)
class LoadedSection:
    template_name: str
    data: dict


_SECTIONS: dict[str, PersonSection] = {}


def register_person_section(
    template_name: str, *, permission: str, loader: Callable, order: int = 100
) -> None:
    """Show ``template_name`` on the person's page to those with ``permission``, in ``order``."""
    _SECTIONS[template_name] = PersonSection(template_name, permission, loader, order)


def person_sections(request, person) -> list[LoadedSection]:
    """The sections this user may see, in display order, each with its loaded data."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.template_name)):
        if request.user.has_perm(section.permission, request.organisation):
            shown.append(LoadedSection(section.template_name, section.loader(request, person)))
    return shown
