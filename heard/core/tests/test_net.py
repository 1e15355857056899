from django.test import RequestFactory, override_settings

from heard.core.net import client_ip


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client():
    assert client_ip(request("10.0.0.2", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_forged_entry_left_of_the_real_client_is_not_believed():
    assert client_ip(request("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.5")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address():
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_garbage_in_the_header_falls_back_to_the_proxy_address():
    assert client_ip(request("10.0.0.2", "not-an-address")) == "10.0.0.2"


def test_no_request_has_no_address():
    assert client_ip(None) is None
