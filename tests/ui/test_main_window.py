"""The main window: every page reachable, changes reach every page, status bar, daily backup, recovery."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from db.backup import backup_dir_for, list_backups
from tests.ui.conftest import add_person, add_unit, make_id
from ui import dialogs
from ui.main_window import MainWindow
from ui.pages import PAGES

TITLES = [
    "今日待办",
    "人员档案",
    "组织单位",
    "考核",
    "积分与表彰",
    "关怀记录",
    "培训",
    "导师帮带",
    "打印",
    "操作记录",
    "回收站",
    "导入记录",
    "备份与恢复",
    "系统设置",
]


def make_window(ctx, qtbot) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


def test_every_navigation_entry_opens_its_page(ctx, qtbot):
    window = make_window(ctx, qtbot)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == TITLES
    for row, entry in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.pages[entry.key]
        assert type(window.pages[entry.key]).__name__ == entry.cls
    assert set(window.pages) == {entry.key for entry in PAGES}


def test_status_bar_names_the_database_and_the_last_backup(ctx, qtbot):
    window = make_window(ctx, qtbot)
    assert str(ctx.office.path) in window.db_label.text()
    assert window.backup_label.text() == "最近备份：尚无备份"
    window.backup_if_due()
    backups = list_backups(backup_dir_for(ctx.office.path))
    assert len(backups) == 1 and "-auto" in backups[0][1].name
    assert backups[0][0].strftime("%Y-%m-%d %H:%M") in window.backup_label.text()
    window.backup_if_due()  # a backup younger than a day: no second one
    assert len(list_backups(backup_dir_for(ctx.office.path))) == 1


def test_start_shows_the_window_then_fills_the_roster(ctx, qtbot):
    unit = add_unit(ctx.db, "东门社区")
    add_person(ctx.db, "张三", make_id(1), unit)
    window = make_window(ctx, qtbot)
    roster = window.page("roster")
    assert roster.model.total() == 0
    window.start()
    qtbot.waitUntil(lambda: roster.model.total() == 1, timeout=3000)
    assert roster.count_label.text() == "共 1 人"


def test_a_change_on_one_page_reaches_the_others(ctx, qtbot):
    window = make_window(ctx, qtbot)
    roster = window.page("roster")
    roster.reload()
    window.show_page(TITLES.index("组织单位"))
    from app.units.service import create_unit

    ctx.perform(window, lambda: create_unit(ctx.db, {"name": "新建社区", "kind": "社区/村"}, ctx.actor))
    assert roster.unit_box.findText("新建社区") >= 0


def test_office_name_goes_into_the_title(ctx, qtbot):
    from app import settings

    window = make_window(ctx, qtbot)
    assert window.windowTitle() == "基层队伍管理系统"
    ctx.perform(window, lambda: settings.save(ctx.db, {"office_name": "中共某区委组织部"}, ctx.actor))
    assert window.windowTitle() == "基层队伍管理系统 — 中共某区委组织部"


def test_history_from_the_roster_opens_the_audit_page_for_that_person(ctx, qtbot):
    unit = add_unit(ctx.db, "东门社区")
    person = add_person(ctx.db, "张三", make_id(1), unit)
    add_person(ctx.db, "李四", make_id(2), unit)
    window = make_window(ctx, qtbot)
    roster = window.page("roster")
    roster.reload()
    roster.select_person(person)
    roster.history_action.trigger()
    audit = window.pages["audit"]
    assert window.stack.currentWidget() is audit
    model = audit.model
    labels = {model.entry(r).label for r in range(model.rowCount())}
    assert labels == {"张三"}


def test_damaged_database_offers_the_newest_good_backup(tmp_path, qapp, monkeypatch):
    from app.office import open_office
    from ui.gui import open_with_recovery

    path = tmp_path / "office.db"
    office = open_office(path)
    add_unit(office.db, "东门社区")
    office.backup("auto")
    office.close(backup_if_changed=False)
    path.write_bytes(b"this is not a database" * 100)
    asked, told = [], []
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: asked.append(args[2]) or True)
    monkeypatch.setattr(dialogs, "inform", lambda *args: told.append(args[2]))
    recovered = open_with_recovery(path)
    try:
        assert recovered is not None
        assert "完好备份" in asked[0]
        assert recovered.db.execute("SELECT name FROM org_units").fetchall() == [("东门社区",)]
        kept = [p for p in tmp_path.iterdir() if "损坏" in p.name]
        assert kept and kept[0].read_bytes().startswith(b"this is not")
        assert str(kept[0]) in told[0]
    finally:
        recovered.close(backup_if_changed=False)


def test_second_copy_is_told_the_database_is_in_use(ctx, monkeypatch):
    from ui.gui import open_with_recovery

    warned = []
    monkeypatch.setattr(dialogs, "warn", lambda *args: warned.append(args[2]))
    assert open_with_recovery(ctx.office.path) is None
    assert "使用" in warned[0]


def test_the_window_shows_before_the_office_is_opened(ctx, qtbot):
    add_person(ctx.db, "张三", make_id(1), add_unit(ctx.db, "东门社区"))
    window = MainWindow(db_path=ctx.office.path)
    qtbot.addWidget(window)
    seen = {}

    def open_office():
        seen["visible_before_open"] = window.isVisible()
        seen["pages_before_open"] = dict(window.pages)
        return ctx

    window.start(open_office)
    # 今日待办 is the first page: built once the office is open, filled after the first frame.
    qtbot.waitUntil(lambda: "today" in window.pages and window.pages["today"].summary.text() != "")
    assert seen == {"visible_before_open": True, "pages_before_open": {}}
    assert window.nav.isEnabled() and window.ctx is ctx
    assert window.stack.currentWidget() is window.pages["today"]
    assert "roster" not in window.pages  # the roster waits until it is first shown
    window.nav.setCurrentRow(TITLES.index("人员档案"))
    qtbot.waitUntil(lambda: window.pages["roster"].model.total() == 1)


def test_a_window_whose_office_cannot_open_closes(ctx, qtbot):
    window = MainWindow(db_path=ctx.office.path)
    qtbot.addWidget(window)
    assert not window.nav.isEnabled()
    window.start(lambda: None)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.pages == {}


def test_a_read_only_office_says_so_and_refuses_writes(ctx, qtbot, answers):
    from app.people.service import create_person

    reason = "数据库文件位于只读位置（写保护的U盘或光盘），只能查看和导出，不能修改"
    ctx.office.read_only_reason = reason
    window = make_window(ctx, qtbot)
    assert "（只读）" in window.db_label.text() and window.db_label.toolTip() == reason
    assert any(reason in label.text() for label in window.statusBar().findChildren(QLabel))
    data = {"role": "community_worker", "name": "张三", "id_number": make_id(1)}
    assert ctx.perform(window, lambda: create_person(ctx.db, data, "测试员")) is None
    assert answers["warned"] == [reason]
    assert ctx.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    window.backup_if_due()  # no automatic backup of a file that cannot be written beside
    assert list_backups(backup_dir_for(ctx.office.path)) == []
