"""The optional 导师排序 sheet of a selection round's workbook: each mentor's own order of applicants (顺位), the
applicant found by ID number or, without that column, by a name only one applicant has; a repeat is counted
once, a contradiction refused on both rows."""

from __future__ import annotations

from app.exchange.plan import EXCEL_NUMBER_FIX
from app.people.idnumber import IdNumberError, looks_like_excel_number, parse_id_number
from app.training.round_sheets import RoundFile, Rows, note_ignored, note_skipped, whole_number
from app.training.selection import Applicant, mentor_key


def read_ranks(rows: Rows, result: RoundFile) -> None:
    """The mentors' own rankings into `result`; a row that cannot be used is a problem, never a guess."""
    mentors = {mentor_key(m.name): m.name for m in result.mentors}
    applicants = {a.key: a for a in result.applicants if not a.problem}
    by_name: dict[str, list[str]] = {}
    for applicant in applicants.values():
        by_name.setdefault(mentor_key(applicant.name), []).append(applicant.key)
    where: dict[tuple[str, str], tuple[int, int]] = {}
    note_ignored(rows, result)
    for number, cells, texts in rows:
        mentor = mentor_key(rows.text(texts, "mentor"))
        raw_id, person = rows.raw(cells, "id_number"), rows.text(texts, "name")
        if errors := rows.excel_errors(number, person):
            result.problems.extend(errors)
            continue
        why, what, key = _rank_row(
            rows, mentor, mentors, (raw_id, rows.text(texts, "id_number"), person), by_name
        )
        rank = whole_number(rows.raw(cells, "rank"))
        if not why and (rank is None or rank < 1):
            why, what = "顺位应是从1开始的整数，如 1、2、3", "rank"
        if why:
            value = {"mentor": mentor, "id_number": raw_id, "rank": rows.raw(cells, "rank"), "name": person}[
                what
            ]
            result.problems.append(rows.problem(number, person, what, value, why))
        elif key not in applicants:  # a valid number of someone outside the round: nothing to rank
            wrong = any(a.key == key for a in result.applicants)
            said = (
                "的学员在“学员”表中的行有误，这一行的顺位暂未使用"
                if wrong
                else "不在“学员”表中，这一行不影响分配"
            )
            result.notices.append(f"“{rows.sheet.name}”表第{number}行：号码 {key} {said}")
        elif person and mentor_key(person) != mentor_key(applicants[key].name):
            message = f"姓名与公民身份号码不符：号码 {key} 在“学员”表中是“{applicants[key].name}”，请核对"
            result.problems.append(rows.problem(number, person, "name", person, message))
        else:
            _rank(rows, result, number, (mentors[mentor], applicants[key]), rank, where)  # type: ignore[arg-type]
    note_skipped(rows, result)


def _rank(
    rows: Rows, result: RoundFile, number: int, pair: tuple[str, Applicant], rank: int,
    where: dict[tuple[str, str], tuple[int, int]],
) -> None:  # fmt: skip
    """One usable 顺位 into `result`: a repeat is counted once, a contradiction is a problem on both rows."""
    mentor, applicant = pair
    sheet = rows.sheet.name
    earlier = where.setdefault((mentor, applicant.key), (number, rank))
    if earlier[0] == number:
        result.rankings.setdefault(mentor, {})[applicant.key] = rank
        if mentor_key(mentor) not in (mentor_key(applicant.first), mentor_key(applicant.second)):
            result.notices.append(
                f"“{sheet}”表第{number}行：{applicant.name}没有选择导师“{mentor}”，这一行不影响分配"
            )
    elif earlier[1] == rank:
        result.notices.append(f"“{sheet}”表第{number}行与第{earlier[0]}行重复，只计一次")
    else:
        result.rankings.get(mentor, {}).pop(applicant.key, None)
        message = (
            f"与第{earlier[0]}行矛盾（导师“{mentor}”对{applicant.name}排了第{earlier[1]}位和第{rank}位），"
            "两行都没有采用，请只留一行"
        )
        result.problems.append(rows.problem(number, applicant.name, "rank", rank, message))


def _rank_row(
    rows: Rows,
    mentor: str,
    mentors: dict[str, str],
    person: tuple[object, str, str],
    by_name: dict[str, list[str]],
) -> tuple[str, str, str]:
    """(why, which column, the applicant's ID number) of a 导师排序 row; `person`: the ID cell, its text, the name.
    Without a 公民身份号码 column the name finds the applicant, when only one applicant has it."""
    raw_id, id_text, name = person
    if not mentor or mentor not in mentors:
        why = "导师姓名不能为空" if not mentor else f"导师“{mentor}”不在“导师”表中（或该行有误）"
        return why, "mentor", ""
    if "id_number" not in rows.column_of:
        keys = by_name.get(mentor_key(name), [])
        if len(keys) == 1:
            return "", "", keys[0]
        if not name:
            return "学员姓名不能为空", "name", ""
        if not keys:
            return f"“学员”表中没有可参加分配的“{name}”，这一行的顺位无法使用，请核对姓名", "name", ""
        return f"“学员”表中有 {len(keys)} 位“{name}”，请加一列公民身份号码", "name", ""
    if looks_like_excel_number(raw_id):
        return EXCEL_NUMBER_FIX, "id_number", ""
    try:
        return "", "", parse_id_number(id_text.lstrip("'‘’")).number
    except IdNumberError as exc:
        return str(exc), "id_number", ""
