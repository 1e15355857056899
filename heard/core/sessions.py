"""Sessions in the database, with a visitor's session written without waiting for the disk.

Nobody is signed in to a public form: its session holds only the draft a referrer is
typing and, after the final POST, the reference to show. Saving it is a transaction of its
own after the page's work, and waiting for PostgreSQL to flush that commit to disk doubled
the flushes of every public page (the final POST already waits for the referral's own).
So a session without a signed-in user is saved with ``synchronous_commit = off``: the
commit returns at once and reaches the disk within PostgreSQL's ``wal_writer_delay``
(200 ms by default). A crash in that window can lose a draft page's answers (the visitor
types them again) or the reference on the "sent" page, never a referral, which is
committed, durably, before the redirect. Staff sessions, deleting a session (signing
out) and a save inside a larger transaction keep the ordinary, durable commit.
"""

from __future__ import annotations

import logging

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils import timezone

from heard.core.reused_sql import reused


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """Django's read, compiled once per process: every signed-in page runs it first."""
        try:
            return reused(
                self.model.objects.filter(
                    session_key=self.session_key, expire_date__gt=timezone.now()
                )
            ).get()
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None

    def save(self, must_create: bool = False) -> None:
        using = router.db_for_write(self.model, instance=None)
        connection = connections[using]
        if (
            connection.vendor != "postgresql"
            or connection.in_atomic_block  # never relax a transaction someone else opened
            or self._get_session(no_load=must_create).get(SESSION_KEY) is not None
        ):
            super().save(must_create=must_create)
            return
        if self.session_key is None:
            self.create()  # a new key, then back here with ``must_create``
            return
        # Django's own save would open a savepoint inside this transaction (two more round
        # trips for every public page); the transaction is the save's alone, so none is needed.
        obj = self.create_model_instance(self._get_session(no_load=must_create))
        try:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                obj.save(force_insert=must_create, force_update=not must_create, using=using)
        except IntegrityError as error:
            if must_create:
                raise CreateError from error
            raise
        except DatabaseError as error:
            if not must_create:
                raise UpdateError from error
            raise
