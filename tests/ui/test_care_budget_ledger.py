"""预算与支出 (the budget set, spending by kind, unit and month, the .xlsx read back) and 导入关怀台账 in the
window (the dry run shown, then one transaction after a backup)."""

from __future__ import annotations

import csv

from openpyxl import load_workbook
from PySide6.QtWidgets import QDialogButtonBox

from app.care.service import VisitInput, record_visit
from db.backup import backup_dir_for, list_backups
from tests.app.test_care_cli import LEDGER_HEADER
from tests.ui import care_fixtures
from tests.ui.care_fixtures import born, care_office
from tests.ui.conftest import ACTOR, add_person, add_unit, wait_for_jobs
from ui import dialogs
from ui.care import ledger_import
from ui.care.records_page import CarePage

pinned = care_fixtures.pinned  # fixture


def page_of(qtbot, ctx) -> CarePage:
    page = CarePage(ctx)
    ctx.changed.connect(page.refresh)
    qtbot.addWidget(page)
    return page


def test_budget_spending_and_its_export(qtbot, ctx, pinned, answers, monkeypatch, tmp_path):
    office = care_office(ctx.db)
    west = add_person(
        ctx.db, "赵六", born(care_fixtures.DAY.replace(year=1980), 6), add_unit(ctx.db, "西门社区")
    )
    record_visit(ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", amount_fen=30050), ACTOR)
    record_visit(ctx.db, VisitInput([office.upset, west], "2025-02-01", "节日慰问", amount_fen=1000), ACTOR)
    budget = page_of(qtbot, ctx).budget
    assert budget.summary.text() == "尚未设置本年度预算；已支出 310.50 元（2 次）"
    budget.amount_edit.setText("十万")
    budget.save_budget()
    assert "“十万”是用汉字写的，请改用阿拉伯数字" in answers["warned"][0]
    budget.amount_edit.setText("100,000")
    budget.save_budget()
    assert budget.summary.text() == "预算 100000.00 元，已支出 310.50 元（2 次），结余 99689.50 元，已用 0%"
    by_unit = [tuple(budget.models["unit"].index(r, c).data() for c in range(3)) for r in range(3)]
    assert by_unit == [("东门社区", "2", "305.50"), ("西门社区", "1", "5.00"), ("合计", "2", "310.50")]
    out = tmp_path / "支出"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: out)
    budget.export()
    wait_for_jobs(qtbot)
    book = load_workbook(tmp_path / "支出.xlsx")
    assert book.sheetnames == ["按类别", "按单位", "按月份"]
    rows = [tuple(r) for r in book["按类别"].iter_rows(values_only=True)]
    assert rows == [
        ("类别", "次数", "金额（元）"),
        ("生病住院", 1, 300.5),
        ("节日慰问", 1, 10),
        ("合计", 2, 310.5),
    ]
    months = {r[0]: r[2] for r in book["按月份"].iter_rows(min_row=2, values_only=True)}
    assert months["2025-02"] == 10 and months["2025-06"] == 300.5 and months["2025-03"] == 0


def write_ledger(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["关怀工作台账（2025年）"])  # a title above the header, as offices make them
        writer.writerow(LEDGER_HEADER)
        writer.writerows([[*row, *[""] * (len(LEDGER_HEADER) - len(row))] for row in rows])


def test_a_ledger_is_checked_then_imported_in_one_step(qtbot, ctx, pinned, answers, monkeypatch, tmp_path):
    office = care_office(ctx.db)
    zhang = born(care_fixtures.DAY.replace(year=1990, day=14), 1)
    li = born(care_fixtures.DAY.replace(year=1985, month=1, day=1), 2)
    path = tmp_path / "台账.csv"
    write_ledger(path, [
        ["2025-03-01", "张三", zhang, "事件", "丧事"],
        ["2025-03-05", "张三", zhang, "走访慰问", "婚丧嫁娶", "上门", "王主任", "慰问金", "1,200.5元"],
        ["2025-06-05", "李四", li, "走访慰问", "生病住院", "上门", "", "", "300"],
        ["2025-03-06", "李四", zhang, "谈心谈话", "思想波动"],  # the name is not the number's holder
        ["合计", "", "", "", "", "", "", "", "1500.5"],
    ])  # fmt: skip
    seen = []
    monkeypatch.setattr(ledger_import, "confirm_plan", lambda parent, plan: seen.append(plan) or True)
    page = page_of(qtbot, ctx)
    heard = []
    ctx.changed.connect(heard.append)
    ledger_import.import_ledger(page, ctx, path)
    wait_for_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(answers["informed"]), timeout=15000)
    assert any(c.care and c.backups for c in heard)  # 备份与恢复 lists the new backup
    [plan] = seen
    assert plan.summary() == "新增 3 条，已有（跳过） 0 条，拒绝 1 条，非记录行 1 行"
    assert answers["informed"][0].startswith(
        "已导入 3 条关怀记录（事件 1 条，走访慰问 2 条），金额合计 1500.50 元。"
    )
    visits = ctx.db.execute(
        "SELECT date, amount_fen, event_id IS NOT NULL FROM care_visits ORDER BY date"
    ).fetchall()
    assert visits == [("2025-03-05", 120050, 1), ("2025-06-05", 30000, 1)]
    answered = ctx.db.execute("SELECT event_id FROM care_visits WHERE date = '2025-06-05'").fetchone()[0]
    assert answered == office.sick_event  # the oldest open event it fits
    assert [b.name for _when, b in list_backups(backup_dir_for(ctx.office.path))][0].count("-bulk") == 1
    assert page.record_tabs["care_visit"].model.rowCount() == 2  # the page heard of the change


def test_a_ledger_with_nothing_new_writes_nothing(qtbot, ctx, pinned, answers, monkeypatch, tmp_path):
    care_office(ctx.db)
    path = tmp_path / "台账.csv"
    write_ledger(
        path,
        [
            [
                "2025-03-06",
                "李四",
                born(care_fixtures.DAY.replace(year=1990, day=14), 1),
                "谈心谈话",
                "思想波动",
            ]
        ],
    )
    shown = []  # a plan of refused rows only is still shown: its rows can be saved for the street to correct
    monkeypatch.setattr(ledger_import, "confirm_plan", lambda parent, plan: shown.append(plan) or True)
    ledger_import.import_ledger(page_of(qtbot, ctx), ctx, path)
    wait_for_jobs(qtbot)
    [plan] = shown
    assert (len(plan.to_write()), len(plan.rejected())) == (0, 1)
    dialog = ledger_import.PlanDialog(plan)
    qtbot.addWidget(dialog)
    assert (
        dialog.report_button.isEnabled()
        and not dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    )
    assert ctx.db.execute("SELECT count(*) FROM care_talks").fetchone()[0] == 0
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    ledger_import.import_ledger(page_of(qtbot, ctx), ctx, broken)
    wait_for_jobs(qtbot)
    assert answers["warned"] and "坏.xlsx" in answers["warned"][0]


def test_a_ledger_dropped_on_the_page_is_checked(qtbot, ctx, pinned, answers, monkeypatch, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    care_office(ctx.db)
    path = tmp_path / "台账.csv"
    write_ledger(
        path,
        [
            [
                "2025-03-06",
                "李四",
                born(care_fixtures.DAY.replace(year=1990, day=14), 1),
                "谈心谈话",
                "思想波动",
            ]
        ],
    )
    page = page_of(qtbot, ctx)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    assert page.accepted_file(mime) == path
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "照片.jpg"))])
    assert page.accepted_file(mime) is None
    shown = []
    monkeypatch.setattr(ledger_import, "confirm_plan", lambda parent, plan: shown.append(plan) or False)
    page.file_dropped(path)
    wait_for_jobs(qtbot)
    assert [p.file_name for p in shown] == ["台账.csv"] and len(shown[0].rejected()) == 1


def test_the_refused_rows_are_saved_for_the_street_and_another_sheet_can_be_read(
    qtbot, ctx, pinned, answers, monkeypatch, tmp_path
):
    from openpyxl import Workbook

    from app.care.ledger import plan_ledger

    care_office(ctx.db)
    zhang = born(care_fixtures.DAY.replace(year=1990, day=14), 1)
    book = Workbook()
    march = book.active
    march.title = "3月"
    march.append(LEDGER_HEADER)
    march.append(["2025-03-06", "李四", zhang, "谈心谈话", "思想波动"])  # the name is not the number's holder
    june = book.create_sheet("6月")
    june.append(LEDGER_HEADER)
    june.append(["2025-06-06", "张三", zhang, "谈心谈话", "思想波动", "", "王主任"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    plan = plan_ledger(ctx.db, path)
    assert (plan.sheet, plan.other_sheets) == ("3月", ["6月"])
    dialog = ledger_import.PlanDialog(plan)
    qtbot.addWidget(dialog)
    out = tmp_path / "问题行.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *args, **kwargs: out)
    assert dialog.save_report() == out
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert any(
        "李四" in row and any("不符" in str(c) or "不是" in str(c) for c in row if c) for row in rows
    ), rows
    replanned = []
    monkeypatch.setattr(
        ledger_import,
        "confirm_plan",
        lambda parent, p: replanned.append(p) or ("6月" if len(replanned) == 1 else True),
    )
    ledger_import.import_ledger(page_of(qtbot, ctx), ctx, path)
    wait_for_jobs(qtbot)
    qtbot.waitUntil(lambda: len(replanned) == 2, timeout=15000)
    wait_for_jobs(qtbot)
    assert [p.sheet for p in replanned] == ["3月", "6月"]
    qtbot.waitUntil(lambda: bool(answers["informed"]), timeout=15000)
    talks = ctx.db.execute("SELECT date, talker FROM care_talks").fetchall()
    assert talks == [("2025-06-06", "王主任")]
