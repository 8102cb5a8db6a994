//! Budgets: the initiative catalogue, budget lines per initiative and
//! fiscal year, their publication, and proposals for a draft edition.
//!
//! Rows keep the serde JSON of the model's types (amounts are integers of
//! thousands of yen, FTE a decimal string, so nothing passes through
//! floating point) and are parsed back on read. Every write is audited in
//! the same transaction; an import writes everything or nothing.

use crate::actuals::{Expected, ImportSummary};
use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::budget::{BudgetLine, Program, Proposal};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A stored budget line with its version (for edit forms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetRow {
    /// The line.
    pub line: BudgetLine,
    /// Its version: 1 when first written, +1 per change.
    pub version: i64,
}

/// What an edit of one initiative expects to find stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramExpected {
    /// Nothing: the initiative is new (an existing ID is a conflict).
    New,
    /// The initiative whose JSON has this SHA-256 hex digest
    /// ([`program_fingerprint`]): anything else is a conflict.
    Fingerprint(String),
}

/// The SHA-256 hex digest of an initiative's stored JSON: what an edit
/// form carries to detect a change made meanwhile.
pub fn program_fingerprint(program: &Program) -> Result<String> {
    Ok(sha_hex(&audit::json(program)?))
}

fn sha_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What publishing a year makes visible on the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishStage {
    /// 当初 and 補正 (and funding, personnel) of the year.
    Budget,
    /// 決算 of the year.
    Settlement,
}

impl PublishStage {
    /// The keyword stored and used in commands: `budget`, `settlement`.
    pub fn keyword(self) -> &'static str {
        match self {
            PublishStage::Budget => "budget",
            PublishStage::Settlement => "settlement",
        }
    }
    /// Parses the keyword.
    pub fn parse(s: &str) -> Option<PublishStage> {
        match s.trim() {
            "budget" => Some(PublishStage::Budget),
            "settlement" => Some(PublishStage::Settlement),
            _ => None,
        }
    }
}

fn body<T: DeserializeOwned>(row: &AnyRow, what: &str) -> Result<T> {
    let text: String = row.try_get("body")?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

async fn upsert_program(
    conn: &mut AnyConnection,
    code: &str,
    program: &Program,
    position: i64,
    actor: &str,
    at: &str,
) -> Result<bool> {
    let before: Option<String> =
        sqlx::query("SELECT body FROM programs WHERE code = $1 AND id = $2")
            .bind(code)
            .bind(program.id.as_str())
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get("body"))
            .transpose()?;
    let after = audit::json(program)?;
    if before.as_deref() == Some(after.as_str()) {
        return Ok(false);
    }
    if before.is_some() {
        sqlx::query("UPDATE programs SET body = $1, updated_at = $2 WHERE code = $3 AND id = $4")
            .bind(&after)
            .bind(at)
            .bind(code)
            .bind(program.id.as_str())
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO programs (code, id, body, position, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(code)
        .bind(program.id.as_str())
        .bind(&after)
        .bind(position)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    let entity = format!("program/{}", program.id);
    let change = Change {
        actor,
        code: Some(code),
        action: "program.put",
        entity: &entity,
        before,
        after: Some(after),
    };
    audit::append(conn, change, at).await?;
    Ok(true)
}

async fn upsert_line(
    conn: &mut AnyConnection,
    code: &str,
    line: &BudgetLine,
    expected: Expected,
    actor: &str,
    at: &str,
) -> Result<Option<i64>> {
    let existing = sqlx::query(
        "SELECT body, version FROM budget_lines WHERE code = $1 AND program = $2 AND fiscal_year = $3",
    )
    .bind(code)
    .bind(line.program.as_str())
    .bind(line.year.year())
    .fetch_optional(&mut *conn)
    .await?;
    let (before, version): (Option<String>, i64) = match &existing {
        Some(r) => (Some(r.try_get("body")?), r.try_get("version")?),
        None => (None, 0),
    };
    let conflict = |current| StoreError::Conflict {
        what: format!("the budget of {} in FY{}", line.program, line.year.year()),
        current,
    };
    match expected {
        Expected::Version(n) if n != version => return Err(conflict(version)),
        Expected::Nothing if version != 0 => return Err(conflict(version)),
        _ => {}
    }
    let after = audit::json(line)?;
    if before.as_deref() == Some(after.as_str()) {
        return Ok(None);
    }
    let next = version + 1;
    let moved = if version == 0 {
        sqlx::query(
            "INSERT INTO budget_lines (code, program, fiscal_year, body, version, updated_at, actor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(code)
        .bind(line.program.as_str())
        .bind(line.year.year())
        .bind(&after)
        .bind(next)
        .bind(at)
        .bind(actor)
        .execute(&mut *conn)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "UPDATE budget_lines SET body = $1, version = $2, updated_at = $3, actor = $4 \
             WHERE code = $5 AND program = $6 AND fiscal_year = $7 AND version = $8",
        )
        .bind(&after)
        .bind(next)
        .bind(at)
        .bind(actor)
        .bind(code)
        .bind(line.program.as_str())
        .bind(line.year.year())
        .bind(version)
        .execute(&mut *conn)
        .await?
        .rows_affected()
    };
    if moved != 1 {
        return Err(conflict(next));
    }
    let entity = format!("budget/{}/{}", line.program, line.year.year());
    let change = Change {
        actor,
        code: Some(code),
        action: "budget.put",
        entity: &entity,
        before,
        after: Some(after),
    };
    audit::append(conn, change, at).await?;
    Ok(Some(next))
}

impl Store {
    /// The initiative catalogue, in the order initiatives were first added.
    pub async fn programs(&self, code: &str) -> Result<Vec<Program>> {
        let rows = sqlx::query("SELECT body FROM programs WHERE code = $1 ORDER BY position, id")
            .bind(code)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| body(r, "program")).collect()
    }

    /// Adds or changes one initiative if the stored one is still what the
    /// caller expects; checked and written in one write transaction, so two
    /// people adding the same ID, or editing the same initiative, cannot
    /// overwrite each other.
    pub async fn put_program(
        &self,
        code: &str,
        program: &Program,
        expected: &ProgramExpected,
        actor: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let stored: Option<String> =
            sqlx::query("SELECT body FROM programs WHERE code = $1 AND id = $2")
                .bind(code)
                .bind(program.id.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("body"))
                .transpose()?;
        let ok = match (expected, &stored) {
            (ProgramExpected::New, None) => true,
            (ProgramExpected::Fingerprint(f), Some(body)) => &sha_hex(body) == f,
            _ => false,
        };
        if !ok {
            return Err(StoreError::Conflict {
                what: format!("initiative {}", program.id),
                current: i64::from(stored.is_some()),
            });
        }
        let top: i64 =
            sqlx::query("SELECT COALESCE(MAX(position), 0) AS top FROM programs WHERE code = $1")
                .bind(code)
                .fetch_one(&mut *tx)
                .await?
                .try_get("top")?;
        upsert_program(&mut tx, code, program, top + 1, actor, &at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every budget line, by initiative and year.
    pub async fn budget_lines(&self, code: &str) -> Result<Vec<BudgetRow>> {
        let rows = sqlx::query(
            "SELECT body, version FROM budget_lines WHERE code = $1 ORDER BY program, fiscal_year",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BudgetRow {
                    line: body(r, "budget line")?,
                    version: r.try_get("version")?,
                })
            })
            .collect()
    }

    /// Writes initiatives and budget lines in one transaction: all or
    /// nothing. Rows equal to the stored ones are skipped, so importing the
    /// same file twice changes nothing the second time. The caller has
    /// validated them against the plan.
    pub async fn import_budget(
        &self,
        code: &str,
        programs: &[Program],
        lines: &[BudgetLine],
        actor: &str,
    ) -> Result<ImportSummary> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let start: i64 =
            sqlx::query("SELECT COALESCE(MAX(position), 0) AS top FROM programs WHERE code = $1")
                .bind(code)
                .fetch_one(&mut *tx)
                .await?
                .try_get("top")?;
        let mut summary = ImportSummary::default();
        for (i, p) in programs.iter().enumerate() {
            let position = start + 1 + i64::try_from(i).unwrap_or(i64::MAX - start - 1);
            match upsert_program(&mut tx, code, p, position, actor, &at).await? {
                true => summary.recorded += 1,
                false => summary.unchanged += 1,
            }
        }
        for l in lines {
            match upsert_line(&mut tx, code, l, Expected::Any, actor, &at).await? {
                Some(_) => summary.recorded += 1,
                None => summary.unchanged += 1,
            }
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// Writes one budget line if it is still at `expected`; returns the new
    /// version (the old one when nothing changed).
    pub async fn set_budget_line(
        &self,
        code: &str,
        line: &BudgetLine,
        expected: Expected,
        actor: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let written = upsert_line(&mut tx, code, line, expected, actor, &now()).await?;
        tx.commit().await?;
        match (written, expected) {
            (Some(v), _) => Ok(v),
            (None, Expected::Version(v)) => Ok(v),
            (None, _) => Ok(self
                .budget_lines(code)
                .await?
                .into_iter()
                .find(|r| r.line.program == line.program && r.line.year == line.year)
                .map_or(0, |r| r.version)),
        }
    }

    /// The (year, stage) pairs published on the portal.
    pub async fn budget_publication(&self, code: &str) -> Result<Vec<(i32, PublishStage)>> {
        let rows = sqlx::query(
            "SELECT fiscal_year, stage FROM budget_publication WHERE code = $1 ORDER BY fiscal_year, stage",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let stage: String = r.try_get("stage")?;
                let stage = PublishStage::parse(&stage)
                    .ok_or_else(|| StoreError::Corrupt(format!("publication stage {stage}")))?;
                Ok((r.try_get("fiscal_year")?, stage))
            })
            .collect()
    }

    /// Publishes (or, with `published == false`, withdraws) a year's
    /// budget or settlement figures on the portal.
    pub async fn set_budget_publication(
        &self,
        code: &str,
        year: i32,
        stage: PublishStage,
        published: bool,
        actor: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM budget_publication WHERE code = $1 AND fiscal_year = $2 AND stage = $3",
        )
        .bind(code)
        .bind(year)
        .bind(stage.keyword())
        .execute(&mut *tx)
        .await?;
        if published {
            sqlx::query(
                "INSERT INTO budget_publication (code, fiscal_year, stage, published_at, actor) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(code)
            .bind(year)
            .bind(stage.keyword())
            .bind(&at)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
        }
        let entity = format!("budget/{year}/{}", stage.keyword());
        let change = Change {
            actor,
            code: Some(code),
            action: if published {
                "budget.publish"
            } else {
                "budget.withdraw"
            },
            entity: &entity,
            before: None,
            after: Some(published.to_string()),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The budgets proposed in a (draft) edition, by initiative.
    pub async fn proposals(&self, code: &str, edition: &str) -> Result<Vec<Proposal>> {
        let rows = sqlx::query(
            "SELECT body FROM budget_proposals WHERE code = $1 AND edition = $2 ORDER BY program",
        )
        .bind(code)
        .bind(edition)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| body(r, "budget proposal")).collect()
    }

    /// Records (replacing) the budget proposed for an initiative in a draft edition.
    pub async fn set_proposal(&self, code: &str, proposal: &Proposal, actor: &str) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query(
            "SELECT body FROM budget_proposals WHERE code = $1 AND edition = $2 AND program = $3",
        )
        .bind(code)
        .bind(proposal.edition.as_str())
        .bind(proposal.program.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("body"))
        .transpose()?;
        sqlx::query(
            "DELETE FROM budget_proposals WHERE code = $1 AND edition = $2 AND program = $3",
        )
        .bind(code)
        .bind(proposal.edition.as_str())
        .bind(proposal.program.as_str())
        .execute(&mut *tx)
        .await?;
        let after = audit::json(proposal)?;
        sqlx::query(
            "INSERT INTO budget_proposals (code, edition, program, fiscal_year, body, updated_at, actor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(code)
        .bind(proposal.edition.as_str())
        .bind(proposal.program.as_str())
        .bind(proposal.year.year())
        .bind(&after)
        .bind(&at)
        .bind(actor)
        .execute(&mut *tx)
        .await?;
        let entity = format!("proposal/{}/{}", proposal.edition, proposal.program);
        let change = Change {
            actor,
            code: Some(code),
            action: "proposal.put",
            entity: &entity,
            before,
            after: Some(after),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }
}
