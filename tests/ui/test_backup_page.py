"""备份与恢复 page: the backups list, backing up to a folder, restoring with a summary, integrity check."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import backups as app_backups
from app.people.service import get_person
from db.backup import backup_dir_for, inspect_backup, list_backups
from tests.ui.conftest import add_person, add_unit, make_id, wait_for_jobs
from ui import dialogs
from ui.system import backup_page as backup_module
from ui.system.backup_page import BackupModel, BackupPage, Col, reason_of, size_text


@pytest.fixture
def answers(monkeypatch):
    seen = {"ask": True, "asked": [], "warned": [], "informed": [], "folder": None, "file": None}

    def ask(parent, title, text, *, danger=False):
        seen["asked"].append((text, danger))
        return seen["ask"]

    monkeypatch.setattr(dialogs, "ask", ask)
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: seen["warned"].append(text))
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: seen["informed"].append(text))
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, start="": seen["folder"])
    monkeypatch.setattr(dialogs, "open_file", lambda parent, title, filters, start="": seen["file"])
    return seen


@pytest.fixture
def data(ctx):
    unit = add_unit(ctx.db, "黉门社区")
    people = [add_person(ctx.db, name, make_id(i), unit) for i, name in enumerate(("张三", "李四"), start=1)]
    return {"unit": unit, "people": people}


@pytest.fixture
def page(qtbot, ctx, data, answers):
    widget = BackupPage(ctx)
    ctx.changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    return widget


def count_people(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]


def test_reason_and_size_text():
    assert reason_of(Path("office-20261121-162000-auto.db")) == "自动"
    assert reason_of(Path("office-20261121-162000-safety-2.db")) == "恢复前"
    assert reason_of(Path("office-20261121-162000-bulk.db")) == "批量操作前"
    assert reason_of(Path("random.db")) == ""
    assert size_text(512) == "512 B"
    assert size_text(20 * 1024) == "20 KB"
    assert size_text(3 * 1024 * 1024 + 200_000) == "3.2 MB"


def test_page_shows_path_and_no_backup_yet(page, ctx):
    assert str(ctx.office.path) in page.path_label.text()
    assert "还没有备份" in page.last_label.text()
    assert page.empty_label.isVisibleTo(page)
    assert not page.restore_selected_button.isEnabled()


def test_lists_automatic_backups_with_reasons(qtmodeltester, page, ctx):
    ctx.office.backup("auto")
    ctx.office.backup("exit")
    page.reload()
    assert page.model.rowCount() == 2
    reasons = {page.model.data(page.model.index(r, Col.REASON)) for r in range(2)}
    assert reasons == {"自动", "退出时"}
    assert page.model.data(page.model.index(0, Col.SIZE)).endswith("KB")
    assert page.last_label.text()[:4].isdigit()
    qtmodeltester.check(page.model)
    qtmodeltester.check(BackupModel())


def test_backup_now_writes_a_file_with_the_people(page, ctx, answers, tmp_path, qtbot):
    answers["folder"] = tmp_path / "U盘"
    answers["folder"].mkdir()  # the folder dialog only offers folders that exist
    page.backup_button.click()
    wait_for_jobs(qtbot)
    made = list((tmp_path / "U盘").glob("*-manual.db"))
    assert len(made) == 1
    info = inspect_backup(made[0])
    assert info.ok and info.people == 2 and info.units == 1
    assert "已备份到" in answers["informed"][0]
    assert answers["warned"] == []


def test_backup_cancelled_does_nothing(page, answers, tmp_path, qtbot):
    answers["folder"] = None
    page.backup_now()
    wait_for_jobs(qtbot)
    assert answers["informed"] == [] and answers["warned"] == []


def test_backup_to_an_unusable_place_warns_in_chinese(page, answers, tmp_path, qtbot):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    answers["folder"] = blocker  # a file where the folder should be
    page.backup_now()
    wait_for_jobs(qtbot)
    assert answers["informed"] == []
    assert "备份没有成功" in answers["warned"][0]


def test_backup_to_a_folder_that_is_gone_warns_and_creates_nothing(page, answers, tmp_path, qtbot):
    answers["folder"] = tmp_path / "U盘"  # chosen, then the stick was pulled out
    page.backup_now()
    wait_for_jobs(qtbot)
    assert answers["informed"] == []
    assert "不存在" in answers["warned"][0] and str(tmp_path / "U盘") in answers["warned"][0]
    assert not (tmp_path / "U盘").exists()


def test_restore_from_file_brings_the_old_data_back(page, ctx, data, answers, tmp_path, qtbot):
    answers["folder"] = tmp_path / "usb"
    answers["folder"].mkdir()
    page.backup_now()
    wait_for_jobs(qtbot)
    backup = next((tmp_path / "usb").glob("*.db"))
    add_person(ctx.db, "王五", make_id(3), data["unit"])
    assert count_people(ctx) == 3
    announced = []
    ctx.changed.connect(announced.append)

    answers["file"] = backup
    page.restore_file_button.click()
    question, danger = answers["asked"][0]
    assert "该备份包含 2 名人员、1 个单位" in question and "本地时间" in question and danger
    assert count_people(ctx) == 2
    assert get_person(ctx.db, data["people"][0])["name"] == "张三"
    assert announced and announced[-1].everything
    safety = [p for _, p in list_backups(backup_dir_for(ctx.office.path)) if p.name.endswith("-safety.db")]
    assert len(safety) == 1 and inspect_backup(safety[0]).people == 3
    assert "恢复前的数据已另存为" in answers["informed"][-1]
    assert page.model.rowCount() == 1  # the safety backup is listed


def test_restore_declined_changes_nothing(page, ctx, data, answers, tmp_path, qtbot):
    answers["folder"] = tmp_path / "usb"
    answers["folder"].mkdir()
    page.backup_now()
    wait_for_jobs(qtbot)
    add_person(ctx.db, "王五", make_id(3), data["unit"])
    answers["ask"] = False
    page.restore_from(next((tmp_path / "usb").glob("*.db")))
    assert count_people(ctx) == 3


def test_restore_from_selected_automatic_backup(page, ctx, data, answers):
    ctx.office.backup("auto")
    add_person(ctx.db, "王五", make_id(3), data["unit"])
    page.reload()
    page.view.selectRow(0)
    assert page.restore_selected_button.isEnabled()
    page.restore_selected_button.click()
    assert count_people(ctx) == 2


def test_restore_from_a_file_that_is_not_a_backup(page, ctx, answers, tmp_path):
    fake = tmp_path / "名单.db"
    fake.write_text("这不是数据库", encoding="utf-8")
    answers["file"] = fake
    page.restore_from_file()
    assert answers["asked"] == []
    assert "不是数据库文件" in answers["warned"][0]
    assert count_people(ctx) == 2


def test_restore_from_the_live_database_is_refused(page, ctx, answers):
    page.restore_from(Path(ctx.office.path))
    assert "正在使用的数据库本身" in answers["warned"][0]


def test_restore_failure_is_a_warning_not_a_traceback(page, ctx, answers, tmp_path, monkeypatch):
    from db.backup import BackupError

    ctx.office.backup("auto")
    page.reload()

    def broken(office, path):
        raise BackupError("恢复没有成功，数据库保持原样。（disk I/O error）")

    monkeypatch.setattr(app_backups, "restore_into", broken)
    page.restore_from(page.model.path(0))
    assert "数据库保持原样" in answers["warned"][0]


def test_integrity_check_passes(page, answers, qtbot):
    page.check_button.click()
    wait_for_jobs(qtbot)
    assert answers["informed"] == ["检查通过，数据库文件完好。"]


def test_integrity_problems_are_listed(page, answers, monkeypatch, qtbot):
    monkeypatch.setattr(
        backup_module, "integrity_check", lambda conn: ["表 people 中编号为 7 的记录引用了不存在的记录。"]
    )
    page.check_integrity()
    wait_for_jobs(qtbot)
    assert "编号为 7" in answers["warned"][0]


def test_open_backup_folder(page, ctx, answers, monkeypatch):
    opened = []

    class FakeServices:
        @staticmethod
        def openUrl(url):  # noqa: N802
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(backup_module, "QDesktopServices", FakeServices)
    page.open_backup_folder()
    assert opened == [] and "尚未建立" in answers["informed"][0]
    ctx.office.backup("auto")
    page.open_backup_folder()
    assert Path(opened[0]) == backup_dir_for(ctx.office.path)


def test_restore_from_the_oldest_daily_backup_survives_rotation(page, ctx, data, answers):
    """The safety backup made before a restore rotates the folder, which may delete the chosen backup."""
    import datetime as dt

    from db.backup import make_backup

    now = dt.datetime.now()
    for days in range(7, 0, -1):
        make_backup(ctx.office.conn, ctx.office.path, "auto", now=now - dt.timedelta(days=days))
    add_person(ctx.db, "王五", make_id(3), data["unit"])
    page.reload()
    oldest = page.model.path(page.model.rowCount() - 1)
    assert page.restore_from(oldest)
    assert answers["warned"] == []
    assert count_people(ctx) == 2


def test_the_extra_backup_folder_can_be_chosen_and_cleared_here(page, answers, tmp_path):
    from ui.system import extra_backup

    extra_backup.set_folder(None)
    page.reload()
    assert "不另存" in page.extra_label.text() and not page.extra_clear_button.isEnabled()
    answers["folder"] = tmp_path / "U盘"
    answers["folder"].mkdir()
    page.extra_button.click()
    assert extra_backup.folder() == tmp_path / "U盘"
    assert page.extra_label.text() == str(tmp_path / "U盘")
    page.extra_clear_button.click()
    assert extra_backup.folder() is None and "不另存" in page.extra_label.text()
