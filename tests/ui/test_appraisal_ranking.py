"""考核 page, 排名与定稿: the ranking with flags and reasons, the unit filter, the stored split, 调整等次 with and
without a reason, 定稿 refused naming who, 定稿 and 重新打开, and the export read back."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.appraisal import service
from tests.ui.appraisal_fixtures import NAMES, scored_period, shown_page
from tests.ui.conftest import ACTOR, wait_for_jobs
from ui.appraisal import questions


@pytest.fixture
def scored(ctx):
    return scored_period(ctx.db, split_units=True)


@pytest.fixture
def whole_page(qtbot, ctx, scored, answers):
    widget = shown_page(qtbot, ctx)
    widget.tabs.setCurrentWidget(widget.ranking)
    return widget  # the fixture keeps the page alive while the test uses its tab


@pytest.fixture
def page(whole_page):
    return whole_page.ranking


def column(view, name: str) -> list[str]:
    model = view.model
    at = model.column(name)
    return [model.index(r, at).data() for r in range(model.rowCount())]


def select(view, name: str) -> None:
    view.table.selectRow(column(view, "姓名").index(name))


def test_the_ranking_lists_places_scores_grades_flags_and_reasons(page):
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "名次",
        "姓名",
        "工作单位",
        "工作考核",
        "业务测试",
        "满意度测评",
        "总分",
        "等次",
        "标记",
        "说明",
    ]
    assert column(page, "姓名") == list(NAMES)  # ranked order; 待补录 last
    assert column(page, "名次")[:3] == ["1", "2", "3"] and column(page, "名次")[-1] == ""
    assert column(page, "等次")[:2] == ["优秀", "称职"]
    assert column(page, "标记")[-1] == "待补录"
    assert column(page, "标记")[4] == "补课"  # 75 < 80
    reason = column(page, "说明")[1]
    assert "超出前 20%（1 人）" in reason
    assert model.index(1, model.column("等次")).data(Qt.ItemDataRole.ToolTipRole) == reason
    assert "优秀 1" in page.summary_label.text() and "待补录 1" in page.summary_label.text()


def test_the_unit_filter_shows_one_units_people(page):
    page.unit_box.setCurrentIndex(page.unit_box.findData("南街社区"))
    assert column(page, "姓名") == list(NAMES[1::2])
    assert column(page, "工作单位") == ["南街社区"] * 5
    assert column(page, "名次")[0] == "2"  # places stay those of the whole group
    assert page.summary_label.text().startswith("共 5 人")


def test_ranking_by_unit_is_stored_in_the_period(page, ctx, scored):
    page.split_box.setCurrentIndex(page.split_box.findData("unit"))
    assert service.get_period(ctx.db, scored.period.id).split == "unit"
    assert "人员类别" not in page.model.headers  # 工作单位 says the group
    assert column(page, "工作单位") == ["北街社区"] * 5 + ["南街社区"] * 5  # 南街 has 癸十, 待补录, last
    assert column(page, "名次")[5] == "1"  # each unit ranked on its own
    page.split_box.setCurrentIndex(page.split_box.findData("role"))
    assert column(page, "人员类别") == ["社区工作者"] * 10
    page.split_box.setCurrentIndex(page.split_box.findData("none"))
    assert service.get_period(ctx.db, scored.period.id).split == "none"


def test_an_override_needs_a_reason_and_is_shown(page, ctx, scored, answers, monkeypatch):
    answer = {"value": ("优秀", "  ")}
    monkeypatch.setattr(questions, "ask_override", lambda parent, name, grades, current: answer["value"])
    select(page, "乙二")
    page.override_button.click()
    assert answers["warned"][-1] == "“乙二”的等次不能改为优秀：手工调整等次必须写明理由"
    assert column(page, "等次")[1] == "称职"
    answer["value"] = ("优秀", "市级表彰")
    page.override_button.click()
    row = service.rank_period(ctx.db, service.get_period(ctx.db, scored.period.id)).row_of(scored.ids[1])
    assert row.result.grade == "优秀"
    assert column(page, "等次")[1] == "优秀"
    assert column(page, "标记")[1] == "覆盖、超额"
    assert "手工定为优秀（理由：市级表彰）" in column(page, "说明")[1]
    assert page.clear_button.isEnabled()
    page.clear_button.click()  # answers['ask'] is True
    assert column(page, "等次")[1] == "称职"


def test_finalize_is_refused_naming_who_is_missing_a_score(page, ctx, scored, answers):
    page.finalize_button.click()
    warning = answers["warned"][-1]
    assert "还不能定稿" in warning and "缺少成绩（待补录）：癸十" in warning
    assert not service.get_period(ctx.db, scored.period.id).finalized


def test_finalize_then_reopen_with_a_reason(page, ctx, scored, answers, monkeypatch):
    service.set_many_scores(
        ctx.db, scored.period.id, [service.ScoreInput(scored.ids[-1], {"satisfaction": Decimal(40)})], ACTOR
    )
    ctx.announce(service.APPRAISAL_CHANGED)
    page.finalize_button.click()
    assert service.get_period(ctx.db, scored.period.id).finalized
    assert not page.finalize_button.isEnabled() and page.reopen_button.isEnabled()
    assert not page.override_button.isEnabled()
    assert "已定稿" in page.summary_label.text()
    assert len(service.list_honors(ctx.db, period_id=scored.period.id)) == 2  # ten ranked: two 优秀 seats
    reason = {"value": None}
    monkeypatch.setattr(questions, "ask_reason", lambda parent, title, text: reason["value"])
    page.reopen_button.click()  # cancelled
    assert service.get_period(ctx.db, scored.period.id).finalized
    reason["value"] = "   "
    page.reopen_button.click()
    assert answers["warned"][-1] == "重新打开已定稿的考核必须说明原因"
    reason["value"] = "成绩录错"
    page.reopen_button.click()
    assert not service.get_period(ctx.db, scored.period.id).finalized
    assert page.finalize_button.isEnabled()


def start_export(qtbot, page) -> None:
    page.export_button.click()
    wait_for_jobs(qtbot)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_is_written_in_the_background_and_reads_back(
    qtbot, page, answers, tmp_path, monkeypatch, suffix
):
    from ui import dialogs

    out = tmp_path / f"排名{suffix}"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: out)
    start_export(qtbot, page)
    assert "已导出 10 人" in answers["informed"][-1]
    if suffix == ".xlsx":
        rows = list(load_workbook(out).active.iter_rows(values_only=True))
    else:
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    assert rows[0][:4] == ("名次", "姓名", "公民身份号码", "工作单位") or rows[0][:4] == [
        "名次",
        "姓名",
        "公民身份号码",
        "工作单位",
    ]
    assert [r[1] for r in rows[1:]] == list(NAMES)
    assert str(rows[1][-3]) == "优秀" and "待补录" in rows[-1]


def test_export_of_one_unit_writes_only_its_people(qtbot, page, answers, tmp_path, monkeypatch):
    from ui import dialogs

    out = tmp_path / "北街.csv"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: out)
    page.unit_box.setCurrentIndex(page.unit_box.findData("北街社区"))
    start_export(qtbot, page)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[1] for r in rows[1:]] == list(NAMES[0::2])


# --- printing from the ranking view -----------------------------------------------------------------


def _pdf_text(path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(str(path)).pages]


def test_print_ranking_of_one_unit_lists_only_its_people(qtbot, page, answers, viewer):
    answers["ask"] = False  # no copy
    page.unit_box.setCurrentIndex(page.unit_box.findData("北街社区"))
    page.print_button.click()
    wait_for_jobs(qtbot)
    text = _pdf_text(viewer[0])[0]
    assert "2025年度考核排名表" in text
    assert all(name in text for name in NAMES[0::2]) and not any(name in text for name in NAMES[1::2])


def test_print_sheets_one_page_per_person_and_certificates_wait_for_finalizing(qtbot, page, answers, viewer):
    answers["ask"] = False
    assert not page.print_actions["certificates"].isEnabled()
    page.print_actions["sheets"].trigger()
    wait_for_jobs(qtbot)
    texts = _pdf_text(viewer[0])
    assert len(texts) == len(NAMES) and "考核登记表" in texts[0] and NAMES[0] in texts[0]
    page.print_actions["scores"].trigger()
    wait_for_jobs(qtbot)
    assert "2025年度考核评分表" in _pdf_text(viewer[1])[0]


def test_the_export_suggests_a_file_named_for_the_office_day(qtbot, page, monkeypatch, pin_today):
    import datetime as dt

    from ui import dialogs

    pin_today(dt.date(2031, 1, 9))
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "save_file", lambda parent, title, filters, suggested: asked.append(suggested)
    )
    page.export_button.click()
    assert len(asked) == 1 and asked[0].endswith("-20310109.xlsx")
