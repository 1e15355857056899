"""The engine is pure Python: no Django, so it runs anywhere without settings or a database."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parents[1]


def test_importing_the_engine_does_not_import_django():
    code = (
        "import sys\n"
        "import heard.eligibility, heard.eligibility.cli, heard.eligibility.rules\n"
        "heard.eligibility.assess({'age': 10})\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    completed = subprocess.run(  # noqa: S603 - our own interpreter, our own fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_source_file_imports_django():
    """Checked statically too, including the tests and lazily imported code."""
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 5
    for path in sources:
        for name in imported_modules(path):
            assert name.split(".")[0] != "django", f"{path} imports {name}"
            assert name.split(".")[0] not in {"rest_framework", "psycopg"}, f"{path} imports {name}"
            if name.startswith("heard"):  # the rest of Heard is Django
                assert name.startswith("heard.eligibility"), f"{path} imports {name}"
