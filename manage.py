#!/usr/bin/env python
"""Django's command-line utility; ``heard`` (installed in .venv/bin) does the same."""

from heard.cli import main

if __name__ == "__main__":
    main()
