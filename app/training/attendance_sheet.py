"""Where an attendance list sits in a workbook: which sheet, which row is the header and what each column holds,
which other sheets hold a list too, and the course a title above the header names.

Pure reading of cells already read (app/exchange/reader.py); no database.
"""

from __future__ import annotations

import re

from app.exchange.cells import cell_text
from app.exchange.columns import is_guide_sheet, match_label, normalize_label
from app.exchange.plan import PlanError
from app.exchange.reader import Sheet
from app.training.courses import MAX_NAME
from app.training.rules import CATEGORIES

MAX_HEADER_SCAN = 30
NAME, ID, HOURS, RESULT = "name", "id_number", "hours", "result"
LABELS: dict[str, tuple[str, ...]] = {
    NAME: ("学员姓名", "参训人员", "参训人员姓名", "学员", "参训人"),
    HOURS: (
        "学时",
        "参训学时",
        "实际学时",
        "完成学时",
        "培训学时",
        "学时数",
        "获得学时",
        "课时",
        "实修学时",
        "实得学时",
        "实到学时",
        "参培学时",
        "有效学时",
        "实际课时",
        "完成课时",
    ),
    RESULT: (
        "结果", "考核结果", "成绩", "考试成绩", "结业情况", "是否合格", "考核成绩", "结业考核", "考核情况", "考试情况",
        "考核等次", "考核结论", "评定结果", "考评结果", "是否结业",
    ),
}  # fmt: skip
# Beyond the table, a label that ends in 学时 or 课时 is the hours attended ('实际参训学时（小时）'), unless it
# says what was required or planned: crediting the course's hours instead would credit the absent too.
_HOURS_END = re.compile(r"(?:学时|课时)数?$")
_NOT_ATTENDED = ("要求", "应", "计划", "规定", "总", "标准", "额定", "课程")
_BY_LABEL = {normalize_label(label): what for what, labels in LABELS.items() for label in labels}
HINT = re.compile(r"\([^()]*\)$")  # '学时(小时)', '成绩(百分制)'
NO_HEADER = (
    "没有找到表头行：表格前30行中没有同时含“姓名”和“公民身份号码”的行。参训名单每行一人，需要这两列，"
    "可另有“学时”和“结果”（合格、不合格或成绩）两列，请检查表头。"
)

# A title names its course before what kind of paper it is: '…入门培训班参训人员名单' → '…入门培训班'.
_PAPER = re.compile(
    r"(?:的)?(?:参训|参培|学员|人员|签到|考勤|学时|结业|成绩|考核|报名)*"
    r"(?:人员|学员)?(?:情况)?(?:名单|花名册|签到表|签到单|汇总表|登记表|统计表|情况表|一览表|考勤表|明细表|表)$"
)
_LABELLED = re.compile(r"^(?:培训班(?:名称)?|班次|培训项目|培训名称|培训主题)[:：](.+)$")
_COURSE_WORDS = ("班", "培训", "观摩", "竞赛", "轮训", "讲座", "课")
_NOT_TITLE = ("填报", "日期", "单位：", "单位:", "制表", "联系人")
# The category a course's name most likely has, the more telling words first (a 补课班 is 补课, not 专题).
_CATEGORY_WORDS = (
    ("补课", "补课"), ("青干", "青干班"), ("青年干部", "青干班"), ("导师", "导师班"), ("岗前", "岗前培训"),
    ("进阶", "进阶"), ("入门", "入门"), ("全面", "全面"), ("轮训", "轮训"), ("观摩", "现场观摩"),
    ("竞赛", "知识竞赛"), ("专题", "专题培训"),
)  # fmt: skip


def column_of(value: object) -> str | None:
    """What a header cell names: name, id_number, hours, result or None."""
    label = normalize_label(value)
    bare = HINT.sub("", label)
    found = _BY_LABEL.get(label) or _BY_LABEL.get(bare)
    if found is None and _HOURS_END.search(bare) and not any(word in bare for word in _NOT_ATTENDED):
        found = HOURS
    if found is None and value is not None:
        matched = match_label(value)
        found = matched if matched in (NAME, ID) else None
    return found


def header_of(sheet: Sheet) -> tuple[int, dict[int, str]] | None:
    """The header row (0-based) of an attendance list in the sheet's first rows and what its columns hold;
    None when the sheet has none."""
    for index, row in enumerate(sheet.rows[:MAX_HEADER_SCAN]):
        columns: dict[int, str] = {}
        for column, value in enumerate(row):
            what = column_of(value)
            if what and what not in columns.values():
                columns[column] = what
        if {NAME, ID} <= set(columns.values()):
            return index, columns | _second_row(sheet, index, columns)
    return None


def _second_row(sheet: Sheet, index: int, columns: dict[int, str]) -> dict[int, str]:
    """学时 and 结果 from the row under the header, when the header has two rows (a merged 参训情况 above
    学时 | 结果): read as one, or everyone would be credited the course's hours and the labels read as a person."""
    if index + 1 >= len(sheet.rows):
        return {}
    found: dict[int, str] = {}
    for column, value in enumerate(sheet.rows[index + 1]):
        what = column_of(value)
        if what in (HOURS, RESULT) and column not in columns and what not in columns.values():
            found[column] = what
    return found


def locate(sheets: list[Sheet], wanted: str | None = None) -> tuple[Sheet, int, dict[int, str], list[str]]:
    """The sheet to read (the one named, else the first holding a list), its header row and columns, and the
    names of the other sheets that hold a list too."""
    # A template's 填表说明 (or 示例) sheet, with a sample header and person, only when no other sheet has a list.
    chosen = (
        _named(sheets, wanted) if wanted is not None else sorted(sheets, key=lambda s: is_guide_sheet(s.name))
    )
    for sheet in chosen:
        if (found := header_of(sheet)) is not None:
            others = [
                s.name
                for s in sheets
                if s is not sheet and not is_guide_sheet(s.name) and header_of(s) is not None
            ]
            return sheet, found[0], found[1], others
    if (hint := _half_header(chosen)) is not None:
        raise PlanError(hint)
    if wanted is not None:
        raise PlanError(f"工作表“{chosen[0].name}”中{NO_HEADER.removeprefix('没有找到表头行：')}")
    raise PlanError(NO_HEADER + _sheets_said(sheets))


def _half_header(sheets: list[Sheet]) -> str | None:
    """The first row that has one of 姓名 and 公民身份号码 among other labels: a header missing the other."""
    labels = {NAME: "姓名", ID: "公民身份号码"}
    for sheet in sheets:
        for index, row in enumerate(sheet.rows[:MAX_HEADER_SCAN]):
            found = {column_of(value) for value in row} - {None}
            filled = sum(1 for value in row if cell_text(value))
            if len(found & {NAME, ID}) == 1 and filled >= 2:
                (has,) = found & {NAME, ID}
                missing = labels[ID if has == NAME else NAME]
                return (
                    f"工作表“{sheet.name}”第{index + 1}行像是表头（有“{labels[has]}”），但缺少“{missing}”列："
                    "参训名单按公民身份号码对应花名册中的人员，每行一人，需要姓名和公民身份号码两列，"
                    "请补上这一列再导入。"
                )
    return None


def _sheets_said(sheets: list[Sheet]) -> str:
    if len(sheets) < 2:
        return "" if sheets and sheets[0].rows else "（文件中没有任何内容）"
    return f"（已查看全部 {len(sheets)} 张工作表：{'、'.join(s.name for s in sheets)}）"


def _named(sheets: list[Sheet], name: str) -> list[Sheet]:
    wanted = "".join(name.split())
    found = [sheet for sheet in sheets if "".join(sheet.name.split()) == wanted]
    if not found:
        names = "、".join(sheet.name for sheet in sheets) or "（没有工作表）"
        raise PlanError(f"工作簿中没有名为“{wanted}”的工作表，有：{names}")
    return found[:1]


def course_in_title(sheet: Sheet, header: int) -> str | None:
    """The course a title line above the header names ('2026年入门培训班参训名单', '培训班名称：党史专题'), or
    None when the lines above name none."""
    for row in sheet.rows[:header]:
        texts = [t for t in (cell_text(c) for c in row) if t]
        if len(texts) != 1 or any(word in texts[0] for word in _NOT_TITLE):
            continue
        text = " ".join(texts[0].split())  # as written: the name becomes the course's
        if labelled := _LABELLED.match(text.replace(" ", "")):
            return labelled.group(1)[:MAX_NAME]
        name = _PAPER.sub("", text).strip()
        if name and any(word in name for word in _COURSE_WORDS) and len(name) <= MAX_NAME:
            return name
    return None


def category_in_name(name: str) -> str:
    """The category a course's name says ('…入门培训班' → 入门), or '' when it says none."""
    found = next((category for word, category in _CATEGORY_WORDS if word in name), "")
    assert not found or found in CATEGORIES
    return found
