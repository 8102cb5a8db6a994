//! Recording and importing actuals: values are checked against the current
//! edition (known indicator, its unit) before storage records them.

use crate::{Actor, App, AppError};
use keikaku_ingest::actuals::read_actuals;
use keikaku_model::actual::{ActualValue, RecordedActual};
use keikaku_model::plan::Plan;
use keikaku_store::{Expected, ImportSummary, Recorded};

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
