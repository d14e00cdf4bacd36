"""Voters' contacts: sealed for station and township, masked for everyone else."""

from __future__ import annotations

import base64
import json
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.privacy import Contact, ContactSealer, UnreadableContactError, mask_name, mask_phone
from shared.settings import DEVELOPMENT_CONTACT_KEY, PlatformSettings


def test_a_sealed_contact_opens_with_the_same_key_only() -> None:
    sealer = ContactSealer(os.urandom(32))
    sealed = sealer.seal(Contact(name="张三丰", phone="13812345678"))

    assert "13812345678" not in sealed and "张三丰" not in sealed
    assert sealer.open(sealed) == Contact(name="张三丰", phone="13812345678")
    with pytest.raises(UnreadableContactError):
        ContactSealer(os.urandom(32)).open(sealed)


def test_sealing_twice_gives_different_ciphertexts() -> None:
    sealer = ContactSealer(os.urandom(32))
    contact = Contact(name="李四", phone="13900000000")
    assert sealer.seal(contact) != sealer.seal(contact)


@pytest.mark.parametrize(("name", "masked"), [("张三丰", "张**"), ("李四", "李*"), ("欧阳", "欧*"), ("", "")])
def test_names_keep_only_the_surname(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"), [("13812345678", "138****5678"), ("0379-65551234", "037******1234"), ("12345", "*****")]
)
def test_phones_keep_the_first_three_and_last_four_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_after_a_rotation_the_new_key_seals_and_the_retired_one_still_opens() -> None:
    old, new = os.urandom(32), os.urandom(32)
    before = ContactSealer(old).seal(Contact(name="王五", phone="13700000000"))
    rotated = ContactSealer(new, old)
    after = rotated.seal(Contact(name="赵六", phone="13600000000"))

    assert rotated.open(before) == Contact(name="王五", phone="13700000000")
    assert after.startswith(rotated.current_key_id + ".")
    assert ContactSealer(new).open(after).name == "赵六"
    with pytest.raises(UnreadableContactError):
        ContactSealer(old).open(after)


def test_the_key_list_of_the_setting_is_the_new_key_then_the_retired() -> None:
    old, new = (base64.urlsafe_b64encode(os.urandom(32)).decode() for _ in range(2))
    sealed = ContactSealer.from_setting(old).seal(Contact(name="钱七", phone="13500000000"))
    assert ContactSealer.from_setting(f"{new}, {old}").open(sealed).phone == "13500000000"
    with pytest.raises(UnreadableContactError):
        ContactSealer.from_setting(new).open(sealed)


def test_contacts_sealed_before_key_ids_were_written_still_open() -> None:
    key = os.urandom(32)
    nonce = os.urandom(12)
    plaintext = json.dumps({"n": "孙八", "p": "13400000000"}, ensure_ascii=False).encode()
    legacy = base64.urlsafe_b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, b"renda:voter-contact:v1")).decode()
    assert ContactSealer(os.urandom(32), key).open(legacy).name == "孙八"


def test_production_refuses_the_development_contact_key_even_as_a_retired_one() -> None:
    own = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(ValueError, match="RENDA_CONTACT_KEY"):
        PlatformSettings(environment="production", auth_secret="x" * 40, contact_key=f"{own},{DEVELOPMENT_CONTACT_KEY}")
