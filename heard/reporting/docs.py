"""The measures section of docs/reporting.md, written from the registry so the two agree.

``heard measure-definitions`` prints it; a test fails when the page is out of date.
"""

from __future__ import annotations

from . import measures

BEGIN = "<!-- measures:begin (written by `heard measure-definitions`; do not edit by hand) -->"
END = "<!-- measures:end -->"


def measures_markdown() -> str:
    lines = [BEGIN, "", f"Definitions version **{measures.DEFINITIONS_VERSION}**.", ""]
    titles = dict(measures.SECTIONS)
    for section, title in titles.items():
        lines += [f"### {title}", ""]
        for key, measure in measures.MEASURES.items():
            if measure.section == section:
                lines.append(f"- **`{key}`**: {measure.definition}")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)
