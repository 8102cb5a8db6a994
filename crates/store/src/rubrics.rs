//! Custom grading rubrics of a municipality, stored as their TOML text
//! (parsed and validated by the reader before they are stored). A new
//! version of a rubric never replaces an old one, so grades stay explainable.

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use sqlx::Row;

/// A stored rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRubric {
    /// Name.
    pub name: String,
    /// Version.
    pub version: i64,
    /// The rubric file's text.
    pub body: String,
}

impl Store {
    /// Adds a rubric version; refuses to overwrite an existing (name, version).
    pub async fn add_rubric(
        &self,
        code: &str,
        name: &str,
        version: i64,
        body: &str,
        actor: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query(
            "SELECT 1 AS one FROM rubrics WHERE code = $1 AND name = $2 AND version = $3",
        )
        .bind(code)
        .bind(name)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict {
                what: format!("rubric {name} version {version}"),
                current: version,
            });
        }
        sqlx::query("INSERT INTO rubrics (code, name, version, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(code)
            .bind(name)
            .bind(version)
            .bind(body)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let entity = format!("rubric/{name}/{version}");
        let change = Change {
            actor,
            code: Some(code),
            action: "rubric.add",
            entity: &entity,
            before: None,
            after: Some(audit::json(&body)?),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest version of each custom rubric of a municipality.
    pub async fn rubrics(&self, code: &str) -> Result<Vec<StoredRubric>> {
        let rows = sqlx::query(
            "SELECT r.name, r.version, r.body FROM rubrics r WHERE r.code = $1 AND r.version = \
             (SELECT MAX(version) FROM rubrics s WHERE s.code = r.code AND s.name = r.name) ORDER BY r.name",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredRubric {
                    name: r.try_get("name")?,
                    version: r.try_get("version")?,
                    body: r.try_get("body")?,
                })
            })
            .collect()
    }
}
