"""Passphrase encryption for backup archives, streamed in chunks.

A backup can be larger than memory, so it is encrypted as a sequence of
AES-256-GCM chunks (the "STREAM" construction): each chunk's nonce carries its
number and whether it is the last one, so a reordered, altered or truncated
file fails to decrypt instead of restoring part of the data. The key comes from
the passphrase through scrypt with a random salt stored in the header.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"HEARD-BACKUP-AES256GCM-1\n"
CHUNK = 1024 * 1024
SALT_BYTES = 16
PREFIX_BYTES = 7


class DecryptionError(Exception):
    """The passphrase is wrong or the file was changed or cut short."""


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def is_encrypted(path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


class EncryptingWriter:
    """A write-only file object that encrypts what is written to ``raw``."""

    def __init__(self, raw, passphrase: str):
        self.raw = raw
        salt = os.urandom(SALT_BYTES)
        self.prefix = os.urandom(PREFIX_BYTES)
        self.aead = AESGCM(_key(passphrase, salt))
        self.buffer = bytearray()
        self.counter = 0
        raw.write(MAGIC + salt + self.prefix)

    def write(self, data) -> int:
        self.buffer.extend(data)
        while len(self.buffer) > CHUNK:
            self._emit(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, last: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.prefix, self.counter, last), plain, MAGIC)
        self.raw.write(struct.pack(">I", len(sealed)) + sealed)
        self.counter += 1

    def close(self) -> None:
        # The last chunk is always written, even when empty, so truncation shows.
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()

    def flush(self) -> None:
        self.raw.flush()


class DecryptingReader:
    """A read-only file object over an encrypted archive."""

    def __init__(self, raw, passphrase: str):
        self.raw = raw
        header = raw.read(len(MAGIC) + SALT_BYTES + PREFIX_BYTES)
        if not header.startswith(MAGIC):
            raise DecryptionError("This file is not an encrypted Heard backup.")
        salt = header[len(MAGIC) : len(MAGIC) + SALT_BYTES]
        self.prefix = header[len(MAGIC) + SALT_BYTES :]
        self.aead = AESGCM(_key(passphrase, salt))
        self.counter = 0
        self.pending = b""
        self.finished = False

    def _next_chunk(self) -> None:
        length_bytes = self.raw.read(4)
        if len(length_bytes) < 4:
            raise DecryptionError("The backup file is cut short: its last part is missing.")
        (length,) = struct.unpack(">I", length_bytes)
        sealed = self.raw.read(length)
        if len(sealed) < length:
            raise DecryptionError("The backup file is cut short: its last part is missing.")
        for last in (False, True):
            try:
                plain = self.aead.decrypt(_nonce(self.prefix, self.counter, last), sealed, MAGIC)
            except InvalidTag:
                continue
            self.counter += 1
            self.finished = last
            self.pending += plain
            return
        raise DecryptionError(
            "The passphrase is wrong, or the backup file has been changed since it was made."
        )

    def read(self, size: int = -1) -> bytes:
        while not self.finished and (size < 0 or len(self.pending) < size):
            self._next_chunk()
        if size < 0:
            data, self.pending = self.pending, b""
        else:
            data, self.pending = self.pending[:size], self.pending[size:]
        return data
