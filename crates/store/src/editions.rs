//! Municipalities and plan editions. An edition is stored whole (its plan as
//! JSON, the same structure as the plan file), so nothing of the imported
//! document is lost; a published edition can never be replaced.

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::plan::{EditionStatus, Plan};
use serde::Serialize;
use sqlx::Row;

/// A municipality as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MunicipalityRow {
    /// 全国地方公共団体コード.
    pub code: String,
    /// Name.
    pub name: String,
    /// Prefecture.
    pub prefecture: Option<String>,
}

/// An edition as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionRow {
    /// Edition ID.
    pub id: String,
    /// First fiscal year.
    pub first_year: i32,
    /// Last fiscal year.
    pub last_year: i32,
    /// `draft` or `published`.
    pub status: String,
    /// Last change.
    pub updated_at: String,
}

fn status_text(s: EditionStatus) -> &'static str {
    match s {
        EditionStatus::Draft => "draft",
        EditionStatus::Published => "published",
    }
}

impl Store {
    /// Municipalities in the database.
    pub async fn municipalities(&self) -> Result<Vec<MunicipalityRow>> {
        let rows = sqlx::query("SELECT code, name, prefecture FROM municipalities ORDER BY code")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MunicipalityRow {
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    prefecture: r.try_get("prefecture")?,
                })
            })
            .collect()
    }

    /// Stores an edition: creates it, or replaces a draft. Refuses to replace
    /// a published edition. The plan must carry its municipality's code.
    pub async fn put_edition(&self, plan: &Plan, actor: &str) -> Result<()> {
        let code = plan
            .municipality
            .code
            .ok_or_else(|| StoreError::NotFound(format!("the plan of {} has no local government code (municipality.code); set it in the plan file", plan.municipality.name)))?
            .to_string();
        let edition = plan.edition.id.to_string();
        let json = audit::json(plan)?;
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO municipalities (code, name, prefecture, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, prefecture = excluded.prefecture",
        )
        .bind(&code)
        .bind(&plan.municipality.name)
        .bind(&plan.municipality.prefecture)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let existing = sqlx::query(
            "SELECT status, plan_json FROM editions WHERE code = $1 AND edition_id = $2",
        )
        .bind(&code)
        .bind(&edition)
        .fetch_optional(&mut *tx)
        .await?;
        let before = match existing {
            Some(row) => {
                let status: String = row.try_get("status")?;
                if status == "published" {
                    return Err(StoreError::Immutable(edition));
                }
                let old: String = row.try_get("plan_json")?;
                if old == json {
                    return Ok(()); // nothing changes
                }
                sqlx::query("UPDATE editions SET first_year = $1, last_year = $2, status = $3, plan_json = $4, updated_at = $5 WHERE code = $6 AND edition_id = $7")
                    .bind(plan.edition.years.first().year())
                    .bind(plan.edition.years.last().year())
                    .bind(status_text(plan.edition.status))
                    .bind(&json)
                    .bind(&at)
                    .bind(&code)
                    .bind(&edition)
                    .execute(&mut *tx)
                    .await?;
                Some(old)
            }
            None => {
                sqlx::query("INSERT INTO editions (code, edition_id, first_year, last_year, status, plan_json, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(&code)
                    .bind(&edition)
                    .bind(plan.edition.years.first().year())
                    .bind(plan.edition.years.last().year())
                    .bind(status_text(plan.edition.status))
                    .bind(&json)
                    .bind(&at)
                    .execute(&mut *tx)
                    .await?;
                None
            }
        };
        let action = match (&before, plan.edition.status) {
            (None, _) => "edition.create",
            (Some(_), EditionStatus::Published) => "edition.publish",
            (Some(_), EditionStatus::Draft) => "edition.update",
        };
        let change = Change {
            actor,
            code: Some(&code),
            action,
            entity: &edition,
            before,
            after: Some(json),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The editions of a municipality, oldest first.
    pub async fn editions(&self, code: &str) -> Result<Vec<EditionRow>> {
        let rows = sqlx::query("SELECT edition_id, first_year, last_year, status, updated_at FROM editions WHERE code = $1 ORDER BY first_year, edition_id")
            .bind(code)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(EditionRow {
                    id: r.try_get("edition_id")?,
                    first_year: r.try_get("first_year")?,
                    last_year: r.try_get("last_year")?,
                    status: r.try_get("status")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// One edition's plan.
    pub async fn edition(&self, code: &str, edition_id: &str) -> Result<Plan> {
        let row = sqlx::query("SELECT plan_json FROM editions WHERE code = $1 AND edition_id = $2")
            .bind(code)
            .bind(edition_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("no edition {edition_id} for municipality {code}"))
            })?;
        plan_of(&row.try_get::<String, _>("plan_json")?)
    }

    /// The newest published edition (by first year), the one actuals are graded against.
    pub async fn current_edition(&self, code: &str) -> Result<Plan> {
        let row = sqlx::query("SELECT plan_json FROM editions WHERE code = $1 AND status = 'published' ORDER BY first_year DESC LIMIT 1")
            .bind(code)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("municipality {code} has no published edition")))?;
        plan_of(&row.try_get::<String, _>("plan_json")?)
    }
}

fn plan_of(json: &str) -> Result<Plan> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("stored plan: {e}")))
}
