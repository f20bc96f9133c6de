"""Each document from the office database: what to print is loaded here, laid out by the doc_* modules. Used by
the command line and, in a worker thread with its own connection, by the window. Reads only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from app.appraisal.periods import Period, get_period
from app.appraisal.ranking import Ranking, rank_period
from app.appraisal.rules import Scheme
from app.changes import Progress
from app.clock import today as clock_today
from app.people.fields import role_label
from app.printing import doc_certificates, doc_ranking, doc_roster, doc_scores, doc_sheets
from app.printing.order import order_notes, sort_by_name
from app.printing.people import load_people
from app.printing.printed import Printed
from app.printing.problems import PrintError
from app.printing.settings import fonts_for, load
from app.settings import get as get_setting


def office_name(db: Database) -> str:
    return get_setting(db, "office_name")


def unsaved_period(scheme: Scheme, year: int, quarter: int | None) -> Period:
    """The period of `scheme` in this year (and quarter) as it will be when opened, for the blank forms that
    collect its scores by hand before any is entered: printing them writes nothing, so it is not stored (id 0
    holds no score)."""
    return Period(0, "", 0, scheme, year, quarter, "none", None, None)


def _period(db: Database, period: int | Period) -> Period:
    return period if isinstance(period, Period) else get_period(db, period)


def _ranking(db: Database, period: int | Period, person_ids: Iterable[int] | None) -> Ranking:
    ranking = rank_period(db, _period(db, period))
    if person_ids is not None:
        wanted = set(person_ids)
        ranking = replace(ranking, rows=[r for r in ranking.rows if r.member.person_id in wanted])
    return ranking


def roster(
    db: Database, out: Path, *, person_ids: Sequence[int] | None = None, columns: Sequence[str] | None = None,
    order: str = "strokes", progress: Progress | None = None,
) -> Printed:  # fmt: skip
    """The roster of these people (all when None); order 'shown' keeps `person_ids`' order."""
    people = load_people(db, person_ids)
    return doc_roster.print_roster(
        people, out, fonts_for(db), office=office_name(db), today=clock_today(),
        columns=columns or doc_roster.DEFAULT_COLUMNS, order=order, progress=progress,
    )  # fmt: skip


def ranking(
    db: Database, period_id: int, out: Path, *, person_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> Printed:  # fmt: skip
    ranked = _ranking(db, period_id, person_ids)
    return doc_ranking.print_ranking(
        ranked, out, fonts_for(db), office=office_name(db), today=clock_today(), progress=progress
    )


def sheets(
    db: Database, period: int | Period, out: Path, *, order: str = "rank", blank: bool = False,
    person_ids: Iterable[int] | None = None, progress: Progress | None = None,
) -> Printed:  # fmt: skip
    """A sheet for everyone scored in the period, in ranking order or by name. Blank sheets before any score (the
    period may not be stored yet: `unsaved_period`) are for the people the scheme covers, by name: there is no
    ranking order yet."""
    ranked = _ranking(db, period, person_ids)
    ids = [r.member.person_id for r in ranked.rows]
    notes: list[str] = []
    if blank and not ids:  # no score in the period (those scored are all ranked, 待定 and 待补录 too)
        wanted = None if person_ids is None else set(person_ids)
        ids = [i for i in scored_or_eligible(db, ranked.period) if wanted is None or i in wanted]
        if order == "rank":
            order, notes = "strokes", ["还没有成绩，没有名次：按姓氏笔画排列"]
    people = load_people(db, ids, photos=True)
    if not people:
        if blank:
            raise PrintError(f"“{ranked.period.label}”没有可打印空白考核登记表的人员")
        raise PrintError(f"“{ranked.period.label}”还没有任何人员的成绩，没有可打印的考核登记表")
    people = sort_by_name(people, lambda p: p.name, order)
    return doc_sheets.print_sheets(
        ranked, people, out, fonts_for(db), office=office_name(db), blank=blank,
        notes=[*notes, *order_notes([p.name for p in people], order)], progress=progress,
    )  # fmt: skip


def score_sheet(
    db: Database, period: int | Period, out: Path, *, order: str = "strokes", progress: Progress | None = None
) -> Printed:
    """The blank 评分表 of a period, stored or not yet (`unsaved_period`)."""
    period = _period(db, period)
    people = load_people(db, scored_or_eligible(db, period))
    if not people:
        raise PrintError(f"“{period.label}”没有可列入评分表的人员")
    people = sort_by_name(people, lambda p: p.name, order)
    printed = doc_scores.print_score_sheet(period, people, out, fonts_for(db), office=office_name(db),
                                           progress=progress)  # fmt: skip
    return replace(printed, notes=[*printed.notes, *order_notes([p.name for p in people], order)])


def scored_or_eligible(db: Database, period: Period) -> list[int]:
    """The people scored in the period; before any score, the living people at their post whom the scheme
    covers (its roles, or everyone)."""
    ids = [r[0] for r in db.execute(
        "SELECT s.person_id FROM appraisal_scores s JOIN people p ON p.id = s.person_id"
        " WHERE s.period_id = ? AND s.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.id", [period.id],
    )]  # fmt: skip
    if ids:
        return ids
    roles = period.scheme.roles
    rows = db.execute(
        "SELECT id, role FROM people WHERE deleted_at IS NULL AND status IN ('在岗', '试用期') ORDER BY id"
    ).fetchall()
    return [i for i, role in rows if not roles or role in roles]


def unfinalized_refusal(period: Period) -> str:
    return (
        f"“{period.label}”还没有定稿，不能打印荣誉证书：优秀人员在定稿时才记入荣誉并编号。"
        "请先在“排名与定稿”中定稿（或用 grassroots appraisal finalize）"
    )


_HONORS_SQL = (
    "SELECT h.id, h.serial_text, p.name, p.id_number, coalesce(u.name, ''), p.role, h.title, h.year, h.issued_on,"
    " h.issuer, h.withdrawn_at, h.period_id, p.deleted_at FROM honors h JOIN people p ON p.id = h.person_id"
    " LEFT JOIN org_units u ON u.id = p.unit_id"
)


def load_certificates(
    db: Database, *, period_id: int | None = None, honor_ids: Sequence[int] | None = None
) -> tuple[list[doc_certificates.Certificate], list[str]]:
    """The honors of a finalized period, or those chosen (withdrawn ones refused), in serial order, of the people
    on the roster; and a note naming those left out because they are in the recycle bin (as every other document
    leaves them out)."""
    if period_id is not None:
        period = get_period(db, period_id)
        if not period.finalized:
            raise PrintError(unfinalized_refusal(period))
        rows = db.execute(_HONORS_SQL + " WHERE h.period_id = ? AND h.withdrawn_at IS NULL ORDER BY h.year, h.serial",
                          [period_id]).fetchall()  # fmt: skip
        if not rows:
            raise PrintError(f"“{period.label}”没有优秀人员，没有可打印的荣誉证书")
    else:
        marks = ", ".join("?" * len(honor_ids or []))
        rows = db.execute(_HONORS_SQL + f" WHERE h.id IN ({marks}) ORDER BY h.year, h.serial",
                          list(honor_ids or [])).fetchall()  # fmt: skip
        withdrawn = [f"{r[2]}（{r[1]}）" for r in rows if r[10]]
        if withdrawn:
            raise PrintError(f"这些荣誉已撤销，不能打印证书：{'、'.join(withdrawn)}")
        if not rows:
            raise PrintError("没有选中可打印的荣誉")
    binned = [f"{r[2]}（{r[1]}）" for r in rows if r[12]]
    rows = [r for r in rows if not r[12]]
    if not rows:
        whose = f"“{period.label}”的优秀人员" if period_id is not None else "所选荣誉的人员"
        raise PrintError(f"{whose}都已移入回收站（{_names(binned)}），没有可打印的荣誉证书")
    notes = [f"{_names(binned)}已移入回收站，未打印（从回收站恢复后可打印）"] if binned else []
    return [doc_certificates.Certificate(r[0], r[1], r[2], r[3], r[4], role_label(r[5]), r[6], r[7], r[8],
                                         r[9] or office_name(db)) for r in rows], notes  # fmt: skip


def _names(names: Sequence[str]) -> str:
    """王一（〔2024〕第001号）、李二（…） 2 人; the first ten of a longer list and 等."""
    return f"{'、'.join(names[:10])}{' 等' if len(names) > 10 else ''} {len(names)} 人"


def certificates(
    db: Database, out: Path, *, period_id: int | None = None, honor_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> Printed:  # fmt: skip
    chosen, notes = load_certificates(db, period_id=period_id, honor_ids=honor_ids)
    layout = doc_certificates.CertificateLayout.from_settings(load(db))
    printed = doc_certificates.print_certificates(
        chosen, out, fonts_for(db), layout, office=office_name(db), progress=progress
    )
    return replace(printed, notes=[*printed.notes, *notes])


def certificate_sample(db: Database, out: Path, progress: Progress | None = None) -> Printed:
    """One certificate with made-up particulars in the office's saved layout, for lining up pre-printed paper
    (no honor is printed, no register is kept)."""
    layout = doc_certificates.CertificateLayout.from_settings(load(db))
    year = clock_today().year - 1
    sample = doc_certificates.Certificate(
        0, f"〔{year}〕第001号（样张）", "张三", "", "某某社区", "社区工作者", f"{year}年度考核优秀", year,
        clock_today().isoformat(), get_setting(db, "issuer") or office_name(db) or "（落款）",
    )  # fmt: skip
    return doc_certificates.print_certificates(
        [sample], out, fonts_for(db), layout, office=office_name(db), progress=progress, register=False
    )
