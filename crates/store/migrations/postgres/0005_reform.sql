-- Administrative reform (行財政改革): the reform items with their links to
-- the plan and the budget catalogue (body: serde JSON of
-- keikaku_model::reform::ReformItem, parsed and so validated on read), and
-- each item's status per fiscal year with the note, who set it and when.
-- Earlier states are kept in the audit log.

CREATE TABLE reform_items (
    code        TEXT NOT NULL REFERENCES municipalities (code),
    id          TEXT NOT NULL,
    body        TEXT NOT NULL,
    position    BIGINT NOT NULL,
    updated_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (code, id)
);

CREATE TABLE reform_status (
    code         TEXT NOT NULL,
    item         TEXT NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'revised', 'dropped')),
    note         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (code, item, fiscal_year),
    FOREIGN KEY (code, item) REFERENCES reform_items (code, id)
);
