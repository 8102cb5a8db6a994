//! The storage error type: what went wrong, in terms a caller can act on.

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL has a scheme keikaku does not support.
    #[error(
        "unsupported database URL 「{0}」: use sqlite://PATH (e.g. sqlite://keikaku.db), sqlite::memory: or postgres://USER@HOST:PORT/DATABASE"
    )]
    UnknownScheme(String),
    /// The database refused or failed.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Migrations could not be applied.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Someone else changed the record since it was read (optimistic concurrency).
    #[error(
        "conflict: {what} was changed by someone else (it is now at version {current}); reload it and apply your change again"
    )]
    Conflict {
        /// What was being changed.
        what: String,
        /// The version now stored.
        current: i64,
    },
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A published edition cannot change.
    #[error("edition {0} is published and cannot change; create the next edition")]
    Immutable(String),
    /// Stored data could not be read back (e.g. edited outside keikaku).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

/// Result alias of the storage layer.
pub type Result<T> = std::result::Result<T, StoreError>;
