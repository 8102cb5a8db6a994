//! The audit trail: an append-only log of every change (who, when, what,
//! before → after), chained by SHA-256 hashes so that any edit, deletion or
//! reordering of past entries is detected by [`verify`].
//!
//! Each entry's hash covers its sequence number, time, actor, municipality,
//! action, entity, before and after, and the previous entry's hash. The
//! chain head (`audit_head`) is updated in the same transaction as the
//! change it records, which also serialises concurrent writers. Database
//! triggers refuse UPDATE and DELETE on `audit_log`.

use crate::error::{Result, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// Who made the change (a user name, or `cli:$USER`).
    pub actor: &'a str,
    /// The municipality concerned, if any.
    pub code: Option<&'a str>,
    /// What happened, e.g. `actual.record`, `edition.publish`.
    pub action: &'a str,
    /// The element, e.g. `KPI-03/2024`, `E2023`.
    pub entity: &'a str,
    /// JSON of the state before, if any.
    pub before: Option<String>,
    /// JSON of the state after, if any.
    pub after: Option<String>,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// Municipality code.
    pub code: Option<String>,
    /// What happened.
    pub action: String,
    /// Which element.
    pub entity: String,
    /// State before (JSON).
    pub before: Option<String>,
    /// State after (JSON).
    pub after: Option<String>,
    /// Hash of the previous entry.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

fn field(h: &mut Sha256, value: Option<&str>) {
    match value {
        None => h.update([0u8]),
        Some(v) => {
            h.update([1u8]);
            h.update((v.len() as u64).to_be_bytes());
            h.update(v.as_bytes());
        }
    }
}

/// The hash of an entry's content chained to `prev_hash`.
pub fn entry_hash(e: &Entry) -> String {
    let mut h = Sha256::new();
    h.update(e.seq.to_be_bytes());
    for v in [
        Some(e.prev_hash.as_str()),
        Some(e.at.as_str()),
        Some(e.actor.as_str()),
        e.code.as_deref(),
        Some(e.action.as_str()),
        Some(e.entity.as_str()),
        e.before.as_deref(),
        e.after.as_deref(),
    ] {
        field(&mut h, v);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends an entry inside the caller's transaction.
pub async fn append(conn: &mut AnyConnection, change: Change<'_>, at: &str) -> Result<Entry> {
    let row = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = row.try_get("seq")?;
    let prev_hash: String = row.try_get("hash")?;
    let mut entry = Entry {
        seq,
        at: at.to_string(),
        actor: change.actor.to_string(),
        code: change.code.map(str::to_string),
        action: change.action.to_string(),
        entity: change.entity.to_string(),
        before: change.before,
        after: change.after,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, code, action, entity, before, after, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(entry.seq)
    .bind(&entry.at)
    .bind(&entry.actor)
    .bind(&entry.code)
    .bind(&entry.action)
    .bind(&entry.entity)
    .bind(&entry.before)
    .bind(&entry.after)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&entry.hash)
        .execute(&mut *conn)
        .await?;
    Ok(entry)
}

fn entry_of(row: &sqlx::any::AnyRow) -> Result<Entry> {
    Ok(Entry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        code: row.try_get("code")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        before: row.try_get("before")?,
        after: row.try_get("after")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// Entries, oldest first, optionally only those whose entity starts with a prefix.
pub async fn entries(
    conn: &mut AnyConnection,
    entity_prefix: Option<&str>,
    limit: i64,
) -> Result<Vec<Entry>> {
    let rows = match entity_prefix {
        Some(p) => {
            sqlx::query("SELECT * FROM audit_log WHERE entity LIKE $1 ORDER BY seq LIMIT $2")
                .bind(format!("{}%", p.replace('%', "")))
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query("SELECT * FROM audit_log ORDER BY seq LIMIT $1")
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter().map(entry_of).collect()
}

/// A page of entries, newest first: those before `before_seq` (all when
/// `None`), optionally only those whose entity starts with `entity_prefix`
/// (compared exactly, case and all: `_` and `%` are not wildcards).
pub async fn page(
    conn: &mut AnyConnection,
    entity_prefix: Option<&str>,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<Entry>> {
    let before = before_seq.unwrap_or(i64::MAX);
    let rows = match entity_prefix.filter(|p| !p.is_empty()) {
        Some(p) => {
            sqlx::query(
                "SELECT * FROM audit_log WHERE seq < $1 AND substr(entity, 1, length($2)) = $2 \
                 ORDER BY seq DESC LIMIT $3",
            )
            .bind(before)
            .bind(p)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query("SELECT * FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2")
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter().map(entry_of).collect()
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Entries checked.
    pub entries: i64,
    /// The first problem found, if any.
    pub problem: Option<String>,
}

impl Verification {
    /// Whether the chain is intact.
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// Entries read per query while verifying, so memory stays bounded at any log size.
const VERIFY_PAGE: i64 = 5_000;

/// Recomputes the whole chain, page by page, and compares it with the head.
pub async fn verify(conn: &mut AnyConnection) -> Result<Verification> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    let mut prev = GENESIS.to_string();
    let mut count = 0i64;
    let mut after = 0i64;
    loop {
        let rows = sqlx::query("SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after)
            .bind(VERIFY_PAGE)
            .fetch_all(&mut *conn)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let e = entry_of(row)?;
            count += 1;
            let problem = if e.seq != count {
                Some(format!(
                    "entry {count} is missing (found {} where {count} was expected)",
                    e.seq
                ))
            } else if e.prev_hash != prev {
                Some(format!(
                    "entry {} does not follow entry {}: the chain is broken",
                    e.seq,
                    e.seq - 1
                ))
            } else if entry_hash(&e) != e.hash {
                Some(format!(
                    "entry {} ({} {} by {} at {}) was altered after it was written",
                    e.seq, e.action, e.entity, e.actor, e.at
                ))
            } else {
                None
            };
            if problem.is_some() {
                return Ok(Verification {
                    entries: count,
                    problem,
                });
            }
            after = e.seq;
            prev = e.hash;
        }
    }
    let problem = if head_seq != count || head_hash != prev {
        Some(format!(
            "the log ends at entry {count} but the chain head records entry {head_seq}: entries were removed"
        ))
    } else {
        None
    };
    Ok(Verification {
        entries: count,
        problem,
    })
}

/// Maps a JSON-serialisable value to audit text.
pub fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}
