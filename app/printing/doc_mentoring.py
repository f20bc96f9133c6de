"""导师组名单: portrait A4; per mentor (姓氏笔画 order) a heading — 导师, 单位 and 职务, 条线, how many mentees —
and a small table of the mentees (序号, 姓名, 工作单位, 志愿 or the pair's kind), kept on one page with its
heading; a mentor below the minimum is marked. After the groups: those still unplaced, with their two choices,
for the manual decision. A list with a character no font has is not printed at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from app.changes import Progress
from app.printing import glyphs
from app.printing.doc_ranking import footer
from app.printing.doc_training import PORTRAIT_LIST, doc_title
from app.printing.fonts import FontSet
from app.printing.layout import PORTRAIT, build_pdf, styles
from app.printing.printed import Printed
from app.printing.problems import MissingGlyph, MissingGlyphs, PrintError
from app.printing.tables import cell, fit_widths, grid
from app.training.list_export import MentorGroup, MentorGroups

WIDTH = PORTRAIT[0] - (PORTRAIT_LIST.left + PORTRAIT_LIST.right) * mm
UNPLACED_START = 35 * mm  # the 未分配 heading, the table's header and two rows


def group_heading(group: MentorGroup) -> str:
    where = " ".join(filter(None, (group.unit, group.post)))
    parts = [f"导师：{group.mentor}" + (f"（{where}）" if where else "")]
    if group.line:
        parts.append(f"条线：{group.line}")
    parts.append(f"学员 {len(group.mentees)} 人")
    return "　　".join(parts)


def group_block(fonts: FontSet, group: MentorGroup, how_label: str) -> KeepTogether:
    st = styles(fonts)
    c, left = st["cell_center"], st["cell"]
    parts: list = [cell(fonts, group_heading(group), st["heading"], "title")]
    if group.flag:
        parts.append(cell(fonts, f"注意：{group.flag}，请另行安排。", st["info"]))
    if group.mentees:
        rows = [[cell(fonts, h, c) for h in ("序号", "学员姓名", "工作单位", how_label)]]
        rows += [[cell(fonts, str(n), c), cell(fonts, m.name, c), cell(fonts, m.unit, left), cell(fonts, m.how, c)]
                 for n, m in enumerate(group.mentees, 1)]  # fmt: skip
        parts.append(grid(rows, fit_widths(WIDTH, [8, 18, 52, 16]), fonts.name("table")))
    else:
        parts.append(cell(fonts, "（没有学员）", st["info"]))
    return KeepTogether(parts)


def unplaced_block(fonts: FontSet, found: MentorGroups) -> list:
    if not found.unplaced:
        return []
    st = styles(fonts)
    c, left = st["cell_center"], st["cell"]
    rows = [[cell(fonts, h, c) for h in ("序号", "姓名", "工作单位", "第一志愿", "第二志愿")]]
    rows += [[cell(fonts, str(n), c), cell(fonts, u.name, c), cell(fonts, u.unit, left), cell(fonts, u.first, c),
              cell(fonts, u.second or "—", c)] for n, u in enumerate(found.unplaced, 1)]  # fmt: skip
    said = f"未分配，待人工决定（{len(found.unplaced)} 人：两个志愿的导师均已满额或未填志愿）"
    # the heading never ends a page: with it go the table's header and at least two names
    return [Spacer(1, 4 * mm), CondPageBreak(UNPLACED_START), cell(fonts, said, st["heading"], "title"),
            grid(rows, fit_widths(WIDTH, [8, 16, 40, 15, 15]), fonts.name("table"))]  # fmt: skip


def groups_story(fonts: FontSet, found: MentorGroups, office: str) -> list:
    st = styles(fonts)
    name, document = (found.title, "导师组名单") if found.year is not None else ("导师帮带对子", "名单")
    summary = f"导师 {len(found.groups)} 人，学员 {found.mentee_count} 人"
    if found.unplaced:
        summary += f"，未分配 {len(found.unplaced)} 人"
    story: list = [doc_title(fonts, name, document, WIDTH),
                   cell(fonts, "　".join(filter(None, (office, summary))), st["subtitle"], "body")]  # fmt: skip
    story += [group_block(fonts, g, found.how_label) for g in found.groups]
    return story + unplaced_block(fonts, found)


def check_groups(fonts: FontSet, found: MentorGroups) -> None:
    missing: list[MissingGlyph] = glyphs.check(fonts, "导师组名单", [("标题", found.title, "title")])
    for g in found.groups:
        missing += glyphs.check(fonts, g.mentor, [("导师", g.mentor, "title"), ("导师单位", g.unit, "title"),
                                                  ("职务", g.post, "title"), ("条线", g.line, "title")])  # fmt: skip
        for m in g.mentees:
            missing += glyphs.check(fonts, m.name, [("姓名", m.name, "table"), ("工作单位", m.unit, "table")])
    for u in found.unplaced:
        missing += glyphs.check(fonts, u.name, [("姓名", u.name, "table"), ("工作单位", u.unit, "table")])
    if missing:
        raise MissingGlyphs(missing)


def print_groups(
    found: MentorGroups, out: Path, fonts: FontSet, *, office: str, today: dt.date,
    notes: Sequence[str] = (), progress: Progress | None = None,
) -> Printed:  # fmt: skip
    if not found.groups and not found.unplaced:
        raise PrintError(f"“{found.title}”没有导师组，没有可打印的名单")
    check_groups(fonts, found)
    pages = build_pdf(
        out, groups_story(fonts, found, office), fonts, margins=PORTRAIT_LIST, title=f"{found.title}导师组名单",
        author=office, footer=footer(today), progress=progress,
    )  # fmt: skip
    count = found.mentee_count + len(found.unplaced)
    return Printed(
        Path(out), "导师组名单", count, pages, notes=[*fonts.notes(("title", "body", "table")), *notes]
    )
