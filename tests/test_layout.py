"""The dependency direction between apps (ADR-0007).

Ground floor: ``core`` and ``design_system`` import no feature app. Feature apps do not
import the top floor (``dashboards``, ``demo``). Casework sits below challenges,
safeguarding, system change, speaking up and search, so it imports none of them: they
add themselves to the case page through ``heard.casework.sections``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

HEARD = Path(__file__).resolve().parent.parent / "heard"
GROUND_FLOOR = {"core", "design_system"}
TOP_FLOOR = {"dashboards", "demo"}
ABOVE_CASEWORK = {
    "challenges",
    "safeguarding",
    "system_change",
    "speaking_up",
    "search",
    "voice",
}
# The project's wiring, not an app: it may import anything.
WIRING = {"urls", "settings", "cli", "wsgi"}


def _app_modules() -> list[tuple[str, Path]]:
    """``(app, path)`` for every Python module of an app, leaving out tests and migrations."""
    found = []
    for path in HEARD.rglob("*.py"):
        relative = path.relative_to(HEARD)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        app = relative.parts[0].removesuffix(".py")
        if app in WIRING or app == "__init__":
            continue
        found.append((app, path))
    return found


def imported_apps(path: Path) -> set[str]:
    """The ``heard.<app>`` packages a module imports, at the top or inside a function."""
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "heard":
                names = [f"heard.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "heard" and len(parts) > 1:
                apps.add(parts[1])
    return apps


def edges() -> list[tuple[str, str, Path]]:
    return [
        (app, target, path)
        for app, path in _app_modules()
        for target in imported_apps(path)
        if target != app
    ]


def _describe(found) -> list[str]:
    return [
        f"{path.relative_to(HEARD.parent)}: {app} imports {target}" for app, target, path in found
    ]


def test_the_walk_sees_the_apps():
    """Guard against a test that checks nothing: the walk finds casework importing core."""
    assert ("casework", "core") in {(app, target) for app, target, _ in edges()}


def test_ground_floor_imports_no_feature_app():
    bad = [edge for edge in edges() if edge[0] in GROUND_FLOOR and edge[1] not in GROUND_FLOOR]
    assert not bad, _describe(bad)


def test_feature_apps_do_not_import_the_top_floor():
    bad = [edge for edge in edges() if edge[0] not in TOP_FLOOR and edge[1] in TOP_FLOOR]
    assert not bad, _describe(bad)


def test_demo_is_imported_by_no_app():
    bad = [edge for edge in edges() if edge[1] == "demo"]
    assert not bad, _describe(bad)


def test_casework_does_not_import_the_areas_above_it():
    bad = [edge for edge in edges() if edge[0] == "casework" and edge[1] in ABOVE_CASEWORK]
    assert not bad, _describe(bad)


@pytest.mark.parametrize("app", ["core", "design_system", "casework", "referrals"])
def test_templates_do_not_include_the_floors_above(app):
    """A template ``{% include %}`` is an import too."""
    above = (set(ABOVE_CASEWORK) | TOP_FLOOR) if app != "referrals" else TOP_FLOOR
    if app in GROUND_FLOOR:
        above = {path.name for path in HEARD.iterdir() if path.is_dir()} - GROUND_FLOOR
    pattern = re.compile(r"""{%\s*(?:include|extends)\s+["'](\w+)/""")
    bad = [
        f"{template.relative_to(HEARD.parent)} uses {match}/"
        for template in (HEARD / app).rglob("templates/**/*.html")
        for match in pattern.findall(template.read_text(encoding="utf-8"))
        if match in above
    ]
    assert not bad, bad


def test_an_import_edge_is_detected(tmp_path):
    """The import walk reads ``from heard import x``, ``import heard.x`` and imports in functions."""
    module = tmp_path / "m.py"
    module.write_text(
        "import heard.people.models\nfrom heard import audit\n"
        "def f():\n    from heard.dashboards.views import home\n"
    )
    assert imported_apps(module) == {"people", "audit", "dashboards"}


def test_views_do_not_write_the_audit_trail():
    """Access and change events are written by services (ADR-0004), never by a view."""
    bad = [
        path.relative_to(HEARD.parent).as_posix()
        for app, path in _app_modules()
        if (path.stem.startswith(("views", "api")) or path.parent.name == "views")
        and "audit_record" in path.read_text(encoding="utf-8")
    ]
    assert not bad, bad
