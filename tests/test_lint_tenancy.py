"""``scripts/lint_tenancy.py``: views and API modules never reach a default manager unscoped."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "lint_tenancy.py"


def lint(*args, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(root: Path, relative: str, source: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return path


def test_the_real_tree_is_clean():
    """Every views.py and api.py under heard/ reaches tenant data through the organisation."""
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert lint("heard").returncode == 0


def test_a_view_using_objects_fails_with_file_and_line(tmp_path):
    """``Person.objects`` in a view fails the lint and names the file and line."""
    write(
        tmp_path,
        "leaky/views.py",
        "from heard.people.models import Person\n\n\ndef leak(request):\n"
        "    return Person.objects.all()\n",
    )
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "leaky/views.py:5:" in result.stdout
    assert "Person.objects" in result.stdout


def test_api_modules_are_checked_and_other_modules_are_not(tmp_path):
    """``api.py`` is linted like a view; services and selectors may use managers freely."""
    write(
        tmp_path, "app/api.py", "def get_queryset(self):\n    return Case._default_manager.all()\n"
    )
    write(tmp_path, "app/services.py", "def save():\n    return Case.objects.create()\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "app/api.py:2:" in result.stdout
    assert "services.py" not in result.stdout


def test_a_scoped_comment_with_a_reason_allows_the_line(tmp_path):
    """A ``# scoped:`` comment that explains why lets a deliberate use through."""
    write(
        tmp_path,
        "app/views.py",
        "def view(request):\n"
        "    users = User.objects.filter(\n"
        "        email=request.GET['email'],\n"
        "    )  # scoped: user accounts are not tenant data\n"
        "    return Organisation.objects.count()  # scoped: platform-wide total\n",
    )
    assert lint(tmp_path).returncode == 0


def test_a_bare_scoped_marker_or_a_string_does_not_count(tmp_path):
    """The comment must give a reason, and the marker inside a string is not a comment."""
    write(
        tmp_path,
        "app/views.py",
        "def view(request):\n"
        "    a = Person.objects.all()  # scoped:\n"
        "    b = Person.objects.none(); c = '# scoped: not a comment'\n",
    )
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "app/views.py:2:" in result.stdout
    assert "app/views.py:3:" in result.stdout


def test_a_reason_inside_a_loop_body_does_not_excuse_its_header(tmp_path):
    """In a compound statement only the lines of the access itself can carry the reason."""
    write(
        tmp_path,
        "app/views.py",
        "def view(request):\n"
        "    for person in Person.objects.all():\n"
        "        total = 1  # scoped: a reason on the wrong line\n",
    )
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "app/views.py:2:" in result.stdout


LEAK = "from heard.people.models import Person\n\n\ndef leak(request):\n    return Person.objects.all()\n"


def test_a_views_x_module_is_linted(tmp_path):
    """``views_x.py`` (any ``views*.py``) is a view module: an unscoped query in it fails."""
    write(tmp_path, "app/views_x.py", LEAK)
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "app/views_x.py:5:" in result.stdout


def test_a_module_in_a_views_package_is_linted(tmp_path):
    """``views/cases.py`` in a ``views/`` package, and ``api_v2.py``, are linted too."""
    write(tmp_path, "app/views/__init__.py", "")
    write(tmp_path, "app/views/cases.py", LEAK)
    write(tmp_path, "app/api_v2.py", LEAK)
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "app/views/cases.py:5:" in result.stdout
    assert "app/api_v2.py:5:" in result.stdout


def test_the_real_layout_is_covered():
    """The lint reads the modules of casework's and referrals' ``views/`` packages."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import lint_tenancy
    finally:
        sys.path.remove(str(SCRIPT.parent))
    linted = {path.relative_to(REPO).as_posix() for path in lint_tenancy.modules(REPO / "heard")}
    assert {"heard/casework/views/cases.py", "heard/referrals/views/public.py"} <= linted
    assert not any("/tests/" in path for path in linted)


def test_get_object_or_404_on_a_tenant_model_fails(tmp_path):
    """``get_object_or_404(Person, ...)`` fetches from every organisation; a scoped queryset or a
    model that is not tenant data passes, and so does a justified call."""
    write(
        tmp_path,
        "app/views.py",
        "from django.shortcuts import get_object_or_404\n"
        "from heard.people.models import Person\n\n\n"
        "def leak(request, pk):\n"
        "    return get_object_or_404(Person, pk=pk)\n\n\n"
        "def fine(request, pk, queryset):\n"
        "    return get_object_or_404(queryset, pk=pk)\n\n\n"
        "def organisation(request, slug):\n"
        "    return get_object_or_404(Organisation, slug=slug)\n\n\n"
        "def justified(request, pk):\n"
        "    return get_object_or_404(Case, pk=pk)  # scoped: checked by the caller\n",
    )
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "app/views.py:6:" in result.stdout
    assert "get_object_or_404(Person" in result.stdout
    assert result.stdout.count("get_object_or_404(") == 1
