"""IAF scope codes (IAF ID 1) and GB/T 4754-2017 divisions as loaded into the database."""

from __future__ import annotations

import re

from qualift.enterprises.reference_data import GBT4754_DIVISIONS, GBT4754_SECTIONS, IAF_CODES


def test_iaf_codes_are_01_to_39_in_order():
    """IAF ID 1 lists 39 scope codes."""
    assert len(IAF_CODES) == 39
    assert [code for code, _, _ in IAF_CODES] == [f"{n:02d}" for n in range(1, 40)]


def test_iaf_names_are_present_and_unique():
    for code, name_en, name_zh in IAF_CODES:
        assert name_en.strip() == name_en and name_en, code
        assert name_zh.strip() == name_zh and name_zh, code
        assert re.search(r"[\u4e00-\u9fff]", name_zh), code
    assert len({name_en for _, name_en, _ in IAF_CODES}) == 39
    assert len({name_zh for _, _, name_zh in IAF_CODES}) == 39


def test_iaf_spot_checks():
    by_code = {code: (en, zh) for code, en, zh in IAF_CODES}
    assert by_code["01"] == ("Agriculture, forestry and fishing", "农业、林业和渔业")
    assert by_code["28"][0] == "Construction"
    assert by_code["33"] == ("Information technology", "信息技术")
    assert by_code["39"][0] == "Other social services"


def test_gbt4754_has_97_divisions_without_gaps():
    """GB/T 4754-2017: 97 divisions (大类), 01-97."""
    assert len(GBT4754_DIVISIONS) == 97
    codes = [code for _, code, _, _ in GBT4754_DIVISIONS]
    assert codes == [f"{n:02d}" for n in range(1, 98)]
    assert len(set(codes)) == 97


def test_gbt4754_sections_are_a_to_t_in_blocks():
    """GB/T 4754-2017: 20 sections (门类) A-T, each a contiguous block of divisions."""
    letters = [section for section, _, _, _ in GBT4754_DIVISIONS]
    blocks = [letter for i, letter in enumerate(letters) if i == 0 or letters[i - 1] != letter]
    assert blocks == list("ABCDEFGHIJKLMNOPQRST")
    assert list(GBT4754_SECTIONS) == blocks
    first = {}
    for section, code, _, _ in GBT4754_DIVISIONS:
        first.setdefault(section, code)
    assert first == {
        "A": "01", "B": "06", "C": "13", "D": "44", "E": "47", "F": "51", "G": "53",
        "H": "61", "I": "63", "J": "66", "K": "70", "L": "71", "M": "73", "N": "76",
        "O": "80", "P": "83", "Q": "84", "R": "86", "S": "91", "T": "97",
    }  # fmt: skip


def test_gbt4754_names_are_present_and_unique():
    for section, code, name_en, name_zh in GBT4754_DIVISIONS:
        assert re.fullmatch(r"[A-T]", section)
        assert re.fullmatch(r"\d\d", code)
        assert name_en and name_en.strip() == name_en, code
        assert name_zh and name_zh.strip() == name_zh, code
        assert re.search(r"[\u4e00-\u9fff]", name_zh), code
    assert len({zh for _, _, _, zh in GBT4754_DIVISIONS}) == 97
    assert len({en for _, _, en, _ in GBT4754_DIVISIONS}) == 97
    for name_en, name_zh in GBT4754_SECTIONS.values():
        assert name_en and name_zh


def test_gbt4754_spot_checks():
    by_code = {code: (section, zh) for section, code, _, zh in GBT4754_DIVISIONS}
    assert by_code["13"] == ("C", "农副食品加工业")
    assert by_code["39"] == ("C", "计算机、通信和其他电子设备制造业")
    assert by_code["65"] == ("I", "软件和信息技术服务业")
    assert by_code["97"] == ("T", "国际组织")
