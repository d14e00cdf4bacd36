"""Voters' personal data (姓名、电话): sealed with AES-GCM wherever it travels or is stored, masked for display.

Encrypted rather than only masked because the township must phone the voter back with the answer:
the station and the township hold the key; Kafka, the logs and every read model above the township
see only the ciphertext and the masked form (张*, 138****5678).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.errors import ValidationFailedError

_NONCE_BYTES = 12
_ASSOCIATED = b"renda:voter-contact:v1"


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


class ContactSealer:
    """Seals and opens voters' contacts with the key shared by station and township."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the contact key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)

    @classmethod
    def from_setting(cls, encoded: str) -> ContactSealer:
        return cls(base64.urlsafe_b64decode(encoded.encode()))

    def seal(self, contact: Contact) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        plaintext = json.dumps({"n": contact.name, "p": contact.phone}, ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(nonce + self._aead.encrypt(nonce, plaintext, _ASSOCIATED)).decode()

    def open(self, sealed: str) -> Contact:
        try:
            raw = base64.urlsafe_b64decode(sealed.encode())
            plaintext = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _ASSOCIATED)
        except (InvalidTag, ValueError) as error:
            raise UnreadableContactError(field="voter") from error
        data = json.loads(plaintext)
        return Contact(name=data["n"], phone=data["p"])
