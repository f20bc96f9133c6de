"""Choice cells that say more than one value, read without guessing: a 学历 written with its 学位 (本科/学士,
大学本科学士学位), two words for one 学历 (中专/中技), and the 是 / 否 of a 是否在岗 column.

A 学位 is not a 学历: it is left out, and the caller says which values lost one (nothing typed goes in silence).
A 否 under 是否在岗 does not say whether the person left, retired, moved or was dismissed: it is refused."""

from __future__ import annotations

import re
import unicodedata

from app.exchange.choices import normalize_choice
from app.exchange.columns import summarize_labels
from app.people.fields import EDUCATIONS

# A 学位 written after the 学历, apart (本科/学士, 本科 学士, 本科（学士）) or run on (大学本科学士学位).
_WITH_DEGREE = re.compile(
    r"(?P<education>.+?)[\s/、,;+]*\(?(?P<degree>(?:双)?(?:学士|硕士|博士)(?:学位)?)\)?"
)
_DEGREE_ALONE = re.compile(r"(?:双)?(?:学士|硕士|博士)学位")
_SEPARATORS = " /、,;+"
_ALTERNATIVES = re.compile(r"[/、]")


def education_of(text: str) -> tuple[str, str]:
    """(the 学历 as stored, the 学位 left out of `text` or ''); ValueError saying what to write when `text` holds
    no 学历 the office knows."""
    try:
        return normalize_choice("education", text), ""
    except ValueError as refused:
        error = refused
    tidy = unicodedata.normalize("NFKC", text).strip()
    found = _WITH_DEGREE.fullmatch(tidy)
    if found is not None and (written := found["education"].strip(_SEPARATORS)):
        try:
            return normalize_choice("education", written), found["degree"]
        except ValueError:
            pass
    same = _one_education(tidy)
    if same is not None:
        return same, ""
    if _DEGREE_ALONE.fullmatch(tidy) or tidy in ("学士", "硕士", "博士"):
        raise ValueError(f"“{text}”是学位，不是学历：请填写学历，应为：{'、'.join(EDUCATIONS)}")
    raise error


def _one_education(text: str) -> str | None:
    """中专/中技 → 中专: two words for one 学历; None when the parts are not all one 学历."""
    parts = [part.strip() for part in _ALTERNATIVES.split(text) if part.strip()]
    if len(parts) < 2:
        return None
    try:
        values = {normalize_choice("education", part) for part in parts}
    except ValueError:
        return None
    return values.pop() if len(values) == 1 else None


_YES = frozenset(("是", "√", "✓", "✔"))
_NO = frozenset(("否", "×", "✗", "✘"))
_OTHER_STATUSES = "离岗、退休、转岗或解聘"


def status_of(text: str, *, yes_or_no: bool) -> str:
    """The 状态 of a cell; under a column that asks yes or no (是否在岗), 是 is 在岗 and 否 is refused."""
    if yes_or_no and text in _YES:
        return "在岗"
    if yes_or_no and text in _NO:
        raise ValueError(
            f"“{text}”表示不在岗，但看不出是{_OTHER_STATUSES}：请在这一列填写实际的状态（{_OTHER_STATUSES}）"
        )
    return normalize_choice("status", text)


def asks_yes_or_no(header: str) -> bool:
    """Whether a 状态 column's header is a question (是否在岗), so that its cells say 是 or 否."""
    return "".join(header.split()).startswith("是否")


class ChoiceReader:
    """The choice cells of one file: normalize_choice, and what it cannot read (above), remembering the 学历
    texts whose 学位 was left out for the one line the dry run says of them."""

    def __init__(self, *, status_header: str | None):
        self.yes_or_no = status_header is not None and asks_yes_or_no(status_header)
        self.degrees: dict[str, str] = {}  # the 学历 text -> the 学历 read

    def read(self, field: str, text: str) -> str:
        """The stored value of the cell's text; ValueError saying why there is none."""
        if field == "education":
            value, degree = education_of(text)
            if degree:
                self.degrees[text] = value
            return value
        if field == "status":
            return status_of(text, yes_or_no=self.yes_or_no)
        return normalize_choice(field, text)

    def notices(self) -> list[str]:
        return [degrees_notice(self.degrees)] if self.degrees else []


def degrees_notice(dropped: dict[str, str]) -> str:
    """The dry run's one line on the values whose 学位 was left out: text -> the 学历 read."""
    listed = summarize_labels([f"“{text}”读作{value}" for text, value in dropped.items()], unit="种")
    return f"学历中写有学位（学士、硕士等），学位不是学历，没有导入：{listed}"
