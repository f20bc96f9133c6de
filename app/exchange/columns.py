"""Find the header row of a roster by its labels, and which column holds which field.

Titles ('2024年社区工作者花名册') and 填报单位/填报日期 lines sit above the header, often merged; labels vary
('姓 名', '身份证号码', '出生年月\n(1990.01)', '*联系电话（必填）'). A column whose label the app does not know is
listed and ignored, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.exchange.limits import clip
from app.exchange.reader import Sheet
from app.people.fields import EXPORT_FIELDS

__all__ = [
    "ALIASES",
    "IMPORT_FIELDS",
    "HeaderGuess",
    "choose_sheet",
    "is_guide_sheet",
    "is_weak_label",
    "field_of_label",
    "find_header",
    "match_label",
    "normalize_label",
    "summarize_labels",
]

IMPORT_FIELDS: tuple[str, ...] = tuple(EXPORT_FIELDS)

# Field -> the header labels people use for it. The export's own label comes first (a file we wrote re-imports).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "人员姓名"),
    "gender": ("性别",),
    "ethnicity": ("民族", "民族成分", "民族成份"),
    "id_number": (
        "公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码", "身份证件号码", "公民身份证号码",
        "公民身份证号", "居民身份证号码",
    ),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "出生时间"),
    "education": ("学历", "文化程度", "最高学历", "学历学位", "全日制学历", "学历层次"),
    "major": ("专业", "所学专业"),
    "political_status": ("政治面貌", "政治面目"),
    "party_join_date": ("入党时间", "入党日期", "入党年月"),
    "work_start_date": ("参加工作时间", "工作时间", "参加工作日期", "参加工作年月"),
    "post_start_date": (
        "到岗时间", "到岗日期", "入职时间", "入职日期", "到岗年月", "入职年月", "聘用时间", "聘用日期",
        "参加社区工作时间", "到社区工作时间", "进入社区工作时间", "任职时间",
    ),
    "unit": (
        "工作单位", "所在单位", "所在社区", "单位", "单位名称", "所在街道社区", "现工作单位", "现单位", "现所在单位",
        "所属单位", "所属社区", "工作单位名称", "社区", "村", "所在村", "村社区", "社区村", "所在村社区", "所在社区村",
    ),
    "position": ("岗位", "职务", "现任职务", "岗位职务", "现任岗位", "现职务", "现岗位", "担任职务", "职务岗位"),
    "role": ("人员类别", "类别", "身份", "人员身份", "人员类型"),
    "phone": (
        "联系电话", "手机", "手机号码", "手机号", "电话", "电话号码", "联系方式", "移动电话", "联系手机",
        "办公电话", "固定电话", "座机", "座机号码", "办公室电话", "单位电话", "家庭电话",
    ),
    "source": ("来源渠道", "来源", "招录方式"),
    # 是否在岗 asks yes or no: 是 is 在岗, and 否 is refused, as it does not say which other status (choice_words).
    "status": ("状态", "在岗状态", "人员状态", "在岗情况", "在职状态", "是否在岗"),
    "social_work_level": ("社会工作者职业资格", "社工资格", "职业资格", "社会工作者职业水平"),
    "note": ("备注",),
}  # fmt: skip

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_WHITESPACE = re.compile(r"\s+")
_MARKS = "*※★☆"
_REQUIRED_HINTS = re.compile(r"\((?:必填|必选|选填|可选|必须填写)\)")
_TRAILING_HINT = re.compile(r"\([^()]*\)$")


def normalize_label(text: object) -> str:
    """'*姓　名\n（必填）：' -> '姓名': NFKC, no white space anywhere, no required-marks, no colons, case-folded."""
    if text is None:
        return ""
    label = unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE)
    label = _WHITESPACE.sub("", label)
    label = _REQUIRED_HINTS.sub("", label).replace(":", "")
    return label.strip(_MARKS).casefold()


_BY_LABEL: dict[str, str] = {
    normalize_label(label): field for field, labels in ALIASES.items() for label in labels
}


def match_label(text: object) -> str | None:
    """The field a header label names, or None. A trailing hint in brackets is allowed:
    '出生年月(格式:1990.01)', '公民身份号码（18位）'."""
    return field_of_label(normalize_label(text))


def labels_of_field(field: str) -> frozenset[str]:
    """Every normalized label that names `field` by itself (姓名, 名字 … for 'name')."""
    return frozenset(label for label, named in _BY_LABEL.items() if named == field)


def field_of_label(label: str) -> str | None:
    """match_label for a label already normalized by normalize_label."""
    if not label:
        return None
    field = _BY_LABEL.get(label)
    if field is None and label.endswith(")"):
        field = _BY_LABEL.get(_TRAILING_HINT.sub("", label).strip(_MARKS))
    return field


@dataclass(frozen=True)
class HeaderGuess:
    row_index: int  # 0-based index into Sheet.rows (Excel row row_index + 1)
    mapping: dict[int, str]  # column index -> field
    unknown: list[tuple[int, str]]  # (column index, header text) of labels the app does not know: ignored
    duplicates: list[tuple[int, str]]  # a later column naming a field already mapped: ignored

    @property
    def fields(self) -> set[str]:
        return set(self.mapping.values())


def _header_text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


# Labels that name a field only when no other column names it: 身份 is 人员类别 in one roster and 聘用 / 事业编制
# in the next, beside a 人员类别 column of its own; 是否在岗 (是 / 否) says less than a 状态 column beside it.
WEAK_LABELS = frozenset({"身份", "人员身份", "是否在岗"})


def is_weak_label(text: object, row: list[object]) -> bool:
    """Whether `text` is a weak label whose field another label of `row` names."""
    if normalize_label(text) not in WEAK_LABELS:
        return False
    field = match_label(text)
    return any(normalize_label(v) not in WEAK_LABELS and match_label(v) == field for v in row)


def guess_row(row: list[object], row_index: int) -> HeaderGuess:
    """Read `row` as a header: which columns it maps, which labels are unknown or repeated."""
    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str]] = []
    seen: set[str] = set()
    for column, value in enumerate(row):
        text = _header_text(value)
        if not text:
            continue
        field = None if is_weak_label(value, row) else match_label(value)
        if field is None:
            unknown.append((column, text))
        elif field in seen:
            duplicates.append((column, text))
        else:
            seen.add(field)
            mapping[column] = field
    return HeaderGuess(row_index, mapping, unknown, duplicates)


def _matched_fields(row: list[object]) -> set[str]:
    return {field for value in row if (field := match_label(value)) is not None}


def find_header(rows: list[list[object]], max_scan: int = 30) -> HeaderGuess | None:
    """The first row (among the first `max_scan`) naming both 姓名 and 公民身份号码; failing that, the row naming
    姓名 and the most other fields (at least 3 in all, the first such row on a tie). None if there is none."""
    best_index, best_count = -1, 2
    for index, row in enumerate(rows[:max_scan]):
        fields = _matched_fields(row)
        if "name" not in fields:
            continue
        if "id_number" in fields:
            return guess_row(row, index)
        if len(fields) > best_count:
            best_index, best_count = index, len(fields)
    return guess_row(rows[best_index], best_index) if best_index >= 0 else None


# Words in a sheet's name that mark it as the instructions or a filled-in example: a template often puts 填表说明
# first, with a sample header and one made-up person, and that sheet must not be taken for the roster.
GUIDE_WORDS = ("说明", "示例", "样例", "样表", "范例", "填表要求", "填写要求", "注意事项")


def is_guide_sheet(name: str) -> bool:
    return any(word in name for word in GUIDE_WORDS)


def choose_sheet(sheets: list[Sheet]) -> tuple[Sheet, HeaderGuess] | None:
    """The first sheet whose header names 姓名 and 公民身份号码, else the first sheet with any header; sheets
    named as instructions or examples (填表说明, 填写示例) only when no other sheet has a header."""
    ordered = sorted(sheets, key=lambda sheet: is_guide_sheet(sheet.name))  # stable: the order kept otherwise
    fallback: tuple[Sheet, HeaderGuess] | None = None
    for sheet in ordered:
        guess = find_header(sheet.rows)
        if guess is None:
            continue
        if "id_number" in guess.fields:
            return sheet, guess
        if fallback is None:
            fallback = (sheet, guess)
    return fallback


def hidden_rows_notice(rows: list[int], hidden: frozenset[int], held: str) -> list[str]:
    """What an import says of its rows (Excel's numbers) that Excel hides — a filter left on, people hidden rather
    than deleted: read like the rest, they are in the file, but never in silence, since the clerk did not see them.
    `held`: what such a row holds (人员, 成绩, 记录)."""
    shown = [f"第{n}行" for n in rows if n - 1 in hidden]
    if not shown:
        return []
    listed = summarize_labels(shown, unit="行")
    return [
        f"{listed}在 Excel 中是隐藏的，其中的{held}也一并检查和导入；如不应导入，请在表中删除这些行后再导入"
    ]


def summarize_labels(labels: list[str], shown: int = 8, unit: str = "列") -> str:
    """'籍贯、备用' — or for a long list its first few, each cut to 20 characters, then '… 等 N 列': a file
    with 10,000 columns must not print a line of 150,000 characters."""
    texts = [clip(label, 20) for label in labels[:shown]]
    if len(labels) <= shown:
        return "、".join(texts)
    return f"{'、'.join(texts)}…… 等 {len(labels)} {unit}"
