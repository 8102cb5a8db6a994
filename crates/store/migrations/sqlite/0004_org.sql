-- The organisation over time: recorded reorganisations (renames, merges,
-- splits, sections) of a municipality, each effective from a fiscal year.
-- `body` is the event as JSON (keikaku_model::org::Reorganisation); `seq`
-- is the recording order (1, 2, …) within the municipality. Append-only.

CREATE TABLE reorganisations (
    code            TEXT NOT NULL REFERENCES municipalities (code),
    seq             BIGINT NOT NULL,
    effective_year  INTEGER NOT NULL,
    body            TEXT NOT NULL,
    actor           TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    PRIMARY KEY (code, seq)
);
