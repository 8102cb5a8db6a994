//! Grading a fiscal year: every indicator of the current edition is graded
//! with a rubric (shipped, or the municipality's own), together with its
//! expected value on the trajectory and a forecast for the final target
//! year, and the grades are rolled up by project, field and policy item.

use crate::{Actor, App, AppError};
use keikaku_ingest::rubrics;
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, Rubric, evaluate};
use keikaku_model::plan::Plan;
use keikaku_model::rollup::{PlanRollup, by_group};
use keikaku_model::trajectory::{Forecast, expected, forecast, observed_points};
use rust_decimal::Decimal;
use serde::Serialize;

/// One indicator's result.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    /// The indicator's name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// The explained grade.
    pub grade: Grade,
    /// The value expected for the year on the path from the initial value to the targets.
    pub expected: Option<Decimal>,
    /// Forecast for the final target's year from the recorded values.
    pub forecast: Option<Forecast>,
}

/// A graded fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Municipality code.
    pub municipality: String,
    /// Edition graded against.
    pub edition: String,
    /// Year graded.
    pub year: FiscalYear,
    /// The comprehensive plan's last year, for which forecasts are made.
    pub final_year: FiscalYear,
    /// Rubric name.
    pub rubric: String,
    /// Rubric version.
    pub rubric_version: u32,
    /// Per indicator, in plan order.
    pub indicators: Vec<IndicatorResult>,
    /// Counts and shares per level.
    pub rollup: PlanRollup,
}

impl App {
    /// The rubric called `name` (default: tsuruoka-4): the municipality's own
    /// rubrics first, then the shipped ones.
    pub async fn rubric(&self, code: &str, name: Option<&str>) -> Result<Rubric, AppError> {
        let name = name.unwrap_or(rubrics::DEFAULT);
        for stored in self.store().rubrics(code).await? {
            if stored.name == name {
                return rubrics::parse(&stored.body)
                    .map_err(|e| AppError::Internal(format!("stored rubric {name}: {e}")));
            }
        }
        rubrics::by_name(name).ok_or_else(|| {
            let shipped: Vec<&str> = rubrics::SHIPPED.iter().map(|(n, _)| *n).collect();
            AppError::NotFound(format!(
                "no rubric named 「{name}」 (shipped: {})",
                shipped.join(", ")
            ))
        })
    }

    /// Every rubric available to a municipality: its own, then the shipped ones.
    pub async fn rubrics(&self, code: &str) -> Result<Vec<Rubric>, AppError> {
        let mut out = Vec::new();
        for stored in self.store().rubrics(code).await? {
            out.push(
                rubrics::parse(&stored.body).map_err(|e| {
                    AppError::Internal(format!("stored rubric {}: {e}", stored.name))
                })?,
            );
        }
        for r in rubrics::shipped() {
            if !out.iter().any(|o: &Rubric| o.name == r.name) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Adds a municipality's own rubric from its file text (validated first).
    pub async fn add_rubric(
        &self,
        code: &str,
        text: &str,
        actor: &Actor,
    ) -> Result<Rubric, AppError> {
        let rubric = rubrics::parse(text).map_err(|e| AppError::Invalid(vec![e.to_string()]))?;
        self.store()
            .add_rubric(
                code,
                &rubric.name,
                i64::from(rubric.version),
                text,
                &actor.0,
            )
            .await?;
        Ok(rubric)
    }

    /// Grades every indicator of the current edition for a fiscal year.
    pub async fn evaluate(
        &self,
        code: &str,
        year: FiscalYear,
        rubric: Option<&str>,
    ) -> Result<Evaluation, AppError> {
        let plan = self.current_plan(code).await?;
        let rubric = self.rubric(code, rubric).await?;
        let actuals: Vec<_> = self
            .store()
            .current_actuals(code)
            .await?
            .into_iter()
            .map(|a| a.value)
            .collect();
        Ok(evaluate_year(code, &plan, &rubric, &actuals, year))
    }
}

/// Grades every indicator of `plan` for a fiscal year from already loaded
/// actuals (current values) — the pure part of [`App::evaluate`], for callers
/// that grade several years from one load.
pub fn evaluate_year(
    code: &str,
    plan: &Plan,
    rubric: &Rubric,
    actuals: &[ActualValue],
    year: FiscalYear,
) -> Evaluation {
    let ctx = EvalContext::of(plan);
    let final_year = plan.plan.years.last();
    let indicators: Vec<IndicatorResult> = plan
        .indicators
        .iter()
        .map(|i| {
            let mine: Vec<_> = actuals
                .iter()
                .filter(|a| a.indicator == i.id)
                .cloned()
                .collect();
            let points = observed_points(i, &mine);
            IndicatorResult {
                name: i.name.clone(),
                unit: i.unit.to_string(),
                grade: evaluate(&ctx, i, &mine, year, rubric),
                expected: expected(i, &ctx, year),
                forecast: forecast(i, &points, final_year),
            }
        })
        .collect();
    let grades: Vec<Grade> = indicators.iter().map(|r| r.grade.clone()).collect();
    Evaluation {
        municipality: code.to_string(),
        edition: plan.edition.id.to_string(),
        year,
        final_year,
        rubric: rubric.name.clone(),
        rubric_version: rubric.version,
        rollup: by_group(plan, &grades, rubric),
        indicators,
    }
}
