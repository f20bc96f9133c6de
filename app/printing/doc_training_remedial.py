"""待补课名单: landscape A4, everyone with an open 补课 requirement in 姓氏笔画 order — 序号, 姓名, 工作单位, the
appraisal it comes from, 总分, what is required (working days) and the 补课 courses attended or enrolled in so
far — with 制表人, 审核人 and the date on every page. Not printed at all when a character no font has would
leave a gap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm

from app.changes import Progress
from app.printing import glyphs
from app.printing.doc_ranking import footer
from app.printing.fonts import FontSet
from app.printing.layout import LANDSCAPE, LIST_MARGINS, build_pdf, chinese_date, styles
from app.printing.printed import Printed
from app.printing.problems import MissingGlyph, MissingGlyphs, PrintError
from app.printing.tables import cell, fit_widths, grid
from app.training.list_export import RemedialLine

WIDTH = LANDSCAPE[0] - (LIST_MARGINS.left + LIST_MARGINS.right) * mm
HEADERS = ("序号", "姓名", "工作单位", "考核", "总分", "要求", "已参加补课")


def remedial_story(fonts: FontSet, rows: Sequence[RemedialLine], office: str, today: dt.date) -> list:
    st = styles(fonts)
    c, left = st["cell_center"], st["cell"]
    table = [[cell(fonts, h, c) for h in HEADERS]]
    for n, r in enumerate(rows, 1):
        table.append([cell(fonts, str(n), c), cell(fonts, r.name, c), cell(fonts, r.unit, left),
                      cell(fonts, r.period, left), cell(fonts, r.total, c), cell(fonts, f"{r.min_days} 个工作日", c), cell(fonts, r.attended or "未参加", left)])  # fmt: skip
    people = len({r.person_id for r in rows})
    said = f"截至{chinese_date(today)}，共 {people} 人 {len(rows)} 项补课要求尚未完成"
    return [
        cell(fonts, "待补课人员名单", st["title"], "title"),
        cell(fonts, "　".join(filter(None, (office, said))), st["subtitle"], "body"),
        grid(table, fit_widths(WIDTH, [11, 18, 38, 64, 14, 23, 99]), fonts.name("table")),
    ]


def print_remedial(
    rows: Sequence[RemedialLine], out: Path, fonts: FontSet, *, office: str, today: dt.date,
    notes: Sequence[str] = (), progress: Progress | None = None,
) -> Printed:  # fmt: skip
    if not rows:
        raise PrintError("目前没有待补课的人员，没有可打印的名单")
    missing: list[MissingGlyph] = []
    for r in rows:
        texts = [
            ("姓名", r.name, "table"),
            ("工作单位", r.unit, "table"),
            ("已参加补课", r.attended, "table"),
        ]
        missing += glyphs.check(fonts, r.name, texts)
    if missing:
        raise MissingGlyphs(missing)
    pages = build_pdf(
        out, remedial_story(fonts, rows, office, today), fonts, pagesize=LANDSCAPE, margins=LIST_MARGINS,
        title="待补课人员名单", author=office, footer=footer(today), progress=progress,
    )  # fmt: skip
    people = len({r.person_id for r in rows})
    return Printed(
        Path(out), "待补课名单", people, pages, notes=[*fonts.notes(("title", "body", "table")), *notes]
    )
