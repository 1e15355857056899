"""A NUL byte in any search or filter box is bad input, not a server error, on every database.

PostgreSQL refuses text containing NUL, so a filter value that reaches a query unchecked
fails there while SQLite accepts it; this runs on both (the fuzz test runs on SQLite).
"""

import pytest

from tests.test_fuzz import NAMES, forms_on, url_for, world  # noqa: F401 - world is a fixture

pytestmark = pytest.mark.django_db


def test_nul_bytes_in_every_get_form_are_not_a_server_error(client, world):  # noqa: F811
    client.force_login(world["admin"])
    checked = 0
    for name in NAMES:
        if name.startswith(("refer:", "accounts:")):
            continue
        url = url_for(name, world)
        page = client.get(url)
        if page.streaming or page.status_code != 200:
            continue
        for form in forms_on(page.content.decode(errors="replace"), url):
            if form["method"] != "get" or not form["fields"]:
                continue
            values = {field: "a\x00b" for field in form["fields"]}
            response = client.get(form["action"], values)
            assert response.status_code < 500, (form["action"], sorted(values))
            checked += 1
        assert client.get(url, {"q": "\x00", "page": "\x00"}).status_code < 500, url
    assert checked >= 5  # the people, case, referral, challenge and register filters at least
