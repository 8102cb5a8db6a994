//! Deadlines of a fiscal year's evaluation cycle (actuals, self-evaluation,
//! review, council, publication), as `YYYY-MM-DD` dates. Setting one is
//! audited.

use crate::audit::{self, Change};
use crate::error::Result;
use crate::{Store, now};
use sqlx::Row;

impl Store {
    /// The deadlines of a year: (stage, due date), by stage.
    pub async fn deadlines(&self, code: &str, year: i32) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT stage, due FROM deadlines WHERE code = $1 AND fiscal_year = $2 ORDER BY stage",
        )
        .bind(code)
        .bind(year)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("stage")?, r.try_get("due")?)))
            .collect()
    }

    /// Sets (or, with `None`, removes) a deadline.
    pub async fn set_deadline(
        &self,
        code: &str,
        year: i32,
        stage: &str,
        due: Option<&str>,
        actor: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query(
            "SELECT due FROM deadlines WHERE code = $1 AND fiscal_year = $2 AND stage = $3",
        )
        .bind(code)
        .bind(year)
        .bind(stage)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("due"))
        .transpose()?;
        sqlx::query("DELETE FROM deadlines WHERE code = $1 AND fiscal_year = $2 AND stage = $3")
            .bind(code)
            .bind(year)
            .bind(stage)
            .execute(&mut *tx)
            .await?;
        if let Some(d) = due {
            sqlx::query(
                "INSERT INTO deadlines (code, fiscal_year, stage, due) VALUES ($1, $2, $3, $4)",
            )
            .bind(code)
            .bind(year)
            .bind(stage)
            .bind(d)
            .execute(&mut *tx)
            .await?;
        }
        let entity = format!("deadline/{year}/{stage}");
        let change = Change {
            actor,
            code: Some(code),
            action: "deadline.set",
            entity: &entity,
            before: before.map(|b| format!("\"{b}\"")),
            after: due.map(|d| format!("\"{d}\"")),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }
}
