"""排名表: landscape A4; per group (when the period is ranked in groups) the ranked people with 名次 (shared
places said as 并列), 姓名, 工作单位, each component, X, 总分 and 等次; then those not ranked — 待定, 待补录,
不参加考核 — with the reason. Every page ends with 制表人, 审核人 and 制表日期 for signing; no row is split."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.appraisal.definitions import SPLIT_LABELS
from app.appraisal.ranking import RankedRow, Ranking
from app.appraisal.rules import EXEMPT, GRADES, MISSING, OVERRIDDEN, PENDING
from app.appraisal.service import decimal_text
from app.changes import Progress
from app.printing import glyphs
from app.printing.fonts import FontSet
from app.printing.layout import LANDSCAPE, LIST_MARGINS, KeepRoom, build_pdf, chinese_date, styles
from app.printing.printed import Printed
from app.printing.problems import MissingGlyphs, PrintError
from app.printing.tables import cell, fit_widths, grid

WIDTH = LANDSCAPE[0] - (LIST_MARGINS.left + LIST_MARGINS.right) * mm


def footer(today: dt.date) -> str:
    return f"制表人：＿＿＿＿＿＿　　　审核人：＿＿＿＿＿＿　　　制表日期：{chinese_date(today)}"


def _score(value: Decimal | None) -> str:
    return "" if value is None else decimal_text(value)


def total_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def ranked(row: RankedRow) -> bool:
    return row.result.grade in GRADES


def state(row: RankedRow) -> str:
    """待定, 待补录 or 不参加考核: why a row is not among the ranked."""
    if row.result.grade == EXEMPT:
        return EXEMPT
    return PENDING if PENDING in row.result.flags else MISSING


def place_texts(rows: Sequence[RankedRow]) -> list[str]:
    """名次 as printed: '3' alone, '3（并列）' when the place is shared within the group."""
    shared = Counter((r.group, r.result.place) for r in rows)
    return [
        f"{r.result.place}（并列）" if shared[(r.group, r.result.place)] > 1 else str(r.result.place)
        for r in rows
    ]


def score_headers(ranking: Ranking) -> list[str]:
    scheme = ranking.period.scheme
    names = [c.name for c in scheme.components]
    return names + ([scheme.bonus_name] if scheme.bonus_cap is not None else [])


def score_values(ranking: Ranking, row: RankedRow) -> list[str]:
    scheme, entry = ranking.period.scheme, row.member.entry
    values = [_score(entry.scores.get(c.key)) for c in scheme.components]
    return values + ([_score(entry.bonus)] if scheme.bonus_cap is not None else [])


KEPT_ROWS = 3  # the rows of a table kept on the page of its heading


def ranked_table(fonts: FontSet, ranking: Ranking, rows: Sequence[RankedRow], first: int | None = None):
    """The ranked people of a group; with `first`, only the header and the first rows (to measure them)."""
    st = styles(fonts)
    center = st["cell_center"]
    headers = ["名次", "姓名", "工作单位", *score_headers(ranking), "总分", "等次"]
    table = [[cell(fonts, h, center) for h in headers]]
    for place, row in list(zip(place_texts(rows), rows, strict=True))[:first]:
        table.append(
            [cell(fonts, place, center), cell(fonts, row.member.name, center), cell(fonts, row.member.unit_name, st["cell"])]
            + [cell(fonts, v, center) for v in score_values(ranking, row)]
            + [cell(fonts, total_text(row.result.total), center), cell(fonts, grade_text(row), center)]
        )  # fmt: skip
    weights = [11, 11, 34, *([13] * len(score_headers(ranking))), 12, 9]
    return grid(table, fit_widths(WIDTH, weights), fonts.name("table"))


def grade_text(row: RankedRow) -> str:
    """The grade, marked * when set by hand: two people tied on 86.00 with different grades are explained under
    the table, as the ranking on screen explains them."""
    grade = row.result.grade or ""
    return f"{grade}*" if OVERRIDDEN in row.result.flags else grade


def override_notes(fonts: FontSet, rows: Sequence[RankedRow]) -> list:
    """Under a group's table, one line for each grade set by hand: who, and the reason kept with it."""
    overridden = [r for r in rows if OVERRIDDEN in r.result.flags]
    if not overridden:
        return []
    style = styles(fonts)["info"]
    return [Spacer(1, 2 * mm)] + [
        cell(fonts, f"*{r.member.name}：{r.result.reason}", style) for r in overridden
    ]


def unranked_table(fonts: FontSet, rows: Sequence[RankedRow], first: int | None = None):
    st = styles(fonts)
    center = st["cell_center"]
    table = [[cell(fonts, h, center) for h in ("姓名", "工作单位", "总分", "情况", "说明")]]
    for row in rows[:first]:
        table.append(
            [cell(fonts, row.member.name, center), cell(fonts, row.member.unit_name, st["cell"]),
             cell(fonts, total_text(row.result.total), center), cell(fonts, state(row), center),
             cell(fonts, row.result.reason, st["cell"])]
        )  # fmt: skip
    return grid(table, fit_widths(WIDTH, [11, 30, 10, 11, 80]), fonts.name("table"))


def _groups(rows: Sequence[RankedRow]) -> list[tuple[str, list[RankedRow]]]:
    groups: dict[str, list[RankedRow]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    return list(groups.items())


def ranking_story(fonts: FontSet, ranking: Ranking, office: str) -> list:
    st = styles(fonts)
    period = ranking.period
    story = [
        cell(fonts, f"{period.title}排名表", st["title"], "title"),
        cell(fonts, "　".join(filter(None, (office, period.scheme.name, SPLIT_LABELS[ranking.split]))),
             st["subtitle"], "body"),
    ]  # fmt: skip
    for label, rows in _groups(ranking.rows):
        top, rest = [r for r in rows if ranked(r)], [r for r in rows if not ranked(r)]
        group: list = [cell(fonts, f"{label}（共 {len(rows)} 人）", st["heading"], "title")] if label else []
        if top:
            head = ranked_table(fonts, ranking, top, KEPT_ROWS)
            story += _kept(group, ranked_table(fonts, ranking, top), head) + [*override_notes(fonts, top)]
            group = []
        if rest:
            lead = [*group, Spacer(1, 3 * mm), cell(fonts, f"未列入排名（{len(rest)} 人）", st["info"])]
            story += _kept(lead, unranked_table(fonts, rest), unranked_table(fonts, rest, KEPT_ROWS))
    return story


def _kept(lead: list, table, head) -> list:
    """`lead` (the group's heading, the label of those not ranked) then its table, on a new page when this one
    has no room for `head` (the table's header and first rows) under it: no heading ends a page alone."""
    return [KeepRoom([*lead, head]), *lead, table] if lead else [table]


def check_rows(fonts: FontSet, ranking: Ranking) -> None:
    missing = []
    for row in ranking.rows:
        texts = [("姓名", row.member.name, "table"), ("工作单位", row.member.unit_name, "table"),
                 ("说明", row.result.reason, "table")]  # fmt: skip
        missing += glyphs.check(fonts, row.member.name, texts)
    if missing:
        raise MissingGlyphs(missing)


def print_ranking(
    ranking: Ranking,
    out: Path,
    fonts: FontSet,
    *,
    office: str,
    today: dt.date,
    progress: Progress | None = None,
) -> Printed:
    """The whole ranking, or nothing: a list never goes out with a gap or a missing person."""
    if not ranking.rows:
        raise PrintError(f"“{ranking.period.label}”还没有任何成绩，没有可打印的排名")
    check_rows(fonts, ranking)
    pages = build_pdf(
        out, ranking_story(fonts, ranking, office), fonts, pagesize=LANDSCAPE, margins=LIST_MARGINS,
        title=f"{ranking.period.title}排名表", author=office, footer=footer(today), progress=progress,
    )  # fmt: skip
    return Printed(
        Path(out), "排名表", len(ranking.rows), pages, notes=fonts.notes(("title", "body", "table"))
    )
