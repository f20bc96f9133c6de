"""The 学员 sheet of a selection round's workbook: each applicant matched to the roster by ID number (the name
must fit, the person must be at work), the two choices read as the mentor list writes them, 服从调剂 in a choice
or a column of its own; a 第三志愿 is said, never read (the selection goes by two): in a notice counting them and
in the applicant's own 说明. A row refused here carries its problem into the selection; a blank choice is no
problem (issue 11: only an unknown mentor, or the same one twice, is), the selection says it."""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from app.exchange.plan import EXCEL_NUMBER_FIX
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.people.living import by_id_number
from app.training.round_sheets import RoundFile, Rows, note_ignored, note_skipped
from app.training.rules import AT_WORK  # who can be a mentee: those who owe training hours
from app.training.selection import Applicant, match_mentor, mentor_key

# A choice cell filled only to show it is empty, and the ways of saying 服从调剂 (after NFKC, lower case).
_NOTHING = frozenset(("/", "\\", "-", "--", "—", "——", "–", "无", "暂无", "没有", "空", "n/a", "na"))
_ADJUSTABLE = frozenset(("服从调剂", "服从分配", "服从安排", "同意调剂", "愿意调剂"))
_YES = frozenset(("是", "服从", "同意", "愿意", "y", "yes", "√", "✓"))


def person_problem(
    number_raw: object, text: str, name: str, people: dict[str, tuple[int, str, str]], binned: dict[str, str]
) -> tuple[str, str, str]:
    """(ID number, what column is wrong, why) for a mentee's cells; why is '' when the row is a roster person.
    `people`: ID number -> (id, name, status)."""
    if looks_like_excel_number(number_raw):
        return "", "id_number", EXCEL_NUMBER_FIX
    text = text.lstrip(
        "'‘’"
    )  # the apostrophe that keeps a number as text, typed where Excel does not take it off
    if not text:
        return "", "id_number", "公民身份号码不能为空：学员按号码与花名册对应"
    try:
        number = parse_id_number(text).number
    except IdNumberError as exc:
        return "", "id_number", str(exc)
    known = people.get(number)
    if known is None:
        where = (
            f"该号码的“{binned[number]}”在回收站中，请先恢复"
            if number in binned
            else "请先在花名册中添加此人"
        )
        return number, "id_number", f"花名册中没有公民身份号码为 {number} 的人员（{where}）"
    if not name:
        return number, "name", f"姓名不能为空（花名册中号码 {number} 属于“{known[1]}”）"
    if mentor_key(name) != mentor_key(known[1]):
        return (
            number,
            "name",
            f"姓名与公民身份号码不符：花名册中号码 {number} 属于“{known[1]}”，请核对姓名或号码",
        )
    if known[2] not in AT_WORK:
        return (
            number,
            "name",
            (
                f"花名册中“{known[1]}”的状态是“{known[2]}”，不在岗，不能参加双向选择；如状态有误，请先在花名册中改正"
            ),
        )
    return number, "", ""


def read_mentees(db: Database, rows: Rows, result: RoundFile, refused: dict[str, str]) -> None:
    """The applicant rows into `result`: each as an Applicant, one refused here carrying its problem."""
    people = by_id_number(db, "status")
    names = [m.name for m in result.mentors] + list(refused)
    binned = dict(db.execute("SELECT id_number, name FROM people WHERE deleted_at IS NOT NULL").fetchall())
    seen: dict[str, Applicant] = {}
    note_ignored(rows, result)
    third = 0  # the mentees who filled a 第三志愿: said, for it is not read
    for number, cells, texts in rows:
        name = " ".join(rows.text(texts, "name").split())
        wish = _third(rows, texts)
        third += bool(wish)
        if errors := rows.excel_errors(number, name):
            typed = _as_typed(rows.raw(cells, "id_number"), rows.text(texts, "id_number"))
            result.applicants.append(Applicant(typed, name, number, "", problem="；".join(errors)))
            continue
        choices, adjustable = _choices(
            rows, texts, names, f"“{rows.sheet.name}”表第{number}行 {name}", result
        )
        key, column, why = person_problem(
            rows.raw(cells, "id_number"), rows.text(texts, "id_number"), name, people, binned
        )
        value = rows.raw(cells, column) if column else None
        applicant = Applicant(
            key or _as_typed(rows.raw(cells, "id_number"), rows.text(texts, "id_number")), name, number, *choices,
            line=rows.text(texts, "line"),
            problem=rows.problem(number, name, column, value, why) if why else _refused_choice(choices, refused),
            adjustable=adjustable, third=wish,
        )  # fmt: skip
        if applicant.problem and not why:  # a mentor row's problem: say whose row it stops
            applicant = replace(
                applicant, problem=f"“{rows.sheet.name}”表第{number}行 {name}：{applicant.problem}"
            )
        if not why:
            applicant = replace(applicant, name=people[key][1])  # as the roster writes it, stray spaces gone
            result.person_ids[key] = people[key][0]
            earlier = seen.get(key)
            if earlier is not None and _same_choices(earlier, applicant):
                result.notices.append(f"“{rows.sheet.name}”表第{number}行与第{earlier.row}行重复，只计一次")
                continue
            seen.setdefault(key, applicant)
        result.applicants.append(applicant)
    if third:
        result.notices.append(
            f"“{rows.sheet.name}”表“{rows.header('third')}”列有 {third} 人填写，没有读取：双向选择只按第一、第二志愿分配"
        )
    note_skipped(rows, result)


def _third(rows: Rows, texts: list[str]) -> str:
    """The 第三志愿 as typed ('' when blank, or only '/', '无' to show it is): never read, said on the row."""
    text = " ".join(rows.text(texts, "third").split())
    return "" if mentor_key(text).lower() in _NOTHING else text


def _as_typed(raw: object, text: str) -> str:
    """A refused row's ID cell for the result: a number Excel stored stays a number (5.1e+17), never 18 digits
    that look like an ID number but lost their end."""
    return f"{raw:.15g}" if isinstance(raw, int | float) and not isinstance(raw, bool) else text


def _choices(
    rows: Rows, texts: list[str], names: list[str], where: str, result: RoundFile
) -> tuple[tuple[str, str], bool]:
    """The two choices as the mentor list writes them ('/', '无' blank; 周建华老师 is 周建华, said as a notice),
    and whether the applicant accepts any mentor (服从调剂, in a choice or a column of its own)."""
    adjustable = mentor_key(rows.text(texts, "adjust")).lower() in _YES
    choices = []
    for what, label in (("first", "第一志愿"), ("second", "第二志愿")):
        text = rows.text(texts, what)
        key = mentor_key(text).lower()
        if key in _NOTHING or key in _ADJUSTABLE:
            adjustable = adjustable or key in _ADJUSTABLE
            text = ""
        elif (named := match_mentor(text, names)) is not None and mentor_key(named) != mentor_key(text):
            result.notices.append(f"{where}：{label}“{text}”按导师“{named}”计")
            text = named
        choices.append(text)
    return (choices[0], choices[1]), adjustable


def _same_choices(one: Applicant, other: Applicant) -> bool:
    return (mentor_key(one.first), mentor_key(one.second)) == (
        mentor_key(other.first),
        mentor_key(other.second),
    )


def _refused_choice(choices: tuple[str, str], refused: dict[str, str]) -> str:
    return next((refused[mentor_key(c)] for c in choices if mentor_key(c) in refused), "")
