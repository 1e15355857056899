"""Production settings pass Django's deploy checks; the eligibility CLI needs no database."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HEARD = Path(sys.executable).parent / "heard"
# Only these are inherited: other tests set variables (e.g. DJANGO_ALLOW_ASYNC_UNSAFE for the
# browser tests) that would make a deployment check fail for reasons that are not ours.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def base_env(**extra: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in INHERITED if key in os.environ}
    env.update(extra)
    return env


def run(args, *, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and commands
        args,
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """A clean production environment: a real secret, one host, SQLite under a temp dir."""
    return base_env(
        DJANGO_SETTINGS_MODULE="heard.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="heard.example.org",
        HEARD_VAR_DIR=str(tmp_path),
    )


def test_production_settings_pass_the_deploy_checks(production_env):
    """``check --deploy`` reports nothing, not even a warning, with production settings."""
    assert len(production_env["SECRET_KEY"]) >= 50
    result = run(
        [PYTHON, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_checks_do_fail_on_an_insecure_setting(production_env):
    """The check is not vacuous: DEBUG forced on in production settings is reported."""
    script = (
        "import django, sys; from django.conf import settings; django.setup();"
        "settings.DEBUG = True;"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run([PYTHON, "-c", script], env=production_env)
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_production_settings_without_a_secret_key_refuse_to_start(production_env):
    """Without SECRET_KEY, production settings raise ImproperlyConfigured."""
    del production_env["SECRET_KEY"]
    result = run([PYTHON, "-c", "import django; django.setup()"], env=production_env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.fixture
def no_database_env(tmp_path) -> dict[str, str]:
    """An environment whose only database location is an empty directory."""
    return base_env(HEARD_VAR_DIR=str(tmp_path))


def test_heard_eligibility_answers_without_a_database(no_database_env, tmp_path):
    """``heard eligibility`` prints an assessment and exits 0, creating no database."""
    result = run(
        [str(HEARD), "eligibility"],
        env=no_database_env,
        stdin=json.dumps({"nation": "england", "age": 30, "mha": {"status": "s3"}}),
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert {"rules_version", "as_of", "results"} <= set(output)
    imha = next(r for r in output["results"] if r["type"] == "imha")
    assert imha["decision"] == "eligible"
    assert list(tmp_path.iterdir()) == []


def test_heard_eligibility_rejects_invalid_answers_with_exit_2(no_database_env):
    """Invalid answers give exit code 2 and a JSON object listing the errors."""
    result = run([str(HEARD), "eligibility"], env=no_database_env, stdin='{"age": true}')
    assert result.returncode == 2
    output = json.loads(result.stdout)
    assert list(output) == ["errors"]
    assert [error["field"] for error in output["errors"]] == ["age"]
