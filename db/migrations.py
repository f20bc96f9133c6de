"""Schema history. Append-only: a released migration is never edited, a change is a new function."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from db import schema_sql as sql
from db.connection import APPLICATION_ID

migrations = Migrations("grassroots")


@migrations()
def m001_initial(db: Database) -> None:
    _run_script(db, sql.M001)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _run_script(db: Database, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_import_batches(db: Database) -> None:
    """Each roster import is recorded with what it created and changed, so the last one can be undone."""
    _run_script(db, sql.M002)


@migrations()
def m003_name_order(db: Database) -> None:
    """The pinyin a name sorts by, syllables apart; app/office.py fills it for people who already exist."""
    db.execute("ALTER TABLE people ADD COLUMN name_order TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX people_name_order_missing ON people(id) WHERE name_order = ''")


@migrations()
def m004_search_key_syllables(db: Database) -> None:
    """Pinyin search keys now list where each syllable starts ('zs s zhangsan san'); the old ones ('zs zhangsan')
    are blanked here and app/office.py builds the new ones from the names, as for m003."""
    db.execute("UPDATE people SET search_key = ''")
    db.execute("CREATE INDEX people_search_key_missing ON people(id) WHERE search_key = ''")


@migrations()
def m005_app_versions(db: Database) -> None:
    """Which version of the app applied each migration (app/office.py writes a row after applying one), so that
    an older copy which meets a migration it does not know can say which version the database needs."""
    db.execute("CREATE TABLE app_versions (migration TEXT PRIMARY KEY, app_version TEXT NOT NULL)")


@migrations()
def m006_appraisals(db: Database) -> None:
    """Appraisals (issue 8): schemes (the built-ins are stored by key when first used: db/ cannot read app/),
    periods (a scheme in a year or a quarter, finalized or not), one row of scores per person and period (each
    component's score as decimal text in a JSON object, X, a grade set by hand with its reason — 不参加考核 is
    one), and honors with their serial numbers. `honor_serials` holds the last number handed out in each year:
    numbers only ever go up, so a withdrawn honor's number is never given again. Honors are withdrawn, never
    deleted, so they have no deleted_at."""
    _run_script(db, sql.M006)


@migrations()
def m007_care(db: Database) -> None:
    """Care (issue 9): life events, visits (one visit may cover several people: care_visit_people, binned
    with its visit), talks, health checks and a yearly budget. A visit or talk that answers an event names it
    (event_id); what is due is computed from these rows, never stored. Money is integer fen; a visit's
    amount is the whole visit's (shared out per person only when spending is counted by unit)."""
    _run_script(db, sql.M007)


@migrations()
def m008_appraisal_followups(db: Database) -> None:
    """What follows from a result (issue 8): remedial-training requirements (补课, made when a period is
    finalized, withdrawn when it is reopened, closed by the training that covers them), the staff's decisions
    on suggestions across years (the suggestions themselves are computed from the honors; only a confirmation
    or a dismissal is stored, once per person, kind and year), and the young cadres' points ledger (积分制; one
    entry per person, rule, day and activity). Requirements and decisions are withdrawn or kept, never
    deleted, so they have no deleted_at; a points entry typed by mistake goes to the recycle bin."""
    _run_script(db, sql.M008)


@migrations()
def m009_training(db: Database) -> None:
    """Training and mentoring (issue 11): courses (培训班) and the people enrolled with their hours, result and
    completion-certificate number (a per-year sequence that only goes up); the mentor pool (people of the
    roster or outside people, with how many mentees they take); two-way selection rounds with each applicant's
    choices; mentor pairs (one mentor per row: 2+1 and 3+1 are several rows for one mentee), their tasks and
    activity log. Hours are decimal text (to 0.5)."""
    _run_script(db, sql.M009)


@migrations()
def m010_round_placements(db: Database) -> None:
    """A confirmed selection round records each applicant's placement and each mentor's 最少/最多 of that
    round: a mentee placed with a mentor they already had a running pair with makes no new pair, yet belongs to
    that mentor's group; and the round's capacities may differ from the pool's. Rounds confirmed before keep
    NULL placements and are read from their pairs and the pool as before."""
    _run_script(db, sql.M010)


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def unknown(db: Database) -> list[str]:
    """Migrations applied to this database that this version of the app does not have: a newer copy of the app
    wrote it, and this one must not write it (it would not keep what the newer schema promises)."""
    ours = {m.name for m in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in ours]


def record_app_version(db: Database, names: list[str], version: str) -> None:
    """Note that `version` of the app applied the migrations `names` (a newer version may read it back)."""
    if names and db["app_versions"].exists():
        with db.atomic():
            db.conn.executemany(
                "INSERT OR REPLACE INTO app_versions (migration, app_version) VALUES (?, ?)",
                [(name, version) for name in names],
            )


def versions_applying(db: Database, names: list[str]) -> list[str]:
    """The app versions recorded for the migrations `names` (those that recorded one)."""
    if not names or not db["app_versions"].exists():
        return []
    marks = ", ".join("?" for _ in names)
    rows = db.execute(f"SELECT DISTINCT app_version FROM app_versions WHERE migration IN ({marks})", names)
    return [row[0] for row in rows]


def apply(db: Database) -> list[str]:
    """Apply pending migrations; returns their names. The caller backs the file up first."""
    todo = migrations.pending(db)
    names = [m.name for m in todo]
    if not todo:
        return names
    if all(m.transactional for m in todo):
        # One transaction for them all (each runs in a savepoint of it): all or none are applied, and a new
        # database is made with one commit — one disk sync, not one per migration. Inside it SQLite cannot turn
        # foreign keys off: a migration must not use sqlite-utils' table.transform().
        with db.atomic():
            migrations.apply(db)
    else:  # a migration that runs outside any transaction (VACUUM …): each on its own, as sqlite-utils does it
        migrations.apply(db)
    return names
