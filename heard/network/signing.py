"""Signed aggregate payloads: how one installation's figures reach a network hub (ADR-0041).

The member builds a JSON document (format, definitions version, period, suppressed
figures), signs its canonical bytes with its own Ed25519 key, and sends the envelope
``{"payload": ..., "public_key": ..., "signature": ...}`` as a file or to the hub's API.
The hub verifies the signature with the public key *it registered for that member* (the
key in the envelope only says who claims to have sent it), checks the format and the
definitions version, and stores the document byte for byte.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import figures as figures_module
from .models import SigningKey

FORMAT = "heard-network-aggregate"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signing_key_for(organisation) -> SigningKey:
    """The organisation's key, made on first use. The private half never leaves this database."""
    key = SigningKey.objects.for_organisation(organisation).first()
    if key is None:
        private = Ed25519PrivateKey.generate()
        key = SigningKey.objects.create(
            organisation=organisation,
            private_key=_b64(
                private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            ),
            public_key=_b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)),
        )
    return key


def member_nation(payload: dict) -> str:
    """The nation a member named in its payload (``build_payload``), or "" if it named none."""
    member = payload.get("member")
    nation = member.get("nation") if isinstance(member, dict) else None
    return nation if isinstance(nation, str) else ""


def build_payload(organisation, *, network_name: str, start: dt.date, end: dt.date) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "definitions_version": figures_module.DEFINITIONS_VERSION,
        "network": network_name,
        "member": {"name": organisation.name, "nation": organisation.nation},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "suppression": {
            "threshold": figures_module.DEFAULT_THRESHOLD,
            "primary": "counts from 1 to 4 are shown as 'fewer than 5'",
            "secondary": "a count that would reveal a hidden one is 'not shown'",
        },
        "figures": figures_module.suppressed_figures(organisation, start, end),
    }


def sign(organisation, payload: dict) -> bytes:
    """The envelope, as the bytes to download or send."""
    key = signing_key_for(organisation)
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(key.private_key))
    signature = private.sign(canonical(payload))
    envelope = {"payload": payload, "public_key": key.public_key, "signature": _b64(signature)}
    return json.dumps(envelope, ensure_ascii=False, indent=2).encode()


def _refuse(message: str):
    raise ValidationError(message, code="invalid_payload")


def read_envelope(raw: bytes) -> dict:
    """The envelope's parts, or a ``ValidationError`` saying what is wrong (signature unchecked)."""
    if len(raw) > MAX_BYTES:
        _refuse(_("The file is too big to be a network figures file"))
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        _refuse(_("The file is not a network figures file"))
    if not isinstance(envelope, dict) or not {"payload", "public_key", "signature"} <= set(
        envelope
    ):
        _refuse(_("The file is not a network figures file"))
    payload = envelope["payload"]
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        _refuse(_("The file is not a network figures file"))
    if payload.get("format_version") != FORMAT_VERSION:
        _refuse(_("The file was made by a version of Heard this hub cannot read"))
    if payload.get("definitions_version") not in figures_module.KNOWN_DEFINITIONS:
        _refuse(_("The figures use measure definitions this hub does not know"))
    try:
        start = dt.date.fromisoformat(payload["period"]["start"])
        end = dt.date.fromisoformat(payload["period"]["end"])
    except (KeyError, TypeError, ValueError):
        _refuse(_("The file's period is not valid"))
    if end < start:
        _refuse(_("The file's period ends before it starts"))
    if not isinstance(payload.get("figures"), dict):
        _refuse(_("The file has no figures"))
    return {
        "payload": payload,
        "public_key": str(envelope["public_key"]),
        "signature": str(envelope["signature"]),
        "start": start,
        "end": end,
    }


def verify(envelope: dict, public_key: str) -> None:
    """Raise unless ``envelope`` was signed by the holder of ``public_key``, unchanged."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(
            base64.b64decode(envelope["signature"], validate=True), canonical(envelope["payload"])
        )
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise ValidationError(
            _(
                "The figures' signature does not match: the file was changed or not sent by this member"
            ),
            code="bad_signature",
        ) from exc
