"""``python -m heard.eligibility``: the same as ``heard eligibility``."""

import sys

from .cli import main

sys.exit(main())
