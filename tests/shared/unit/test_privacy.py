"""Voters' contacts: sealed for station and township, masked for everyone else."""

from __future__ import annotations

import os

import pytest

from shared.privacy import Contact, ContactSealer, UnreadableContactError, mask_name, mask_phone


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
