import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.units.creditcode import (
    CreditCodeError,
    credit_code_check_char,
    normalize_credit_code,
    validate_credit_code,
)

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_charset_and_weights_match_the_standard():
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)
    assert tuple(pow(3, i, 31) for i in range(17)) == WEIGHTS


def test_check_char_by_hand():
    # 91350100M000100Y4: M=21, Y=30 in the 31-character set. Weighted sum
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3.
    first17 = "91350100M000100Y4"
    assert sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) == 1640
    assert credit_code_check_char(first17) == "3"


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",
        "91110000802100433B",  # by hand: sum 485, 485 mod 31 = 20, 31-20 = 11 -> "B"
        "12100000400000624D",
        "521000005000001235",
        "31110000MD01234564",
        "Y1110000XY2000000C",
        "000000000000000000",  # sum 0 -> 31 -> wraps to "0"
    ],
)
def test_valid_codes(code):
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ("９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"),
        ("\t91350100M000100Y43\u3000\xa0", "91350100M000100Y43"),
    ],
)
def test_normalization(raw, expected):
    assert normalize_credit_code(raw) == expected
    assert validate_credit_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragments"),
    [
        ("", ["不能为空"]),
        ("  \u3000", ["不能为空"]),
        (None, ["不能为空"]),
        ("91350100M000100Y4", ["18位", "17位"]),
        ("91350100M000100Y433", ["18位", "19位"]),
        ("91350100MO00100Y43", ["“O”", "I、O、Z、S、V", "O 可能应为 0"]),
        ("9135O1OOMS0010IY43", ["“O”", "“S”", "“I”"]),
        ("91350100M-00100Y43", ["“-”"]),
        ("91350100M000100Y44", ["校验码错误", "最后一位应为 3", "实际为 4"]),
        ("91110000802100433C", ["最后一位应为 B"]),
    ],
)
def test_invalid_codes(raw, fragments):
    with pytest.raises(CreditCodeError) as exc:
        validate_credit_code(raw)
    for fragment in fragments:
        assert fragment in str(exc.value)


def test_organization_code_check_digit_is_not_enforced():
    # Positions 9-17 ("ABCDEFGH1" here) carry their own GB 11714 check digit in GB 32100;
    # we deliberately accept any tail as long as the overall 18th character matches.
    first17 = "91350100ABCDEFGH1"
    code = first17 + credit_code_check_char(first17)
    assert validate_credit_code(code) == code


@pytest.mark.parametrize("bad", ["", "91350100M000100Y", "91350100M000100Y43", "91350100M00O100Y4"])
def test_check_char_rejects_bad_input(bad):
    with pytest.raises(CreditCodeError):
        credit_code_check_char(bad)


@given(st.text())
def test_any_text_only_raises_credit_code_error(text):
    try:
        code = validate_credit_code(text)
    except CreditCodeError:
        return
    assert len(code) == 18


valid_first17 = st.text(alphabet=CHARSET, min_size=17, max_size=17)


@given(valid_first17)
def test_generated_code_passes(first17):
    code = first17 + credit_code_check_char(first17)
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code


@given(valid_first17, st.integers(0, 17), st.sampled_from(CHARSET + "IOZSV"))
def test_any_single_character_change_fails(first17, position, replacement):
    code = first17 + credit_code_check_char(first17)
    if code[position] == replacement:
        return
    mutated = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(CreditCodeError):
        validate_credit_code(mutated)
