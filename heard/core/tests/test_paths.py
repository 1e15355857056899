"""Paths reversed once per process: the same as ``reverse()``, under any URLconf."""

from django.test import override_settings
from django.urls import path, reverse

from heard.core.paths import fixed_path


def test_a_fixed_path_is_what_reverse_gives():
    for name in ("home", "accounts:logout", "set_language", "api:docs", "signin:keep_alive"):
        assert fixed_path(name) == reverse(name)
        assert fixed_path(name) == reverse(name)  # the second from memory, the same


def _nothing(request):
    raise AssertionError


urlpatterns = [path("elsewhere/", _nothing, name="home")]


def test_another_urlconf_gets_its_own_path():
    assert fixed_path("home") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert fixed_path("home") == "/elsewhere/"
    assert fixed_path("home") == "/"
