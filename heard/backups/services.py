"""Backups that can be restored and proved complete.

``make_backup`` writes one archive: a manifest (row count and checksum of every
table), the database (PostgreSQL custom-format ``pg_dump``, or a copy of the
SQLite file through SQLite's online backup) and every stored file (case
documents included), optionally encrypted with a passphrase. ``restore_backup``
refuses a database that already holds data, restores, then recomputes every
table's count and checksum and fails loudly if any differs.

On PostgreSQL the checksums and the dump read one exported snapshot, so a
backup taken while people work is still consistent with its own manifest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import connection

from . import crypto

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """Something a person running the command can act on."""


@dataclass(frozen=True)
class Target:
    """A database to back up from or restore into."""

    engine: str  # "postgresql" or "sqlite"
    name: str  # database name, or the SQLite file path
    dsn: str = ""  # libpq connection string (PostgreSQL)

    @classmethod
    def from_url(cls, url: str) -> Target:
        parsed = urlparse(url)
        if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
            return cls("postgresql", unquote(parsed.path.lstrip("/")), url)
        if parsed.scheme == "sqlite":
            return cls("sqlite", unquote(parsed.path))
        raise BackupError(f"Heard backs up PostgreSQL and SQLite databases, not {parsed.scheme}.")

    @classmethod
    def configured(cls) -> Target:
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            return cls("sqlite", str(db["NAME"]))
        if db["ENGINE"].endswith("postgresql"):
            parts = {
                "host": db.get("HOST") or "",
                "port": str(db.get("PORT") or ""),
                "user": db.get("USER") or "",
                "password": db.get("PASSWORD") or "",
                "dbname": db["NAME"],
            }
            dsn = " ".join(f"{key}='{value}'" for key, value in parts.items() if value)
            return cls("postgresql", db["NAME"], dsn)
        raise BackupError("Heard backs up PostgreSQL and SQLite databases only.")


# --- Fingerprints: a row count and a checksum for every table ------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _canonical(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return "t:" + value.isoformat()
    return type(value).__name__ + ":" + str(value)


def _fingerprint_tables(cursor, tables: list[str]) -> dict[str, dict]:
    result = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - names from the catalogue
        digest = hashlib.sha256()
        # Row order on disk is not preserved by a restore, so hash each row on
        # its own and combine the sorted row hashes.
        row_hashes = []
        while rows := cursor.fetchmany(2000):
            for row in rows:
                row_hashes.append(
                    hashlib.sha256("\x1f".join(map(_canonical, row)).encode()).digest()
                )
        for row_hash in sorted(row_hashes):
            digest.update(row_hash)
        result[table] = {"rows": len(row_hashes), "sha256": digest.hexdigest()}
    return result


def _sqlite(name: str) -> sqlite3.Connection:
    # The test suite's in-memory database is named by a URI; files by a path.
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _postgres_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def fingerprint(target: Target) -> dict[str, dict]:
    """Row count and checksum of every table in ``target``."""
    if target.engine == "sqlite":
        with contextlib.closing(_sqlite(target.name)) as db:
            cursor = db.cursor()
            return _fingerprint_tables(cursor, _sqlite_tables(cursor))
    import psycopg

    with psycopg.connect(target.dsn) as db, db.cursor() as cursor:
        return _fingerprint_tables(cursor, _postgres_tables(cursor))


# --- Making a backup --------------------------------------------------------------


def _dump_postgres(target: Target, workdir: Path) -> tuple[Path, dict]:
    import psycopg

    dump = workdir / POSTGRES_DUMP
    with psycopg.connect(target.dsn) as db:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = db.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with db.cursor() as cursor:
            tables = _fingerprint_tables(cursor, _postgres_tables(cursor))
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={dump}",
            f"--dbname={target.dsn}",
        ]
        _run(command)
        db.execute("COMMIT")
    return dump, tables


def _copy_sqlite(target: Target, workdir: Path) -> tuple[Path, dict]:
    copy = workdir / SQLITE_COPY
    destination = sqlite3.connect(copy)
    try:
        if target == Target.configured():
            connection.ensure_connection()
            connection.connection.backup(destination)
        else:
            with contextlib.closing(_sqlite(target.name)) as source:
                source.backup(destination)
    finally:
        destination.close()
    return copy, fingerprint(Target("sqlite", str(copy)))


def _run(command: list[str]) -> None:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed. On Debian: apt-get install postgresql-client"
        ) from error
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


def _stored_files(storage, directory: str = ""):
    directories, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}{name}"
    for name in sorted(directories):
        yield from _stored_files(storage, f"{directory}{name}/")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def make_backup(
    output: Path, *, passphrase: str | None = None, target: Target | None = None
) -> dict:
    """Write a backup archive to ``output`` and return its manifest."""
    target = target or Target.configured()
    storage = storages["default"]
    with tempfile.TemporaryDirectory(prefix="heard-backup-") as work:
        workdir = Path(work)
        if target.engine == "postgresql":
            database_file, tables = _dump_postgres(target, workdir)
        else:
            database_file, tables = _copy_sqlite(target, workdir)
        files = list(_stored_files(storage)) if _storage_exists(storage) else []
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(tz=dt.UTC).isoformat(),
            "engine": target.engine,
            "database_file": database_file.name,
            "tables": tables,
            "files": len(files),
            "encrypted": bool(passphrase),
        }
        partial = output.with_name(output.name + ".partial")
        with open(partial, "wb") as raw:
            sink = crypto.EncryptingWriter(raw, passphrase) if passphrase else raw
            with tarfile.open(fileobj=sink, mode="w|gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(database_file, arcname=database_file.name)
                for name in files:
                    with storage.open(name, "rb") as handle:
                        info = tarfile.TarInfo(MEDIA_PREFIX + name)
                        info.size = storage.size(name)
                        archive.addfile(info, handle)
            if passphrase:
                sink.close()
        os.replace(partial, output)
    return manifest


def _storage_exists(storage) -> bool:
    try:
        storage.listdir("")
    except FileNotFoundError:
        return False
    return True


# --- Restoring --------------------------------------------------------------------


def _open_archive(path: Path, passphrase: str | None):
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller's ExitStack
    if crypto.is_encrypted(path):
        if not passphrase:
            raw.close()
            raise BackupError("This backup is encrypted: give its passphrase.")
        try:
            return raw, crypto.DecryptingReader(raw, passphrase)
        except crypto.DecryptionError as error:
            raw.close()
            raise BackupError(str(error)) from error
    return raw, raw


def _ensure_empty(target: Target) -> None:
    if target.engine == "sqlite":
        with contextlib.closing(_sqlite(target.name)) as db:
            if _sqlite_tables(db.cursor()):
                raise BackupError(
                    f"{target.name} already holds tables. Restore into an empty database."
                )
        return
    import psycopg

    with psycopg.connect(target.dsn) as db, db.cursor() as cursor:
        if _postgres_tables(cursor):
            raise BackupError(
                f"The database {target.name} already holds tables. Restore into an empty database."
            )


def restore_backup(
    path: Path,
    *,
    passphrase: str | None = None,
    target: Target | None = None,
    storage=None,
) -> dict:
    """Restore ``path`` into an empty database and storage, then prove it complete."""
    target = target or Target.configured()
    storage = storage or storages["default"]
    _ensure_empty(target)
    with tempfile.TemporaryDirectory(prefix="heard-restore-") as work:
        workdir = Path(work)
        manifest = None
        raw, source = _open_archive(path, passphrase)
        # Nothing is written to the database or the storage until the whole
        # archive has been read (and, when encrypted, authenticated).
        staged_files: list[str] = []
        try:
            with tarfile.open(fileobj=source, mode="r|gz") as archive:
                for member in archive:
                    if member.name == MANIFEST:
                        manifest = json.load(archive.extractfile(member))
                        _check_manifest(manifest, target)
                    elif manifest is None:
                        raise BackupError("This file is not a Heard backup (no manifest first).")
                    elif member.name == manifest["database_file"]:
                        with open(workdir / member.name, "wb") as out:
                            shutil.copyfileobj(archive.extractfile(member), out)
                    elif member.name.startswith(MEDIA_PREFIX) and member.isfile():
                        name = member.name[len(MEDIA_PREFIX) :]
                        if ".." in Path(name).parts or name.startswith("/"):
                            raise BackupError(f"Refusing an unsafe file name: {name}")
                        staged = workdir / "media" / name
                        staged.parent.mkdir(parents=True, exist_ok=True)
                        with open(staged, "wb") as out:
                            shutil.copyfileobj(archive.extractfile(member), out)
                        staged_files.append(name)
        except crypto.DecryptionError as error:
            raise BackupError(str(error)) from error
        except (tarfile.TarError, EOFError, OSError) as error:
            raise BackupError(f"The backup file cannot be read: {error}") from error
        finally:
            raw.close()
        if manifest is None:
            raise BackupError("This file is not a Heard backup (no manifest).")
        database_file = workdir / manifest["database_file"]
        if not database_file.exists():
            raise BackupError("The backup holds no database.")
        if target.engine == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    f"--dbname={target.dsn}",
                    str(database_file),
                ]
            )
        else:
            _restore_sqlite(database_file, Path(target.name))
        for name in staged_files:
            if storage.exists(name):
                storage.delete(name)
            with open(workdir / "media" / name, "rb") as handle:
                storage.save(name, File(handle, name=name))
        restored_files = len(staged_files)
    mismatches = compare(manifest["tables"], fingerprint(target))
    if mismatches:
        raise BackupError("The restored database differs from the backup: " + "; ".join(mismatches))
    if restored_files != manifest["files"]:
        raise BackupError(
            f"The backup lists {manifest['files']} files but {restored_files} were restored."
        )
    return manifest


def _check_manifest(manifest: dict, target: Target) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError("This backup was made by a different version of Heard's backup format.")
    if manifest.get("engine") != target.engine:
        raise BackupError(
            f"This is a {manifest.get('engine')} backup; it cannot be restored into {target.engine}."
        )


def _restore_sqlite(copy: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(copy)) as source,
        contextlib.closing(_sqlite(str(destination))) as target,
    ):
        source.backup(target)


def compare(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """Plain-words differences between two fingerprints (empty when they match)."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"table {table} is missing")
        elif table not in expected:
            problems.append(f"table {table} was not in the backup")
        elif expected[table]["rows"] != actual[table]["rows"]:
            problems.append(
                f"table {table} has {actual[table]['rows']} rows, expected {expected[table]['rows']}"
            )
        elif expected[table]["sha256"] != actual[table]["sha256"]:
            problems.append(f"table {table} has different contents")
    return problems
