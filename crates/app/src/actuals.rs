//! Recording and importing actuals: values are checked against the current
//! edition (known indicator, its unit) before storage records them. Files
//! come as CSV ([`App::import_actuals`]) or as a department's entry
//! workbook ([`App::import_workbook`]); both go through the same checks and
//! the same all-or-nothing storage import.

use crate::{Actor, App, AppError};
use keikaku_ingest::actuals::read_actuals;
use keikaku_ingest::workbook::{WorkbookMeta, read_workbook, workbook_year};
use keikaku_model::actual::{ActualValue, RecordedActual};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::Plan;
use keikaku_store::{Expected, ImportSummary, Recorded};

/// Which entry workbook an import expects; `None` accepts any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkbookExpectation {
    /// The department the workbook must be for.
    pub department: Option<DepartmentId>,
    /// The fiscal year the workbook must be for.
    pub year: Option<FiscalYear>,
}

/// Checks that a value fits the plan: a known indicator and its unit.
pub fn check_value(plan: &Plan, value: &ActualValue) -> Result<(), AppError> {
    let indicator = plan.indicator(&value.indicator).ok_or_else(|| {
        AppError::Invalid(vec![format!(
            "{} is not an indicator of edition {}",
            value.indicator, plan.edition.id
        )])
    })?;
    if indicator.unit != value.quantity.unit {
        return Err(AppError::Invalid(vec![format!(
            "unit 「{}」 does not match the unit 「{}」 of {} {}",
            value.quantity.unit, indicator.unit, indicator.id, indicator.name
        )]));
    }
    Ok(())
}

impl App {
    /// Imports an actuals CSV (UTF-8 or CP932): every row is validated first;
    /// any problem rejects the whole file; then all rows are stored in one
    /// transaction.
    pub async fn import_actuals(
        &self,
        code: &str,
        bytes: &[u8],
        actor: &Actor,
    ) -> Result<ImportSummary, AppError> {
        let plan = self.current_plan(code).await?;
        let file = read_actuals(bytes, &plan)
            .map_err(|e| AppError::Invalid(e.errors.iter().map(ToString::to_string).collect()))?;
        let values: Vec<ActualValue> = file.rows.into_iter().map(|r| r.value).collect();
        Ok(self.store().import_actuals(code, &values, &actor.0).await?)
    }

    /// Imports a filled entry workbook (`.xlsx`): the workbook must be for
    /// this municipality and its current edition (and for the expected
    /// department and year, when given); every filled row is checked like a
    /// CSV row; any problem rejects the whole workbook, each named with its
    /// sheet, row and column; then all values are stored in one transaction.
    pub async fn import_workbook(
        &self,
        code: &str,
        bytes: &[u8],
        expect: &WorkbookExpectation,
        actor: &Actor,
    ) -> Result<(WorkbookMeta, ImportSummary), AppError> {
        // The workbook's department is checked against the organisation of
        // the year it is for (a department created by a reorganisation, or
        // the responsibilities it took over).
        let plan = match expect.year.or_else(|| workbook_year(bytes)) {
            Some(year) => self.acting_plan(code, year).await?,
            None => self.current_plan(code).await?,
        };
        let invalid = |e: keikaku_ingest::workbook::WorkbookError| {
            AppError::Invalid(e.errors.iter().map(ToString::to_string).collect())
        };
        let file = read_workbook(bytes, &plan).map_err(invalid)?;
        file.meta
            .expect(expect.department.as_ref(), expect.year)
            .map_err(invalid)?;
        let values: Vec<ActualValue> = file.rows.into_iter().map(|r| r.value).collect();
        let summary = self.store().import_actuals(code, &values, &actor.0).await?;
        Ok((file.meta, summary))
    }

    /// Records one value; `expected` guards against lost updates.
    pub async fn record_actual(
        &self,
        code: &str,
        value: &ActualValue,
        expected: Expected,
        actor: &Actor,
    ) -> Result<Recorded, AppError> {
        let plan = self.current_plan(code).await?;
        check_value(&plan, value)?;
        Ok(self
            .store()
            .record_actual(code, value, expected, &actor.0)
            .await?)
    }

    /// Current values of every indicator and year.
    pub async fn current_actuals(&self, code: &str) -> Result<Vec<RecordedActual>, AppError> {
        Ok(self.store().current_actuals(code).await?)
    }
}
