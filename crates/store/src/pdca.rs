//! PDCA records (self-evaluation → review → council comment → publication)
//! per fiscal year and subject. A record is stored whole with its version;
//! a change installs version N + 1 only over version N (optimistic
//! concurrency), and the audit trail keeps every state before and after.

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::workflow::{PdcaRecord, Subject};
use sqlx::Row;

fn subject_key(s: &Subject) -> (&'static str, String) {
    match s {
        Subject::Project(id) => ("project", id.to_string()),
        Subject::PolicyItem(id) => ("policy_item", id.to_string()),
    }
}

fn decode(json: &str) -> Result<PdcaRecord> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("PDCA record: {e}")))
}

fn state_text(r: &PdcaRecord) -> Result<String> {
    Ok(audit::json(&r.state)?.trim_matches('"').to_string())
}

impl Store {
    /// One record, if it exists.
    pub async fn pdca_record(
        &self,
        code: &str,
        year: i32,
        subject: &Subject,
    ) -> Result<Option<PdcaRecord>> {
        let (kind, id) = subject_key(subject);
        let row = sqlx::query("SELECT record_json FROM pdca_records WHERE code = $1 AND fiscal_year = $2 AND subject_kind = $3 AND subject_id = $4")
            .bind(code)
            .bind(year)
            .bind(kind)
            .bind(&id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| decode(&r.try_get::<String, _>("record_json")?))
            .transpose()
    }

    /// All records of a municipality, optionally of one year.
    pub async fn pdca_records(&self, code: &str, year: Option<i32>) -> Result<Vec<PdcaRecord>> {
        let rows = match year {
            Some(y) => {
                sqlx::query("SELECT record_json FROM pdca_records WHERE code = $1 AND fiscal_year = $2 ORDER BY subject_kind DESC, subject_id")
                    .bind(code)
                    .bind(y)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query("SELECT record_json FROM pdca_records WHERE code = $1 ORDER BY fiscal_year, subject_kind DESC, subject_id")
                    .bind(code)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter()
            .map(|r| decode(&r.try_get::<String, _>("record_json")?))
            .collect()
    }

    /// Saves a new version of a record: version 1 creates it; version N + 1
    /// replaces version N. Anything else is a conflict.
    pub async fn save_pdca(
        &self,
        code: &str,
        record: &PdcaRecord,
        action: &str,
        actor: &str,
    ) -> Result<()> {
        let (kind, id) = subject_key(&record.subject);
        let year = record.fiscal_year.year();
        let json = audit::json(record)?;
        let state = state_text(record)?;
        let at = now();
        let what = || format!("the PDCA record {id} for FY{year}");
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query("SELECT record_json, version FROM pdca_records WHERE code = $1 AND fiscal_year = $2 AND subject_kind = $3 AND subject_id = $4")
            .bind(code)
            .bind(year)
            .bind(kind)
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?;
        let before = match existing {
            None if record.version == 1 => {
                sqlx::query("INSERT INTO pdca_records (code, fiscal_year, subject_kind, subject_id, record_json, state, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                    .bind(code)
                    .bind(year)
                    .bind(kind)
                    .bind(&id)
                    .bind(&json)
                    .bind(&state)
                    .bind(record.version)
                    .bind(actor)
                    .bind(&at)
                    .execute(&mut *tx)
                    .await?;
                None
            }
            None => {
                return Err(StoreError::Conflict {
                    what: what(),
                    current: 0,
                });
            }
            Some(row) => {
                let current: i64 = row.try_get("version")?;
                if current + 1 != record.version {
                    return Err(StoreError::Conflict {
                        what: what(),
                        current,
                    });
                }
                sqlx::query("UPDATE pdca_records SET record_json = $1, state = $2, version = $3, updated_by = $4, updated_at = $5 WHERE code = $6 AND fiscal_year = $7 AND subject_kind = $8 AND subject_id = $9 AND version = $10")
                    .bind(&json)
                    .bind(&state)
                    .bind(record.version)
                    .bind(actor)
                    .bind(&at)
                    .bind(code)
                    .bind(year)
                    .bind(kind)
                    .bind(&id)
                    .bind(current)
                    .execute(&mut *tx)
                    .await?;
                Some(row.try_get::<String, _>("record_json")?)
            }
        };
        let entity = format!("pdca/{year}/{id}");
        let action = format!("pdca.{action}");
        let change = Change {
            actor,
            code: Some(code),
            action: &action,
            entity: &entity,
            before,
            after: Some(json),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }
}
