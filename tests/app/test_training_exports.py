"""The training lists exported to .xlsx and read back: the 参训名单, the 导师组 of a round, the open 补课 — the
same rows as on paper, text as text (an ID number whole, a unit starting with '=' never a formula), hours and
totals as numbers; refusals (nothing to export, the wrong suffix, a folder that is not there) write nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.exchange.xlsx_out import ExportError
from app.training import list_export
from app.units.service import update_unit
from db import migrations
from db.connection import open_memory
from tests.app.test_print_support import ACTOR, RARE
from tests.app.test_training_documents import build_training, confirmed_round, new_course
from tests.ids import make_id

# The courses here are of 2026 and a 补课 course of January 2027 is still to come: seen from DAY, whatever day
# the suite runs.
DAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def december_2026(pin_today):
    pin_today(DAY)


@pytest.fixture
def office():
    db = open_memory()
    migrations.apply(db)
    ids = build_training(db)
    yield db, ids
    db.conn.close()


def read(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.values)


def test_attendance_export_has_every_person_in_stroke_order_with_numbers(office, tmp_path):
    db, ids = office
    out = tmp_path / "参训名单.xlsx"
    assert list_export.export_attendance(db, ids["course"], out) == 7
    rows = read(out)
    assert rows[0] == list_export.ATTENDANCE_HEADERS
    assert [r[1] for r in rows[1:]] == ["丁二", "马三", "王一", "石磊", RARE, "张四", "欧阳娜娜木"]
    ding = rows[1]
    assert (
        ding[0] == 1 and ding[2] == make_id(3) and ding[5] == 36 and ding[6] == "不合格" and ding[7] is None
    )
    rare = rows[5]
    assert rare[2] == make_id(2) and rare[5] == 40 and rare[7].startswith("培训〔2026〕第")


def test_attendance_export_says_why_an_absent_person_has_no_hours(office, tmp_path):
    """An attendance list's 缺勤 is stored as 0 学时 with the word as the enrolment's note: the row carries the
    note and the export's 备注 says it, so 0 学时 reads as an absence, not a gap."""
    db, ids = office
    zhang = ids["people"][5]
    db.execute(
        "UPDATE enrolments SET hours = '0', result = NULL, certificate_no = NULL, note = '缺勤'"
        " WHERE course_id = ? AND person_id = ?",
        [ids["course"], zhang],
    )
    rows = list_export.attendance_rows(db, ids["course"])
    absent = next(r for r in rows if r.person_id == zhang)
    assert (absent.hours, absent.result, absent.note) == ("0", None, "缺勤")
    out = tmp_path / "参训名单.xlsx"
    list_export.export_attendance(db, ids["course"], out)
    sheet = read(out)
    assert sheet[0][-1] == "备注"
    by_name = {r[1]: r for r in sheet[1:]}
    assert by_name["张四"][5:] == (0, None, None, "缺勤")
    assert by_name["王一"][-1] is None


def test_a_formula_looking_unit_stays_text(office, tmp_path):
    db, ids = office
    update_unit(db, 1, {"name": '=HYPERLINK("x")', "kind": "社区/村"}, ACTOR)
    out = tmp_path / "a.xlsx"
    list_export.export_attendance(db, ids["course"], out)
    sheet = openpyxl.load_workbook(out).active
    cell = sheet.cell(2, 5)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_mentor_groups_export_one_row_per_mentee_then_the_unplaced(office, tmp_path):
    db, ids = office
    round_id = confirmed_round(db, ids)
    out = tmp_path / "导师组.xlsx"
    assert list_export.export_mentor_groups(db, round_id, out) == 4
    rows = read(out)
    assert rows[0] == list_export.GROUP_HEADERS
    body = rows[1:]
    assert [r[0] for r in body[:3]] == ["孙丽萍", "孙丽萍", "周建华"]  # mentors by 姓氏笔画
    assert {r[3] for r in body if r[0] == "孙丽萍"} == {"欧阳娜娜木", RARE}
    assert [(r[0], r[3], r[6]) for r in body if r[0] == "周建华"] == [("周建华", "王一", "第一志愿")]
    assert any("少于最少带教人数" in (r[7] or "") for r in body if r[0] == "孙丽萍")
    last = body[-1]
    assert last[0] is None and last[3] == "马三" and last[4] == make_id(4) and "未分配" in last[7]
    assert "周建华" in last[7]


def test_open_remedial_export_with_totals_as_numbers(office, tmp_path):
    db, ids = office
    later = new_course(db, "2027年1月补课培训班", "2027-01-04", "2027-01-08", "补课")
    from app.training import enrolments

    enrolments.enrol(db, later, [ids["people"][5]], ACTOR)
    out = tmp_path / "补课.xlsx"
    assert list_export.export_open_remedial(db, out) == 2
    rows = read(out)
    assert rows[0] == list_export.REMEDIAL_HEADERS
    assert [(r[1], r[5], r[6]) for r in rows[1:]] == [("马三", 78, 5), ("张四", 70.5, 5)]
    assert rows[1][7] == "未参加" and rows[2][7] == "已报名2027年1月补课培训班（1月4日开班）"
    assert rows[1][4] == "2024年度考核（加权评价·双达标）"


def test_refusals_write_nothing(office, tmp_path):
    db, ids = office
    empty = new_course(db, "2026年空班", "2026-06-01", "2026-06-02")
    with pytest.raises(ExportError, match="还没有报名人员"):
        list_export.export_attendance(db, empty, tmp_path / "e.xlsx")
    with pytest.raises(ExportError, match=r"\.xlsx"):
        list_export.export_attendance(db, ids["course"], tmp_path / "e.csv")
    with pytest.raises(ExportError, match="不存在"):
        list_export.export_attendance(db, ids["course"], tmp_path / "no" / "e.xlsx")
    with pytest.raises(ExportError, match="不存在"):
        list_export.export_mentor_groups(db, 42, tmp_path / "g.xlsx")
    with pytest.raises(ExportError, match="没有导师组"):
        list_export.export_mentor_groups(db, None, tmp_path / "g.xlsx")
    assert not list(tmp_path.iterdir())
