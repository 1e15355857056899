"""The django-helpdesk comparison in ``make bench``: its rows beside Heard's, and its site.

The comparison itself needs its own virtualenv and a seeded database (minutes); these check
what it reports and that its site names only what a plain installation needs.
"""

from tests.bench_loader import BENCH, load


def _national():
    return load("national")


def test_each_helpdesk_page_is_set_beside_heards_page_with_the_ratio():
    national = _national()
    heard = [
        {"label": "case list, first page", "client_p50": 50.0},
        {"label": "case detail", "client_p50": 40.0},
    ]
    helpdesk = [
        {"label": "helpdesk: ticket list, first 25 rows of data", "p50": 3250.0, "p95": 3400.0},
        {"label": "helpdesk: ticket page", "p50": 42.0, "p95": 60.0},
    ]
    lines = national.helpdesk_lines(("seeded 10 tickets.", helpdesk), heard)
    assert "seeded 10 tickets)" in lines[1]  # its own full stop dropped inside the brackets
    assert (
        "| ticket list, first 25 rows of data | 3250 | 3400 | case list, first page | 50 | 65.0× |"
        in lines
    )
    assert "| ticket page | 42 | 60 | case detail | 40 | 1.1× |" in lines


def test_a_heard_page_not_measured_in_the_run_gives_no_ratio():
    national = _national()
    helpdesk = [{"label": "helpdesk: ticket page", "p50": 42.0, "p95": 60.0}]
    lines = national.helpdesk_lines(("reused", helpdesk), [])
    assert lines[-1] == "| ticket page | 42 | 60 | case detail | – | – |"
    assert national.helpdesk_lines(None, []) == []


def test_the_helpdesk_site_is_kept_apart_from_heard():
    # Nothing beside the site's settings may shadow the helpdesk package it imports.
    assert not (BENCH / "helpdesk_site" / "helpdesk.py").exists()
    assert not (BENCH / "helpdesk_site" / "helpdesk").exists()
    pins = (BENCH / "helpdesk-requirements.txt").read_text().splitlines()
    assert "django-helpdesk==2.6.1" in pins
    assert all("==" in line for line in pins if line and not line.startswith("#"))
