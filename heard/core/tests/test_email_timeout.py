"""A mail server that accepts the connection and never answers cannot hang a referral."""

import socket
import threading
import time

import pytest

from heard.referrals.models import Source
from heard.referrals.services import notifications
from tests.factories import ReferralFactory


@pytest.fixture
def silent_smtp_server():
    """Listens and accepts, but never sends the SMTP greeting."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.django_db
def test_referral_emails_give_up_after_the_email_timeout(
    settings, organisation, silent_smtp_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent_smtp_server
    settings.EMAIL_TIMEOUT = 1
    referral = ReferralFactory(organisation=organisation, source=Source.PUBLIC_PROFESSIONAL)
    started = time.monotonic()
    sent = notifications.send_referral_notifications(referral)
    elapsed = time.monotonic() - started
    # Each message waits at most EMAIL_TIMEOUT for the silent server, then is logged as lost.
    assert elapsed < 5, elapsed
    assert not any(sent.values())
