"""Which kinds of statutory advocacy a person is entitled to, and why.

Pure Python (no Django, no database) so the same engine serves the web app,
the public API, the ``heard eligibility`` command and anyone's scripts. See
``docs/eligibility.md`` for the contract and the rules.

    >>> from heard.eligibility import assess
    >>> assess({"age": 10, "as_of": "2026-01-05"})["results"][1]["decision"]
    'not_eligible'
"""

from .answers import InvalidAnswers, ValidationError, validate
from .engine import RULES_VERSION, assess

__all__ = ["RULES_VERSION", "InvalidAnswers", "ValidationError", "assess", "validate"]
