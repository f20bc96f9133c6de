"""The pages of the main window, in navigation order. A new page is one entry here.

A page's module is imported the first time it is shown: start-up pays only for the roster, however many areas
the application grows.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.context import AppContext


@dataclass(frozen=True)
class Page:
    key: str  # how code names the page: main_window.page("audit")
    title: str  # the navigation entry
    module: str
    cls: str
    # Built with load=False and filled after the window's first frame (MainWindow.start) or, for a page first
    # shown later, right after it is built: 今日待办 and the roster, whose lists take a moment.
    loads_later: bool = False

    def build(self, ctx: AppContext) -> QWidget:
        widget_class = getattr(importlib.import_module(self.module), self.cls)
        return widget_class(ctx, load=False) if self.loads_later else widget_class(ctx)


PAGES: tuple[Page, ...] = (
    Page("today", "今日待办", "ui.care.today_page", "TodayPage", loads_later=True),
    Page("roster", "人员档案", "ui.people.roster_page", "RosterPage", loads_later=True),
    Page("units", "组织单位", "ui.units.page", "UnitsPage"),
    Page("appraisal", "考核", "ui.appraisal.page", "AppraisalPage"),
    Page("merits", "积分与表彰", "ui.appraisal.merits_page", "MeritsPage"),
    Page("care", "关怀记录", "ui.care.records_page", "CarePage"),
    Page("training", "培训", "ui.training.page", "TrainingPage"),
    Page("mentoring", "导师帮带", "ui.training.mentoring_page", "MentoringPage"),
    Page("printing", "打印", "ui.printing.page", "PrintingPage"),
    Page("audit", "操作记录", "ui.records.audit_page", "AuditPage"),
    Page("recycle", "回收站", "ui.records.recycle_page", "RecyclePage"),
    Page("imports", "导入记录", "ui.records.import_history", "ImportHistoryPage"),
    Page("backup", "备份与恢复", "ui.system.backup_page", "BackupPage"),
    Page("settings", "系统设置", "ui.system.settings_page", "SettingsPage"),
)


def page_index(key: str) -> int:
    return next(i for i, page in enumerate(PAGES) if page.key == key)
