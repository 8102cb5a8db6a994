-- Budgets: the catalogue of initiatives (事業) with their links to the plan,
-- one budget line per initiative and fiscal year (amounts in 千円 as exact
-- integers inside the JSON body, FTE as a decimal string), which years'
-- budgets and settlements are published on the portal, and the budgets
-- proposed for the coming year in a draft edition. Bodies are the serde
-- JSON of keikaku_model::budget types, parsed (and so validated) on read.

CREATE TABLE programs (
    code        TEXT NOT NULL,
    id          TEXT NOT NULL,
    body        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (code, id)
);

CREATE TABLE budget_lines (
    code         TEXT NOT NULL,
    program      TEXT NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    body         TEXT NOT NULL,
    version      BIGINT NOT NULL,
    updated_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    PRIMARY KEY (code, program, fiscal_year)
);

CREATE TABLE budget_publication (
    code          TEXT NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    stage         TEXT NOT NULL CHECK (stage IN ('budget', 'settlement')),
    published_at  TEXT NOT NULL,
    actor         TEXT NOT NULL,
    PRIMARY KEY (code, fiscal_year, stage)
);

CREATE TABLE budget_proposals (
    code         TEXT NOT NULL,
    edition      TEXT NOT NULL,
    program      TEXT NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    body         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    PRIMARY KEY (code, edition, program)
);
