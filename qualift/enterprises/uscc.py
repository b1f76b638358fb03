"""Unified social credit code (统一社会信用代码), GB 32100-2015.

An 18-character code over a 31-character alphabet (digits and capitals without I, O, S, V, Z).
The 18th character is a check character over the first 17: each character's value is its index
in ``ALPHABET``, position i (1-based) carries weight 3^(i-1) mod 31, and the check value is
31 - (sum of value * weight mod 31), where 31 is written as "0".

Pure module: no Django imports, so forms, serializers, commands and demo data can share it.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
WEIGHTS: tuple[int, ...] = tuple(pow(3, i - 1, 31) for i in range(1, LENGTH))
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
_ALLOWED = "0-9 and A-Z except I, O, S, V, Z"


@dataclass(frozen=True)
class UsccResult:
    """Outcome of checking a code; ``error`` is None, "empty", "length", "charset" or "check"."""

    code: str
    valid: bool
    reason: str
    error: str | None = None
    expected: str | None = None


def _first_bad_char(text: str) -> tuple[int, str] | None:
    for position, char in enumerate(text, start=1):
        if char not in _VALUES:
            return position, char
    return None


def uscc_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a code (uppercase expected)."""
    if len(first17) != LENGTH - 1:
        raise ValueError(f"need the first 17 characters, got {len(first17)}")
    bad = _first_bad_char(first17)
    if bad is not None:
        position, char = bad
        raise ValueError(
            f"character {char!r} at position {position} is not allowed (allowed: {_ALLOWED})"
        )
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def make_uscc(first17: str) -> str:
    """Append the check character to 17 characters (demo data and tests)."""
    return first17 + uscc_check_char(first17)


def check_uscc(code: str) -> UsccResult:
    """Check a code after stripping surrounding whitespace and uppercasing it."""
    norm = code.strip().upper()
    if not norm:
        return UsccResult(norm, False, "code is empty", "empty")
    if len(norm) != LENGTH:
        return UsccResult(norm, False, f"must be 18 characters, got {len(norm)}", "length")
    bad = _first_bad_char(norm)
    if bad is not None:
        position, char = bad
        reason = f"character {char!r} at position {position} is not allowed (allowed: {_ALLOWED})"
        return UsccResult(norm, False, reason, "charset")
    expected = uscc_check_char(norm[:17])
    if norm[17] != expected:
        reason = f"check character expected {expected}, got {norm[17]}"
        return UsccResult(norm, False, reason, "check", expected)
    return UsccResult(norm, True, "valid")
