"""``heard eligibility``: answers as JSON on stdin, the assessment as JSON on stdout.

Deliberately free of Django so it runs without settings or a migrated
database. Prints exactly one JSON object and nothing else, so it can sit in a
shell pipeline; the exit code says whether the input was valid.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from .answers import InvalidAnswers
from .engine import assess

__all__ = ["EXIT_INVALID", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_INVALID = 2


def main(stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Read one JSON object, print one JSON object, return the exit code.

    The streams default to ``sys.stdin``/``sys.stdout`` looked up at call
    time, so anything that swaps them (pytest's capture, a wrapper) is honoured.
    """
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    try:
        answers = json.loads(stdin.read())
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        output: dict[str, object] = {
            "errors": [{"field": "", "message": "The input is not valid JSON."}]
        }
        code = EXIT_INVALID
    else:
        try:
            output, code = assess(answers), EXIT_OK
        except InvalidAnswers as invalid:
            output, code = {"errors": invalid.errors}, EXIT_INVALID
    stdout.write(json.dumps(output) + "\n")
    stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
