"""导入成绩 wizard: a score sheet as streets send it (a title above the header, a 合计 row, a ranking's extra
columns) checked row by row with each problem's row, person, column and fix, then written in one transaction
after a backup; a broken file said on the page; nothing to write leaves 开始导入 off; the 考核 page opens it."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.appraisal import service
from app.appraisal.schemes import find_scheme
from app.exchange.plan import Action
from tests.ui.appraisal_fixtures import shown_page
from tests.ui.conftest import add_person, add_unit, make_id, wait_for_jobs
from ui.appraisal import page as page_module
from ui.appraisal.score_import_model import ScoreCol, ScorePreviewModel
from ui.appraisal.score_import_wizard import ScoreImportWizard, Target

HEADER = ["序号", "姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评", "名次"]


@pytest.fixture
def people(ctx) -> list[int]:
    unit = add_unit(ctx.db, "东门社区")
    return [add_person(ctx.db, name, make_id(i + 1), unit) for i, name in enumerate(("张三", "李四", "王五"))]


def sheet(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["2025年度社区工作者考核成绩汇总表"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.append(["合计", f"{len(rows)}人"])
    book.save(path)
    return path


def wizard_for(qtbot, ctx, year: int = 2025) -> ScoreImportWizard:
    period = service.find_period(ctx.db, "weighted-top20", year, None)
    target = Target(find_scheme(ctx.db, "weighted-top20"), year, None, period)
    wizard = ScoreImportWizard(ctx, target)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def to_preview(qtbot, wizard: ScoreImportWizard, path: Path) -> None:
    assert wizard.file_page.load(path) is not None
    wait_for_jobs(qtbot)
    assert wizard.currentId() == ScoreImportWizard.PREVIEW, wizard.file_page.error_label.text()


def shown_rows(model: ScorePreviewModel) -> list[tuple[str, ...]]:
    return [tuple(model.data(model.index(r, c)) for c in ScoreCol) for r in range(model.rowCount())]


def commit_enabled(wizard: ScoreImportWizard) -> bool:
    button = wizard.button(QWizard.WizardButton.CommitButton)
    return button.isVisible() and button.isEnabled()


def test_a_sheet_is_previewed_row_by_row_then_written_after_a_backup(qtbot, ctx, people, tmp_path, answers):
    path = sheet(
        tmp_path / "成绩.xlsx",
        [
            [1, "张三", make_id(1), 90, 85, 88.5, 1],
            [2, "李四", make_id(2), 80, None, 75, 2],  # 业务测试 blank: 待补录, never 0
            [3, "王六", make_id(3), 70, 70, 70, 3],  # the number is 王五's
            [4, "赵七", make_id(9), 70, 70, 120, 4],  # not on the roster, and 120 is over the maximum
        ],
    )
    wizard = wizard_for(qtbot, ctx)
    to_preview(qtbot, wizard, path)
    page = wizard.preview_page
    assert (
        page.summary_label.text() == "检查结果：加入 2 人，更新 0 人，无变化 0 人，拒绝 2 人，非人员行 1 行。"
    )
    assert "以下列不是成绩，已忽略：序号、名次" in page.info_label.text()
    assert page.filter_box.currentData() == Action.REJECT  # the rows to fix are shown first
    rejected = shown_rows(page.model)
    assert [r[:3] for r in rejected] == [("5", "拒绝", "王六"), ("6", "拒绝", "赵七")]
    assert "姓名与公民身份号码不符：花名册中号码" in rejected[0][ScoreCol.NOTE] and "“王五”" in rejected[0][4]
    assert "请先在花名册中添加此人" in rejected[1][ScoreCol.NOTE]
    assert "“满意度测评”（120）：满意度测评的分数应在 0 到 100 之间，输入的是 120" in rejected[1][4]
    page.filter_box.setCurrentIndex(0)
    rows = shown_rows(page.model)
    assert rows[0] == (
        "3",
        "加入",
        "张三",
        make_id(1),
        "加入本次考核：工作考核 90，业务测试 85，满意度测评 88.5",
    )
    assert rows[1][4] == "加入本次考核：工作考核 80，满意度测评 75；缺业务测试，记为待补录"
    page.view.setCurrentIndex(page.model.index(2, 0))
    assert page.detail_label.text().startswith("第5行 王六（拒绝）：")
    assert service.find_period(ctx.db, "weighted-top20", 2025, None) is None  # the dry run wrote nothing

    assert commit_enabled(wizard)
    wizard.next()
    wait_for_jobs(qtbot)
    assert wizard.currentId() == ScoreImportWizard.DONE
    period = service.find_period(ctx.db, "weighted-top20", 2025, None)  # made by the first import
    ranking = service.rank_period(ctx.db, period)
    scores = {r.member.name: dict(r.member.entry.scores) for r in ranking.rows}
    assert scores == {
        "张三": {"work": D(90), "test": D(85), "satisfaction": D("88.5")},
        "李四": {"work": D(80), "satisfaction": D(75)},
    }
    done = wizard.done_page
    assert wizard.imported.backup.exists() and str(wizard.imported.backup) in done.backup_label.text()
    changes = wizard.imported.result.changes
    assert changes.appraisal and changes.backups  # 备份与恢复 lists the new backup
    assert "有 2 行因为有问题没有导入" in done.problem_label.text()
    assert "第6行 赵七“满意度测评”列（120）" in done.problem_list.toPlainText()


def test_the_same_sheet_again_changes_nothing_and_leaves_import_off(qtbot, ctx, people, tmp_path, answers):
    path = sheet(tmp_path / "成绩.xlsx", [[1, "张三", make_id(1), 90, 85, 88.5, 1]])
    wizard = wizard_for(qtbot, ctx)
    to_preview(qtbot, wizard, path)
    wizard.next()
    wait_for_jobs(qtbot)
    again = wizard_for(qtbot, ctx)
    to_preview(qtbot, again, path)
    assert shown_rows(again.preview_page.model)[0][1:3] == ("无变化", "张三")
    assert not commit_enabled(again)
    assert "没有需要写入的内容" in again.preview_page.error_label.text()
    audited = ctx.db.execute("SELECT count(*) FROM audit_log").fetchone()
    again.next()  # as a stray Enter would: nothing to write, so no backup, no job and no 完成 page
    wait_for_jobs(qtbot)
    assert again.currentPage() is again.preview_page
    assert ctx.db.execute("SELECT count(*) FROM audit_log").fetchone() == audited


def test_an_update_shows_old_and_new_and_writes_only_the_change(qtbot, ctx, people, tmp_path, answers):
    period = service.open_period(ctx.db, "weighted-top20", 2025, None, "测试员").made
    service.set_scores(
        ctx.db, period.id, service.ScoreInput(people[0], {"work": D(60), "test": D(61)}), "测试员"
    )
    path = sheet(tmp_path / "成绩.xlsx", [[1, "张三", make_id(1), 65, None, 70, 1]])
    wizard = wizard_for(qtbot, ctx)
    to_preview(qtbot, wizard, path)
    assert shown_rows(wizard.preview_page.model)[0][1:] == (
        "更新", "张三", make_id(1), "工作考核：60 → 65；满意度测评：（空） → 70",
    )  # fmt: skip
    wizard.next()
    wait_for_jobs(qtbot)
    row = service.rank_period(ctx.db, service.get_period(ctx.db, period.id)).row_of(people[0])
    assert dict(row.member.entry.scores) == {"work": D(65), "test": D(61), "satisfaction": D(70)}


def test_a_broken_file_is_said_on_the_page_and_changes_nothing(qtbot, ctx, people, tmp_path, answers):
    broken = tmp_path / "成绩.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    wizard = wizard_for(qtbot, ctx)
    wizard.file_page.load(broken)
    wait_for_jobs(qtbot)
    assert wizard.currentId() == ScoreImportWizard.FILE
    message = wizard.file_page.error_label.text()
    assert "成绩.xlsx" in message and not wizard.file_page.error_label.isHidden()
    assert wizard.plan is None and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert service.list_periods(ctx.db) == []


def test_a_sheet_without_the_scheme_columns_names_them(qtbot, ctx, people, tmp_path, answers):
    book = Workbook()
    book.active.append(["姓名", "公民身份号码", "得分"])
    book.active.append(["张三", make_id(1), 90])
    path = tmp_path / "成绩.xlsx"
    book.save(path)
    wizard = wizard_for(qtbot, ctx)
    wizard.file_page.load(path)
    wait_for_jobs(qtbot)
    assert "表格中没有任何考核项目的列" in wizard.file_page.error_label.text()
    assert "工作考核、业务测试、满意度测评" in wizard.file_page.error_label.text()


def test_the_preview_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, people, tmp_path, answers):
    wizard = wizard_for(qtbot, ctx)
    to_preview(qtbot, wizard, sheet(tmp_path / "成绩.xlsx", [[1, "张三", make_id(1), 90, 85, 88.5, 1]]))
    qtmodeltester.check(wizard.preview_page.model)
    qtmodeltester.check(ScorePreviewModel())


def test_the_page_opens_the_wizard_for_the_chosen_period(qtbot, ctx, people, answers, monkeypatch):
    page = shown_page(qtbot, ctx)
    seen = []
    monkeypatch.setattr(page_module, "open_score_import", lambda ctx_, parent, target: seen.append(target))
    assert page.stack.currentIndex() == 1  # no period yet: the import makes it
    qtbot.mouseClick(page.import_new_button, Qt.MouseButton.LeftButton)
    assert [(t.scheme.key, t.year, t.quarter, t.period) for t in seen] == [
        (page.scheme_box.currentData(), page.year_box.value(), None, None)
    ]


def test_a_finalized_period_refuses_the_import_on_the_page_and_nothing_changes(
    qtbot, ctx, people, tmp_path, answers
):
    period = service.open_period(ctx.db, "weighted-top20", 2025, None, "测试员").made
    service.set_scores(
        ctx.db, period.id, service.ScoreInput(people[0], {"work": D(70), "test": D(70), "satisfaction": D(70)}),
        "测试员",
    )  # fmt: skip
    service.finalize_period(ctx.db, period.id, "测试员")
    wizard = wizard_for(qtbot, ctx)
    to_preview(qtbot, wizard, sheet(tmp_path / "成绩.xlsx", [[1, "张三", make_id(1), 90, 85, 88.5, 1]]))
    wizard.next()
    wait_for_jobs(qtbot)
    assert wizard.currentId() == ScoreImportWizard.PREVIEW
    assert "导入失败，数据库没有任何改动" in wizard.preview_page.error_label.text()
    assert "已定稿" in wizard.preview_page.error_label.text()
    row = service.rank_period(ctx.db, service.get_period(ctx.db, period.id)).row_of(people[0])
    assert row.member.entry.scores["work"] == D(70)


def test_a_file_dropped_on_the_first_step_is_read(qtbot, ctx, people, tmp_path, answers):
    wizard = wizard_for(qtbot, ctx)
    wizard.file_page.file_dropped(sheet(tmp_path / "成绩.xlsx", [[1, "张三", make_id(1), 90, 85, 88.5, 1]]))
    wait_for_jobs(qtbot)
    assert wizard.currentId() == ScoreImportWizard.PREVIEW
    assert wizard.file_page.path_edit.text().endswith("成绩.xlsx")


def test_the_preview_says_the_period_it_makes_and_a_title_of_another_year(
    qtbot, ctx, people, tmp_path, answers
):
    wizard = wizard_for(qtbot, ctx, year=2026)  # no 2026 period yet; the sheet's title says 2025年度
    to_preview(qtbot, wizard, sheet(tmp_path / "s.xlsx", [[1, "张三", make_id(1), 90, 85, 88, 1]]))
    info = wizard.preview_page.info_label.text()
    assert "将新建考核：2026年度考核（加权评价·双达标）。" in info
    assert "注意：表格标题是“2025年度社区工作者考核成绩汇总表”，本次导入到2026年度的考核" in info
