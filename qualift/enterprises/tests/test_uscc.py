"""Unified social credit code check (GB 32100-2015), against published real codes."""

from __future__ import annotations

import pytest

from qualift.enterprises.uscc import (
    ALPHABET,
    WEIGHTS,
    UsccResult,
    check_uscc,
    make_uscc,
    uscc_check_char,
)

# Real codes of well-known companies, as published (national enterprise credit publicity system,
# gsxt.gov.cn) and reproduced in many independent public sources; every one was recomputed with
# the algorithm before being kept here.
PUBLISHED = [
    # Huawei Technologies Co., Ltd. (华为技术有限公司); source: the company infobox of the Chinese
    # Wikipedia article 華為 ("機構代碼"), also in many independent public datasets.
    "914403001922038216",
    # Shenzhen Tencent Computer Systems Co., Ltd. (深圳市腾讯计算机系统有限公司); several public
    # datasets cross-checked; sometimes misattributed to Huawei.
    "91440300708461136T",
    # Tencent Technology (Shenzhen) Co., Ltd. (腾讯科技（深圳）有限公司): an 'X' in the body.
    "9144030071526726XG",
    # Alibaba (China) Network Technology Co., Ltd. (阿里巴巴（中国）网络技术有限公司).
    "91330100716105852F",
]


def test_weights_are_powers_of_three_mod_31():
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(ALPHABET) == 31
    assert not set("IOSVZ") & set(ALPHABET)


def test_hand_worked_check_character():
    # Huawei, first 17 characters 91440300192203821, values times weights:
    #   9*1 + 1*3 + 4*9 + 4*27 + 0*19 + 3*26 + 0*16 + 0*17 + 1*20
    #   + 9*29 + 2*25 + 2*13 + 0*8 + 3*24 + 8*10 + 2*30 + 1*28
    #   = 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 20 + 261 + 50 + 26 + 0 + 72 + 80 + 60 + 28 = 831
    # 831 mod 31 = 25 (31*26 = 806); 31 - 25 = 6 -> ALPHABET[6] = "6".
    assert uscc_check_char("91440300192203821") == "6"


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code):
    result = check_uscc(code)
    assert result == UsccResult(code, True, "valid", None, None)
    assert make_uscc(code[:17]) == code


def test_check_value_31_is_written_as_zero():
    # All-zero body: sum 0, 0 mod 31 = 0, 31 - 0 = 31 -> "0".
    assert uscc_check_char("0" * 17) == "0"
    assert check_uscc("0" * 18).valid


def test_lowercase_and_whitespace_are_normalised():
    result = check_uscc("  9144030071526726xg\n")
    assert result.valid
    assert result.code == "9144030071526726XG"


@pytest.mark.parametrize("code", ["", "   ", "\t\n"])
def test_empty(code):
    result = check_uscc(code)
    assert (result.valid, result.error, result.code) == (False, "empty", "")
    assert result.reason == "code is empty"


def test_too_short():
    result = check_uscc("91440300192203821")
    assert (result.valid, result.error) == (False, "length")
    assert result.reason == "must be 18 characters, got 17"


def test_too_long():
    result = check_uscc("9144030019220382160")
    assert result.error == "length"
    assert result.reason == "must be 18 characters, got 19"


@pytest.mark.parametrize("char", ["I", "O", "S", "V", "Z", "-", "中"])
def test_forbidden_character(char):
    code = "9144" + char + "3001922038216"
    result = check_uscc(code)
    assert (result.valid, result.error, result.expected) == (False, "charset", None)
    assert result.reason == (
        f"character {char!r} at position 5 is not allowed "
        "(allowed: 0-9 and A-Z except I, O, S, V, Z)"
    )


def test_lowercase_forbidden_letter_reported_uppercased():
    result = check_uscc("9144i3001922038216")
    assert result.error == "charset"
    assert "'I' at position 5" in result.reason


def test_wrong_check_character():
    result = check_uscc("914403001922038217")
    assert (result.valid, result.error, result.expected) == (False, "check", "6")
    assert result.reason == "check character expected 6, got 7"


def test_transposed_digits_are_caught():
    result = check_uscc("914403001922038126")
    assert result.error == "check"


def test_check_char_rejects_bad_input():
    with pytest.raises(ValueError, match="first 17"):
        uscc_check_char("9144")
    with pytest.raises(ValueError, match="position 2"):
        uscc_check_char("9O440300192203821")


def test_result_is_frozen():
    result = check_uscc(PUBLISHED[0])
    with pytest.raises(AttributeError):
        result.valid = False  # type: ignore[misc]
