//! Administrative reform (行財政改革): reform items and their status per
//! fiscal year.
//!
//! An item is stored as the serde JSON of
//! [`keikaku_model::reform::ReformItem`] and parsed back on read; a status is
//! one row per item and fiscal year (the status keyword, the note, who set
//! it and when). Every write is audited in the same transaction (actions
//! `reform.put` on `reform/ID` and `reform.status` on `reform/ID/YEAR`); an
//! import writes all its rows or none, and rows equal to the stored ones are
//! skipped, so importing the same file twice changes nothing the second time.

use crate::actuals::ImportSummary;
use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ReformId;
use keikaku_model::reform::{ReformItem, ReformStatus, Status};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A stored status with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReformStatusRow {
    /// The status.
    pub status: ReformStatus,
    /// Who set it.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub recorded_at: String,
}

fn item_of(row: &AnyRow) -> Result<ReformItem> {
    let text: String = row.try_get("body")?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("reform item: {e}")))
}

fn status_of(row: &AnyRow) -> Result<ReformStatusRow> {
    let item: String = row.try_get("item")?;
    let year: i32 = row.try_get("fiscal_year")?;
    let keyword: String = row.try_get("status")?;
    let corrupt = |what: String| StoreError::Corrupt(format!("reform status: {what}"));
    let status = Status::ALL
        .into_iter()
        .find(|s| s.keyword() == keyword)
        .ok_or_else(|| corrupt(format!("unknown status {keyword}")))?;
    Ok(ReformStatusRow {
        status: ReformStatus {
            item: ReformId::new(item).map_err(|e| corrupt(e.to_string()))?,
            year: FiscalYear::new(year).map_err(|e| corrupt(e.to_string()))?,
            status,
            note: row.try_get("note")?,
        },
        actor: row.try_get("actor")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

/// The audit text of a status: the part that is data (not who or when).
fn status_json(s: &ReformStatus) -> Result<String> {
    audit::json(s)
}

async fn upsert_item(
    conn: &mut AnyConnection,
    code: &str,
    item: &ReformItem,
    position: i64,
    actor: &str,
    at: &str,
) -> Result<bool> {
    let before: Option<String> =
        sqlx::query("SELECT body FROM reform_items WHERE code = $1 AND id = $2")
            .bind(code)
            .bind(item.id.as_str())
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get("body"))
            .transpose()?;
    let after = audit::json(item)?;
    if before.as_deref() == Some(after.as_str()) {
        return Ok(false);
    }
    if before.is_some() {
        sqlx::query(
            "UPDATE reform_items SET body = $1, updated_at = $2, actor = $3 WHERE code = $4 AND id = $5",
        )
        .bind(&after)
        .bind(at)
        .bind(actor)
        .bind(code)
        .bind(item.id.as_str())
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO reform_items (code, id, body, position, updated_at, actor) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(code)
        .bind(item.id.as_str())
        .bind(&after)
        .bind(position)
        .bind(at)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    let entity = format!("reform/{}", item.id);
    let change = Change {
        actor,
        code: Some(code),
        action: "reform.put",
        entity: &entity,
        before,
        after: Some(after),
    };
    audit::append(conn, change, at).await?;
    Ok(true)
}

async fn upsert_status(
    conn: &mut AnyConnection,
    code: &str,
    status: &ReformStatus,
    actor: &str,
    at: &str,
) -> Result<bool> {
    let year = status.year.year();
    let existing = sqlx::query(
        "SELECT item, fiscal_year, status, note, actor, recorded_at FROM reform_status \
         WHERE code = $1 AND item = $2 AND fiscal_year = $3",
    )
    .bind(code)
    .bind(status.item.as_str())
    .bind(year)
    .fetch_optional(&mut *conn)
    .await?;
    let before = existing
        .as_ref()
        .map(|r| status_of(r).and_then(|row| status_json(&row.status)))
        .transpose()?;
    let after = status_json(status)?;
    if before.as_deref() == Some(after.as_str()) {
        return Ok(false);
    }
    if before.is_some() {
        sqlx::query(
            "UPDATE reform_status SET status = $1, note = $2, actor = $3, recorded_at = $4 \
             WHERE code = $5 AND item = $6 AND fiscal_year = $7",
        )
        .bind(status.status.keyword())
        .bind(&status.note)
        .bind(actor)
        .bind(at)
        .bind(code)
        .bind(status.item.as_str())
        .bind(year)
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO reform_status (code, item, fiscal_year, status, note, actor, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(code)
        .bind(status.item.as_str())
        .bind(year)
        .bind(status.status.keyword())
        .bind(&status.note)
        .bind(actor)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    let entity = format!("reform/{}/{year}", status.item);
    let change = Change {
        actor,
        code: Some(code),
        action: "reform.status",
        entity: &entity,
        before,
        after: Some(after),
    };
    audit::append(conn, change, at).await?;
    Ok(true)
}

impl Store {
    /// The reform items, in the order they were first added.
    pub async fn reform_items(&self, code: &str) -> Result<Vec<ReformItem>> {
        let rows =
            sqlx::query("SELECT body FROM reform_items WHERE code = $1 ORDER BY position, id")
                .bind(code)
                .fetch_all(self.pool())
                .await?;
        rows.iter().map(item_of).collect()
    }

    /// Every status of every item, by item and fiscal year.
    pub async fn reform_statuses(&self, code: &str) -> Result<Vec<ReformStatusRow>> {
        let rows = sqlx::query(
            "SELECT item, fiscal_year, status, note, actor, recorded_at FROM reform_status \
             WHERE code = $1 ORDER BY item, fiscal_year",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(status_of).collect()
    }

    /// Writes reform items (added or replaced) and then statuses in one
    /// transaction: all or nothing. Rows equal to the stored ones are
    /// skipped. The caller has validated them against the plan; a status of
    /// an item that is neither stored nor in `items` fails the whole
    /// import (foreign key).
    pub async fn import_reform(
        &self,
        code: &str,
        items: &[ReformItem],
        statuses: &[ReformStatus],
        actor: &str,
    ) -> Result<ImportSummary> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let start: i64 = sqlx::query(
            "SELECT COALESCE(MAX(position), 0) AS top FROM reform_items WHERE code = $1",
        )
        .bind(code)
        .fetch_one(&mut *tx)
        .await?
        .try_get("top")?;
        let mut summary = ImportSummary::default();
        for (i, item) in items.iter().enumerate() {
            let position =
                start.saturating_add(i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1));
            match upsert_item(&mut tx, code, item, position, actor, &at).await? {
                true => summary.recorded += 1,
                false => summary.unchanged += 1,
            }
        }
        for s in statuses {
            match upsert_status(&mut tx, code, s, actor, &at).await? {
                true => summary.recorded += 1,
                false => summary.unchanged += 1,
            }
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// Sets one item's status in a fiscal year (replacing an earlier one of
    /// the same year); returns whether anything changed.
    pub async fn set_reform_status(
        &self,
        code: &str,
        status: &ReformStatus,
        actor: &str,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let changed = upsert_status(&mut tx, code, status, actor, &now()).await?;
        tx.commit().await?;
        Ok(changed)
    }
}
