-- keikaku schema, SQLite. Decimals are canonical TEXT (exact), fiscal years INTEGER,
-- timestamps RFC 3339 TEXT (UTC). Never edit a shipped migration: add a new one.

CREATE TABLE municipalities (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    prefecture  TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE editions (
    code         TEXT NOT NULL REFERENCES municipalities (code),
    edition_id   TEXT NOT NULL,
    first_year   INTEGER NOT NULL,
    last_year    INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    plan_json    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (code, edition_id)
);

-- Every version of every actual; nothing is ever overwritten.
CREATE TABLE actuals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL REFERENCES municipalities (code),
    indicator_id  TEXT NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    period        TEXT NOT NULL,
    amount        TEXT NOT NULL,
    unit          TEXT NOT NULL,
    source        TEXT,
    note          TEXT,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    UNIQUE (code, indicator_id, fiscal_year, version)
);

-- The current version per indicator and year: the optimistic-concurrency guard.
CREATE TABLE actual_heads (
    code          TEXT NOT NULL,
    indicator_id  TEXT NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (code, indicator_id, fiscal_year)
);

CREATE TABLE pdca_records (
    code             TEXT NOT NULL REFERENCES municipalities (code),
    fiscal_year      INTEGER NOT NULL,
    subject_kind     TEXT NOT NULL,
    subject_id       TEXT NOT NULL,
    record_json      TEXT NOT NULL,
    state            TEXT NOT NULL,
    version          INTEGER NOT NULL,
    updated_by       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (code, fiscal_year, subject_kind, subject_id)
);

CREATE TABLE rubrics (
    code        TEXT NOT NULL REFERENCES municipalities (code),
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (code, name, version)
);

-- Append-only, hash-chained log of every change.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    code       TEXT,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
