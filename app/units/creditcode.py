"""统一社会信用代码 (GB 32100-2015): normalization and check-character validation.

Only the overall 18th check character is enforced. Positions 9-17 also carry a
GB 11714 organization-code check digit; it is deliberately not checked, because the
overall check already catches typos and a second rule would only add ways to reject
a code copied correctly from a licence.
"""

from __future__ import annotations

__all__ = [
    "CreditCodeError",
    "credit_code_check_char",
    "normalize_credit_code",
    "validate_credit_code",
]


class CreditCodeError(ValueError):
    """Invalid 统一社会信用代码; ``str(e)`` is the message shown to the user."""


# I, O, Z, S, V are left out of the standard because they are easily confused with 1, 0, 2, 5, U.
_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(_CHARSET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_LOOKALIKE = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}

_HALF_WIDTH = str.maketrans({0xFF01 + i: 0x21 + i for i in range(94)})
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def normalize_credit_code(raw: str) -> str:
    """Drop all whitespace, full-width → ASCII, upper-case. No validation."""
    text = str(raw).translate(_HALF_WIDTH)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE).upper()


def credit_code_check_char(first17: str) -> str:
    """Check character (position 18) for the first 17 characters of a code."""
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise CreditCodeError(f"计算校验码需要17位合法字符，收到的是“{first17}”")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return _CHARSET[(31 - total % 31) % 31]


def validate_credit_code(raw: str) -> str:
    """Return the normalized 18-character code, or raise CreditCodeError explaining what to fix."""
    code = normalize_credit_code(raw if raw is not None else "")
    if not code:
        raise CreditCodeError("统一社会信用代码不能为空")
    bad = [ch for ch in dict.fromkeys(code) if ch not in _VALUE]
    if bad:
        raise CreditCodeError(_illegal_message(bad, len(code)))
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为18位，当前为{len(code)}位，请核对是否多输或漏输")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            f"统一社会信用代码校验码错误：最后一位应为 {expected}，实际为 {code[17]}，请核对代码"
        )
    return code


def _illegal_message(bad: list[str], length: int) -> str:
    shown = "、".join(f"“{ch}”" for ch in bad[:5]) + ("等" if len(bad) > 5 else "")
    message = f"统一社会信用代码含有不允许的字符 {shown}（当前共{length}位），只能使用数字和大写字母"
    lookalikes = [ch for ch in bad if ch in _LOOKALIKE]
    if lookalikes:
        hints = "、".join(f"{ch} 可能应为 {_LOOKALIKE[ch]}" for ch in lookalikes)
        message += f"；代码中不使用字母 I、O、Z、S、V，请检查是否输错（{hints}）"
    return message
