"""Sections other areas add to the case page.

Challenges, safeguarding and system change sit above casework: they register a template
here (in their ``AppConfig.ready``) and the case page includes each one, so casework never
imports them. Each template gets the page's context, including ``case``.
"""

from __future__ import annotations

_SECTIONS: dict[str, int] = {}


def register_case_section(template_name: str, *, order: int = 100) -> None:
    """Show ``template_name`` on the case page, after the records, in ``order``."""
    _SECTIONS[template_name] = order


def case_sections() -> list[str]:
    """The registered templates in display order (then by name, so the order is stable)."""
    return [name for name, _ in sorted(_SECTIONS.items(), key=lambda item: (item[1], item[0]))]


# Links in the case page's "On this case" list to the sections other areas add. Each is a
# template rendering one ``<li>`` (or nothing, when the user would not see the section),
# so the area that owns the section decides when its link shows.
_LINKS: dict[str, int] = {}


def register_case_link(template_name: str, *, order: int = 100) -> None:
    """Add ``template_name`` (one list item) to the case page's contents, before History."""
    _LINKS[template_name] = order


def case_links() -> list[str]:
    return [name for name, _ in sorted(_LINKS.items(), key=lambda item: (item[1], item[0]))]


# Loose ends: what is still open when a case closes. Areas above casework register a finder
# (``finder(case) -> list[str]``, one sentence per open item) in their ``AppConfig.ready``.
_LOOSE_ENDS: dict[str, object] = {}


def register_loose_ends(key: str, finder) -> None:
    """Add ``finder`` (once per ``key``) to what the closing page lists and asks to confirm."""
    _LOOSE_ENDS[key] = finder


def loose_ends(case) -> list[str]:
    """Everything still open on ``case``: open tasks, and what other areas register."""
    from django.utils.translation import gettext

    from heard.casework.models import Task

    found = [
        gettext("Task not done: %(title)s") % {"title": title}
        for title in Task.objects.in_effect()
        .filter(case=case, completed_at__isnull=True)
        .order_by("due_on", "id")
        .values_list("title", flat=True)
    ]
    for key in sorted(_LOOSE_ENDS):
        found += _LOOSE_ENDS[key](case)
    return found
