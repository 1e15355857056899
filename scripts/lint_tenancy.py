#!/usr/bin/env python3
"""Fail when a view or API module reaches a model's default manager directly.

Views and API endpoints must reach tenant data through the organisation
(``scoped``/``get_scoped_or_404`` in ``heard/organisations/tenancy.py``), so a
forgotten filter cannot leak another organisation's records (ADR-0003). This
flags every ``X.objects`` (and ``X._default_manager``) in every view and API
module under the root: ``views*.py``, ``api*.py`` and the modules of ``views/``
and ``api/`` packages. A use that is deliberately unscoped stays allowed
when its line (or another line of the same statement) carries a comment saying why::

    User.objects.filter(...)  # scoped: users are not tenant data

Usage: ``python scripts/lint_tenancy.py [ROOT]`` (ROOT defaults to the repository's ``heard``).
Exit 0 when clean, 1 when anything is flagged. Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANAGER_ATTRIBUTES = {"objects", "_default_manager"}
MARKER = "# scoped:"


def justified_lines(source: str) -> set[int]:
    """Lines with a ``# scoped: <reason>`` comment (a bare marker does not count)."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        comment = token.type == tokenize.COMMENT and token.string.startswith(MARKER)
        if comment and token.string[len(MARKER) :].strip():
            lines.add(token.start[0])
    return lines


def check_source(source: str, filename: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each unjustified default-manager access in ``source``."""
    tree = ast.parse(source, filename=filename)
    justified = justified_lines(source)
    problems = []
    for statement, node in _manager_accesses(tree):
        # A statement split over lines may carry the comment on any of its lines; in a
        # compound statement (if, for, with, ...) only the lines of the access itself count.
        where = node if hasattr(statement, "body") else statement
        span = range(where.lineno, (where.end_lineno or where.lineno) + 1)
        if justified.isdisjoint(span):
            owner = ast.unparse(node.value)
            problems.append(
                (
                    node.end_lineno or node.lineno,
                    f"{owner}.{node.attr} in a view: reach tenant data through scoped() or "
                    f"get_scoped_or_404(), or explain with '{MARKER} <why>'",
                )
            )
    return sorted(problems)


def _manager_accesses(tree: ast.AST):
    """``(innermost statement, attribute node)`` for each ``X.objects``-style access."""
    stack: list[tuple[ast.AST, ast.stmt | None]] = [(tree, None)]
    while stack:
        node, statement = stack.pop()
        if isinstance(node, ast.stmt):
            statement = node
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES:
            yield statement, node
        stack.extend((child, statement) for child in ast.iter_child_nodes(node))


def is_view_module(path: Path) -> bool:
    """``views*.py``, ``api*.py`` and every module of a ``views/`` or ``api/`` package."""
    if "tests" in path.parts or "migrations" in path.parts:
        return False
    stem = path.stem
    return stem.startswith(("views", "api")) or path.parent.name in {"views", "api"}


def modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if p.is_file() and is_view_module(p))


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "root", nargs="?", default=None, help="Directory to scan (default: the repo's heard/)."
    )
    args = parser.parse_args(argv)
    root = Path(args.root) if args.root else REPO / "heard"
    if not root.is_dir():
        print(f"lint_tenancy: {root} is not a directory", file=sys.stderr)
        return 2
    failures = 0
    for path in modules(root):
        try:
            problems = check_source(path.read_text(encoding="utf-8"), str(path))
        except SyntaxError as error:
            problems = [(error.lineno or 0, f"cannot parse: {error.msg}")]
        for line, message in problems:
            print(f"{display(path)}:{line}: {message}")
        failures += len(problems)
    if failures:
        print(f"lint_tenancy: {failures} unscoped manager access(es)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
