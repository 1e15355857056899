"""Permissions are named once (``Perm``): each is registered with rules, and every permission a
template or view asks for is one of them."""

import re
from pathlib import Path

import rules

from heard.core.permissions import Perm

HEARD = Path(__file__).resolve().parents[2]


def test_every_perm_has_a_rule():
    missing = [perm for perm in Perm if not rules.perm_exists(perm)]
    assert missing == []


def test_templates_ask_only_for_named_permissions():
    asked = {
        (template.relative_to(HEARD).as_posix(), name)
        for template in HEARD.rglob("*.html")
        for name in re.findall(r"""has_perm\s+["']([a-z_]+\.[a-z_]+)["']""", template.read_text())
    }
    assert asked, "the walk found no template permission checks"
    unknown = sorted(item for item in asked if item[1] not in set(Perm))
    assert unknown == []


def test_python_asks_through_perm_not_bare_strings():
    """A bare ``"app.action"`` string naming a permission outside ``rules.py`` files' neighbours
    would skip the import check; views and services say ``Perm.APP_ACTION``."""
    values = {str(perm) for perm in Perm}
    bare = [
        f"{path.relative_to(HEARD)}: {match}"
        for path in HEARD.rglob("*.py")
        if "tests" not in path.parts and path.name != "permissions.py"
        for match in re.findall(r'"([a-z_]+\.[a-z_]+)"', path.read_text())
        if match in values
    ]
    assert bare == []
