import contextlib
import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.people.idnumber import (
    PROVINCE_CODES,
    IdInfo,
    IdNumberError,
    check_digit,
    looks_like_excel_number,
    normalize_id_number,
    parse_id_number,
    upgrade_15_to_18,
    usual_id_info,
)

TODAY = datetime.date(2024, 5, 1)


# --- check digit -------------------------------------------------------------


def test_check_digit_famous_example_by_hand():
    # 11010519491231002X, worked by hand with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
    # 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2; "10X98765432"[2] = "X".
    digits = "11010519491231002"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert sum(int(d) * w for d, w in zip(digits, weights, strict=True)) == 167
    assert check_digit(digits) == "X"


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),
        ("13050319670401001", "6"),  # by hand: sum 182, 182 mod 11 = 6 -> "6"
        ("11010119800101003", "7"),  # by hand: sum 104, 104 mod 11 = 5 -> "7"
        ("00000000000000000", "1"),  # sum 0 -> "1"
    ],
)
def test_check_digit_known_values(first17, expected):
    assert check_digit(first17) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "1101051949123100", "110105194912310021", "1101051949123100X", "１１０１０５１９４９１２３１００２"],
)
def test_check_digit_rejects_anything_but_17_ascii_digits(bad):
    with pytest.raises(IdNumberError):
        check_digit(bad)


# --- normalization -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        ("110105 1949 1231 002X", "11010519491231002X"),
        ("\t110105\u300019491231\xa0002X\n", "11010519491231002X"),
        ("\ufeff110105\u200b19491231002X", "11010519491231002X"),
        ("", ""),
        ("abc", "abc"),  # no validation here
    ],
)
def test_normalize(raw, expected):
    assert normalize_id_number(raw) == expected


# --- 15 -> 18 upgrade --------------------------------------------------------


def test_upgrade_known_example():
    assert upgrade_15_to_18("130503670401001") == "130503196704010016"


def test_upgrade_normalizes_input():
    assert upgrade_15_to_18(" １３０５０３６７０４０１００１ ") == "130503196704010016"


@pytest.mark.parametrize("bad", ["", "13050367040100", "1305036704010012", "13050367040100X"])
def test_upgrade_rejects_non_15_digit(bad):
    with pytest.raises(IdNumberError):
        upgrade_15_to_18(bad)


# --- parsing: valid ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number", "birth", "gender", "upgraded_from"),
    [
        ("11010519491231002X", "11010519491231002X", datetime.date(1949, 12, 31), "女", None),
        ("11010519491231002x", "11010519491231002X", datetime.date(1949, 12, 31), "女", None),
        (" 110105 19491231 002X ", "11010519491231002X", datetime.date(1949, 12, 31), "女", None),
        ("110105-19491231-002X", "11010519491231002X", datetime.date(1949, 12, 31), "女", None),
        # Excel's text mark, and the quotes people put around a number to the same end
        ("'11010519491231002X", "11010519491231002X", datetime.date(1949, 12, 31), "女", None),
        ("‘11010519491231002X’", "11010519491231002X", datetime.date(1949, 12, 31), "女", None),
        (
            "１１０１０５１９４９１２３１００２Ｘ",
            "11010519491231002X",
            datetime.date(1949, 12, 31),
            "女",
            None,
        ),
        ("110101198001010037", "110101198001010037", datetime.date(1980, 1, 1), "男", None),
        ("440304198503121235", "440304198503121235", datetime.date(1985, 3, 12), "男", None),
        ("510104199001011230", "510104199001011230", datetime.date(1990, 1, 1), "男", None),
        ("320102200002291542", "320102200002291542", datetime.date(2000, 2, 29), "女", None),  # leap day
        ("650102190001010016", "650102190001010016", datetime.date(1900, 1, 1), "男", None),  # earliest
        ("370202199912319996", "370202199912319996", datetime.date(1999, 12, 31), "男", None),
        ("130503670401001", "130503196704010016", datetime.date(1967, 4, 1), "男", "130503670401001"),
    ],
)
def test_parse_valid(raw, number, birth, gender, upgraded_from):
    assert parse_id_number(raw, today=TODAY) == IdInfo(number, birth, gender, upgraded_from)


def test_birth_date_today_is_accepted():
    first17 = "110105" + TODAY.strftime("%Y%m%d") + "001"
    info = parse_id_number(first17 + check_digit(first17), today=TODAY)
    assert info.birth_date == TODAY


def test_today_defaults_to_the_real_today():
    assert parse_id_number("11010519491231002X").birth_date == datetime.date(1949, 12, 31)


# --- parsing: invalid --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fragments"),
    [
        ("", ["不能为空"]),
        ("   \u3000 ", ["不能为空"]),
        (None, ["不能为空"]),
        ("1101051949123100", ["18位", "16位"]),
        ("11010519491231002", ["18位", "17位"]),
        ("11010519491231002X1", ["18位", "19位"]),
        ("11010519491231002A", ["18位", "“A”", "不是数字"]),
        ("110105_19491231_002X", ["“_”", "20位"]),
        ("110105-19491231-0021", ["校验位错误"]),  # the dashes go, the number is checked as ever
        ("110105X9491231002X", ["X 只能出现在最后一位", "第7位"]),
        ("13050367040100X", ["18位", "15位"]),  # X only ends an 18-digit number
        ("110105194912310021", ["校验位错误", "最后一位应为 X", "实际为 1"]),
        ("11010519491331002X", ["19491331", "月份"]),
        ("11010519490230002X", ["19490230", "1949年2月没有30日"]),
        ("11010519490229002X", ["1949年2月没有29日"]),  # not a leap year
        ("11010519491200002X", ["19491200", "日不能为00"]),
        ("01010519491231002X", ["地区代码", "010105"]),
        ("000000194912310020", ["地区代码"]),
        ("11010518991231002X", ["早于1900年"]),
        ("130503671301001", ["19671301", "671301", "月份"]),  # bad date in a 15-digit number
    ],
)
def test_parse_invalid(raw, fragments):
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(raw, today=TODAY)
    for fragment in fragments:
        assert fragment in str(exc.value)


def test_future_birth_date_is_rejected():
    tomorrow = TODAY + datetime.timedelta(days=1)
    first17 = "110105" + tomorrow.strftime("%Y%m%d") + "001"
    with pytest.raises(IdNumberError, match="晚于今天"):
        parse_id_number(first17 + check_digit(first17), today=TODAY)


def test_check_digit_message_names_expected_and_actual():
    with pytest.raises(IdNumberError) as exc:
        parse_id_number("110101198001010035", today=TODAY)
    assert str(exc.value) == "公民身份号码校验位错误：最后一位应为 7，实际为 5，请核对号码"


def test_trailing_000_hints_at_excel_truncation():
    with pytest.raises(IdNumberError, match="Excel"):
        parse_id_number("510104199001011000", today=TODAY)


# --- Excel damage ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "5.10104E+17",
        "5.10104199001011E+17",
        "5.10104e17",
        " 5.10104E+17 ",
        "５．１０１０４Ｅ＋１７",
        "510104199001011234.0",
        "510104199001011000.00",
        510104199001011234,
        510104199001011230.0,
        5.10104e17,
        Decimal("510104199001011234"),
    ],
)
def test_excel_numbers_are_detected_and_never_repaired(raw):
    assert looks_like_excel_number(raw)
    with pytest.raises(IdNumberError) as exc:
        parse_id_number(raw, today=TODAY)
    message = str(exc.value)
    assert "Excel" in message
    assert "请将该列设置为“文本”格式后重新录入" in message


@pytest.mark.parametrize(
    "raw",
    ["11010519491231002X", "130503670401001", "", "abc", "5.1", "1E", "E+17", None, True, b"123", ["1"]],
)
def test_not_excel_numbers(raw):
    assert not looks_like_excel_number(raw)


# --- properties --------------------------------------------------------------


@given(st.text())
def test_any_text_only_raises_id_number_error(text):
    try:
        info = parse_id_number(text, today=TODAY)
    except IdNumberError:
        return
    assert len(info.number) == 18


@given(st.from_regex(r"[0-9xX ０-９]{14,20}", fullmatch=True))
def test_digit_like_text_only_raises_id_number_error(text):
    with contextlib.suppress(IdNumberError):
        parse_id_number(text, today=TODAY)


# An area code: a real province's two digits (GB/T 2260), then any four.
areas = st.builds(
    lambda province, rest: f"{province}{rest:04d}",
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 9999),
)

valid_first17 = st.builds(
    lambda area, birth, seq: f"{area}{birth:%Y%m%d}{seq:03d}",
    areas,
    st.dates(datetime.date(1900, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(valid_first17)
def test_valid_number_parses_and_round_trips(first17):
    number = first17 + check_digit(first17)
    info = parse_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date.strftime("%Y%m%d") == number[6:14]
    assert info.gender == ("男" if int(number[16]) % 2 else "女")
    assert info.upgraded_from is None
    assert parse_id_number(info.number, today=TODAY) == info
    assert parse_id_number(number.lower(), today=TODAY) == info


@given(
    st.builds(
        lambda area, birth, seq: f"{area}{birth:%y%m%d}{seq:03d}",
        areas,
        st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31)),
        st.integers(0, 999),
    )
)
def test_any_valid_15_digit_number_upgrades(num15):
    info = parse_id_number(num15, today=TODAY)
    assert info.upgraded_from == num15
    assert info.number[:6] + info.number[8:17] == num15
    assert info.number[6:8] == "19"
    assert check_digit(info.number[:17]) == info.number[17]


@given(valid_first17, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_character_change_is_rejected(first17, position, replacement):
    number = first17 + check_digit(first17)
    if position < 17 and replacement == "X":
        replacement = "0"
    if number[position] == replacement:
        return
    mutated = number[:position] + replacement + number[position + 1 :]
    # MOD 11-2 detects every single-character substitution, whatever else is wrong.
    assert check_digit(mutated[:17]) != mutated[17]
    with pytest.raises(IdNumberError):
        parse_id_number(mutated, today=TODAY)


@pytest.mark.parametrize(
    "province",
    ["10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "84", "99"],
)
def test_an_area_code_of_no_province_is_refused_and_named(province):
    first17 = f"{province}0426199112010" + "07"
    with pytest.raises(IdNumberError, match=f"前两位“{province}”不是任何省、自治区、直辖市的代码"):
        parse_id_number(first17 + check_digit(first17), today=TODAY)


def test_the_python_stdnum_example_of_a_foreign_area_is_refused():
    with pytest.raises(IdNumberError, match="“990426”"):
        parse_id_number("990426199112010074", today=TODAY)


@pytest.mark.parametrize("province", sorted(PROVINCE_CODES))
def test_every_province_code_is_accepted(province):
    first17 = f"{province}0101199001010" + "01"
    assert parse_id_number(first17 + check_digit(first17), today=TODAY).number.startswith(str(province))


# --- the import's quick reading of a number already in its stored form ---------------------------------------

_STORED_FORM = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from("123456789"),
    st.text("0123456789", min_size=16, max_size=16),
    st.sampled_from("0123456789X"),
)


def _valid_stored(province: int, born: datetime.date, serial: int) -> str:
    first17 = f"{province}0101{born:%Y%m%d}{serial:03d}"
    return first17 + check_digit(first17)


@given(
    st.one_of(
        _STORED_FORM,
        st.builds(
            _valid_stored,
            st.sampled_from(sorted(PROVINCE_CODES) + [10, 16, 20, 99]),
            st.dates(datetime.date(1890, 1, 1), datetime.date(2030, 12, 31)),
            st.integers(0, 999),
        ),
    ),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
)
def test_usual_id_info_reads_a_stored_number_as_parse_id_number_does(
    number: str, today: datetime.date
) -> None:
    try:
        expected = parse_id_number(number, today=today)
    except IdNumberError:
        expected = None
    assert usual_id_info(number, today) == expected


def test_usual_id_info_refuses_each_fault_parse_id_number_names() -> None:
    today = datetime.date(2026, 12, 1)
    good = _valid_stored(51, datetime.date(1990, 3, 7), 123)
    for serial in range(120, 130):  # every last digit of the serial, which says the gender
        number = _valid_stored(51, datetime.date(1990, 3, 7), serial)
        assert usual_id_info(number, today) == parse_id_number(number, today=today)
    faults = {
        "province": "99" + good[2:],
        "impossible day": good[:10] + "0230" + good[14:],
        "born after today": _valid_stored(51, datetime.date(2027, 1, 1), 123),
        "born before 1900": _valid_stored(51, datetime.date(1899, 12, 31), 123),
        "check character": good[:17] + ("0" if good[17] != "0" else "1"),
    }
    for fault, number in faults.items():
        with pytest.raises(IdNumberError):
            parse_id_number(number, today=today)
        assert usual_id_info(number, today) is None, fault
