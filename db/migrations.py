"""Schema history. Append-only: a released migration is never edited, a change is a new function."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from db.connection import APPLICATION_ID

migrations = Migrations("grassroots")

_M001 = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE org_units (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES org_units(id),
    credit_code TEXT,
    note        TEXT,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX org_units_parent ON org_units(parent_id);
CREATE TABLE people (
    id                  INTEGER PRIMARY KEY,
    uid                 TEXT NOT NULL UNIQUE,
    role                TEXT NOT NULL,
    name                TEXT NOT NULL,
    gender              TEXT NOT NULL,
    ethnicity           TEXT,
    id_number           TEXT NOT NULL,
    birth_date          TEXT NOT NULL,
    education           TEXT,
    major               TEXT,
    political_status    TEXT,
    party_join_date     TEXT,
    work_start_date     TEXT,
    post_start_date     TEXT,
    unit_id             INTEGER REFERENCES org_units(id),
    position            TEXT,
    phone               TEXT,
    source              TEXT,
    status              TEXT NOT NULL,
    social_work_level   TEXT,
    photo               BLOB,
    note                TEXT,
    search_key          TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    deleted_by          TEXT
);
CREATE UNIQUE INDEX people_living_id_number ON people(id_number) WHERE deleted_at IS NULL;
CREATE INDEX people_unit ON people(unit_id);
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    record_id  INTEGER,
    record_uid TEXT,
    label      TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_record ON audit_log(entity, record_id);
"""


@migrations()
def m001_initial(db: Database) -> None:
    _run_script(db, _M001)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_M002 = """
CREATE TABLE import_batches (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    file_name      TEXT NOT NULL,
    sheet          TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    actor          TEXT NOT NULL,
    added          INTEGER NOT NULL,
    updated        INTEGER NOT NULL,
    unchanged      INTEGER NOT NULL,
    rejected       INTEGER NOT NULL,
    skipped        INTEGER NOT NULL,
    new_units      INTEGER NOT NULL,
    last_audit_id  INTEGER NOT NULL,
    undone_at      TEXT,
    undone_by      TEXT
);
CREATE TABLE import_changes (
    id         INTEGER PRIMARY KEY,
    batch_id   INTEGER NOT NULL REFERENCES import_batches(id),
    entity     TEXT NOT NULL,
    record_id  INTEGER NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT
);
CREATE INDEX import_changes_batch ON import_changes(batch_id);
"""


def _run_script(db: Database, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_import_batches(db: Database) -> None:
    """Each roster import is recorded with what it created and changed, so the last one can be undone."""
    _run_script(db, _M002)


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


_M006 = """
CREATE TABLE appraisal_schemes (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    key            TEXT NOT NULL,
    name           TEXT NOT NULL,
    builtin        INTEGER NOT NULL DEFAULT 0,
    roles          TEXT NOT NULL DEFAULT '[]',
    period_type    TEXT NOT NULL,
    components     TEXT NOT NULL,
    bonus_cap      TEXT,
    bonus_name     TEXT,
    tie_breakers   TEXT NOT NULL DEFAULT '[]',
    rule           TEXT NOT NULL,
    remedial_below TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT,
    deleted_by     TEXT
);
CREATE UNIQUE INDEX appraisal_schemes_living_key ON appraisal_schemes(key) WHERE deleted_at IS NULL;
CREATE TABLE appraisal_periods (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    scheme_id     INTEGER NOT NULL REFERENCES appraisal_schemes(id),
    year          INTEGER NOT NULL,
    quarter       INTEGER CHECK (quarter IS NULL OR quarter BETWEEN 1 AND 4),
    split         TEXT NOT NULL DEFAULT 'none' CHECK (split IN ('none', 'role', 'unit')),
    finalized_at  TEXT,
    finalized_by  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    deleted_by    TEXT
);
CREATE UNIQUE INDEX appraisal_periods_living ON appraisal_periods(scheme_id, year, coalesce(quarter, 0))
    WHERE deleted_at IS NULL;
CREATE TABLE appraisal_scores (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    period_id       INTEGER NOT NULL REFERENCES appraisal_periods(id),
    person_id       INTEGER NOT NULL REFERENCES people(id),
    scores          TEXT NOT NULL DEFAULT '{}',
    bonus           TEXT,
    override_grade  TEXT,
    override_reason TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    deleted_by      TEXT
);
CREATE UNIQUE INDEX appraisal_scores_living ON appraisal_scores(period_id, person_id) WHERE deleted_at IS NULL;
CREATE INDEX appraisal_scores_person ON appraisal_scores(person_id);
CREATE TABLE honor_serials (
    year         INTEGER PRIMARY KEY,
    last_number  INTEGER NOT NULL
);
CREATE TABLE honors (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    person_id       INTEGER NOT NULL REFERENCES people(id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    period_id       INTEGER REFERENCES appraisal_periods(id),
    year            INTEGER NOT NULL,
    serial          INTEGER NOT NULL,
    serial_text     TEXT NOT NULL,
    issued_on       TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    withdrawn_at    TEXT,
    withdrawn_by    TEXT,
    withdrawn_reason TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX honors_serial ON honors(year, serial);
CREATE INDEX honors_person ON honors(person_id);
CREATE INDEX honors_period ON honors(period_id);
"""


@migrations()
def m006_appraisals(db: Database) -> None:
    """Appraisals (issue 8): schemes (the built-ins are stored by key when first used: db/ cannot read app/),
    periods (a scheme in a year or a quarter, finalized or not), one row of scores per person and period (each
    component's score as decimal text in a JSON object, X, a grade set by hand with its reason — 不参加考核 is
    one), and honors with their serial numbers. `honor_serials` holds the last number handed out in each year:
    numbers only ever go up, so a withdrawn honor's number is never given again. Honors are withdrawn, never
    deleted, so they have no deleted_at."""
    _run_script(db, _M006)


_M007 = """
CREATE TABLE care_events (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    kind        TEXT NOT NULL,
    date        TEXT NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX care_events_person ON care_events(person_id);
CREATE TABLE care_visits (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    date            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    method          TEXT,
    occasion        TEXT,
    visitors        TEXT,
    gift            TEXT,
    amount_fen      INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
    note            TEXT,
    follow_up_date  TEXT,
    event_id        INTEGER REFERENCES care_events(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    deleted_by      TEXT
);
CREATE INDEX care_visits_date ON care_visits(date);
CREATE INDEX care_visits_event ON care_visits(event_id);
CREATE TABLE care_visit_people (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    visit_id    INTEGER NOT NULL REFERENCES care_visits(id),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE UNIQUE INDEX care_visit_people_pair ON care_visit_people(visit_id, person_id);
CREATE INDEX care_visit_people_person ON care_visit_people(person_id);
CREATE TABLE care_talks (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    person_id       INTEGER NOT NULL REFERENCES people(id),
    date            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    talker          TEXT,
    summary         TEXT,
    follow_up_date  TEXT,
    event_id        INTEGER REFERENCES care_events(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    deleted_by      TEXT
);
CREATE INDEX care_talks_person ON care_talks(person_id);
CREATE INDEX care_talks_event ON care_talks(event_id);
CREATE TABLE care_health_checks (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    date        TEXT NOT NULL,
    place       TEXT,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX care_health_checks_person ON care_health_checks(person_id);
CREATE TABLE care_budgets (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    year        INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE UNIQUE INDEX care_budgets_living_year ON care_budgets(year) WHERE deleted_at IS NULL;
"""


@migrations()
def m007_care(db: Database) -> None:
    """Care (issue 9): life events, visits (one visit may cover several people: care_visit_people, binned
    with its visit), talks, health checks and a yearly budget. A visit or talk that answers an event names it
    (event_id); what is due is computed from these rows, never stored. Money is integer fen; a visit's
    amount is the whole visit's (shared out per person only when spending is counted by unit)."""
    _run_script(db, _M007)


_M008 = """
CREATE TABLE remedial_requirements (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    person_id         INTEGER NOT NULL REFERENCES people(id),
    period_id         INTEGER NOT NULL REFERENCES appraisal_periods(id),
    total             TEXT NOT NULL,
    threshold         TEXT NOT NULL,
    min_days          INTEGER NOT NULL CHECK (min_days > 0),
    required_on       TEXT NOT NULL,
    course_id         INTEGER,
    course            TEXT,
    course_days       INTEGER,
    closed_on         TEXT,
    closed_by         TEXT,
    withdrawn_at      TEXT,
    withdrawn_by      TEXT,
    withdrawn_reason  TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX remedial_requirements_living ON remedial_requirements(period_id, person_id)
    WHERE withdrawn_at IS NULL;
CREATE INDEX remedial_requirements_person ON remedial_requirements(person_id);
CREATE TABLE appraisal_suggestions (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    first_year  INTEGER NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    decided_on  TEXT NOT NULL,
    note        TEXT,
    honor_id    INTEGER REFERENCES honors(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX appraisal_suggestions_once ON appraisal_suggestions(person_id, kind, year);
CREATE TABLE points_entries (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    date        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    points      INTEGER NOT NULL CHECK (points > 0),
    activity    TEXT NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE UNIQUE INDEX points_entries_once ON points_entries(person_id, rule, date, activity) WHERE deleted_at IS NULL;
CREATE INDEX points_entries_living_year ON points_entries(year, person_id, points) WHERE deleted_at IS NULL;
"""


@migrations()
def m008_appraisal_followups(db: Database) -> None:
    """What follows from a result (issue 8): remedial-training requirements (补课, made when a period is
    finalized, withdrawn when it is reopened, closed by the training that covers them), the staff's decisions
    on suggestions across years (the suggestions themselves are computed from the honors; only a confirmation
    or a dismissal is stored, once per person, kind and year), and the young cadres' points ledger (积分制; one
    entry per person, rule, day and activity). Requirements and decisions are withdrawn or kept, never
    deleted, so they have no deleted_at; a points entry typed by mistake goes to the recycle bin."""
    _run_script(db, _M008)


_M009 = """
CREATE TABLE courses (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    hours       TEXT NOT NULL,
    place       TEXT,
    organiser   TEXT,
    capacity    INTEGER,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX courses_start ON courses(start_date);
CREATE TABLE enrolments (
    id                  INTEGER PRIMARY KEY,
    uid                 TEXT NOT NULL UNIQUE,
    course_id           INTEGER NOT NULL REFERENCES courses(id),
    person_id           INTEGER NOT NULL REFERENCES people(id),
    hours               TEXT,
    result              TEXT,
    certificate_year    INTEGER,
    certificate_serial  INTEGER,
    certificate_no      TEXT,
    points_entry_id     INTEGER,
    note                TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    deleted_by          TEXT
);
CREATE UNIQUE INDEX enrolments_living_pair ON enrolments(course_id, person_id) WHERE deleted_at IS NULL;
CREATE INDEX enrolments_person ON enrolments(person_id);
CREATE TABLE course_certificate_serials (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);
CREATE TABLE mentors (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    person_id   INTEGER REFERENCES people(id),
    name        TEXT NOT NULL,
    unit        TEXT,
    post        TEXT,
    line        TEXT,
    min_mentees INTEGER NOT NULL DEFAULT 3,
    max_mentees INTEGER NOT NULL DEFAULT 5,
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX mentors_person ON mentors(person_id);
CREATE TABLE selection_rounds (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    confirmed_at  TEXT,
    confirmed_by  TEXT,
    note          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    deleted_by    TEXT
);
CREATE TABLE selection_choices (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    round_id      INTEGER NOT NULL REFERENCES selection_rounds(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    line          TEXT,
    first_mentor  INTEGER REFERENCES mentors(id),
    second_mentor INTEGER REFERENCES mentors(id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,
    deleted_by    TEXT
);
CREATE INDEX selection_choices_round ON selection_choices(round_id);
CREATE TABLE mentor_pairs (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    mentor_id   INTEGER NOT NULL REFERENCES mentors(id),
    mentee_id   INTEGER NOT NULL REFERENCES people(id),
    kind        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    goals       TEXT,
    round_id    INTEGER REFERENCES selection_rounds(id),
    note        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX mentor_pairs_mentor ON mentor_pairs(mentor_id);
CREATE INDEX mentor_pairs_mentee ON mentor_pairs(mentee_id);
CREATE TABLE mentor_tasks (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    pair_id     INTEGER NOT NULL REFERENCES mentor_pairs(id),
    task        TEXT NOT NULL,
    due_date    TEXT,
    done_date   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX mentor_tasks_pair ON mentor_tasks(pair_id);
CREATE TABLE mentor_activities (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    pair_id         INTEGER NOT NULL REFERENCES mentor_pairs(id),
    date            TEXT NOT NULL,
    content         TEXT NOT NULL,
    points_entry_id INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    deleted_by      TEXT
);
CREATE INDEX mentor_activities_pair ON mentor_activities(pair_id);
"""


@migrations()
def m009_training(db: Database) -> None:
    """Training and mentoring (issue 11): courses (培训班) and the people enrolled with their hours, result and
    completion-certificate number (a per-year sequence that only goes up); the mentor pool (people of the
    roster or outside people, with how many mentees they take); two-way selection rounds with each applicant's
    choices; mentor pairs (one mentor per row: 2+1 and 3+1 are several rows for one mentee), their tasks and
    activity log. Hours are decimal text (to 0.5)."""
    _run_script(db, _M009)


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
    names = pending(db)
    if names:
        migrations.apply(db)
    return names
