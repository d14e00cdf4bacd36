"""Voters' personal data (姓名、电话): sealed with AES-GCM wherever it travels or is stored, masked for display.

Encrypted rather than only masked because the township must phone the voter back with the answer:
the station and the township hold the key; Kafka, the logs and every read model above the township
see only the ciphertext and the masked form (张*, 138****5678).

The opinion's own words often hold a phone or ID card number too ("请联系我13812345678"): the station
seals them as written and sends them on masked (`mask_personal_numbers`), with the same keys.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.errors import ValidationFailedError

_NONCE_BYTES = 12
_ASSOCIATED = b"renda:voter-contact:v1"
# A different associated datum for the opinion's words, so a sealed text never opens as a contact or back.
_ASSOCIATED_TEXT = b"renda:opinion-text:v1"

logger = logging.getLogger(__name__)


class UnreadableContactError(ValidationFailedError):
    """Raised when sealed contact data cannot be opened with this key."""

    code = "CONTACT_UNREADABLE"
    message = "联系方式无法解密"


@dataclass(frozen=True)
class Contact:
    """A voter's name and phone, in clear: only ever in memory at the station or township."""

    name: str
    phone: str


def mask_name(name: str) -> str:
    """Keep the surname: 张三丰 → 张**."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 13812345678 → 138****5678."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


# Matched on a copy with full-width digits (１３８…, typed in a Chinese input method's full-width mode) made
# ASCII; one character for one, so the spans found are the original's.
_HALF_WIDTH = str.maketrans(
    {0xFF10 + digit: str(digit) for digit in range(10)}
    | {0xFF38: "X", 0xFF58: "x", 0xFF0B: "+", 0xFF0D: "-", 0x3000: " ", 0xFF08: "(", 0xFF09: ")"}
)
_MASKABLE = frozenset("0123456789Xx")


@dataclass(frozen=True)
class _NumberPattern:
    """A kind of personal number: where its digits are (the `n` group), and how many stay at each end."""

    regex: re.Pattern[str]
    head: int
    tail: int


# Longest first, each a whole run of digits: an 18-digit ID is never read as a phone inside it, and a house
# number (3号楼502), an amount (2000元) or a date (20261120) is none of them.
_PERSONAL_NUMBERS = (
    # 居民身份证: 18 digits, the last may be X (six-digit region, birth date, sequence, check digit) …
    _NumberPattern(re.compile(r"(?<![0-9])(?P<n>[1-9][0-9]{16}[0-9Xx])(?![0-9Xx])"), head=6, tail=4),
    # … and the old 15-digit ones.
    _NumberPattern(re.compile(r"(?<![0-9])(?P<n>[1-9][0-9]{14})(?![0-9Xx])"), head=6, tail=3),
    # Fixed lines: a 3- or 4-digit area code starting 0, with or without a dash, space or brackets, then 7 or 8.
    _NumberPattern(
        re.compile(r"(?:\(0[1-9][0-9]{1,2}\)|(?<![0-9])0[1-9][0-9]{1,2})[- ]?(?P<n>[2-9][0-9]{6,7})(?![0-9])"),
        head=0,
        tail=4,
    ),
    # Mobiles: 1[3-9] and nine more digits, maybe grouped 3-4-4 and after +86.
    _NumberPattern(
        re.compile(r"(?<![0-9])(?:(?:\+|00)?86[- ]?)?(?P<n>1[3-9][0-9](?:[- ]?[0-9]{4}){2})(?![0-9])"),
        head=3,
        tail=4,
    ),
)


def mask_personal_numbers(text: str) -> str:
    """The text with phone and ID card numbers masked: 请联系我13812345678 → 请联系我138****5678.

    Fixed lines keep their area code and last four digits (0379-****1234), ID numbers their region and last
    digits (410327********1234). Masking masked text changes nothing.
    """
    chars = list(text)
    for pattern in _PERSONAL_NUMBERS:
        probe = "".join(chars).translate(_HALF_WIDTH)
        for match in pattern.regex.finditer(probe):
            start, end = match.span("n")
            places = [index for index in range(start, end) if probe[index] in _MASKABLE]
            for index in places[pattern.head : len(places) - pattern.tail]:
                chars[index] = "*"
    return "".join(chars)


def key_id(key: bytes) -> str:
    """A key's public name inside what it sealed: eight hex digits of its SHA-256, never the key itself."""
    return hashlib.sha256(key).hexdigest()[:8]


class ContactSealer:
    """Seals and opens voters' contacts, and the opinion's words as written, with the keys shared by station and township.

    The first key seals; every key opens what it sealed, found by the key id written in front of the
    ciphertext (`<key id>.<nonce+ciphertext>`). Rotating the key is setting a new first key and keeping the
    old ones after it for as long as contacts sealed with them must still be read (docs/runbook.md).
    Contacts sealed before key ids were written have no prefix; each key is tried on them.
    """

    def __init__(self, key: bytes, *retired: bytes) -> None:
        keys = (key, *retired)
        if any(len(each) != 32 for each in keys):
            raise ValueError("the contact key must be 32 bytes (AES-256)")
        self._current = key_id(key)
        self._keys = {key_id(each): AESGCM(each) for each in keys}

    @classmethod
    def from_setting(cls, encoded: str) -> ContactSealer:
        """From `RENDA_CONTACT_KEY`: the current key, then any retired keys, comma-separated, base64 (URL-safe)."""
        current, *retired = (base64.urlsafe_b64decode(part.strip().encode()) for part in encoded.split(","))
        return cls(current, *retired)

    @property
    def current_key_id(self) -> str:
        return self._current

    def seal(self, contact: Contact) -> str:
        plaintext = json.dumps({"n": contact.name, "p": contact.phone}, ensure_ascii=False).encode()
        return self._seal(plaintext, associated=_ASSOCIATED)

    def open(self, sealed: str) -> Contact:
        data = json.loads(self._open(sealed, associated=_ASSOCIATED, field="voter"))
        return Contact(name=data["n"], phone=data["p"])

    def seal_text(self, text: str) -> str:
        """The opinion's words as the voter gave them, sealed like a contact (same keys, same key ids)."""
        return self._seal(text.encode(), associated=_ASSOCIATED_TEXT)

    def open_text(self, sealed: str) -> str:
        return self._open(sealed, associated=_ASSOCIATED_TEXT, field="content").decode()

    def _seal(self, plaintext: bytes, *, associated: bytes) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        ciphertext = self._keys[self._current].encrypt(nonce, plaintext, associated)
        return f"{self._current}.{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"

    def _open(self, sealed: str, *, associated: bytes, field: str) -> bytes:
        kid, dot, body = sealed.rpartition(".")
        candidates = [self._keys[kid]] if dot and kid in self._keys else [] if dot else list(self._keys.values())
        for aead in candidates:
            try:
                raw = base64.urlsafe_b64decode(body.encode())
                return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], associated)
            except (InvalidTag, ValueError):
                continue
        raise UnreadableContactError(field=field)


def show_voter(row: dict[str, Any], *, sealer: ContactSealer | None) -> dict[str, Any]:
    """Fill a read-model row's `voter_name`, `voter_phone`, `content` and `contact_unreadable` for its reader.

    With `sealer` (the station and township roles that call the voter back) the contact and the words as the
    voter gave them; without it, the masks. A row that no key opens (a retired key dropped too early, a
    damaged row) is shown masked and flagged, so one such row never fails a whole ledger or inbox. The row
    holds `voter_sealed`, `voter_name_masked`, `voter_phone_masked`, `content` (masked) and `content_sealed`
    (None on opinions recorded before their words were sealed: their content is as written).
    """
    row["contact_unreadable"] = False
    if sealer is not None:
        try:
            contact = sealer.open(row["voter_sealed"])
            sealed_text = row.get("content_sealed")
            content = row["content"] if sealed_text is None else sealer.open_text(sealed_text)
        except UnreadableContactError:
            kid = row["voter_sealed"].rpartition(".")[0] or "(none)"
            logger.warning("a voter's contact sealed with key id %s opens with no configured key", kid)
            row["contact_unreadable"] = True
        else:
            row["voter_name"], row["voter_phone"], row["content"] = contact.name, contact.phone, content
            return row
    row["voter_name"], row["voter_phone"] = row["voter_name_masked"], row["voter_phone_masked"]
    row["content"] = mask_personal_numbers(row["content"])
    return row
