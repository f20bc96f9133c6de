"""打印 page and the print actions: a document built in the background, opened in the viewer, 另存为 with the
certificate register; the certificate layout and font roles saved through the settings service."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.printing import settings as print_settings
from tests.app.test_print_support import build_office
from tests.ui.conftest import wait_for_jobs
from ui.printing import actions
from ui.printing.page import PrintingPage

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"


@pytest.fixture
def opened(monkeypatch, tmp_path):
    seen: list[Path] = []
    monkeypatch.setattr(actions.tempfile, "gettempdir", lambda: str(tmp_path))  # previews stay in the test
    monkeypatch.setattr(actions, "open_in_viewer", lambda path: seen.append(Path(path)) or True)
    return seen


@pytest.fixture
def page(qtbot, ctx):
    ids = build_office(ctx.db)
    widget = PrintingPage(ctx)
    ctx.changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    widget.resize(960, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.ids = ids
    return widget


def _choose(page, period_id: int) -> None:
    page.period_box.setCurrentIndex(page.period_box.findData(period_id))


def test_certificates_only_for_a_finalized_period(page):
    _choose(page, page.ids["open"])
    assert page.ranking_button.isEnabled() and not page.certificates_button.isEnabled()
    assert "定稿后" in page.period_note.text()
    _choose(page, page.ids["final"])
    assert page.certificates_button.isEnabled()


def test_ranking_is_built_opened_and_saved_as(page, qtbot, opened, answers, monkeypatch, tmp_path):
    target = tmp_path / "排名表副本"
    monkeypatch.setattr(actions.dialogs, "save_file", lambda *a, **k: target)
    _choose(page, page.ids["open"])
    page.ranking_button.click()
    wait_for_jobs(qtbot)
    assert len(opened) == 1 and opened[0].suffix == ".pdf"
    assert "2025年度考核排名表" in PdfReader(str(opened[0])).pages[0].extract_text()
    assert "已生成排名表：6 人" in answers["asked"][0]
    saved = target.with_name("排名表副本.pdf")
    assert saved.read_bytes() == opened[0].read_bytes()


def test_certificates_and_their_register_saved_together(page, qtbot, opened, answers, monkeypatch, tmp_path):
    target = tmp_path / "证书.pdf"
    monkeypatch.setattr(actions.dialogs, "save_file", lambda *a, **k: target)
    _choose(page, page.ids["final"])
    page.certificates_button.click()
    wait_for_jobs(qtbot)
    assert "王一同志" in PdfReader(str(target)).pages[0].extract_text()
    register = openpyxl.load_workbook(tmp_path / "证书-证书登记簿.xlsx").active
    assert register["B2"].value == "王一"


def test_a_refusal_is_said_and_nothing_opens(page, qtbot, opened, answers, ctx):
    job = actions.print_period_certificates(page, ctx, page.ids["open"])
    assert job is not None
    wait_for_jobs(qtbot)
    assert opened == [] and "还没有定稿" in answers["warned"][0]


def test_roster_of_everyone(page, qtbot, opened, answers):
    answers["ask"] = False  # no copy
    page.roster_button.click()
    wait_for_jobs(qtbot)
    text = PdfReader(str(opened[0])).pages[0].extract_text()
    assert "武侯区委组织部社区工作者花名册" in text and "共 6 人" in text


def test_certificate_layout_saved_and_a_wrong_template_refused(page, answers, ctx):
    box = page.certificate_box
    assert not box.revert_button.isEnabled() and not box.save_button.isEnabled()
    box.template_edit.setPlainText("{姓名}同志：\n荣获{荣誉}。")
    assert box.revert_button.isEnabled() and box.save_button.isEnabled()
    box.offset_x.setValue(2.5)
    box.text_only.setChecked(True)
    box.save_button.click()
    values = print_settings.load(ctx.db)
    assert values[print_settings.TEMPLATE] == "{姓名}同志：\n荣获{荣誉}。"
    assert values[print_settings.OFFSET_X] == "2.5" and values[print_settings.TEXT_ONLY] == "1"
    box.template_edit.setPlainText("{名字}同志")
    box.save_button.click()
    assert "{名字}" in answers["warned"][0]
    assert box.template_edit.toPlainText() == "{名字}同志"  # what was typed stays
    assert print_settings.load(ctx.db)[print_settings.TEMPLATE] == "{姓名}同志：\n荣获{荣誉}。"


def test_font_roles_shown_and_one_chosen(page, ctx, monkeypatch, answers):
    assert "AR PL UMing" in page.font_box.font_labels["table"].text()
    assert "仿宋" in page.font_box.note_labels["body"].text()
    monkeypatch.setattr(actions.dialogs, "open_file", lambda *a, **k: Path(UMING))
    page.font_box.choose("body")
    assert print_settings.load(ctx.db)[print_settings.FONT_KEYS["body"]] == UMING
    assert page.font_box.note_labels["body"].isHidden()
    page.font_box.reset("body")
    assert print_settings.load(ctx.db)[print_settings.FONT_KEYS["body"]] == ""


def test_page_looks(page, tmp_path):
    page.grab().save(str(tmp_path / "page.png"))
    assert (tmp_path / "page.png").stat().st_size > 0


def test_cancelling_opens_nothing_and_says_nothing(page, qtbot, opened, answers, ctx):
    handle = actions.print_sheets(page, ctx, page.ids["final"])
    handle.cancel()  # as 取消 in the progress dialog does
    wait_for_jobs(qtbot)
    assert opened == [] and answers["asked"] == [] and answers["warned"] == []


def test_previews_older_than_a_week_are_cleared(qapp, monkeypatch, tmp_path):
    import os
    import time

    monkeypatch.setattr(actions.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = tmp_path / "grassroots-print"
    folder.mkdir()
    old, recent = folder / "old.pdf", folder / "recent.pdf"
    for path in (old, recent):
        path.write_bytes(b"%PDF")
    week_ago = time.time() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    os.utime(recent, (time.time(), time.time()))  # by the app's clock, whatever the file system's says
    made = actions.preview_path("排名表 2025/1")
    assert made.parent == folder and made.name.startswith("排名表-2025-1-") and made.suffix == ".pdf"
    assert not old.exists() and recent.exists()


def test_a_sample_certificate_in_the_layout_just_typed(page, qtbot, opened, answers, ctx):
    answers["ask"] = False
    box = page.certificate_box
    box.template_edit.setPlainText("{姓名}同志：\n样张正文。")
    box.sample_button.click()
    wait_for_jobs(qtbot)
    text = PdfReader(str(opened[0])).pages[0].extract_text()
    assert "张三同志" in text and "样张正文。" in text and "样张" in text
    assert print_settings.load(ctx.db)[print_settings.TEMPLATE] == "{姓名}同志：\n样张正文。"
    from app.printing.doc_certificates import register_path

    assert not register_path(opened[0]).exists()  # a sample goes in no register
