"""The printed care documents, through the printing layer (its fonts, glyph check, tables, page numbers):
a person's 关怀台账 — every event, visit, talk and health check, and the gifts' total by year — and the
year's 关怀工作汇总 — the budget and what is left, spending by kind, unit and month, the duties answered in time,
late or not yet, talks and health checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from sqlite_utils import Database

from app.care import listing
from app.care.budget import get_budget
from app.care.money import BY_LABELS, fen_text
from app.care.queries import care_settings, spending_views, without_health_check
from app.clock import today as clock_today
from app.printing import glyphs
from app.printing.fonts import FontSet
from app.printing.layout import DOCUMENT_MARGINS, PORTRAIT, build_pdf, chinese_date, styles
from app.printing.printed import Printed
from app.printing.problems import MissingGlyphs, PrintError
from app.printing.settings import fonts_for
from app.printing.tables import cell, fit_widths, grid, plain
from app.settings import get as get_setting


class CarePrinted(Printed):
    """A care document says its pages (it is about one person, or about a year: not a count of people)."""

    def summary(self) -> str:
        return f"已生成{self.what}：{self.pages} 页"


WIDTH = PORTRAIT[0] - (DOCUMENT_MARGINS.left + DOCUMENT_MARGINS.right) * mm


def _table(fonts: FontSet, header: Sequence[str], rows: Sequence[Sequence[str]], weights: Sequence[float],
           centred: Sequence[int] = ()) -> object:  # fmt: skip
    st = styles(fonts)
    body = [[cell(fonts, h, st["cell_center"]) for h in header]]
    for row in rows:
        body.append(
            [cell(fonts, v, st["cell_center"] if i in centred else st["cell"]) for i, v in enumerate(row)]
        )
    return grid(body, fit_widths(WIDTH, weights), fonts.name("table"))


def _info(fonts: FontSet, left: str, right: str) -> object:
    st = styles(fonts)
    return plain([[cell(fonts, left, st["info"]), cell(fonts, right, st["info_right"])]], [WIDTH * 0.6, WIDTH * 0.4],
                 fonts.name("table"))  # fmt: skip


def _refuse_gaps(fonts: FontSet, who: str, texts: list[tuple[str, str]]) -> None:
    """Never a blank where a character should be: refused whole, naming it."""
    missing = glyphs.check(fonts, who, [(label, text, "table") for label, text in texts])
    if missing:
        raise MissingGlyphs(missing)


# --- 关怀台账 of one person ---------------------------------------------------------------------------


def person_ledger(db: Database, person_id: int, out: Path, year: int | None = None) -> Printed:
    row = db.execute(
        "SELECT p.name, p.id_number, coalesce(u.name, '') FROM people p LEFT JOIN org_units u ON u.id = p.unit_id"
        " WHERE p.id = ? AND p.deleted_at IS NULL",
        [person_id],
    ).fetchone()
    if row is None:
        raise PrintError("这个人不在花名册中（可能已移入回收站）")
    name, id_number, unit = row
    lines = listing.person_lines(db, person_id, year)
    if not lines:
        raise PrintError(f"{name}{f'{year}年' if year else ''}还没有关怀记录，没有可打印的台账")
    fonts = fonts_for(db)
    _refuse_gaps(
        fonts, name, [("姓名", name), ("工作单位", unit), *(("关怀记录", line.text) for line in lines)]
    )
    gifts = [g for g in listing.gifts_by_year(db, person_id) if year is None or g[0] == year]
    st = styles(fonts)
    title = f"{year}年度关怀台账" if year else "关怀台账"
    story = [
        cell(fonts, title, st["title"], "title"),
        _info(
            fonts, f"姓名：{name}　　公民身份号码：{id_number}", f"制表日期：{chinese_date(clock_today())}"
        ),
        _info(fonts, f"工作单位：{unit}", ""),
        _table(
            fonts,
            ("序号", "日期", "类型", "内容", "金额（元）"),
            [(str(i), line.date, line.what, line.text, line.money) for i, line in enumerate(lines, 1)],
            (3, 7, 6, 23, 7),
            centred=(0, 1, 2, 4),
        ),  # fmt: skip
        cell(
            fonts,
            "慰问金额：" + ("；".join(f"{y}年 {n} 次，{fen_text(f)} 元" for y, n, f in gifts) or "无"),
            st["info"],
        ),  # fmt: skip
    ]
    office = get_setting(db, "office_name")
    pages = build_pdf(out, story, fonts, title=f"{name}{title}", author=office)
    return CarePrinted(Path(out), "关怀台账", 1, pages, notes=fonts.notes())


# --- the year's 关怀工作汇总 --------------------------------------------------------------------------


def _duties(db: Database, year: int) -> list[tuple[str, str, str, str, str]]:
    """Per event kind that asks for something: 件数, 按期回应, 逾期回应, 尚未回应; then 合计."""
    counts: dict[str, Counter] = {}
    for event in listing.events(db, year=year, due_days=care_settings(db).due_days):
        if not event.duty:
            continue
        state = "open" if not event.answered_on else ("late" if event.answered_on > event.due else "in_time")
        counts.setdefault(event.kind, Counter())[state] += 1
    total: Counter = Counter()
    rows = []
    for kind, count in counts.items():
        total.update(count)
        rows.append((kind, count))
    rows.sort(key=lambda r: -sum(r[1].values()))
    rows.append(("合计", total))
    return [(k, str(sum(c.values())), str(c["in_time"]), str(c["late"]), str(c["open"])) for k, c in rows]


def year_summary(db: Database, year: int, out: Path) -> Printed:
    views = spending_views(db, year)
    budget = get_budget(db, year)
    fonts = fonts_for(db)
    _refuse_gaps(fonts, "单位", [("单位名称", row.label) for row in views["unit"]])
    st = styles(fonts)
    office = get_setting(db, "office_name")
    total = views["kind"][-1]
    money = f"全年关怀支出 {total.count} 次，合计 {fen_text(total.fen)} 元"
    if budget is not None:
        money += f"；年度预算 {fen_text(budget.amount_fen)} 元，结余 {fen_text(budget.left_fen)} 元"
    talks = listing.talks(db, year=year)
    checked = len({c.person_id for c in listing.checks(db, year=year)})
    missing = len(without_health_check(db, year))
    story = [
        cell(fonts, f"{year}年度关怀工作汇总", st["title"], "title"),
        _info(fonts, f"单位：{office}" if office else "", f"制表日期：{chinese_date(clock_today())}"),
        cell(fonts, "一、经费", st["heading"], "title"),
        cell(fonts, money + "。", st["info"]),
    ]
    for number, by in (("二", "kind"), ("三", "unit"), ("四", "month")):
        story.append(cell(fonts, f"{number}、支出（按{BY_LABELS[by]}）", st["heading"], "title"))
        rows = [(r.label, str(r.count), fen_text(r.fen)) for r in views[by]]
        story.append(_table(fonts, (BY_LABELS[by], "次数", "金额（元）"), rows, (20, 6, 8), centred=(1, 2)))
    story += [
        cell(fonts, "五、事件与走访、谈话", st["heading"], "title"),
        _table(
            fonts,
            ("事件类别", "件数", "按期回应", "逾期回应", "尚未回应"),
            _duties(db, year),
            (12, 6, 6, 6, 6),
            centred=(1, 2, 3, 4),
        ),  # fmt: skip
        cell(fonts, "六、谈心谈话与健康体检", st["heading"], "title"),
        cell(
            fonts,
            f"谈心谈话 {len(talks)} 次；健康体检 {checked} 人，在岗（含试用期）人员中尚未体检 {missing} 人。",
            st["info"],
        ),  # fmt: skip
    ]
    pages = build_pdf(out, story, fonts, title=f"{year}年度关怀工作汇总", author=office)
    return CarePrinted(Path(out), "关怀工作汇总", 0, pages, notes=fonts.notes())
