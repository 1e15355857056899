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
