"""Provincial-level divisions (GB/T 2260) seeded as regions."""

from __future__ import annotations

import re

from qualift.tenancy.regions_data import REGIONS


def test_31_mainland_divisions_in_code_order():
    assert len(REGIONS) == 31
    codes = [code for code, _, _ in REGIONS]
    assert codes == sorted(codes)
    assert len(set(codes)) == 31


def test_codes_are_provincial_level():
    """GB/T 2260: provincial level codes are two digits followed by 0000."""
    for code, _, _ in REGIONS:
        assert re.fullmatch(r"[1-6]\d0000", code), code
    assert {"710000", "810000", "820000"}.isdisjoint(code for code, _, _ in REGIONS)


def test_names_are_present_and_unique():
    for code, name_en, name_zh in REGIONS:
        assert name_en and name_en.strip() == name_en, code
        assert re.fullmatch(r"[\u4e00-\u9fff]+", name_zh), code
        assert name_zh.endswith(("省", "市", "自治区")), code
    assert len({name_en for _, name_en, _ in REGIONS}) == 31
    assert len({name_zh for _, _, name_zh in REGIONS}) == 31


def test_first_and_last():
    assert REGIONS[0] == ("110000", "Beijing", "北京市")
    assert REGIONS[-1] == ("650000", "Xinjiang Uygur Autonomous Region", "新疆维吾尔自治区")
    by_code = {code: zh for code, _, zh in REGIONS}
    assert by_code["440000"] == "广东省"
    assert by_code["500000"] == "重庆市"
