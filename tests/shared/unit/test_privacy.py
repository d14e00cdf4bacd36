"""Voters' contacts and the numbers in their words: sealed for station and township, masked for everyone else."""

from __future__ import annotations

import base64
import json
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.privacy import (
    Contact,
    ContactSealer,
    UnreadableContactError,
    mask_name,
    mask_personal_numbers,
    mask_phone,
    show_voter,
)
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


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("请联系我13812345678", "请联系我138****5678"),
        ("手机138-1234-5678", "手机138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("电话１３８１２３４５６７８", "电话１３８****５６７８"),
        ("家里电话0379-65551234", "家里电话0379-****1234"),
        ("家里电话037965551234", "家里电话0379****1234"),
        ("家里电话（0379）6555123", "家里电话（0379）***5123"),
        ("身份证号410327199001011234", "身份证号410327********1234"),
        ("身份证号41032719900101123X", "身份证号410327********123X"),
        ("老身份证410327900101123", "老身份证410327******123"),
        ("住3号楼502，每月补贴2000元", "住3号楼502，每月补贴2000元"),
        ("2026年11月20日（20261120）拨打12345", "2026年11月20日（20261120）拨打12345"),
        ("订单号123456789012345678901", "订单号123456789012345678901"),
    ],
    ids=[
        "mobile",
        "mobile-with-dashes",
        "mobile-after-country-code",
        "mobile-in-full-width-digits",
        "fixed-line-with-dash",
        "fixed-line-without-dash",
        "fixed-line-with-brackets",
        "id-18",
        "id-18-ending-in-x",
        "id-15",
        "house-number-and-amount-left-alone",
        "date-and-hotline-left-alone",
        "longer-digit-run-left-alone",
    ],
)
def test_phone_and_id_numbers_in_a_text_are_masked_and_ordinary_numbers_left_alone(text: str, masked: str) -> None:
    assert mask_personal_numbers(text) == masked


def test_masking_a_masked_text_changes_nothing() -> None:
    once = mask_personal_numbers("请联系我13812345678，座机0379-65551234，身份证410327199001011234")
    assert mask_personal_numbers(once) == once
    assert "13812345678" not in once and "65551234" not in once and "199001011234" not in once


def test_a_sealed_text_opens_with_the_same_key_and_never_as_a_contact() -> None:
    sealer = ContactSealer(os.urandom(32))
    sealed = sealer.seal_text("请联系我13812345678")

    assert "13812345678" not in sealed and sealed.startswith(sealer.current_key_id + ".")
    assert sealer.open_text(sealed) == "请联系我13812345678"
    with pytest.raises(UnreadableContactError):
        sealer.open(sealed)
    with pytest.raises(UnreadableContactError):
        ContactSealer(os.urandom(32)).open_text(sealed)


def _row(sealer: ContactSealer, *, words: str = "请联系我13812345678") -> dict[str, object]:
    return {
        "voter_sealed": sealer.seal(Contact(name="张三丰", phone="13812345678")),
        "voter_name_masked": "张**",
        "voter_phone_masked": "138****5678",
        "content": mask_personal_numbers(words),
        "content_sealed": sealer.seal_text(words),
    }


def test_a_reader_who_calls_the_voter_back_sees_the_contact_and_the_words_as_written() -> None:
    sealer = ContactSealer(os.urandom(32))
    shown = show_voter(_row(sealer), sealer=sealer)
    assert (shown["voter_name"], shown["voter_phone"], shown["content"]) == (
        "张三丰",
        "13812345678",
        "请联系我13812345678",
    )
    assert shown["contact_unreadable"] is False


def test_everyone_else_sees_the_masks() -> None:
    shown = show_voter(_row(ContactSealer(os.urandom(32))), sealer=None)
    assert (shown["voter_name"], shown["voter_phone"], shown["content"]) == (
        "张**",
        "138****5678",
        "请联系我138****5678",
    )
    assert shown["contact_unreadable"] is False


def test_a_row_sealed_with_a_dropped_key_is_shown_masked_and_flagged() -> None:
    dropped = ContactSealer(os.urandom(32))
    shown = show_voter(_row(dropped), sealer=ContactSealer(os.urandom(32)))
    assert (shown["voter_name"], shown["voter_phone"], shown["content"]) == (
        "张**",
        "138****5678",
        "请联系我138****5678",
    )
    assert shown["contact_unreadable"] is True


def test_words_recorded_before_they_were_sealed_are_masked_only_for_those_who_do_not_call_back() -> None:
    sealer = ContactSealer(os.urandom(32))
    old = {**_row(sealer), "content": "请联系我13812345678", "content_sealed": None}
    assert show_voter(dict(old), sealer=sealer)["content"] == "请联系我13812345678"
    assert show_voter(dict(old), sealer=None)["content"] == "请联系我138****5678"
