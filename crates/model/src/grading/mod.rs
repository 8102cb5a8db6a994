//! Grading KPIs: an indicator's actual for a fiscal year, judged by a rubric,
//! becomes a [`Grade`] that says which level it reached and why.
//!
//! Rubrics are data ([`rubric::Rubric`], shipped as TOML files under
//! `data/rubrics/` and read by `keikaku-ingest`): the base progress is
//! measured from, the target it is measured against, ordered levels with
//! rules on [`metrics`] and the level for "no valid figure". [`evaluate`]
//! is a pure function of the plan's years ([`EvalContext`]), the indicator,
//! the reported actuals, the year and the rubric. All arithmetic is exact
//! (`rust_decimal`); percentages are kept exact in [`Metrics`] and rounded
//! (one decimal, half away from zero) only in the [`Explanation`] texts.
//! A grade without a valid figure is the rubric's missing level with a
//! reason, never a zero. The method and the shipped rubrics are documented
//! in `docs/grading.md`.

mod evaluate;
mod explain;
pub mod metrics;
pub mod rubric;

pub use evaluate::evaluate;
pub use metrics::Metrics;
pub use rubric::{
    BaseChoice, Level, LevelLabel, Metric, Range, Rubric, RubricError, Rule, TargetChoice, Tone,
};

use crate::fiscal_year::FiscalYear;
use crate::ids::IndicatorId;
use crate::indicator::{Column, KpiValue};
use crate::plan::{Plan, Years};
use crate::quantity::Unit;
use rust_decimal::Decimal;
use serde::Serialize;

/// The parts of a plan evaluation needs besides the indicator: the years of
/// the edition (which decide when the interim target applies) and of the
/// comprehensive plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EvalContext {
    /// The implementation-plan edition's years (`plan.edition.years`).
    pub edition_years: Years,
    /// The comprehensive plan's years (`plan.plan.years`).
    pub plan_years: Years,
}

impl EvalContext {
    /// The context of a plan.
    pub fn of(plan: &Plan) -> Self {
        EvalContext {
            edition_years: plan.edition.years,
            plan_years: plan.plan.years,
        }
    }
    /// A context from the two year ranges.
    pub fn new(edition_years: Years, plan_years: Years) -> Self {
        EvalContext {
            edition_years,
            plan_years,
        }
    }
}

/// What an input figure of a grade is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputRole {
    /// The reported actual for the evaluation year.
    Actual,
    /// The base progress is measured from (initial value or baseline actual).
    Base,
    /// The target judged against (a printed target, or the prorated value).
    Target,
    /// The trajectory value for the year (used by `trajectory_rate`).
    Trajectory,
}

/// One figure a grade was computed from, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    /// What the figure is.
    pub role: InputRole,
    /// The KPI-table column it was printed in; `None` for actuals and for
    /// computed trajectory values.
    pub column: Option<Column>,
    /// The exact amount.
    pub amount: Decimal,
    /// Its unit.
    pub unit: Unit,
    /// The period as written (`2018年3月卒`); for computed values the
    /// fiscal year (`2024年度`).
    pub period: String,
    /// The fiscal year the figure belongs to.
    pub fiscal_year: FiscalYear,
}

impl Input {
    /// An input from a printed KPI value.
    pub(crate) fn from_value(role: InputRole, column: Column, v: &KpiValue) -> Self {
        Input {
            role,
            column: Some(column),
            amount: v.quantity.amount,
            unit: v.quantity.unit.clone(),
            period: v.period.written().to_owned(),
            fiscal_year: v.period.fiscal_year(),
        }
    }
}

/// How a grade came about, for people: formulas with the numbers put in,
/// the inputs with their periods, and the rule that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The formulas of the metrics that decided the grade, in Japanese, e.g.
    /// `達成率 = (実績値 − 初期値) ÷ (目標値 − 初期値) = (55.0 − 45.0) ÷ (61.1 − 45.0) = 62.1%`;
    /// for a missing grade, the reason.
    pub formula_ja: String,
    /// The same in English, e.g.
    /// `achievement rate = (actual − initial) / (target − initial) = (55.0 − 45.0) / (61.1 − 45.0) = 62.1%`.
    pub formula_en: String,
    /// The figures used: actual, base, target, trajectory (those available).
    pub inputs: Vec<Input>,
    /// Which rule matched, e.g. `trajectory_rate 62.5% ≥ 50%`; `fallback: …`
    /// or `missing: …` otherwise.
    pub matched: String,
    /// The same in Japanese, e.g. `按分達成率 62.5%（50%以上）`.
    pub matched_ja: String,
}

/// The grade of one indicator for one fiscal year under one rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The evaluation year.
    pub year: FiscalYear,
    /// The rubric's name.
    pub rubric: String,
    /// The rubric's version.
    pub rubric_version: u32,
    /// The level reached (the rubric's missing level when there is no valid figure).
    pub level: LevelLabel,
    /// Why the grade is the missing level (English); `None` otherwise.
    pub missing_reason: Option<String>,
    /// The same reason in Japanese.
    pub missing_reason_ja: Option<String>,
    /// The metrics, exact.
    pub metrics: Metrics,
    /// Formulas, inputs and the matched rule.
    pub explanation: Explanation,
}

impl Grade {
    /// Whether the grade is the rubric's missing level.
    pub fn is_missing(&self) -> bool {
        self.missing_reason.is_some()
    }

    /// One line in Japanese, e.g.
    /// `KPI-01 2024年度: 概ね順調に推移又は現状維持（按分達成率 62.5%（50%以上））`.
    pub fn summary_ja(&self) -> String {
        let why = self
            .missing_reason_ja
            .as_deref()
            .unwrap_or(&self.explanation.matched_ja);
        format!(
            "{} {}: {}（{}）",
            self.indicator, self.year, self.level.ja, why
        )
    }

    /// One line in English, e.g.
    /// `KPI-01 FY2024: Roughly on track or holding (trajectory_rate 62.5% ≥ 50%)`.
    pub fn summary_en(&self) -> String {
        let why = self
            .missing_reason
            .as_deref()
            .unwrap_or(&self.explanation.matched);
        format!(
            "{} FY{}: {} ({})",
            self.indicator,
            self.year.year(),
            self.level.en,
            why
        )
    }
}
