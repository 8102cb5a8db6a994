//! Administrative reform (行財政改革) use cases: import reform items or their
//! statuses from a CSV file, set one item's status in a fiscal year, and
//! read everything with each item's latest status.
//!
//! Everything is validated before anything is written: items against the
//! current plan (owner department, policy items, key initiatives, the
//! comprehensive plan's period) and the budget catalogue's initiatives
//! ([`App::known_programs`]); statuses against the stored items. An import
//! is then written in one transaction: all or nothing. Reform items are
//! published plan information, so the portal shows all of them.

use crate::{Actor, App, AppError};
use keikaku_ingest::reform::{Known, ReformKind, read_reform};
use keikaku_model::budget::Program;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{ProgramId, ReformId};
use keikaku_model::reform::{ReformItem, ReformStatus};
use keikaku_store::actuals::ImportSummary;
use keikaku_store::reform::ReformStatusRow;
use std::collections::BTreeSet;

/// Everything reform views need besides the plan.
#[derive(Debug, Clone, Default)]
pub struct ReformData {
    /// The reform items, in the order they were added.
    pub items: Vec<ReformItem>,
    /// Every status with who set it and when, by item and year.
    pub statuses: Vec<ReformStatusRow>,
    /// The budget catalogue, for the names of linked initiatives.
    pub programs: Vec<Program>,
}

impl ReformData {
    /// The statuses as plain values.
    pub fn plain_statuses(&self) -> Vec<ReformStatus> {
        self.statuses.iter().map(|r| r.status.clone()).collect()
    }

    /// An item by ID.
    pub fn item(&self, id: &str) -> Option<&ReformItem> {
        self.items.iter().find(|i| i.id.as_str() == id)
    }

    /// An item's newest status (highest fiscal year).
    pub fn latest(&self, id: &ReformId) -> Option<&ReformStatusRow> {
        self.statuses
            .iter()
            .filter(|r| &r.status.item == id)
            .max_by_key(|r| r.status.year)
    }

    /// An item's status in a year.
    pub fn status_in(&self, id: &ReformId, year: FiscalYear) -> Option<&ReformStatusRow> {
        self.statuses
            .iter()
            .find(|r| &r.status.item == id && r.status.year == year)
    }

    /// The fiscal years with any status, oldest first.
    pub fn years(&self) -> Vec<FiscalYear> {
        keikaku_model::reform::years(&self.plain_statuses())
    }

    /// The name of a linked initiative, if the catalogue has it.
    pub fn program_name(&self, id: &ProgramId) -> Option<&str> {
        self.programs
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.name.as_str())
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReformImport {
    /// Which kind of file it was.
    pub kind: ReformKind,
    /// Rows read.
    pub rows: usize,
    /// Rows written and rows already so.
    pub summary: ImportSummary,
}

fn messages(errors: &[keikaku_model::reform::ReformError], what: &str) -> Vec<String> {
    errors.iter().map(|e| format!("{what}: {e}")).collect()
}

impl App {
    /// The initiative IDs reform items may link to: the budget catalogue's.
    pub async fn known_programs(&self, code: &str) -> Result<BTreeSet<ProgramId>, AppError> {
        Ok(self
            .store()
            .programs(code)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect())
    }

    /// Every reform item with its statuses and the initiative catalogue
    /// (for names); the plan they link to is [`App::current_plan`].
    pub async fn reform(&self, code: &str) -> Result<ReformData, AppError> {
        Ok(ReformData {
            items: self.store().reform_items(code).await?,
            statuses: self.store().reform_statuses(code).await?,
            programs: self.store().programs(code).await?,
        })
    }

    /// Imports a reform items file or a status file (told apart by its
    /// header; format in `docs/reform.md`): every row checked first, every
    /// problem reported with its line and column, then all rows written in
    /// one transaction, or nothing.
    pub async fn import_reform(
        &self,
        code: &str,
        bytes: &[u8],
        actor: &Actor,
    ) -> Result<ReformImport, AppError> {
        let plan = self.current_plan(code).await?;
        let programs = self.known_programs(code).await?;
        let items: BTreeSet<ReformId> = self
            .store()
            .reform_items(code)
            .await?
            .into_iter()
            .map(|i| i.id)
            .collect();
        let known = Known {
            plan: &plan,
            programs: &programs,
            items: &items,
        };
        let file = read_reform(bytes, known)
            .map_err(|e| AppError::Invalid(e.errors.iter().map(ToString::to_string).collect()))?;
        let summary = self
            .store()
            .import_reform(code, &file.items, &file.statuses, &actor.0)
            .await?;
        Ok(ReformImport {
            kind: file.kind,
            rows: file.items.len() + file.statuses.len(),
            summary,
        })
    }

    /// Adds or replaces reform items given as values (validated like an
    /// imported file), in one transaction.
    pub async fn put_reform_items(
        &self,
        code: &str,
        items: &[ReformItem],
        actor: &Actor,
    ) -> Result<ImportSummary, AppError> {
        let plan = self.current_plan(code).await?;
        let programs = self.known_programs(code).await?;
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for item in items {
            if !seen.insert(&item.id) {
                problems.push(format!("reform item {}: listed twice", item.id));
            }
            if let Err(e) = item.check(&plan, &programs) {
                problems.extend(messages(&e, &format!("reform item {}", item.id)));
            }
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(self
            .store()
            .import_reform(code, items, &[], &actor.0)
            .await?)
    }

    /// Sets one item's status in a fiscal year (replacing that year's
    /// earlier one); returns whether anything changed.
    pub async fn set_reform_status(
        &self,
        code: &str,
        status: &ReformStatus,
        actor: &Actor,
    ) -> Result<bool, AppError> {
        let plan = self.current_plan(code).await?;
        let items: BTreeSet<ReformId> = self
            .store()
            .reform_items(code)
            .await?
            .into_iter()
            .map(|i| i.id)
            .collect();
        status.check(&plan, &items).map_err(|e| {
            let what = format!("status of {} in FY{}", status.item, status.year.year());
            AppError::Invalid(messages(&e, &what))
        })?;
        Ok(self
            .store()
            .set_reform_status(code, status, &actor.0)
            .await?)
    }
}
