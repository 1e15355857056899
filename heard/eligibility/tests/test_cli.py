"""``heard eligibility``: one JSON object in, one JSON object out, exit 0 or 2."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from heard.eligibility import assess
from heard.eligibility.cli import main

REPO = Path(__file__).resolve().parents[3]


def run(text: str) -> tuple[int, str]:
    stdout = io.StringIO()
    code = main(stdin=io.StringIO(text), stdout=stdout)
    return code, stdout.getvalue()


def only_object(output: str) -> dict:
    """The output is exactly one JSON object on one line."""
    assert output.endswith("\n") and output.count("\n") == 1
    value = json.loads(output)
    assert isinstance(value, dict)
    return value


def test_valid_answers_exit_0_with_the_assessment():
    answers = {"nation": "england", "age": 30, "mha": {"status": "s3"}, "as_of": "2026-01-05"}
    code, output = run(json.dumps(answers))
    assert code == 0
    assert only_object(output) == assess(answers)


def test_empty_object_is_valid():
    code, output = run("{}")
    assert code == 0
    assert list(only_object(output)) == ["rules_version", "as_of", "results"]


def test_invalid_answers_exit_2_with_errors():
    code, output = run('{"age": true, "nation": "scotland"}')
    assert code == 2
    body = only_object(output)
    assert list(body) == ["errors"]
    assert [e["field"] for e in body["errors"]] == ["nation", "age"]


@pytest.mark.parametrize("text", ["[]", "42", '"hello"', "null", "true"])
def test_json_that_is_not_an_object_exits_2(text):
    code, output = run(text)
    assert code == 2
    assert only_object(output)["errors"][0]["field"] == ""


@pytest.mark.parametrize("text", ["", "{", "not json", "{'age': 3}", '{"age": 3} {"age": 4}'])
def test_text_that_is_not_json_exits_2(text):
    code, output = run(text)
    assert code == 2
    assert only_object(output) == {
        "errors": [{"field": "", "message": "The input is not valid JSON."}]
    }


def test_whitespace_around_the_object_is_fine():
    code, _ = run('\n  {"age": 40}\n\n')
    assert code == 0


def test_defaults_to_the_process_streams(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"age": 10}'))
    assert main() == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    only_object(captured.out)


def test_prints_nothing_else(capsys):
    run('{"age": 10}')
    run("[]")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_runs_as_a_module_without_django():
    completed = subprocess.run(
        [sys.executable, "-m", "heard.eligibility"],
        input='{"age": 10, "as_of": "2026-01-05"}',
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert only_object(completed.stdout)["as_of"] == "2026-01-05"

    completed = subprocess.run(
        [sys.executable, "-m", "heard.eligibility"],
        input='{"age": 45.0}',
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 2
    assert only_object(completed.stdout)["errors"][0]["field"] == "age"
