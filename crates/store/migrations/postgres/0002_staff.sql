-- Staff accounts, sessions, API tokens and failed-login throttling.
-- Secrets are never stored: passwords as argon2id PHC strings, session and
-- API tokens as SHA-256 hex of the random token. Times are Unix seconds.

CREATE TABLE users (
    name           TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'planning', 'department', 'council', 'viewer')),
    departments    TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL REFERENCES users (name),
    csrf         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen    BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);

CREATE TABLE api_tokens (
    token_hash   TEXT PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    user_name    TEXT NOT NULL REFERENCES users (name),
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used    BIGINT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);

CREATE TABLE login_failures (
    user_name  TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (user_name, at);

-- Deadlines of a fiscal year's cycle, set by the planning department.
CREATE TABLE deadlines (
    code         TEXT NOT NULL REFERENCES municipalities (code),
    fiscal_year  INTEGER NOT NULL,
    stage        TEXT NOT NULL CHECK (stage IN ('actuals', 'self_evaluation', 'review', 'council', 'publish')),
    due          TEXT NOT NULL,
    PRIMARY KEY (code, fiscal_year, stage)
);
