//! Actuals: every reported version is kept; the highest version per
//! (municipality, indicator, fiscal year) is current. `actual_heads` holds
//! that version and is the optimistic-concurrency guard: a writer that read
//! version N can only install N + 1, so of two concurrent editors one wins
//! and the other gets [`StoreError::Conflict`]. Re-recording the same report
//! changes nothing, which makes imports idempotent.

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::actual::{ActualValue, RecordedActual};
use keikaku_model::ids::IndicatorId;
use keikaku_model::period::Period;
use keikaku_model::quantity::{Quantity, Unit};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use std::str::FromStr;

/// What the writer believes is stored now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Whatever is there (imports: the latest report wins).
    Any,
    /// Nothing yet.
    Nothing,
    /// This version (an edit form that loaded it).
    Version(i64),
}

/// The result of recording one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// The current version after the call.
    pub version: i64,
    /// True when the value equalled the current one and nothing was written.
    pub unchanged: bool,
}

/// The result of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    /// Values written as a new version.
    pub recorded: usize,
    /// Values identical to the current ones (nothing written).
    pub unchanged: usize,
}

fn key(code: &str, v: &ActualValue) -> String {
    format!("{code}/{}/{}", v.indicator, v.fiscal_year().year())
}

fn decode(row: &sqlx::any::AnyRow) -> Result<RecordedActual> {
    let corrupt =
        |what: &str, e: &dyn std::fmt::Display| StoreError::Corrupt(format!("actual {what}: {e}"));
    let indicator: String = row.try_get("indicator_id")?;
    let period: String = row.try_get("period")?;
    let amount: String = row.try_get("amount")?;
    let unit: String = row.try_get("unit")?;
    Ok(RecordedActual {
        value: ActualValue {
            indicator: IndicatorId::new(indicator).map_err(|e| corrupt("indicator", &e))?,
            period: Period::parse(&period).map_err(|e| corrupt("period", &e))?,
            quantity: Quantity {
                amount: Decimal::from_str(&amount).map_err(|e| corrupt("amount", &e))?,
                unit: Unit::new(&unit).map_err(|e| corrupt("unit", &e))?,
            },
            source: row.try_get("source")?,
            note: row.try_get("note")?,
        },
        version: row.try_get("version")?,
        recorded_by: row.try_get("recorded_by")?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

async fn current(
    conn: &mut AnyConnection,
    code: &str,
    v: &ActualValue,
) -> Result<Option<RecordedActual>> {
    let row = sqlx::query(
        "SELECT a.* FROM actual_heads h JOIN actuals a ON a.code = h.code AND a.indicator_id = h.indicator_id \
         AND a.fiscal_year = h.fiscal_year AND a.version = h.version \
         WHERE h.code = $1 AND h.indicator_id = $2 AND h.fiscal_year = $3",
    )
    .bind(code)
    .bind(v.indicator.as_str())
    .bind(v.fiscal_year().year())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(decode).transpose()
}

/// Records one value inside the caller's transaction.
async fn record(
    conn: &mut AnyConnection,
    code: &str,
    v: &ActualValue,
    expected: Expected,
    actor: &str,
    at: &str,
) -> Result<Recorded> {
    let existing = current(conn, code, v).await?;
    let version = existing.as_ref().map_or(0, |e| e.version);
    let conflict = |current| StoreError::Conflict {
        what: format!("the actual {}", key(code, v)),
        current,
    };
    match expected {
        Expected::Version(n) if n != version => return Err(conflict(version)),
        Expected::Nothing if version != 0 => return Err(conflict(version)),
        _ => {}
    }
    if let Some(e) = &existing
        && e.value.same_report(v)
    {
        return Ok(Recorded {
            version,
            unchanged: true,
        });
    }
    let next = version + 1;
    sqlx::query(
        "INSERT INTO actuals (code, indicator_id, fiscal_year, version, period, amount, unit, source, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(code)
    .bind(v.indicator.as_str())
    .bind(v.fiscal_year().year())
    .bind(next)
    .bind(v.period.written())
    .bind(v.quantity.amount.to_string())
    .bind(v.quantity.unit.as_str())
    .bind(&v.source)
    .bind(&v.note)
    .bind(actor)
    .bind(at)
    .execute(&mut *conn)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(ref d) if d.is_unique_violation() => conflict(next),
        other => other.into(),
    })?;
    let moved = if version == 0 {
        sqlx::query("INSERT INTO actual_heads (code, indicator_id, fiscal_year, version) VALUES ($1, $2, $3, 1)")
            .bind(code)
            .bind(v.indicator.as_str())
            .bind(v.fiscal_year().year())
            .execute(&mut *conn)
            .await
            .map(|r| r.rows_affected())
            .or_else(|e| match e {
                sqlx::Error::Database(ref d) if d.is_unique_violation() => Ok(0),
                other => Err(other),
            })?
    } else {
        sqlx::query("UPDATE actual_heads SET version = $1 WHERE code = $2 AND indicator_id = $3 AND fiscal_year = $4 AND version = $5")
            .bind(next)
            .bind(code)
            .bind(v.indicator.as_str())
            .bind(v.fiscal_year().year())
            .bind(version)
            .execute(&mut *conn)
            .await?
            .rows_affected()
    };
    if moved != 1 {
        return Err(conflict(next));
    }
    let before = existing
        .as_ref()
        .map(|e| audit::json(&e.value))
        .transpose()?;
    let entity = format!("{}/{}", v.indicator, v.fiscal_year().year());
    let change = Change {
        actor,
        code: Some(code),
        action: "actual.record",
        entity: &entity,
        before,
        after: Some(audit::json(v)?),
    };
    audit::append(conn, change, at).await?;
    Ok(Recorded {
        version: next,
        unchanged: false,
    })
}

impl Store {
    /// Records one value (a correction is a new version; history stays).
    pub async fn record_actual(
        &self,
        code: &str,
        value: &ActualValue,
        expected: Expected,
        actor: &str,
    ) -> Result<Recorded> {
        let mut tx = self.begin_write().await?;
        let r = record(&mut tx, code, value, expected, actor, &now()).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// Records many values in one transaction: all or nothing. Values equal to
    /// the current ones are skipped, so importing the same file twice changes
    /// nothing the second time.
    pub async fn import_actuals(
        &self,
        code: &str,
        values: &[ActualValue],
        actor: &str,
    ) -> Result<ImportSummary> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let mut summary = ImportSummary::default();
        for v in values {
            let r = record(&mut tx, code, v, Expected::Any, actor, &at).await?;
            if r.unchanged {
                summary.unchanged += 1;
            } else {
                summary.recorded += 1;
            }
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// The current value of every indicator and year of a municipality.
    pub async fn current_actuals(&self, code: &str) -> Result<Vec<RecordedActual>> {
        let rows = sqlx::query(
            "SELECT a.* FROM actual_heads h JOIN actuals a ON a.code = h.code AND a.indicator_id = h.indicator_id \
             AND a.fiscal_year = h.fiscal_year AND a.version = h.version \
             WHERE h.code = $1 ORDER BY a.indicator_id, a.fiscal_year",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(decode).collect()
    }

    /// Every version of an indicator's values, oldest first.
    pub async fn actual_history(
        &self,
        code: &str,
        indicator: &IndicatorId,
    ) -> Result<Vec<RecordedActual>> {
        let rows = sqlx::query("SELECT * FROM actuals WHERE code = $1 AND indicator_id = $2 ORDER BY fiscal_year, version")
            .bind(code)
            .bind(indicator.as_str())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(decode).collect()
    }
}
