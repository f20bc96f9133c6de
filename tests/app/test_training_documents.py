"""The training documents read back: 结业证书 (one page per number, the register beside it), 签到表 (a column per
course day, a sheet per five days, blank lines), 参训名单, 培训档案 on one page (cut and said when too long), the
导师组名单 of a confirmed round and of the current pairs, the 待补课名单; 姓氏笔画 order, the rare-character name
printed whole, a character no font has (a list refused whole, a certificate left out by name), and refusals."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from app.people.service import create_person
from app.printing import doc_mentoring
from app.printing import training_service as ts
from app.printing.doc_training import SIGN_ROW, BlankRows, doc_title, title_lines
from app.printing.doc_training_certificates import (
    BODY_ROOM,
    BODY_SIZE,
    CourseCertificate,
    fitted_body,
    register_path,
)
from app.printing.linebreak import NO_LINE_END, NO_LINE_START
from app.printing.problems import MissingGlyphs, PrintError
from app.printing.settings import fonts_for
from app.training import courses, enrolments
from app.training.list_export import MenteeLine, MentorGroup, MentorGroups, Unplaced
from app.training.mentoring import confirm_round, fallback_order
from app.training.pairs import save_mentor, save_pair
from app.training.round_file import RoundFile
from app.training.selection import Applicant, Mentor, assign
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR, NOBODY_HAS, RARE, build_office, fonts_of, pdf_text
from tests.ids import make_id

STROKES = (
    "丁二",
    "马三",
    "王一",
    "石磊",
    RARE,
    "张四",
    "欧阳娜娜木",
)  # 2, 3, 4, 5, 7 (横 first), 7, 8 strokes


# The courses here are of 2026 and a 补课 course of January 2027 is still to come: seen from DAY, whatever day
# the suite runs.
DAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def december_2026(pin_today):
    pin_today(DAY)


def new_course(db, name: str, start: str, end: str, category: str = "入门", hours: str = "40") -> int:
    values = {"name": name, "category": category, "start_date": start, "end_date": end, "hours": hours,
              "place": "区委党校", "organiser": "中共成都市武侯区委组织部"}  # fmt: skip
    return courses.create_course(db, values, ACTOR).record_id


def attend(db, course_id: int, people: list[int], failing: set[int] = frozenset()) -> None:
    enrolments.enrol(db, course_id, people, ACTOR, confirmed=True)
    for eid, pid in db.execute(
        "SELECT id, person_id FROM enrolments WHERE course_id = ?", [course_id]
    ).fetchall():
        if pid not in people:
            continue
        enrolments.record_attendance(db, eid, "36" if pid in failing else "40", "不合格" if pid in failing else "合格",
                                     ACTOR)  # fmt: skip


def build_training(db) -> dict:
    """build_office's six people and 石磊 (with a phone) in a five-day course, 丁二 failing; numbers given."""
    ids = build_office(db)
    extra = {"role": "community_worker", "name": "石磊", "id_number": make_id(40), "unit_id": 1,
             "phone": "13800001111"}  # fmt: skip
    people = [*ids["people"], create_person(db, extra, ACTOR).record_id]
    course = new_course(db, "2026年社区工作者入门培训班", "2026-03-02", "2026-03-06")
    attend(db, course, people, failing={ids["people"][3]})
    enrolments.assign_certificates(db, course, ACTOR)
    return {**ids, "people": people, "course": course}


@pytest.fixture
def office():
    db = open_memory()
    migrations.apply(db)
    ids = build_training(db)
    yield db, ids
    db.conn.close()


def in_order(text: str, names) -> bool:
    places = [text.index(n) for n in names]
    return places == sorted(places)


def _unprintable(db, course_id: int) -> int:
    person = {"role": "community_worker", "name": "张" + NOBODY_HAS, "id_number": make_id(900), "unit_id": 1}
    person_id = create_person(db, person, ACTOR).record_id
    attend(db, course_id, [person_id])
    return person_id


# --- 结业证书 --------------------------------------------------------------------------------------------


def test_certificates_one_page_per_number_in_number_order_with_the_register(office, tmp_path):
    db, ids = office
    out = tmp_path / "结业.pdf"
    printed = ts.course_certificates(db, ids["course"], out)
    texts = [t.replace("\n", "") for t in pdf_text(out)]
    assert printed.count == printed.pages == len(texts) == 6  # 丁二 failed: no number, no certificate
    numbers = [f"培训〔2026〕第{n:03d}号" for n in range(1, 7)]
    assert [next(n for n in numbers if n in t) for t in texts] == numbers
    assert all("结\u3000业\u3000证\u3000书" in t and "准予结业" in t and "区委组织部" in t for t in texts)
    assert not any("丁二" in t for t in texts)
    rare_page = next(t for t in texts if RARE in t)  # whole, not 李 and a gap
    assert "2026年3月2日至3月6日参加2026年社区工作者入门培训班" in rare_page
    assert all(fonts_of(out).values())
    register = openpyxl.load_workbook(register_path(out)).active
    rows = list(register.values)
    assert rows[0] == ("证书编号", "姓名", "公民身份号码", "工作单位", "培训班", "学时", "结果")
    assert [r[0] for r in rows[1:]] == numbers
    rare = next(r for r in rows[1:] if r[1] == RARE)
    assert (
        rare[2] == make_id(2)
        and rare[4] == "2026年社区工作者入门培训班"
        and rare[5] == 40
        and rare[6] == "合格"
    )
    assert printed.extra == [register_path(out)]


def test_certificates_of_chosen_enrolments_name_those_without_a_number(office, tmp_path):
    db, ids = office
    chosen = dict(db.execute("SELECT person_id, id FROM enrolments WHERE course_id = ?", [ids["course"]]))
    picked = [chosen[ids["people"][0]], chosen[ids["people"][3]]]  # 王一 and 丁二 (failed, no number)
    printed = ts.course_certificates(db, ids["course"], tmp_path / "c.pdf", enrolment_ids=picked)
    assert printed.count == 1 and "王一" in pdf_text(printed.out)[0]
    assert any("丁二" in note and "未打印" in note for note in printed.notes)


def test_certificates_say_who_failed_was_absent_or_has_no_number_yet(office, tmp_path):
    db, ids = office
    people = ids["people"]  # 丁二 (people[3]) failed
    absent(db, ids["course"], people[5], "缺勤")  # 张四
    absent(db, ids["course"], people[6], "请假")  # 石磊
    eid = dict(db.execute("SELECT person_id, id FROM enrolments WHERE course_id = ?", [ids["course"]]))
    db.execute("UPDATE enrolments SET certificate_no = NULL WHERE id = ?", [eid[people[0]]])  # 王一: passed
    enrolments.record_attendance(db, eid[people[4]], "40", None, ACTOR)  # 马三: no result yet
    printed = ts.course_certificates(db, ids["course"], tmp_path / "c.pdf")
    assert printed.count == 2 and printed.notes == [
        "丁二 1 人考核不合格，未打印",
        "张四 1 人缺勤，未打印",
        "石磊 1 人请假，未打印",
        "马三 1 人还没有记录考核结果，未打印",
        "王一 1 人已合格，但还没有结业证书编号，未打印",
    ]


def test_certificates_of_a_course_nobody_passed_say_why_not_that_numbers_are_missing(office, tmp_path):
    db, ids = office
    course = new_course(db, "2026年社区工作者进阶培训班", "2026-04-06", "2026-04-10", "进阶")
    attend(db, course, ids["people"][:2], failing={ids["people"][0]})
    absent(db, course, ids["people"][1], "缺勤")
    with pytest.raises(PrintError) as refused:
        ts.course_certificates(db, course, tmp_path / "c.pdf")
    said = str(refused.value)
    assert "没有考核合格的人员" in said and "王一 1 人考核不合格" in said and "欧阳娜娜木 1 人缺勤" in said
    assert "编号" not in said and "未打印" not in said and not (tmp_path / "c.pdf").exists()
    coming = new_course(db, "2099年补课培训班", "2099-03-02", "2099-03-06", "补课")
    enrolments.enrol(db, coming, ids["people"][:2], ACTOR)
    with pytest.raises(PrintError, match="“2099年补课培训班”2099年3月6日才结束，还没有考核结果"):
        ts.course_certificates(db, coming, tmp_path / "c.pdf")


def test_a_long_course_name_takes_a_smaller_body_that_stays_above_the_issuer(office, tmp_path):
    db, ids = office
    name = "2026年学习贯彻党的二十届历次全会精神暨基层党组织书记和党建指导员能力提升专题培训班（第一期）" * 2
    course = new_course(db, name[:100], "2026-04-06", "2026-04-10", "专题培训")
    attend(db, course, ids["people"][:1])
    enrolments.assign_certificates(db, course, ACTOR)
    printed = ts.course_certificates(db, course, tmp_path / "long.pdf")
    text = pdf_text(printed.out)[0].replace("\n", "")
    assert name[:100] in text and "（专题培训）" not in text  # the name says the category already
    certificate = CourseCertificate(0, "x", "王一", "", "", name[:100], "专题培训", "2026年4月6日至4月10日", "40",
                                    "合格", "中共成都市武侯区委组织部", "2026-04-10")  # fmt: skip
    size, leading, lines = fitted_body(fonts_for(db), certificate)
    assert size < BODY_SIZE and len(lines) * leading <= BODY_ROOM


def test_certificates_refused_until_numbers_are_given(office, tmp_path):
    db, ids = office
    course = new_course(db, "2026年社区工作者进阶培训班", "2026-04-06", "2026-04-10", "进阶")
    attend(db, course, ids["people"][:2])
    out = tmp_path / "none.pdf"
    with pytest.raises(PrintError, match="颁发结业证书"):
        ts.course_certificates(db, course, out)
    assert not out.exists() and not register_path(out).exists()


def test_a_certificate_no_font_can_draw_is_left_out_by_name(office, tmp_path):
    db, ids = office
    _unprintable(db, ids["course"])
    enrolments.assign_certificates(db, ids["course"], ACTOR)
    printed = ts.course_certificates(db, ids["course"], tmp_path / "c.pdf")
    assert printed.count == 6 and [m.who for m in printed.left_out] == ["张" + NOBODY_HAS]
    assert "未打印" in printed.summary() and "U+2EBF0" in printed.summary()
    register = list(openpyxl.load_workbook(register_path(printed.out)).active.values)
    assert len(register) == 7 and not any(r[1] == "张" + NOBODY_HAS for r in register)


# --- 签到表 and 参训名单 ----------------------------------------------------------------------------------


def test_signin_sheet_has_a_column_per_day_and_blank_lines_in_stroke_order(office, tmp_path):
    db, ids = office
    printed = ts.signin_sheet(db, ids["course"], tmp_path / "s.pdf")
    text = "".join(pdf_text(printed.out))
    assert printed.count == 7 and printed.pages == 1
    assert text.startswith("2026年社区工作者入门培训班签到表")
    assert "培训时间：2026年3月2日至3月6日" in text and "地点：区委党校" in text
    assert all(f"3月{d}日" in text for d in range(2, 7)) and "3月7日" not in text
    assert in_order(text, STROKES) and "13800001111" in text
    numbers = [line.split()[0] for line in text.splitlines() if line.split() and line.split()[0].isdigit()]
    assert "7" in numbers and "8" not in numbers  # the blank lines carry no number
    page = PdfReader(str(printed.out)).pages[0].mediabox
    assert page.width > page.height  # five day columns: landscape


def test_blank_lines_take_only_the_room_left_under_the_names_never_a_page_of_their_own(tmp_path):
    db = open_memory()
    migrations.apply(db)
    ids = build_office(db, extra=10)
    names = [r[0] for r in db.execute("SELECT name FROM people ORDER BY id")]
    course = new_course(db, "2026年全员轮训", "2026-06-15", "2026-06-19", "轮训", "12")
    pages = []
    for person in ids["people"]:  # one more each time: the names reach the foot of page 1 and go over it
        enrolments.enrol(db, course, [person], ACTOR)
        texts = pdf_text(ts.signin_sheet(db, course, tmp_path / "s.pdf").out)
        assert all(any(n in t for n in names) for t in texts), (
            f"a page of blank lines only ({len(pages) + 1} 人)"
        )
        pages.append(len(texts))
    assert pages[0] == 1 and pages[-1] == 2  # the test went over a page's end
    db.conn.close()


def test_blank_rows_are_as_many_as_fit_at_most_five():
    rows = BlankRows([100.0, 200.0], "Helvetica")
    assert [rows.wrap(300, SIGN_ROW * h)[1] / SIGN_ROW for h in (0, -1, 0.99, 1, 3.5, 5, 12)] == [
        0,
        0,
        0,
        1,
        3,
        5,
        5,
    ]
    assert rows.wrap(300, SIGN_ROW * 2)[0] == 300 and rows.split(300, 10) == []


def test_a_long_course_gets_a_sheet_per_five_days_and_a_one_day_course_is_portrait(office, tmp_path):
    db, ids = office
    long = new_course(db, "2026年青干班", "2026-04-07", "2026-04-20", "青干班", "80")  # 10 working days
    enrolments.enrol(db, long, ids["people"][:3], ACTOR)
    printed = ts.signin_sheet(db, long, tmp_path / "long.pdf")
    texts = pdf_text(printed.out)
    assert printed.pages == len(texts) == 2
    assert "第 1–5 天" in texts[0] and "4月13日" in texts[0] and "4月14日" not in texts[0]
    assert "第 6–10 天" in texts[1] and "4月20日" in texts[1] and "4月18日" not in texts[1]  # no weekend
    one = new_course(db, "2026年专题党课", "2026-05-09", "2026-05-09", "专题培训", "3")  # a Saturday
    enrolments.enrol(db, one, ids["people"][:2], ACTOR)
    printed = ts.signin_sheet(db, one, tmp_path / "one.pdf")
    page = PdfReader(str(printed.out)).pages[0].mediabox
    assert page.height > page.width and "5月9日" in pdf_text(printed.out)[0]


def test_attendance_list_counts_results_and_lists_numbers(office, tmp_path):
    db, ids = office
    printed = ts.attendance_list(db, ids["course"], tmp_path / "a.pdf")
    text = pdf_text(printed.out)[0]
    assert text.startswith("2026年社区工作者入门培训班参训名单") and printed.count == 7
    assert "共 7 人：合格 6 人，不合格 1 人；结业证书 6 份" in text
    assert in_order(text, STROKES)
    assert "不合格" in text and "培训〔2026〕第006号" in text and "社区工作者" in text
    assert "制表人" in text and all(fonts_of(printed.out).values())


def absent(db, course_id: int, person_id: int, word: str) -> None:
    """What the attendance import stores for 缺勤 / 请假: 0 学时, no result, no number, the word as the note."""
    db.execute(
        "UPDATE enrolments SET hours = '0', result = NULL, certificate_no = NULL, certificate_year = NULL,"
        " certificate_serial = NULL, note = ? WHERE course_id = ? AND person_id = ?",
        [word, course_id, person_id],
    )


def test_attendance_list_notes_an_absence_and_counts_absences_apart(office, tmp_path):
    db, ids = office
    absent(db, ids["course"], ids["people"][5], "缺勤")  # 张四
    absent(db, ids["course"], ids["people"][6], "请假")  # 石磊
    text = pdf_text(ts.attendance_list(db, ids["course"], tmp_path / "a.pdf").out)[0]
    assert "共 7 人：合格 4 人，不合格 1 人，缺勤 1 人，请假 1 人；结业证书 4 份" in text
    assert "未记录" not in text and "备注" in text
    zhang = text[text.index("张四") :].split()
    assert zhang[3:6] == ["0", "缺勤", "7"]  # 0 学时, no result, no number: the note says why
    assert text[text.index("石磊") :].split()[3:5] == ["0", "请假"]
    assert "培训〔2026〕第003号" in text[text.index("欧阳娜娜木") :].split()  # name and number unbroken


def test_a_long_course_name_breaks_where_chinese_allows_and_keeps_the_document_name_whole(office, tmp_path):
    db, ids = office
    names = ["2026年社区党组织书记专题示范培训班", "2026年“红色物业”专题培训班（第一期）",
             "2026年学习贯彻党的二十届历次全会精神暨基层党组织书记和党建指导员能力提升专题培训班（第一期）" * 2]  # fmt: skip
    for name in [n[:100] for n in names]:
        course = new_course(db, name, "2026-06-01", "2026-06-05", "专题培训")
        enrolments.enrol(db, course, ids["people"][:2], ACTOR)
        for make, document in ((ts.signin_sheet, "签到表"), (ts.attendance_list, "参训名单")):
            lines = [
                line.strip() for line in pdf_text(make(db, course, tmp_path / "t.pdf").out)[0].splitlines()
            ]
            end = next(n for n, line in enumerate(lines) if document in line)
            assert lines[end].endswith(document) and "".join(lines[: end + 1]) == name + document
            assert len(lines[0]) > len(document)  # never the name's last characters alone
            assert all(
                a[-1] not in NO_LINE_END and b[0] not in NO_LINE_START for a, b in pairwise(lines[: end + 1])
            )
            if make is ts.signin_sheet:  # the foot of each sheet: one line, cut short with … when too long
                foot = [line for line in lines[end + 1 :] if line.endswith(document)]
                short = foot == [name + document] and len(name) < 40
                assert short or (
                    foot[0].endswith("…签到表") and name.startswith(foot[0][:-4]) and len(foot) == 1
                )


def test_a_title_takes_a_smaller_size_before_a_third_line(office):
    db, _ids = office
    fonts, width = fonts_for(db), 165 * mm
    long = "2026年学习贯彻党的二十届历次全会精神暨基层党组织书记和党建指导员能力提升专题培训班（第一期）" * 2
    names = (
        "2026年社区工作者入门培训班",
        "2026年“红色物业”暨小区党支部书记专题示范培训班（第一期）",
        long[:44],
        long[:100],
    )
    titles = [doc_title(fonts, name, "参训名单", width) for name in names]
    assert [(t.style.fontSize, len(t.lines)) for t in titles] == [(22, 1), (22, 2), (18, 2), (16, 4)]


def test_title_lines_keep_the_document_whole_even_the_lines_and_shrink_before_a_third():
    def width_of(text: str) -> float:
        return 10.0 * len(text)

    assert title_lines("2026年入门班", "签到表", width_of, 200) == ["2026年入门班签到表"]
    assert title_lines("一二三四五六七八九十甲乙丙丁戊", "参训名单", width_of, 170) == [
        "一二三四五六七八九十",
        "甲乙丙丁戊参训名单",
    ]
    assert title_lines("一二三四五六七八九十甲乙丙", "参训名单", width_of, 160) == [
        "一二三四五六七八九",
        "十甲乙丙参训名单",
    ]
    assert title_lines("一二三四五六七八九十甲乙丙丁", "参训名单", width_of, 130) == [
        "一二三四五六七八九",
        "十甲乙丙丁参训名单",
    ]
    assert title_lines("一二三四五六七八九十甲乙丙丁", "参训名单", width_of, 80) == [
        "一二三四五六七八",
        "九十甲乙丙丁",
        "参训名单",
    ]
    assert title_lines("一二三四五（第一期）", "签到表", width_of, 100) == ["一二三四五", "（第一期）签到表"]
    assert title_lines("一二“红色物业”培训班", "签到表", width_of, 100) == ["一二“红色物业”", "培训班签到表"]


def test_course_lists_refused_whole_for_a_character_no_font_has(office, tmp_path):
    db, ids = office
    _unprintable(db, ids["course"])
    for make in (ts.signin_sheet, ts.attendance_list):
        out = tmp_path / "x.pdf"
        with pytest.raises(MissingGlyphs, match="张" + NOBODY_HAS):
            make(db, ids["course"], out)
        assert not out.exists()


def test_a_course_without_people_or_gone_prints_nothing(office, tmp_path):
    db, _ids = office
    empty = new_course(db, "2026年空班", "2026-06-01", "2026-06-02")
    for make in (ts.signin_sheet, ts.attendance_list, ts.course_certificates):
        with pytest.raises(PrintError):
            make(db, empty, tmp_path / "e.pdf")
    courses.delete_course(db, empty, ACTOR)
    with pytest.raises(PrintError, match="不存在或已移入回收站"):
        ts.signin_sheet(db, empty, tmp_path / "e.pdf")
    assert not (tmp_path / "e.pdf").exists()


# --- 培训档案 --------------------------------------------------------------------------------------------


def test_training_record_on_one_page_with_hours_remedial_and_mentors(office, tmp_path):
    db, ids = office
    ma = ids["people"][4]  # 马三: 78 in 2024, an open 补课
    mentor = save_mentor(db, None, {"name": "周建华", "unit": "区委组织部", "line": "组织"}, ACTOR).record_id
    save_pair(
        db, None, {"mentor_id": mentor, "mentee_id": ma, "kind": "一对一", "start_date": "2026-01-05"}, ACTOR
    )
    printed = ts.training_record(db, ma, tmp_path / "r.pdf")
    texts = pdf_text(printed.out)
    assert printed.pages == len(texts) == 1
    text = texts[0]
    assert text.startswith("培训档案") and "马三" in text and make_id(4) in text
    assert "2026.03.02–03.06" in text and "2026年社区工作者入门培训班" in text and "培训〔2026〕" in text
    year = DAY.year
    assert f"{year}" in text and "48" in text  # this year's requirement
    assert "2024年度考核（加权评价·双达标）" in text and "78.00" in text and "未完成" in text
    assert "周建华" in text and "组织 区委组织部" in text and "2026.01.05 起" in text


def test_training_record_says_an_absence_where_the_result_would_be(office, tmp_path):
    db, ids = office
    absent(db, ids["course"], ids["people"][5], "请假")  # 张四
    text = pdf_text(ts.training_record(db, ids["people"][5], tmp_path / "r.pdf").out)[0]
    tokens = text[text.index("2026年社区工作者入门培训班") :].split()
    assert tokens[1:4] == ["入门", "0", "请假"]  # 类别, 学时, and the absence in the 结果 column


def test_a_long_record_is_cut_to_one_page_and_says_so(office, tmp_path):
    db, ids = office
    wang = ids["people"][0]
    for n in range(60):
        day = dt.date(2025, 1, 6) + dt.timedelta(weeks=n)
        course = new_course(db, f"第{n + 1}期专题学习", day.isoformat(), day.isoformat(), "专题培训", "4")
        enrolments.enrol(db, course, [wang], ACTOR)
    printed = ts.training_record(db, wang, tmp_path / "long.pdf")
    text = pdf_text(printed.out)
    assert printed.pages == len(text) == 1
    cut = next(note for note in printed.notes if "一页放不下" in note)
    assert "培训经历共 61 项" in cut and "共 61 项" in text[0]
    assert "第60期专题学习" in text[0] and "第1期专题学习" not in text[0]


def test_training_record_of_a_rare_name_and_of_nobody(office, tmp_path):
    db, ids = office
    printed = ts.training_record(db, ids["people"][2], tmp_path / "rare.pdf")
    assert RARE in pdf_text(printed.out)[0]
    with pytest.raises(PrintError, match="不在花名册"):
        ts.training_record(db, 9999, tmp_path / "none.pdf")


# --- 导师组 and 补课 ------------------------------------------------------------------------------------


def confirmed_round(db, ids) -> int:
    """周建华 takes one, 孙丽萍 two (minimum 3: flagged); 王一 and 马三 both chose 周建华 first."""
    people = ids["people"]
    numbers = {make_id(i): people[i] for i in (0, 1, 2, 4)}
    mentors = [Mentor("周建华", 1, 1, "组织"), Mentor("孙丽萍", 3, 2, "宣传")]
    keys = list(numbers)
    applicants = [Applicant(keys[0], "王一", 3, "周建华", "孙丽萍"), Applicant(keys[1], "欧阳娜娜木", 4, "孙丽萍"),
                  Applicant(keys[2], RARE, 5, "孙丽萍", "周建华"), Applicant(keys[3], "马三", 6, "周建华")]  # fmt: skip
    found = RoundFile("round.xlsx", mentors=mentors, applicants=applicants, person_ids=numbers)
    result = assign(mentors, applicants, {}, fallback_order(db, numbers))
    return confirm_round(db, "2026年双向选择", 2026, found, result, ACTOR, dt.date(2026, 3, 1)).record_id


def test_mentor_groups_of_a_round_with_choices_flags_and_the_unplaced(office, tmp_path):
    db, ids = office
    round_id = confirmed_round(db, ids)
    printed = ts.mentor_groups(db, round_id, tmp_path / "g.pdf")
    text = "".join(pdf_text(printed.out))
    assert text.startswith("2026年双向选择导师组名单") and printed.count == 4
    assert "导师 2 人，学员 3 人，未分配 1 人" in text
    assert in_order(text, ("孙丽萍", "周建华"))  # 孙 6 strokes, 周 8
    zhou = text[text.index("导师：周建华") :]
    assert zhou.index("王一") < zhou.index("第一志愿") < zhou.index("未分配")  # 王一 has the higher total
    assert "少于最少带教人数（3 人）" in text and RARE in text
    tail = text[text.index("未分配，待人工决定") :]
    assert "马三" in tail and "周建华" in tail


def test_mentor_groups_of_a_long_named_round_with_everyone_placed(office, tmp_path):
    db, ids = office
    numbers = {make_id(0): ids["people"][0], make_id(1): ids["people"][1]}
    mentors = [Mentor("周建华", 1, 2, "组织")]
    applicants = [
        Applicant(make_id(0), "王一", 3, "周建华"),
        Applicant(make_id(1), "欧阳娜娜木", 4, "周建华"),
    ]
    found = RoundFile("round.xlsx", mentors=mentors, applicants=applicants, person_ids=numbers)
    result = assign(mentors, applicants, {}, fallback_order(db, numbers))
    name = "2026年全区优秀年轻干部和社区后备力量导师帮带制度双向选择工作试点（第一批次）"
    round_id = confirm_round(db, name, 2026, found, result, ACTOR, dt.date(2026, 3, 1)).record_id
    lines = [
        line.strip()
        for line in pdf_text(ts.mentor_groups(db, round_id, tmp_path / "g.pdf").out)[0].splitlines()
    ]
    end = next(n for n, line in enumerate(lines) if "导师组名单" in line)
    assert end == 1 and lines[end].endswith("导师组名单") and "".join(lines[:2]) == name + "导师组名单"
    assert "导师 1 人，学员 2 人" in lines[2] and "未分配" not in "".join(lines)


def test_the_unplaced_heading_never_ends_a_page_without_its_names(office, tmp_path):
    db, _ids = office
    unplaced = [Unplaced(f"未分{n}", make_id(n), "东门社区", "周建华", "") for n in range(3)]
    fonts, moved = fonts_for(db), 0
    mentee = MenteeLine("学员", "", "东门社区", "第一志愿")
    # one more name each time: the heading reaches the foot of page 1 and goes over
    for count in range(1, 9):
        groups = [MentorGroup(f"导师{n}", "", "", "组织", 1, 9, [mentee] * 3) for n in range(4)]
        groups.append(MentorGroup("导师末", "", "", "组织", 1, 99, [mentee] * count))
        found = MentorGroups("2026年双向选择", 2026, "志愿", groups, unplaced)
        out = doc_mentoring.print_groups(
            found, tmp_path / "g.pdf", fonts, office="", today=dt.date(2026, 3, 1)
        ).out
        page = next(t for t in pdf_text(out) if "未分配，待人工决定" in t)
        assert "未分0" in page and "未分1" in page, f"最后一组 {count} 人"
        moved += "导师" not in page.split("未分配，待人工决定")[0]
    assert moved  # the heading started a page at least once


def test_mentor_groups_without_a_round_are_the_current_pairs(office, tmp_path):
    db, ids = office
    mentor = save_mentor(db, None, {"name": "何志强", "line": "基层治理"}, ACTOR).record_id
    for person, kind in ((ids["people"][0], "一对一"), (ids["people"][5], "2+1")):
        save_pair(db, None, {"mentor_id": mentor, "mentee_id": person, "kind": kind, "start_date": "2026-01-05"},
                  ACTOR)  # fmt: skip
    ended = {"mentor_id": mentor, "mentee_id": ids["people"][1], "kind": "一对一", "start_date": "2024-01-05",
             "end_date": "2024-12-31"}  # fmt: skip
    save_pair(db, None, ended, ACTOR)
    printed = ts.mentor_groups(db, None, tmp_path / "p.pdf")
    text = pdf_text(printed.out)[0]
    assert text.startswith("导师帮带对子名单") and printed.count == 2
    assert "形式" in text and "2+1" in text and "欧阳娜娜木" not in text  # an ended pair is not current


def test_mentor_groups_refused_for_no_round(office, tmp_path):
    db, _ids = office
    with pytest.raises(PrintError, match="不存在"):
        ts.mentor_groups(db, 42, tmp_path / "g.pdf")
    with pytest.raises(PrintError, match="没有导师组"):
        ts.mentor_groups(db, None, tmp_path / "g.pdf")


def test_open_remedial_lists_who_still_owes_and_what_they_attended(office, tmp_path):
    db, ids = office
    later = new_course(db, "2027年1月补课培训班", "2027-01-04", "2027-01-08", "补课")
    enrolments.enrol(db, later, [ids["people"][5]], ACTOR)  # 张四: enrolled, still to come
    printed = ts.open_remedial(db, tmp_path / "b.pdf")
    text = pdf_text(printed.out)[0]
    assert text.startswith("待补课人员名单") and printed.count == 2
    assert in_order(text, ("马三", "张四")) and "70.50" in text and "5 个工作日" in text
    assert "已报名2027年1月补课培训班（1月4日开班）" in text.replace("\n", "") and "未参加" in text


def test_open_remedial_closed_by_a_course_leaves_the_list_and_then_nothing_prints(office, tmp_path):
    db, ids = office
    course = new_course(db, "2026年春季补课培训班", "2026-04-13", "2026-04-17", "补课")
    attend(db, course, [ids["people"][4], ids["people"][5]])  # closes both requirements
    with pytest.raises(PrintError, match="没有待补课"):
        ts.open_remedial(db, tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


def test_two_hundred_people_repeat_the_header_and_number_every_page(tmp_path):
    db = open_memory()
    migrations.apply(db)
    ids = build_office(db, extra=194)
    course = new_course(db, "2026年全员轮训", "2026-06-15", "2026-06-16", "轮训", "12")
    enrolments.enrol(db, course, ids["people"], ACTOR)
    for make in (ts.signin_sheet, ts.attendance_list):
        printed = make(db, course, tmp_path / "200.pdf")
        texts = pdf_text(printed.out)
        assert printed.count == 200 and printed.pages == len(texts) > 3
        for number, text in enumerate(texts, 1):
            assert "序号" in text and "工作单位" in text and f"第 {number} 页 共 {len(texts)} 页" in text
        numbers = {int(w) for t in texts for line in t.splitlines() for w in line.split()[:1] if w.isdigit()}
        assert set(range(1, 201)) <= numbers
    db.conn.close()
