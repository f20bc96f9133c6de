"""系统设置 page: shows what is stored, saves through the service, keeps typing on a refusal."""

from __future__ import annotations

import pytest

from app import settings
from app.changes import OpChanges
from tests.ui.conftest import ACTOR
from ui import dialogs
from ui.system.settings_page import SettingsPage


@pytest.fixture
def warned(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: seen.append(text))
    return seen


@pytest.fixture
def page(qtbot, ctx, warned):
    settings.save(ctx.db, {"office_name": "中共武侯区委组织部"}, ACTOR)
    widget = SettingsPage(ctx)
    ctx.changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    return widget


def test_shows_what_is_stored(page):
    assert page.edits["office_name"].text() == "中共武侯区委组织部"
    assert page.edits["issuer"].text() == ""
    assert page.state_label.text() == "已保存"


def test_save_stores_and_announces(page, ctx):
    announced = []
    ctx.changed.connect(announced.append)
    page.edits["issuer"].setText("中共武侯区委  组织部")
    assert page.state_label.text() == "有未保存的修改"
    page.save_button.click()
    assert settings.get(ctx.db, "issuer") == "中共武侯区委 组织部"  # spaces tidied by the service
    assert page.edits["issuer"].text() == "中共武侯区委 组织部"
    assert announced and announced[-1].settings
    assert page.state_label.text() == "已保存"
    audit_row = ctx.db.execute("SELECT action, actor FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert audit_row == ("setting", "测试员")


def test_too_long_is_refused_and_typing_kept(page, ctx, warned):
    long_name = "很" * 61
    page.edits["office_name"].setMaxLength(100)
    page.edits["office_name"].setText(long_name)
    page.save()
    assert "单位名称过长" in warned[0]
    assert page.edits["office_name"].text() == long_name
    assert settings.get(ctx.db, "office_name") == "中共武侯区委组织部"


def test_refresh_does_not_overwrite_unsaved_typing(page, ctx):
    page.edits["issuer"].setText("正在输入")
    page.refresh(OpChanges(settings=True))
    assert page.edits["issuer"].text() == "正在输入"
    page.refresh(OpChanges(everything=True))  # a restore: show the restored data
    assert page.edits["issuer"].text() == ""


def test_revert(page, qtbot):
    page.edits["office_name"].setFocus()
    qtbot.keyClicks(page.edits["office_name"], "2")  # typing (QTest can only type ASCII)
    assert page.revert_button.isEnabled()
    page.revert_button.click()
    assert page.edits["office_name"].text() == "中共武侯区委组织部"
    assert not page.revert_button.isEnabled()


def test_care_reminder_days_are_checked_and_saved(ctx, qtbot):
    from app.care.queries import care_settings
    from ui.system.settings_page import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    box = page.care_box
    assert {name: edit.text() for name, edit in box.edits.items()} == {
        "due_days": "7", "birthday_lead": "7", "follow_up_lead": "7", "probation_notice": "30",
    }  # fmt: skip
    box.edits["due_days"].setText("0")
    box.edits["birthday_lead"].setText("七")
    box.edits["probation_notice"].setText("45")
    box.save()
    assert "1–60" in box.errors["due_days"].text() and box.edits["due_days"].property("error")
    assert "“七”不是天数" in box.errors["birthday_lead"].text()
    assert care_settings(ctx.db).probation_notice == 30  # nothing stored while anything is wrong
    box.edits["due_days"].setText("3")
    box.edits["birthday_lead"].setText("10")
    box.save()
    stored = care_settings(ctx.db)
    assert (stored.due_days, stored.birthday_lead, stored.follow_up_lead, stored.probation_notice) == (
        3,
        10,
        7,
        45,
    )
    after = ctx.db.execute("SELECT after FROM audit_log WHERE label = '关怀提醒设置'").fetchone()[0]
    assert "走访、谈话期限" in after and "45" in after
    assert box.state_label.text() == "关怀提醒设置已保存"
