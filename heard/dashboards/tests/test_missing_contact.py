"""Admins are told, on their home page, when people referred have no way to get in touch."""

from heard.organisations.models import Role
from tests.pages import markup_of


def test_admin_home_warns_without_public_phone_or_email(client_as, organisation):
    organisation.settings = {}
    organisation.save()
    markup = markup_of(client_as(Role.ADMIN, organisation).get("/"))
    assert 'id="missing-public-contact"' in markup
    assert 'href="/organisation/settings/"' in markup


def test_no_warning_once_either_is_set(client_as, organisation):
    organisation.settings = {"contact_email": "hello@riverside.example.org"}
    organisation.save()
    assert 'id="missing-public-contact"' not in markup_of(
        client_as(Role.ADMIN, organisation).get("/")
    )


def test_managers_who_cannot_change_settings_are_not_warned(client_as, organisation):
    organisation.settings = {}
    organisation.save()
    assert 'id="missing-public-contact"' not in markup_of(
        client_as(Role.MANAGER, organisation).get("/")
    )
