"""Names as typed: padding removed, minority-name dots kept, and nothing odd accepted as a name."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.people.validation import _check_name, normalize_name


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("王　伟", "王伟"),  # a full-width space inside a two-character name
        ("  张三 ", "张三"),
        ("买买提・艾力", "买买提·艾力"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("欧阳 娜娜", "欧阳娜娜"),
        ("Anna  Li", "Anna Li"),
    ],
)
def test_padding_goes_and_dots_stay(typed, stored):
    assert normalize_name(typed) == stored


@pytest.mark.parametrize("typed", ["", "张三1", "李四（借调）", "=SUM(A1)", "王" * 31])
def test_not_a_name(typed):
    errors: dict[str, str] = {}
    _check_name(normalize_name(typed), errors)
    assert "name" in errors


NAME = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f·A-Za-z ]{1,30}")


@given(st.text(max_size=40))
def test_any_text_is_either_a_clean_name_or_refused(text):
    name = normalize_name(text)
    errors: dict[str, str] = {}
    _check_name(name, errors)
    if not errors:
        assert NAME.fullmatch(name), name
        assert name == name.strip() and "\u3000" not in name
