"""A district clerk's training year, walked through the window on the demo office: each test is a season, run
on its own copy of the demo database, driving the real pages and forms (dialogs answered as the `answers`
fixture does) and reading back what was written — the database, the screens' models, the PDFs and the .xlsx.

The walk takes place in the demo's previous year (W), seen from DAY: its courses are over, so attendance,
points and 补课 behave as they do for a finished course; the demo's open 补课 were made in January of W. DAY is
pinned, so the walk's dates fall on the weekdays they were chosen for (17–21 November of W is a week of five
working days, which a 补课 of 5 days needs) on whatever day the suite runs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.office import open_office
from app.training import enrolments
from app.training.courses import create_course
from app.training.rules import hours_text
from tests.ui.conftest import wait_for_jobs
from ui.care import form_parts
from ui.main_window import MainWindow
from ui.pages import page_index

DAY = dt.date(2026, 12, 1)
W = DAY.year - 1
CLERK = "区委组织部张敏"


@pytest.fixture(scope="module", autouse=True)
def walk_day():
    """app.clock.today() is DAY for the whole module, the demo's building included."""
    from app import clock

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "_pinned", DAY)
        yield


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo office (300 people, two years of everything), built once for the module."""
    from app.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    office = open_office(path)
    build_demo(office.db)
    office.close(backup_if_changed=False)
    return path


@pytest.fixture
def window(qtbot, qapp, demo_file, tmp_path, monkeypatch):
    """The main window on a fresh copy of the demo office (SQLite's backup API: a WAL file is never copied);
    printed documents land in tmp_path instead of a viewer."""
    from ui.context import AppContext
    from ui.printing import actions

    path = tmp_path / "office.db"
    with sqlite3.connect(demo_file) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    monkeypatch.setattr(actions.tempfile, "gettempdir", lambda: str(tmp_path))
    printed: list[Path] = []
    monkeypatch.setattr(actions, "open_in_viewer", lambda out: printed.append(Path(out)) or True)
    office = open_office(path)
    shown = MainWindow(AppContext(office, CLERK))
    shown.printed = printed
    qtbot.addWidget(shown)
    yield shown
    office.close(backup_if_changed=False)


def page(window: MainWindow, key: str):
    window.show_page(page_index(key))
    return window.page(key)


def training(window: MainWindow):
    shown = page(window, "training")
    shown.year_box.setCurrentIndex(shown.year_box.findData(W))
    return shown


def filling(monkeypatch, **values: str) -> list:
    """form_parts.run_form types `values` into the form's fields and saves it; returns the forms seen."""
    seen = []

    def run(form):
        for key, text in values.items():
            field = form.fields[key]
            if hasattr(field, "setCurrentText"):
                field.setCurrentText(text)
            elif hasattr(field, "setPlainText"):
                field.setPlainText(text)
            else:
                field.setText(text)
        form.save()
        seen.append(form)
        return form.result

    monkeypatch.setattr(form_parts, "run_form", run)
    return seen


def choose(page, name: str) -> None:
    names = [c.name for c in page.courses.model.rows]
    page.courses.table.selectRow(names.index(name))


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def pdf_text(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(str(path)).pages)


def course(db, name: str, category: str, start: str, end: str, hours: str) -> int:
    values = {"name": name, "category": category, "start_date": start, "end_date": end, "hours": hours}
    return create_course(db, values, CLERK).record_id


def test_winter_the_requirement_is_set_and_the_year_planned(window, answers, monkeypatch):
    shown = training(window)
    db = window.ctx.db
    filling(monkeypatch, instructor="56", community_worker="48", reserve_cadre="120")
    shown.hours.set_required()
    model = shown.hours.model
    required = {r.role: cells(model, i)[4] for i, r in enumerate(model.rows)}  # 要求学时 as the screen says
    assert required == {
        "instructor": "56", "community_worker": "48", "reserve_cadre": "120",
    }  # fmt: skip
    bad = filling(monkeypatch, name="坏日子班", category="入门", start_date=f"{W}.2.30", end_date=f"{W}.3.1",
                  hours="3.3")  # fmt: skip
    shown.courses.add()
    assert "2月没有30日" in bad[0].errors["start_date"].text() and "0.5" in bad[0].errors["hours"].text()
    assert db.execute("SELECT count(*) FROM courses WHERE name = '坏日子班'").fetchone() == (0,)
    plan = [("社区工作者入门培训班（第二期）", "入门", f"{W}.8.11", f"{W}年8月15日", "40"),
            ("社区工作者进阶培训班", "进阶", f"{W}-09-08", f"{W}-09-11", "32"),
            ("基层治理专题培训", "专题培训", f"{W}-11-05", f"{W}-11-05", "6.5"),
            ("秋季补课培训班", "补课", f"{W}-11-17", f"{W}-11-21", "40")]  # fmt: skip
    for name, category, start, end, hours in plan:
        filling(
            monkeypatch, name=f"{W}年{name}", category=category, start_date=start, end_date=end, hours=hours
        )
        shown.courses.add()
        assert shown.courses.current().name == f"{W}年{name}"  # the course just made is the chosen one
    listed = {c.name: c for c in shown.courses.model.rows}
    intro = listed[f"{W}年社区工作者入门培训班（第二期）"]
    assert (intro.start_date.isoformat(), intro.end_date.isoformat(), str(intro.hours)) == (
        f"{W}-08-11", f"{W}-08-15", "40",
    )  # fmt: skip
    row = [c.name for c in shown.courses.model.rows].index(f"{W}年基层治理专题培训")
    assert cells(shown.courses.model, row)[1:6] == ["专题培训", f"{W}-11-05", f"{W}-11-05", "6.5", "0"]
    made = db.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'course' AND action = 'create' AND actor = ?", [CLERK]
    ).fetchone()
    assert made == (4,)


def picking(monkeypatch, role: str, street: str, chosen: list) -> None:
    """The real roster picker, filtered to `role` in `street` (with its communities), everyone shown taken;
    the ids picked are kept in `chosen`."""
    from PySide6.QtCore import Qt

    from ui.appraisal.people_picker import PeoplePicker
    from ui.training import enrolment_panel

    def pick(parent, ctx, exclude):
        picker = PeoplePicker(parent, ctx.db, (), exclude)
        picker.role_box.setCurrentIndex(picker.role_box.findData(role))
        picker.unit_box.setCurrentIndex(picker.unit_box.findText(street, Qt.MatchFlag.MatchContains))
        picker.add_all_shown()
        chosen[:] = picker.chosen
        return picker.chosen

    monkeypatch.setattr(enrolment_panel, "choose_attendees", pick)


def test_spring_people_are_enrolled_from_the_roster_and_the_stage_order_is_asked(
    window, answers, monkeypatch
):
    db = window.ctx.db
    course(db, f"{W}年社区工作者进阶培训班", "进阶", f"{W}-09-08", f"{W}-09-11", "32")
    shown = training(window)
    choose(shown, f"{W}年社区工作者进阶培训班")
    chosen: list[int] = []
    picking(monkeypatch, "社区工作者", "玉林街道", chosen)
    answers["ask"] = False  # the clerk reads the warning and says no first
    shown.courses.people.add_people()
    in_yulin = db.execute(
        "SELECT p.id, p.status FROM people p JOIN org_units u ON u.id = p.unit_id JOIN org_units s"
        " ON s.id = u.parent_id WHERE s.name = '玉林街道' AND p.role = 'community_worker'"
        " AND p.deleted_at IS NULL"
    ).fetchall()
    assert sorted(chosen) == sorted(pid for pid, _status in in_yulin) and chosen
    question = answers["asked"][-1]
    # 入门 completed before this 进阶 begins: one that ends later does not open it
    begins = dt.date(W, 9, 8)
    never = [pid for pid in chosen if "入门" not in enrolments.completed_categories(db, pid, begins)]
    assert question.count("尚未完成“入门”阶段培训") == len(never) > 0
    away = [pid for pid, status in in_yulin if status not in ("在岗", "试用期")]
    assert question.count("不在岗") == len(away)
    assert shown.courses.people.model.rowCount() == 0  # nothing enrolled on 否
    answers["ask"] = True
    shown.courses.people.add_people()
    panel = shown.courses.people
    assert sorted(r.person_id for r in panel.model.rows) == sorted(chosen)
    assert panel.title.text() == f"参训人员：{W}年社区工作者进阶培训班（{len(chosen)} 人）"
    enrolled = db.execute(
        "SELECT count(*) FROM enrolments e JOIN courses c ON c.id = e.course_id WHERE c.name = ?"
        " AND e.deleted_at IS NULL",
        [f"{W}年社区工作者进阶培训班"],
    ).fetchone()
    assert enrolled == (len(chosen),)
    counts = {c.name: cells(shown.courses.model, i)[5] for i, c in enumerate(shown.courses.model.rows)}
    assert counts[f"{W}年社区工作者进阶培训班"] == str(len(chosen))


def street_sheet(path: Path, course_name: str, people: list[tuple[str, str]]) -> Path:
    """An attendance list as a street sends it: a merged title, a 填报单位 line, its own headers, an ID number
    typed with spaces, an absence written as 缺勤, a failed one, then a 合计 row and a note."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"{course_name}参训人员名单"])
    sheet.merge_cells("A1:F1")
    sheet.append(["填报单位：玉林街道党工委（盖章）", None, None, f"填报日期：{W}.8.18"])
    sheet.append(["序号", "姓名", "身份证号", "所在社区", "实修学时", "考核结果"])
    for number, (name, id_number) in enumerate(people, 1):
        hours, result = {1: (None, "缺勤"), 2: (36, "不合格")}.get(number, (40, "合格"))
        typed = f"{id_number[:6]} {id_number[6:14]} {id_number[14:]}" if number == 3 else id_number
        sheet.append([number, name, typed, "", hours, result])
    sheet.append(["合计", None, None, None, 40 * (len(people) - 2) + 36, None])
    sheet.append(["注：学时以签到为准"])
    book.save(path)
    return path


def test_summer_a_streets_list_is_imported_then_certificates_and_the_paper(
    window, qtbot, answers, monkeypatch, tmp_path
):
    from ui import dialogs
    from ui.training import attendance_import

    db = window.ctx.db
    name = f"{W}年社区工作者入门培训班（第二期）"
    course_id = course(db, name, "入门", f"{W}-08-11", f"{W}-08-15", "40")
    people = db.execute(
        "SELECT id, name, id_number FROM people WHERE role = 'community_worker' AND status = '在岗'"
        " AND deleted_at IS NULL ORDER BY id LIMIT 6"
    ).fetchall()
    enrolments.enrol(db, course_id, [p[0] for p in people[:4]], CLERK, confirmed=True)  # two come unannounced
    shown = training(window)
    choose(shown, name)
    plans = []
    monkeypatch.setattr(attendance_import, "confirm_plan", lambda parent, plan: plans.append(plan) or True)
    answers["ask"] = False  # 现在打印结业证书吗？— not yet
    shown.import_attendance(street_sheet(tmp_path / "玉林街道名单.xlsx", name, [p[1:] for p in people]))
    wait_for_jobs(qtbot)
    wait_for_jobs(qtbot)
    (plan,) = plans
    assert (len(plan.to_write()), len(plan.rejected())) == (6, 0)
    panel = shown.courses.people
    by_name = {r.name: r for r in panel.model.rows}
    absent, failed = by_name[people[0][1]], by_name[people[1][1]]
    assert (absent.hours, absent.result, absent.note) == ("0", None, "缺勤")
    assert cells(panel.model, panel.model.rows.index(absent))[-1] == "缺勤"  # the note is on the screen
    assert (failed.hours, failed.result) == ("36", "不合格") and by_name[people[2][1]].hours == "40"
    before = db.execute(
        "SELECT max(certificate_serial) FROM enrolments WHERE certificate_year = ?", [W]
    ).fetchone()
    panel.certificates()
    assert answers["asked"][-1].startswith("已为 4 人编号结业证书")
    numbers = sorted(r.certificate_no for r in panel.model.rows if r.certificate_no)
    assert numbers == [
        f"培训〔{W}〕第{before[0] + i:03d}号" for i in range(1, 5)
    ]  # the year's sequence goes on
    for act in (panel.print_signin, panel.print_attendance, panel.print_certificates):
        act()
        wait_for_jobs(qtbot)
    signin, listing, certificates = (pdf_text(p) for p in window.printed)
    assert f"{name}签到表" in signin and all(p[1] in signin for p in people)
    assert "共6人：合格4人，不合格1人，缺勤1人；结业证书4份" in listing and numbers[0] in listing
    assert certificates.count("结业证书") == 4 and all(n in certificates for n in numbers)
    assert people[0][1] not in certificates and people[1][1] not in certificates
    out = tmp_path / "参训名单.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    panel.export_attendance()
    wait_for_jobs(qtbot)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:8] == ("序号", "姓名", "公民身份号码", "人员类别", "工作单位", "学时", "结果", "证书编号")
    exported = {r[1]: r for r in rows[1:]}
    assert set(exported) == {p[1] for p in people}
    spaced = next(r for r in panel.model.rows if r.name == people[2][1])  # the ID number typed with spaces
    assert (
        exported[spaced.name][5:8] == (40, "合格", spaced.certificate_no) and spaced.certificate_no in numbers
    )
    assert exported[people[0][1]][5:8] == (0, None, None)


def test_autumn_points_are_credited_once_and_remedial_training_closes_both_ways(
    window, qtbot, answers, monkeypatch
):
    from ui.training import enrolment_panel
    from ui.training.attendance_form import AttendanceForm

    db = window.ctx.db
    topic = course(db, f"{W}年基层治理专题培训", "专题培训", f"{W}-11-05", f"{W}-11-05", "6.5")
    makeup = course(db, f"{W}年秋季补课培训班", "补课", f"{W}-11-17", f"{W}-11-21", "40")
    cadres = [r[0] for r in db.execute(
        "SELECT id FROM people WHERE role = 'reserve_cadre' AND status = '在岗' AND deleted_at IS NULL"
        " ORDER BY id LIMIT 4")]  # fmt: skip
    enrolments.enrol(db, topic, cadres, CLERK, confirmed=True)
    shown = training(window)
    choose(shown, f"{W}年基层治理专题培训")
    panel = shown.courses.people
    for row in panel.model.rows[:3]:  # the fourth did not come
        enrolments.record_attendance(db, row.id, "6.5", "合格", CLERK)
    ledger = "SELECT count(*) FROM points_entries WHERE deleted_at IS NULL AND activity = ?"
    panel.credit()
    panel.credit()  # pressed twice
    assert answers["informed"][0] == f"已为 3 人记积分 5 分（参加{W}年基层治理专题培训）"
    assert answers["informed"][1].endswith(
        "已计入过积分，不再重复记；没有其他需要记积分的青年干部（须已记录参训学时）"
    )
    assert db.execute(ledger, [f"参加{W}年基层治理专题培训"]).fetchone() == (3,)
    assert [cells(panel.model, i)[7] for i in range(4)].count("已计入") == 3

    owing = [r[0] for r in db.execute(
        "SELECT person_id FROM remedial_requirements WHERE closed_on IS NULL AND withdrawn_at IS NULL"
        " AND required_on <= ? ORDER BY id LIMIT 3", [f"{W}-11-17"])]  # fmt: skip
    monkeypatch.setattr(enrolment_panel, "choose_attendees", lambda parent, ctx, exclude: owing)
    choose(shown, f"{W}年秋季补课培训班")
    panel.add_people()
    assert {cells(panel.model, i)[8] for i in range(3)} == {"补课未完成"}
    open_before = int(shown.remedial.count_label.text().split("未完成 ")[1].split(" ")[0])
    for person_id in owing[:2]:  # the third is ill that week
        row = next(r for r in panel.model.rows if r.person_id == person_id)
        form = AttendanceForm(window.ctx, panel, shown.courses.current(), row)
        qtbot.addWidget(form)
        form.fields["result"].setText("合格")
        form.save()
        assert "补课已完成" in form.result.message
    column = {r.person_id: cells(panel.model, i)[8] for i, r in enumerate(panel.model.rows)}
    assert column == {owing[0]: "已完成补课", owing[1]: "已完成补课", owing[2]: "补课未完成"}
    closed = db.execute(
        "SELECT person_id, course_id, course, closed_on FROM remedial_requirements WHERE course_id = ?",
        [makeup],
    ).fetchall()
    assert sorted(closed) == sorted((p, makeup, f"{W}年秋季补课培训班", f"{W}-11-21") for p in owing[:2])
    tab = shown.remedial
    assert tab.count_label.text().startswith(f"未完成 {open_before - 2} 人次")
    tab.closed_box.setChecked(True)
    shown_closed = {r.person_id: cells(tab.model, i)[5:] for i, r in enumerate(tab.model.rows)
                    if r.course_id == makeup}  # fmt: skip
    assert shown_closed == {p: [f"{W}-11-21 完成", f"{W}年秋季补课培训班"] for p in owing[:2]}
    today_page = page(window, "today")
    today_page.reload()
    remedial_due = {i.person_id for i in today_page.items if i.kind == "补课"}
    assert owing[2] in remedial_due and not remedial_due & set(owing[:2])


def test_year_end_the_hours_list_who_is_below_and_a_persons_record(
    window, qtbot, answers, monkeypatch, tmp_path
):
    from ui import dialogs
    from ui.training.person_tab import PersonTrainingTab

    db = window.ctx.db
    topic = course(db, f"{W}年基层治理专题培训", "专题培训", f"{W}-11-05", f"{W}-11-05", "6.5")
    person_id, name = db.execute(
        "SELECT id, name FROM people WHERE role = 'community_worker' AND status = '在岗' AND deleted_at IS NULL"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    enrolments.enrol(db, topic, [person_id], CLERK, confirmed=True)
    (eid,) = db.execute("SELECT id FROM enrolments WHERE course_id = ?", [topic]).fetchone()
    enrolments.record_attendance(db, eid, "6.5", "合格", CLERK)
    shown = training(window)
    hours = shown.hours
    everyone = {r.person_id: r for r in hours.model.rows}
    mine = everyone[person_id]
    earlier = sum(float(h) for (h,) in db.execute(
        "SELECT e.hours FROM enrolments e JOIN courses c ON c.id = e.course_id WHERE e.person_id = ?"
        " AND e.deleted_at IS NULL AND c.deleted_at IS NULL AND e.hours IS NOT NULL AND c.end_date LIKE ?",
        [person_id, f"{W}-%"]))  # fmt: skip
    assert float(mine.hours) == earlier and earlier >= 6.5
    below = sum(1 for r in everyone.values() if r.below)
    assert hours.count_label.text() == f"{W}年 共 {len(everyone)} 人，未达到要求学时 {below} 人"
    hours.below_only.setChecked(True)
    assert hours.model.rowCount() == below and all(r.below for r in hours.model.rows)
    out = tmp_path / "未达标.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    assert hours.export_shown() == out
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert (
        rows[0] == ("姓名", "公民身份号码", "人员类别", "学时", "要求学时", "差额") and len(rows) == below + 1
    )
    first = hours.model.rows[0]
    assert rows[1][:2] == (first.name, first.id_number) and str(rows[1][5]) == cells(hours.model, 0)[5]

    tab = PersonTrainingTab(window.ctx, person_id)
    qtbot.addWidget(tab)
    assert f"{W}年基层治理专题培训" in [c.name for c in tab.model.rows]
    said = (
        f"{W}年 {hours_text(mine.hours)} / {hours_text(mine.required)} 学时"  # the same figures as the list
    )
    assert said in tab.hours_label.text()
    answers["ask"] = False  # 要另存一份吗？— no, the viewer prints it
    tab.print_record()
    wait_for_jobs(qtbot)
    record = pdf_text(window.printed[-1])
    assert "培训档案" in record and name in record and f"{W}年基层治理专题培训" in record


def running(monkeypatch, fill) -> None:
    """Every form of the 导师帮带 page is filled by `fill(form)` and saved."""

    def run(form):
        fill(form)
        form.save()
        return form.result

    for where in ("ui.training.mentoring_page", "ui.training.mentoring_pairs"):
        monkeypatch.setattr(f"{where}.run_form", run)


def round_book(path: Path, applicants: list[tuple[str, str]]) -> Path:
    """The office's selection workbook: three pool mentors (with the pool's lines), everyone asks for 周建华 first
    except the last but one, who asks for 孙丽萍; the last gives no second choice."""
    book = openpyxl.Workbook()
    mentors = book.active
    mentors.title = "导师"
    mentors.append(["导师姓名", "条线", "最少", "最多"])
    for row in (["周建华", "组织", 1, 2], ["孙丽萍", "宣传", 2, 3], ["肖凯松", "党建", 1, 3]):
        mentors.append(row)
    sheet = book.create_sheet("学员")
    sheet.append(["姓名", "公民身份号码", "条线", "第一志愿", "第二志愿"])
    for number, (name, id_number) in enumerate(applicants):
        first, second = ("孙丽萍", None) if number == len(applicants) - 2 else ("周建华", "孙丽萍")
        sheet.append([name, id_number, "组织", first, None if number == len(applicants) - 1 else second])
    book.save(path)
    return path


def test_mentoring_the_pool_pairs_tasks_and_the_years_selection_round(
    window, qtbot, answers, monkeypatch, tmp_path
):
    from ui import dialogs
    from ui.training import mentoring_selection

    db = window.ctx.db
    free = db.execute(
        "SELECT id, name, id_number FROM people WHERE role = 'reserve_cadre' AND status = '在岗'"
        " AND deleted_at IS NULL AND id NOT IN (SELECT mentee_id FROM mentor_pairs WHERE deleted_at IS NULL)"
        " ORDER BY id LIMIT 8"
    ).fetchall()
    shown = page(window, "mentoring")
    running(
        monkeypatch,
        lambda form: [
            form.fields[k].setText(v)
            for k, v in dict(
                name="刘建国", unit="区委党校", post="副校长", line="党建", min_mentees="2", max_mentees="4"
            ).items()
        ],
    )
    shown.mentors.add()
    (liu,) = db.execute("SELECT id FROM mentors WHERE name = '刘建国' AND deleted_at IS NULL").fetchone()
    (guo,) = db.execute("SELECT id FROM mentors WHERE name = '郭文静' AND deleted_at IS NULL").fetchone()
    for mentor, mentee, kind in (
        (liu, free[0][0], "一对一"),
        (liu, free[1][0], "2+1"),
        (guo, free[1][0], "2+1"),
    ):

        def pair(form, mentor=mentor, mentee=mentee, kind=kind):
            form.mentor_box.setCurrentIndex(form.mentor_box.findData(mentor))
            form.mentee.set_people([mentee])
            form.fields["kind"].setCurrentText(kind)
            form.fields["start_date"].setText(f"{W}-03-01")

        running(monkeypatch, pair)
        shown.pairs.add()
    made = db.execute(
        "SELECT mentor_id, mentee_id, kind FROM mentor_pairs WHERE deleted_at IS NULL AND start_date = ?"
        " ORDER BY id", [f"{W}-03-01"]).fetchall()  # fmt: skip
    assert made == [(liu, free[0][0], "一对一"), (liu, free[1][0], "2+1"), (guo, free[1][0], "2+1")]
    tab = shown.pairs
    tab.table.selectRow(next(i for i, r in enumerate(tab.model.rows) if r.mentee_id == free[0][0]))
    running(monkeypatch, lambda form: (form.fields["task"].setText("撰写一篇社区治理调研报告"),
                                       form.fields["due_date"].setText(f"{W}.12.20")))  # fmt: skip
    tab.add_task()
    assert cells(tab.tasks_model, 0)[:2] == ["撰写一篇社区治理调研报告", f"{W}-12-20"]
    assert cells(tab.tasks_model, 0)[2].startswith("逾期")  # W is over
    running(monkeypatch, lambda form: (form.fields["date"].setText(f"{W}-06-18"),
                                       form.fields["content"].setPlainText("带学员参加院落议事会"),
                                       form.fields["rule"].setCurrentIndex(1)))  # fmt: skip
    tab.log_activity()
    assert cells(tab.activities_model, 0) == [f"{W}-06-18", "带学员参加院落议事会", "+5"]
    points = db.execute(
        "SELECT person_id, date, points FROM points_entries WHERE activity LIKE '%院落议事会%'"
    ).fetchall()
    assert points == [(free[0][0], f"{W}-06-18", 5)]

    selection, year = shown.selection, DAY.year + 1
    applicants = free[2:8]
    selection.read_round(round_book(tmp_path / f"{year}年导师制双向选择.xlsx", [a[1:] for a in applicants]))
    wait_for_jobs(qtbot)
    top = {selection.tree.topLevelItem(i).text(0): selection.tree.topLevelItem(i)
           for i in range(selection.tree.topLevelItemCount())}  # fmt: skip
    assert "周建华（2/2 人）" in top and "孙丽萍（3/3 人）" in top
    unplaced = next(item for title, item in top.items() if title.startswith("未分配"))
    assert (
        unplaced.childCount() == 1 and selection.summary.text() == "第一志愿 3 人，第二志愿 2 人，未分配 1 人"
    )
    left = unplaced.child(0).text(0)
    selection.tree.setCurrentItem(unplaced.child(0))
    monkeypatch.setattr(mentoring_selection, "pick_mentor", lambda parent, names, label: "肖凯松")
    assert selection.move_selected()
    selection.name_edit.setText(f"{year}年青年干部导师制双向选择")
    selection.year_box.setValue(year)
    selection.confirm()
    wait_for_jobs(qtbot)
    assert "结成帮带对子 6 对" in selection.flags.text()
    paired = dict(db.execute(
        "SELECT e.name, m.name FROM mentor_pairs p JOIN mentors m ON m.id = p.mentor_id JOIN people e"
        " ON e.id = p.mentee_id WHERE p.deleted_at IS NULL AND p.start_date = ?", [f"{year}-01-01"]))  # fmt: skip
    assert set(paired) == {a[1] for a in applicants} and paired[left] == "肖凯松"
    assert list(paired.values()).count("周建华") == 2 and list(paired.values()).count("孙丽萍") == 3
    answers["ask"] = False  # 要另存一份吗？— no, the viewer prints it
    selection.print_groups()
    wait_for_jobs(qtbot)
    printed = pdf_text(window.printed[-1])
    assert f"{year}年青年干部导师制双向选择" in printed and all(a[1] in printed for a in applicants)
    out = tmp_path / "导师组.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    selection.export_groups()
    wait_for_jobs(qtbot)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert {r[3]: r[0] for r in rows[1:]} == paired
    assert {r[3]: r[6] for r in rows[1:]}[left] == "人工调配"

    logged = db.execute(
        "SELECT entity, count(*) FROM audit_log WHERE actor = ? GROUP BY entity", [CLERK]
    ).fetchall()
    assert {
        "mentor",
        "mentor_pair",
        "mentor_task",
        "mentor_activity",
        "points_entry",
        "selection_round",
    } <= dict(logged).keys()
    tab.reload()
    tab.table.selectRow(next(i for i, r in enumerate(tab.model.rows) if r.mentee_id == free[0][0]))
    answers["ask"] = True
    tab.remove_current()
    bin_page = page(window, "recycle")
    bin_page.reload()
    binned = [item for item in bin_page.model.items if item.entity == "mentor_pair"]
    assert [item.deleted_by for item in binned] == [CLERK] and free[0][1] in binned[0].label
