//! Budget use cases: import and edit initiatives and their budget lines
//! (validated against the plan before anything is written), publish a
//! year's figures, read what the public may see, and record the budget
//! proposed for the coming year in a draft edition.
//!
//! What the public sees ([`public_lines`]): a year's 当初/補正 (with funding
//! and personnel) once its budget is published, and its 決算 once its
//! settlement is published. Staff see everything.

use crate::{Actor, App, AppError};
use keikaku_model::budget::rollup::Book;
use keikaku_model::budget::{BudgetLine, Program, Proposal};
use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::{EditionStatus, Plan};
use keikaku_store::actuals::{Expected, ImportSummary};
use keikaku_store::{BudgetRow, ProgramExpected, PublishStage};
use std::collections::BTreeSet;

/// Everything budget views need: the plan, the catalogue, the lines and
/// what is published.
#[derive(Debug, Clone)]
pub struct BudgetData {
    /// The current plan the links refer to.
    pub plan: Plan,
    /// The initiative catalogue.
    pub programs: Vec<Program>,
    /// Budget lines with versions.
    pub rows: Vec<BudgetRow>,
    /// The published (year, stage) pairs.
    pub published: Vec<(i32, PublishStage)>,
    /// The lines as plain values (all of them for staff; the public part for the portal).
    pub lines: Vec<BudgetLine>,
}

impl BudgetData {
    /// The roll-up view over these lines.
    pub fn book(&self) -> Book<'_> {
        Book {
            plan: &self.plan,
            programs: &self.programs,
            lines: &self.lines,
        }
    }

    /// An initiative by ID.
    pub fn program(&self, id: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.id.as_str() == id)
    }

    /// Whether a year's stage is published.
    pub fn is_published(&self, year: i32, stage: PublishStage) -> bool {
        self.published.contains(&(year, stage))
    }
}

/// The part of `lines` the public may see under `published`: lines of
/// years whose budget is published, with the settlement removed unless
/// the year's settlement is published too.
pub fn public_lines(lines: &[BudgetLine], published: &[(i32, PublishStage)]) -> Vec<BudgetLine> {
    lines
        .iter()
        .filter(|l| published.contains(&(l.year.year(), PublishStage::Budget)))
        .map(|l| {
            let mut l = l.clone();
            if !published.contains(&(l.year.year(), PublishStage::Settlement)) {
                l.settlement = None;
            }
            l
        })
        .collect()
}

/// The department IDs initiatives may be owned by.
pub fn known_departments(plan: &Plan) -> BTreeSet<DepartmentId> {
    plan.departments.iter().map(|d| d.id.clone()).collect()
}

/// Checks initiatives and lines against the plan and the catalogue (the
/// stored one plus those being imported); one message per problem.
pub fn check_budget(
    plan: &Plan,
    stored: &[Program],
    programs: &[Program],
    lines: &[BudgetLine],
) -> Vec<String> {
    let departments = known_departments(plan);
    let mut problems = Vec::new();
    for p in programs {
        if let Err(e) = p.check(plan, &departments) {
            problems.push(format!("initiative {}: {e}", p.id));
        }
    }
    let known: BTreeSet<&str> = stored
        .iter()
        .chain(programs)
        .map(|p| p.id.as_str())
        .collect();
    for l in lines {
        if !known.contains(l.program.as_str()) {
            problems.push(format!(
                "budget of {} in FY{}: no initiative {} in the catalogue; import it first or in the same run",
                l.program,
                l.year.year(),
                l.program
            ));
        } else if let Err(e) = l.check() {
            problems.push(format!(
                "budget of {} in FY{}: {e}",
                l.program,
                l.year.year()
            ));
        }
    }
    problems
}

impl App {
    /// Every budget figure, for staff.
    pub async fn budget(&self, code: &str) -> Result<BudgetData, AppError> {
        let plan = self.plan_with_every_department(code).await?;
        let programs = self.store().programs(code).await?;
        let rows = self.store().budget_lines(code).await?;
        let published = self.store().budget_publication(code).await?;
        let lines = rows.iter().map(|r| r.line.clone()).collect();
        Ok(BudgetData {
            plan,
            programs,
            rows,
            published,
            lines,
        })
    }

    /// The budget figures the public may see.
    pub async fn public_budget(&self, code: &str) -> Result<BudgetData, AppError> {
        let mut data = self.budget(code).await?;
        data.lines = public_lines(&data.lines, &data.published);
        data.rows.retain(|r| {
            data.published
                .contains(&(r.line.year.year(), PublishStage::Budget))
        });
        Ok(data)
    }

    /// Imports initiatives and budget lines: validated first, then written
    /// in one transaction, or nothing at all.
    pub async fn import_budget(
        &self,
        code: &str,
        programs: &[Program],
        lines: &[BudgetLine],
        actor: &Actor,
    ) -> Result<ImportSummary, AppError> {
        let plan = self.plan_with_every_department(code).await?;
        let stored = self.store().programs(code).await?;
        let problems = check_budget(&plan, &stored, programs, lines);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(self
            .store()
            .import_budget(code, programs, lines, &actor.0)
            .await?)
    }

    /// Adds or changes one initiative: validated against the plan, then
    /// written only if the stored one is still as `expected` (a new ID must
    /// be free; an edit must find the initiative it loaded), in one write
    /// transaction.
    pub async fn put_program(
        &self,
        code: &str,
        program: &Program,
        expected: &ProgramExpected,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let plan = self.plan_with_every_department(code).await?;
        let problems = check_budget(&plan, &[], std::slice::from_ref(program), &[]);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(self
            .store()
            .put_program(code, program, expected, &actor.0)
            .await?)
    }

    /// Writes one budget line if it is still at `expected`.
    pub async fn set_budget_line(
        &self,
        code: &str,
        line: &BudgetLine,
        expected: Expected,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let plan = self.plan_with_every_department(code).await?;
        let stored = self.store().programs(code).await?;
        let problems = check_budget(&plan, &stored, &[], std::slice::from_ref(line));
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(self
            .store()
            .set_budget_line(code, line, expected, &actor.0)
            .await?)
    }

    /// Publishes or withdraws a year's budget or settlement figures.
    pub async fn publish_budget(
        &self,
        code: &str,
        year: i32,
        stage: PublishStage,
        published: bool,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let has_lines = self
            .store()
            .budget_lines(code)
            .await?
            .iter()
            .any(|r| r.line.year.year() == year);
        if published && !has_lines {
            return Err(AppError::Invalid(vec![format!(
                "FY{year} has no budget lines to publish"
            )]));
        }
        let published_stages = self.store().budget_publication(code).await?;
        if published
            && stage == PublishStage::Settlement
            && !published_stages.contains(&(year, PublishStage::Budget))
        {
            return Err(AppError::Invalid(vec![format!(
                "publish FY{year}'s budget before its settlement: the portal shows a settlement beside its budget"
            )]));
        }
        if !published
            && stage == PublishStage::Budget
            && published_stages.contains(&(year, PublishStage::Settlement))
        {
            return Err(AppError::Invalid(vec![format!(
                "withdraw FY{year}'s settlement before its budget"
            )]));
        }
        Ok(self
            .store()
            .set_budget_publication(code, year, stage, published, &actor.0)
            .await?)
    }

    /// Records the budget proposed for an initiative in a draft edition.
    /// The edition must be a draft and the year one of its years.
    pub async fn set_proposal(
        &self,
        code: &str,
        proposal: &Proposal,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let edition = self.edition(code, proposal.edition.as_str()).await?;
        let mut problems = Vec::new();
        if edition.edition.status != EditionStatus::Draft {
            problems.push(format!(
                "edition {} is published; proposals are recorded in a draft edition",
                proposal.edition
            ));
        }
        if !edition.edition.years.contains(proposal.year) {
            problems.push(format!(
                "FY{} is outside edition {} ({}–{})",
                proposal.year.year(),
                proposal.edition,
                edition.edition.years.first().year(),
                edition.edition.years.last().year()
            ));
        }
        if proposal.amount.is_negative() {
            problems.push(format!(
                "the proposed amount {} 千円 is negative",
                proposal.amount
            ));
        }
        let stored = self.store().programs(code).await?;
        if !stored.iter().any(|p| p.id == proposal.program) {
            problems.push(format!(
                "no initiative {} in the catalogue",
                proposal.program
            ));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(self.store().set_proposal(code, proposal, &actor.0).await?)
    }

    /// The budgets proposed in an edition.
    pub async fn proposals(&self, code: &str, edition: &str) -> Result<Vec<Proposal>, AppError> {
        Ok(self.store().proposals(code, edition).await?)
    }
}
