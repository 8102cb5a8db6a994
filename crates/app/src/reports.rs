//! What the council's evaluation report is made from, gathered once for
//! every format (HTML, PDF, Excel) and every caller (command line, staff
//! workspace): the current edition, the rubric, the year graded with the
//! current actuals (the council reads drafts under review, so unpublished
//! figures are included), the year's PDCA records in every state, and every
//! budget figure for the cost section (published or not).

use crate::{App, AppError};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{Grade, Rubric};
use keikaku_model::plan::Plan;
use keikaku_model::workflow::PdcaRecord;
use keikaku_report::council::{CouncilInput, CouncilReport};

/// The council report's inputs.
#[derive(Debug, Clone)]
pub struct CouncilData {
    /// The current edition.
    pub plan: Plan,
    /// The rubric graded with.
    pub rubric: Rubric,
    /// The year reported on.
    pub year: FiscalYear,
    /// One grade per indicator for `year`.
    pub grades: Vec<Grade>,
    /// Current actuals of every year.
    pub actuals: Vec<ActualValue>,
    /// The year's PDCA records.
    pub records: Vec<PdcaRecord>,
    /// Every budget figure (staff view).
    pub budget: crate::budget::BudgetData,
    /// The year's cost section, built from `budget`.
    pub cost: keikaku_report::council::cost::CostSection,
}

impl CouncilData {
    /// The report model (for HTML and PDF), with the cost section.
    pub fn report(&self) -> CouncilReport {
        let mut report = keikaku_report::council::build(&CouncilInput {
            plan: &self.plan,
            rubric: &self.rubric,
            year: self.year,
            grades: &self.grades,
            actuals: &self.actuals,
            records: &self.records,
        });
        report.cost = Some(self.cost.clone());
        report
    }

    /// The council workbook (xlsx bytes), with the cost sheet.
    pub fn workbook(&self) -> Result<Vec<u8>, AppError> {
        keikaku_report::xlsx::council_workbook_with_cost(
            &keikaku_report::xlsx::CouncilInput {
                plan: &self.plan,
                year: self.year,
                rubric: &self.rubric,
                grades: &self.grades,
                actuals: &self.actuals,
                records: &self.records,
            },
            Some(&self.cost),
        )
        .map_err(|e| AppError::Internal(format!("the council workbook failed: {e}")))
    }
}

impl App {
    /// Gathers the council report's inputs for a year.
    pub async fn council_data(
        &self,
        code: &str,
        year: FiscalYear,
        rubric: Option<&str>,
    ) -> Result<CouncilData, AppError> {
        let plan = self.current_plan(code).await?;
        let rubric = self.rubric(code, rubric).await?;
        let actuals: Vec<ActualValue> = self
            .current_actuals(code)
            .await?
            .into_iter()
            .map(|a| a.value)
            .collect();
        let evaluation = crate::evaluation::evaluate_year(code, &plan, &rubric, &actuals, year);
        let grades = evaluation.indicators.into_iter().map(|r| r.grade).collect();
        let records = self.pdca_records(code, Some(year)).await?;
        let budget = self.budget(code).await?;
        let cost = keikaku_report::council::cost::build(&budget.book(), year)
            .map_err(|e| AppError::Invalid(vec![format!("the cost of FY{}: {e}", year.year())]))?;
        Ok(CouncilData {
            plan,
            rubric,
            year,
            grades,
            actuals,
            records,
            budget,
            cost,
        })
    }
}
