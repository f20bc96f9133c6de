"""The SQL of each migration step (db/migrations.py runs them in order). Append-only, like the steps: a
released script is never edited; a change is a new script and a new step."""

M001 = """
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


M002 = """
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


M006 = """
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


M007 = """
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


M008 = """
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


M009 = """
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

# A confirmed round keeps what it decided, whatever becomes of the pairs: each applicant's placement (the mentor
# they were placed with; NULL when unplaced) and each mentor's 最少/最多 as the round's workbook set them.
M010 = """
ALTER TABLE selection_choices ADD COLUMN placed_mentor INTEGER REFERENCES mentors(id);
CREATE TABLE selection_mentors (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    round_id    INTEGER NOT NULL REFERENCES selection_rounds(id),
    mentor_id   INTEGER NOT NULL REFERENCES mentors(id),
    min_mentees INTEGER NOT NULL,
    max_mentees INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    deleted_by  TEXT
);
CREATE INDEX selection_mentors_round ON selection_mentors(round_id);
"""
