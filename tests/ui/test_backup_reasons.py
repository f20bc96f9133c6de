"""Backups are described in Chinese wherever the UI names one: the 备份与恢复 list and the import wizard's summary."""

from __future__ import annotations

import datetime as dt

import pytest

from app.exchange.import_commit import ImportResult
from db.backup import REASON_LABELS, backup_file_name
from ui.system.backup_page import BackupModel, Col, reason_of

WHEN = dt.datetime(2026, 11, 21, 16, 20, 5)


@pytest.mark.parametrize("reason", sorted(REASON_LABELS))
def test_the_backup_list_shows_every_reason_in_chinese(qapp, tmp_path, reason):
    path = tmp_path / backup_file_name(tmp_path / "office.db", WHEN, reason)
    path.write_bytes(b"x")
    model = BackupModel()
    model.set_backups([(WHEN, path)])
    shown = model.data(model.index(0, Col.REASON))
    assert shown == reason_of(path) == REASON_LABELS[reason]
    assert not shown.isascii()


def test_the_import_summary_says_which_backup_in_chinese(qtbot, ctx, tmp_path):
    from ui.exchange.wizard import ImportWizard

    backup = tmp_path / backup_file_name(tmp_path / "office.db", WHEN, "bulk")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.result = ImportResult(
        batch_id=1, added=1, updated=0, unchanged=0, rejected=0, skipped=0, new_units=0, backup=backup
    )
    wizard.plan = object()
    wizard.done_page.initializePage()
    text = wizard.done_page.backup_label.text()
    assert "批量操作前备份，2026-11-21 16:20:05" in text
    assert str(backup) in text  # the clerk can still find the file
