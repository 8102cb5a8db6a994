//! keikaku's storage: one interface ([`Store`]) over two backends, embedded
//! SQLite (the default) and PostgreSQL, chosen by the database URL's scheme
//! (see [`backend`]). Each backend has its own migrations, embedded in the
//! binary and applied on open.
//!
//! What is stored: municipalities and the editions of their plans (each
//! edition as its full plan, immutable once published), every version of
//! every actual (never overwritten; the highest version is current, guarded
//! by optimistic concurrency), PDCA records, custom rubrics, staff accounts,
//! sessions and API tokens (secrets only as hashes), and the
//! hash-chained audit log of every change ([`audit`]). Every change and its
//! audit entry commit in one transaction.

pub mod actuals;
pub mod audit;
pub mod backend;
pub mod budget;
pub mod deadlines;
pub mod editions;
pub mod error;
pub mod org;
pub mod pdca;
pub mod reform;
pub mod rubrics;
pub mod sessions;
pub mod users;

pub use actuals::{Expected, ImportSummary, Recorded};
pub use backend::Backend;
pub use budget::{BudgetRow, ProgramExpected, PublishStage, program_fingerprint};
pub use editions::{EditionRow, MunicipalityRow};
pub use error::{Result, StoreError};
pub use org::ReorganisationRow;
pub use sessions::{SessionRow, TokenRow};
pub use users::UserRow;

use sqlx::AnyPool;

/// The store: a connection pool and the backend it talks to.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (and creates, for SQLite) the database at `url` and migrates it.
    pub async fn open(url: &str) -> Result<Store> {
        let (pool, backend) = backend::connect(url).await?;
        Ok(Store { pool, backend })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes all connections.
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Verifies the audit chain.
    pub async fn audit_verify(&self) -> Result<audit::Verification> {
        let mut conn = self.pool.acquire().await?;
        audit::verify(&mut conn).await
    }

    /// The number of changes ever made (the audit chain's length): a cheap
    /// "has anything changed?" check for caches.
    pub async fn change_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(sqlx::Row::try_get(&row, "seq")?)
    }

    /// Audit entries, oldest first; `entity_prefix` narrows to e.g. one indicator.
    pub async fn audit_entries(
        &self,
        entity_prefix: Option<&str>,
        limit: i64,
    ) -> Result<Vec<audit::Entry>> {
        let mut conn = self.pool.acquire().await?;
        audit::entries(&mut conn, entity_prefix, limit).await
    }

    /// A page of audit entries, newest first, before `before_seq` (a
    /// sequence number; `None` for the newest), optionally narrowed to
    /// entities starting with `entity_prefix` (e.g. `KPI-03`).
    pub async fn audit_page(
        &self,
        entity_prefix: Option<&str>,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<audit::Entry>> {
        let mut conn = self.pool.acquire().await?;
        audit::page(&mut conn, entity_prefix, before_seq, limit).await
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begins a write transaction that holds the write lock from its first
    /// statement: a no-op update of the audit chain head. On SQLite this takes
    /// the database's write lock before anything is read (so a writer never
    /// fails to upgrade a read lock and waits its turn instead); on PostgreSQL
    /// it locks the head row, which serialises writers of the audit chain.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// The current time as stored (RFC 3339, UTC, milliseconds).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
