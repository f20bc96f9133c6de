"""One honor (荣誉) made by hand rather than by 定稿: a commendation (嘉奖) the staff confirm from a suggestion.
It is numbered in the same per-year sequence as the appraisal honors (finalize.py's serial machinery), so a
number on a certificate names one honor for ever whichever way it was made."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlite_utils import Database

from app import audit
from app.appraisal.finalize import format_serial, next_serials, serial_pattern
from app.settings import get as get_setting


def office_issuer(db: Database) -> str:
    """Who grants the office's honors: its 落款, else its name (as finalize does)."""
    return get_setting(db, "issuer") or get_setting(db, "office_name")


def issue_honor(
    db: Database,
    *,
    person_id: int,
    name: str,
    kind: str,
    title: str,
    year: int,
    issued_on: dt.date,
    issuer: str,
    actor: str,
    now: str,
) -> tuple[int, str]:
    """Inside the caller's transaction: the honor with the next number of `year`, audited. Returns its id and
    its number as printed (〔2025〕第004号)."""
    (number,) = next_serials(db, year, 1)
    text = format_serial(serial_pattern(db), year, number)
    values = {
        "person_id": person_id, "kind": kind, "title": title, "period_id": None, "year": year,
        "serial": number, "serial_text": text, "issued_on": issued_on.isoformat(), "issuer": issuer,
    }  # fmt: skip
    uid = str(uuid.uuid4())
    cursor = db.execute(
        f"INSERT INTO honors ({', '.join(values)}, uid, created_at, updated_at)"
        f" VALUES ({', '.join('?' * len(values))}, ?, ?, ?)",
        [*values.values(), uid, now, now],
    )
    shown = {k: v for k, v in values.items() if k not in ("serial", "period_id")}
    audit.record(
        db, actor=actor, action="create", entity="honor", label=f"{name} {title}", record_id=cursor.lastrowid,
        record_uid=uid, after=shown,
    )  # fmt: skip
    return cursor.lastrowid, text
