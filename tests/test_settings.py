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
        # A generous bound: a full migrate took over two minutes on a busy shared machine.
        # The bound only stops a hung process; nothing here is a timing check.
        timeout=600,
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


# Safe defaults: the command, the WSGI entry point and the demo ------------------------------

SHOW_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"


def test_heard_uses_the_production_settings_when_heard_env_is_production(production_env):
    del production_env["DJANGO_SETTINGS_MODULE"]
    production_env["HEARD_ENV"] = "production"
    result = run([str(HEARD), "shell", "--no-imports", "-c", SHOW_SETTINGS], env=production_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["heard.settings.production", "False"]


def test_heard_in_production_without_a_secret_key_refuses_to_start(production_env):
    del production_env["DJANGO_SETTINGS_MODULE"]
    del production_env["SECRET_KEY"]
    production_env["HEARD_ENV"] = "production"
    result = run([str(HEARD), "shell", "--no-imports", "-c", SHOW_SETTINGS], env=production_env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_wsgi_entry_point_defaults_to_the_production_settings(production_env):
    del production_env["DJANGO_SETTINGS_MODULE"]
    script = "import heard.wsgi; " + SHOW_SETTINGS
    result = run([PYTHON, "-c", script], env=production_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["heard.settings.production", "False"]


def test_production_refuses_the_published_development_key(production_env):
    production_env["SECRET_KEY"] = "heard-local-development-only-not-secret"
    result = run([PYTHON, "-c", "import django; django.setup()"], env=production_env)
    assert result.returncode != 0
    assert "development SECRET_KEY is public" in result.stderr


@pytest.fixture
def demo_env(tmp_path) -> dict[str, str]:
    """What ``make run`` gives the local settings: nothing set but where var/ is."""
    return base_env(HEARD_VAR_DIR=str(tmp_path))


def test_the_demo_runs_with_debug_off_and_a_random_key_of_its_own(demo_env, tmp_path):
    script = SHOW_SETTINGS + "; print(settings.SECRET_KEY)"
    first = run([str(HEARD), "shell", "--no-imports", "-c", script], env=demo_env)
    second = run([str(HEARD), "shell", "--no-imports", "-c", script], env=demo_env)
    assert first.returncode == 0, first.stderr
    module, debug, key = first.stdout.split()
    assert (module, debug) == ("heard.settings.dev", "False")
    assert key != "heard-local-development-only-not-secret" and len(key) >= 50
    assert second.stdout.split()[2] == key  # kept, so sessions survive a restart
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0


def test_the_demo_refuses_the_published_key_with_debug_off(demo_env):
    demo_env["SECRET_KEY"] = "heard-local-development-only-not-secret"
    result = run([str(HEARD), "shell", "--no-imports", "-c", SHOW_SETTINGS], env=demo_env)
    assert result.returncode != 0
    assert "development SECRET_KEY is public" in result.stderr


def test_the_demo_with_debug_on_may_use_the_development_key(demo_env):
    demo_env["DEBUG"] = "true"
    result = run([str(HEARD), "shell", "--no-imports", "-c", SHOW_SETTINGS], env=demo_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["heard.settings.dev", "True"]


def test_the_demo_shows_heards_own_404_page_and_still_serves_static_files(demo_env):
    """Debug off: no URL map on a wrong address, and the stylesheet still loads."""
    script = (
        "from django.test import Client; c = Client(HTTP_HOST='localhost');"
        "r = c.get('/no-such-page/'); print(r.status_code, b'Page not found' in r.content,"
        " b'URLconf' in r.content);"
        "s = c.get('/static/dist/heard.css'); print(s.status_code)"
    )
    result = run([str(HEARD), "shell", "--no-imports", "-c", script], env=demo_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "True", "False", "200"]


def test_the_shared_cache_is_the_database_or_redis_when_configured(production_env):
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run([PYTHON, "-c", "import django; django.setup(); " + script], env=production_env)
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    production_env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    result = run([PYTHON, "-c", "import django; django.setup(); " + script], env=production_env)
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_production_has_an_email_timeout(production_env):
    script = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    result = run([PYTHON, "-c", "import django; django.setup(); " + script], env=production_env)
    assert result.returncode == 0, result.stderr
    assert 0 < int(result.stdout) <= 30


def _database_options(env: dict[str, str]) -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({alias: settings.DATABASES[alias]['OPTIONS'] for alias in settings.DATABASES}))"
    )
    result = run([PYTHON, "-c", script], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(None, 5), ("0", 0), ("2", 2), ("off", None)],
    ids=["default", "0", "2", "off"],
)
def test_postgresql_binds_on_the_server_and_prepares_after_the_threshold(
    production_env, threshold, expected
):
    """No connection is made: the options only. URL options (sslmode) are kept beside them."""
    env = {
        **production_env,
        "DATABASE_URL": "postgres://heard@db.invalid:5432/heard?sslmode=require",
        "DATABASE_REPLICA_URL": "postgres://heard@replica.invalid:5432/heard",
    }
    if threshold is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = threshold
    options = _database_options(env)
    assert options["default"] == {
        "server_side_binding": True,
        "prepare_threshold": expected,
        "sslmode": "require",
    }
    assert options["replica"] == {"server_side_binding": True, "prepare_threshold": expected}


def test_a_prepare_threshold_that_is_not_a_number_is_named_at_start(production_env):
    env = {
        **production_env,
        "DATABASE_URL": "postgres://heard@db.invalid:5432/heard",
        "DATABASE_PREPARE_THRESHOLD": "five",
    }
    result = run([PYTHON, "-c", "import django; django.setup()"], env=env)
    assert result.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD is 'five': give a whole number" in result.stderr
