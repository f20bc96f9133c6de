"""The care records as lists for the window: a year's events, visits, talks and health checks (the 关怀记录
page), or everything of one person (the person form's 关怀 tab), and the open events a new visit or talk may
answer. Reads only; living records only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from app.care.money import fen_text
from app.care.rules import TALK, VISIT, due_date, duty_of


@dataclass(frozen=True)
class EventRow:
    id: int
    date: str
    person_id: int
    name: str
    kind: str
    note: str
    duty: str  # 走访, 谈话 or ''
    due: str  # the due date ('' when the kind asks for nothing)
    answered_on: str  # the date of the visit or talk that answered it, '' while open


@dataclass(frozen=True)
class VisitRow:
    id: int
    date: str
    person_ids: tuple[int, ...]
    names: str
    kind: str
    occasion: str
    method: str
    visitors: str
    gift: str
    amount_fen: int
    note: str
    follow_up_date: str
    event_id: int | None
    event: str  # '2026-03-01 生病住院' of the event it answers


@dataclass(frozen=True)
class TalkRow:
    id: int
    date: str
    person_id: int
    name: str
    reason: str
    talker: str
    summary: str
    follow_up_date: str
    event_id: int | None
    event: str


@dataclass(frozen=True)
class CheckRow:
    id: int
    date: str
    person_id: int
    name: str
    place: str
    note: str


def _where(year: int | None, person_id: int | None, person_column: str, alias: str) -> tuple[str, list]:
    clauses, params = [f"{alias}.deleted_at IS NULL"], []
    if year is not None:
        clauses.append(f"substr({alias}.date, 1, 4) = ?")
        params.append(f"{year:04d}")
    if person_id is not None:
        clauses.append(f"{person_column} = ?")
        params.append(person_id)
    return " AND ".join(clauses), params


def events(db: Database, *, year: int | None = None, person_id: int | None = None,
           due_days: int = 7) -> list[EventRow]:  # fmt: skip
    """Newest first, each with its duty, due date and the date it was answered."""
    where, params = _where(year, person_id, "e.person_id", "e")
    rows = db.execute(
        "SELECT e.id, e.date, e.person_id, p.name, e.kind, coalesce(e.note, ''),"
        " (SELECT min(d) FROM (SELECT v.date AS d FROM care_visits v WHERE v.event_id = e.id AND v.deleted_at IS NULL"
        "  UNION ALL SELECT t.date FROM care_talks t WHERE t.event_id = e.id AND t.deleted_at IS NULL))"
        f" FROM care_events e JOIN people p ON p.id = e.person_id WHERE {where} ORDER BY e.date DESC, e.id DESC",
        params,
    ).fetchall()
    found = []
    for rid, date, pid, name, kind, note, answered in rows:
        duty = duty_of(kind) or ""
        due = due_date(dt.date.fromisoformat(date), due_days).isoformat() if duty else ""
        found.append(EventRow(rid, date, pid, name, kind, note, duty, due, answered or ""))
    return found


def _event_text(db: Database, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = db.execute(f"SELECT id, date || ' ' || kind FROM care_events WHERE id IN ({marks})", list(ids))
    return dict(rows.fetchall())


def visits(db: Database, *, year: int | None = None, person_id: int | None = None) -> list[VisitRow]:
    """Newest first; a visit of several people is one row naming them all."""
    where, params = _where(year, None, "", "v")
    if person_id is not None:
        where += (
            " AND v.id IN (SELECT visit_id FROM care_visit_people WHERE person_id = ? AND deleted_at IS NULL)"
        )
        params.append(person_id)
    rows = db.execute(
        "SELECT v.id, v.date, v.kind, coalesce(v.occasion, ''), coalesce(v.method, ''), coalesce(v.visitors, ''),"
        " coalesce(v.gift, ''), v.amount_fen, coalesce(v.note, ''), coalesce(v.follow_up_date, ''), v.event_id"
        f" FROM care_visits v WHERE {where} ORDER BY v.date DESC, v.id DESC",
        params,
    ).fetchall()
    members: dict[int, list[tuple[int, str]]] = {}
    if rows:
        wanted = [r[0] for r in rows]
        for visit_id, pid, name in db.execute(
            "SELECT vp.visit_id, p.id, p.name FROM care_visit_people vp JOIN people p ON p.id = vp.person_id"
            " WHERE vp.deleted_at IS NULL AND vp.visit_id IN (SELECT value FROM json_each(?)) ORDER BY vp.id",
            [str(wanted)],
        ):
            members.setdefault(visit_id, []).append((pid, name))
    texts = _event_text(db, {r[10] for r in rows if r[10] is not None})
    return [
        VisitRow(
            r[0],
            r[1],
            tuple(p for p, _ in members.get(r[0], ())),
            "、".join(n for _, n in members.get(r[0], ())),
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            texts.get(r[10], ""),
        )  # fmt: skip
        for r in rows
    ]


def talks(db: Database, *, year: int | None = None, person_id: int | None = None) -> list[TalkRow]:
    where, params = _where(year, person_id, "t.person_id", "t")
    rows = db.execute(
        "SELECT t.id, t.date, t.person_id, p.name, t.reason, coalesce(t.talker, ''), coalesce(t.summary, ''),"
        " coalesce(t.follow_up_date, ''), t.event_id FROM care_talks t JOIN people p ON p.id = t.person_id"
        f" WHERE {where} ORDER BY t.date DESC, t.id DESC",
        params,
    ).fetchall()
    texts = _event_text(db, {r[8] for r in rows if r[8] is not None})
    return [TalkRow(*r, texts.get(r[8], "")) for r in rows]


def checks(db: Database, *, year: int | None = None, person_id: int | None = None) -> list[CheckRow]:
    where, params = _where(year, person_id, "c.person_id", "c")
    rows = db.execute(
        "SELECT c.id, c.date, c.person_id, p.name, coalesce(c.place, ''), coalesce(c.note, '')"
        f" FROM care_health_checks c JOIN people p ON p.id = c.person_id WHERE {where}"
        " ORDER BY c.date DESC, c.id DESC",
        params,
    ).fetchall()
    return [CheckRow(*r) for r in rows]


def open_events(db: Database, person_ids: list[int], record_type: str) -> list[tuple[int, int, str, str]]:
    """Events of these people still waiting for a visit (record_type 走访) or a talk (谈话): (id, person_id,
    date, kind), oldest first — what a new visit or talk may answer."""
    if record_type not in (VISIT, TALK) or not person_ids:
        return []
    rows = db.execute(
        "SELECT e.id, e.person_id, e.date, e.kind FROM care_events e WHERE e.deleted_at IS NULL"
        " AND e.person_id IN (SELECT value FROM json_each(?))"
        " AND NOT EXISTS (SELECT 1 FROM care_visits v WHERE v.event_id = e.id AND v.deleted_at IS NULL)"
        " AND NOT EXISTS (SELECT 1 FROM care_talks t WHERE t.event_id = e.id AND t.deleted_at IS NULL)"
        " ORDER BY e.date, e.id",
        [str(list(person_ids))],
    ).fetchall()
    return [r for r in rows if duty_of(r[3]) == record_type]


def gifts_by_year(db: Database, person_id: int) -> list[tuple[int, int, int]]:
    """(year, visits, fen) of the visits this person was in, newest year first. A visit of several people
    counts its whole amount here (what was spent on the occasion), as the visit list shows it."""
    rows = db.execute(
        "SELECT CAST(substr(v.date, 1, 4) AS INTEGER), count(*), coalesce(sum(v.amount_fen), 0)"
        " FROM care_visits v JOIN care_visit_people vp ON vp.visit_id = v.id AND vp.deleted_at IS NULL"
        " WHERE v.deleted_at IS NULL AND vp.person_id = ? GROUP BY 1 ORDER BY 1 DESC",
        [person_id],
    ).fetchall()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def record_years(db: Database) -> list[int]:
    """The years any care record is dated in, newest first (the year filter's choices)."""
    rows = db.execute(
        "SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) FROM ("
        " SELECT date FROM care_events WHERE deleted_at IS NULL UNION ALL"
        " SELECT date FROM care_visits WHERE deleted_at IS NULL UNION ALL"
        " SELECT date FROM care_talks WHERE deleted_at IS NULL UNION ALL"
        " SELECT date FROM care_health_checks WHERE deleted_at IS NULL) ORDER BY 1 DESC"
    ).fetchall()
    return [r[0] for r in rows]


# --- one person's care, as one list (the person form's 关怀 tab, the printed 关怀台账) ---------------------


@dataclass(frozen=True)
class Line:
    date: str
    what: str  # 事件, 走访慰问, 谈心谈话, 健康体检
    text: str
    money: str


def person_lines(db: Database, person_id: int, year: int | None = None) -> list[Line]:
    """The person's care records (of `year`, or all) as one list, newest first."""
    from app.care.queries import care_settings

    due_days = care_settings(db).due_days
    lines = []
    for e in events(db, year=year, person_id=person_id, due_days=due_days):
        state = (
            f"，已{e.duty}（{e.answered_on}）"
            if e.answered_on
            else (f"，待{e.duty}（{e.due} 前）" if e.duty else "")
        )
        lines.append(Line(e.date, "事件", f"{e.kind}{state}{'；' + e.note if e.note else ''}", ""))
    for v in visits(db, year=year, person_id=person_id):
        kind = f"{v.kind}（{v.occasion}）" if v.occasion else v.kind
        parts = [kind, v.method, v.visitors and f"走访人 {v.visitors}", v.gift, v.note]
        lines.append(
            Line(
                v.date,
                "走访慰问",
                "，".join(p for p in parts if p),
                fen_text(v.amount_fen) if v.amount_fen else "",
            )
        )
    for t in talks(db, year=year, person_id=person_id):
        parts = [t.reason, t.talker and f"谈话人 {t.talker}", t.summary]
        lines.append(Line(t.date, "谈心谈话", "，".join(p for p in parts if p), ""))
    for c in checks(db, year=year, person_id=person_id):
        lines.append(Line(c.date, "健康体检", "，".join(p for p in (c.place, c.note) if p), ""))
    return sorted(lines, key=lambda line: line.date, reverse=True)
