"""Backups restore into an empty database with every table's rows and checksum intact."""

import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from heard.backups import crypto
from heard.backups.services import (
    BackupError,
    Target,
    compare,
    fingerprint,
    make_backup,
    restore_backup,
)
from tests.factories import ActivityFactory, CaseFactory, DocumentFactory, IssueFactory

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def casework():
    """Some real records, a document file among them."""
    case = CaseFactory()
    IssueFactory(case=case, organisation=case.organisation)
    ActivityFactory.create_batch(3, case=case, organisation=case.organisation)
    DocumentFactory(case=case, organisation=case.organisation)
    storages["default"].save("documents/backup-check.txt", ContentFile(b"a stored file"))
    return case


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the same kind as the one under test."""
    if not ON_POSTGRES:
        yield Target("sqlite", str(tmp_path / "restored.sqlite3"))
        return
    admin = {**settings.DATABASES["default"]}
    name = f"heard_restore_{uuid.uuid4().hex[:10]}"
    dsn = _dsn(admin, admin["NAME"])
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target("postgresql", name, _dsn(admin, name))
    finally:
        with psycopg.connect(dsn, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dsn(db, name):
    parts = {
        "host": db.get("HOST"),
        "port": db.get("PORT"),
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "dbname": name,
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


@pytest.fixture
def empty_storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "restored-media")


def test_a_backup_restores_into_an_empty_database_with_every_table_matching(
    casework, tmp_path, empty_target, empty_storage
):
    archive = tmp_path / "backup.tar.gz"
    manifest = make_backup(archive)

    assert manifest["tables"]["casework_activity"]["rows"] == 3
    assert manifest["files"] >= 1

    restore_backup(archive, target=empty_target, storage=empty_storage)

    source = {table: data for table, data in manifest["tables"].items()}
    restored = fingerprint(empty_target)
    assert compare(source, restored) == []
    assert restored["casework_case"]["rows"] == 1
    assert empty_storage.open("documents/backup-check.txt").read() == b"a stored file"


def test_the_manifest_matches_the_live_database_it_was_taken_from(casework, tmp_path):
    manifest = make_backup(tmp_path / "backup.tar.gz")
    live = {
        table: data
        for table, data in manifest["tables"].items()
        if table in connection.introspection.table_names()
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM casework_issue")
        assert live["casework_issue"]["rows"] == cursor.fetchone()[0] == 1


def test_an_encrypted_backup_needs_its_passphrase(casework, tmp_path, empty_target, empty_storage):
    archive = tmp_path / "backup.tar.gz.enc"
    make_backup(archive, passphrase="correct horse battery staple")
    assert crypto.is_encrypted(archive)
    assert b"casework_activity" not in archive.read_bytes()

    with pytest.raises(BackupError, match="encrypted"):
        restore_backup(archive, target=empty_target, storage=empty_storage)
    with pytest.raises(BackupError, match="passphrase is wrong"):
        restore_backup(archive, passphrase="wrong", target=empty_target, storage=empty_storage)

    restore_backup(
        archive,
        passphrase="correct horse battery staple",
        target=empty_target,
        storage=empty_storage,
    )
    assert fingerprint(empty_target)["casework_activity"]["rows"] == 3


def test_a_changed_or_cut_short_encrypted_backup_is_refused(
    casework, tmp_path, empty_target, empty_storage
):
    archive = tmp_path / "backup.tar.gz.enc"
    make_backup(archive, passphrase="passphrase")
    data = archive.read_bytes()

    changed = tmp_path / "changed.enc"
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(flipped))
    cut = tmp_path / "cut.enc"
    cut.write_bytes(data[: len(data) - 40])

    for broken in (changed, cut):
        with pytest.raises(BackupError):
            restore_backup(
                broken, passphrase="passphrase", target=empty_target, storage=empty_storage
            )
    # Refused before anything was written: the database and the storage are still empty.
    assert fingerprint(empty_target) == {}
    assert not (tmp_path / "restored-media").exists()


def test_restore_refuses_a_database_that_already_holds_data(casework, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    make_backup(archive)
    with pytest.raises(BackupError, match="already holds tables"):
        restore_backup(archive)


def test_the_commands_back_up_and_restore_with_a_passphrase_file(
    casework, tmp_path, empty_target, capsys, monkeypatch
):
    if ON_POSTGRES:
        url = "postgres://{}@{}:{}/{}".format(
            settings.DATABASES["default"]["USER"],
            settings.DATABASES["default"]["HOST"],
            settings.DATABASES["default"]["PORT"],
            empty_target.name,
        )
    else:
        url = f"sqlite:///{empty_target.name}"
    monkeypatch.setattr(storages, "_storages", {"default": FileSystemStorage(tmp_path / "m")})
    storages["default"].save("documents/one.txt", ContentFile(b"one"))
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("a long shared secret\n")
    archive = tmp_path / "out.tar.gz.enc"

    call_command("backup", output=archive, passphrase_file=passphrase)
    assert "Backed up" in capsys.readouterr().out

    monkeypatch.setattr(
        storages, "_storages", {"default": FileSystemStorage(tmp_path / "restored")}
    )
    call_command("restore", str(archive), database_url=url, passphrase_file=passphrase)
    assert "every table's row count and checksum match" in capsys.readouterr().out
    assert Path(tmp_path / "restored" / "documents" / "one.txt").read_bytes() == b"one"

    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), database_url=url)
