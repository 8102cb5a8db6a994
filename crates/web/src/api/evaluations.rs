//! Evaluations: the fiscal years with actuals, each graded with the default
//! rubric — the rubric itself, roll-ups, and every indicator's explained
//! grade with its expected value and forecast.

use super::types::{FiscalYearLabel, Forecast, Grade, Level, Problem, Rollup, Rollups};
use super::{API_BASE, bad_request, internal, not_found, path_param, snapshot};
use crate::error::WebError;
use crate::snapshot::Live;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading as g;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// An evaluated year in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluationSummary {
    /// The evaluated fiscal year.
    pub year: FiscalYearLabel,
    /// The edition graded against, e.g. `E2022`.
    pub edition: String,
    /// The rubric's name.
    pub rubric: String,
    /// The rubric's version.
    pub rubric_version: u32,
    /// Counts per level for the whole plan.
    pub rollup: Rollup,
    /// Link to the evaluation.
    pub href: String,
}

/// The evaluated years, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluationList {
    /// One entry per fiscal year with at least one actual.
    pub evaluations: Vec<EvaluationSummary>,
}

/// The fiscal years evaluated (every year with at least one actual), oldest first.
#[utoipa::path(
    get,
    path = "/evaluations",
    tag = "evaluations",
    operation_id = "list_evaluations",
    responses(
        (status = 200, description = "The evaluated years", body = EvaluationList),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn evaluations(
    State(live): State<Arc<Live>>,
) -> Result<Json<EvaluationList>, WebError> {
    let snap = snapshot(&live).await?;
    Ok(Json(EvaluationList {
        evaluations: snap
            .evaluations
            .iter()
            .map(|e| EvaluationSummary {
                year: e.year.into(),
                edition: e.edition.clone(),
                rubric: e.rubric.clone(),
                rubric_version: e.rubric_version,
                rollup: Rollup::from(&e.rollup.plan),
                href: format!("{API_BASE}/evaluations/{}", e.year.year()),
            })
            .collect(),
    }))
}

/// The base progress is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RubricBase {
    /// The initial value (初期値).
    Initial,
    /// The edition's baseline actual.
    BaselineActual,
}

/// The target actuals are judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RubricTarget {
    /// The interim target up to the edition's last year, the final target after.
    Year,
    /// Always the interim target.
    Interim,
    /// Always the final target.
    Final,
    /// The trajectory value for the year.
    Prorated,
}

/// A range of percentages; decimals as strings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Range {
    /// Inclusive lower bound.
    pub min: Option<String>,
    /// Inclusive upper bound.
    pub max: Option<String>,
    /// Exclusive lower bound.
    pub above: Option<String>,
    /// Exclusive upper bound.
    pub below: Option<String>,
}

impl From<&g::Range> for Range {
    fn from(r: &g::Range) -> Self {
        let s = |d: Option<rust_decimal::Decimal>| d.map(|d| d.to_string());
        Range {
            min: s(r.min),
            max: s(r.max),
            above: s(r.above),
            below: s(r.below),
        }
    }
}

/// A conjunction of constraints on a grade's metrics.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Rule {
    /// The actual must (not) meet the applicable target.
    pub reached: Option<bool>,
    /// The target must (not) equal the base.
    pub maintain_target: Option<bool>,
    /// Achievement rate in percent.
    pub rate: Option<Range>,
    /// Achievement rate against the trajectory, in percent.
    pub trajectory_rate: Option<Range>,
    /// Gain over the base in percent.
    pub gain: Option<Range>,
}

impl From<&g::Rule> for Rule {
    fn from(r: &g::Rule) -> Self {
        Rule {
            reached: r.reached,
            maintain_target: r.maintain_target,
            rate: r.rate.as_ref().map(Range::from),
            trajectory_rate: r.trajectory_rate.as_ref().map(Range::from),
            gain: r.gain.as_ref().map(Range::from),
        }
    }
}

/// A rubric level with the rules that select it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RubricLevel {
    /// The level.
    pub level: Level,
    /// The level matches when any rule holds; empty for the fallback level.
    pub rules: Vec<Rule>,
}

/// The rubric grades were made with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Rubric {
    /// Stable name, e.g. `tsuruoka-4`.
    pub name: String,
    /// Version.
    pub version: u32,
    /// Japanese title.
    pub title_ja: String,
    /// English title.
    pub title_en: String,
    /// What the rubric is for.
    pub description: String,
    /// The base progress is measured from.
    pub baseline: RubricBase,
    /// The target actuals are judged against.
    pub target: RubricTarget,
    /// Levels, tried in order.
    pub levels: Vec<RubricLevel>,
    /// The level of a grade without a valid figure (never counted as zero).
    pub missing: Level,
}

impl From<&g::Rubric> for Rubric {
    fn from(r: &g::Rubric) -> Self {
        Rubric {
            name: r.name.clone(),
            version: r.version,
            title_ja: r.title_ja.clone(),
            title_en: r.title_en.clone(),
            description: r.description.clone(),
            baseline: match r.baseline {
                g::BaseChoice::Initial => RubricBase::Initial,
                g::BaseChoice::BaselineActual => RubricBase::BaselineActual,
            },
            target: match r.target {
                g::TargetChoice::Year => RubricTarget::Year,
                g::TargetChoice::Interim => RubricTarget::Interim,
                g::TargetChoice::Final => RubricTarget::Final,
                g::TargetChoice::Prorated => RubricTarget::Prorated,
            },
            levels: r
                .levels
                .iter()
                .map(|l| RubricLevel {
                    level: Level::from(&l.label()),
                    rules: l.rules.iter().map(Rule::from).collect(),
                })
                .collect(),
            missing: Level::from(&r.missing),
        }
    }
}

/// One indicator's result in an evaluation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorResult {
    /// The indicator's ID.
    pub indicator: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// The explained grade.
    pub grade: Grade,
    /// The value expected for the year on the trajectory; `null` when there is none.
    pub expected: Option<String>,
    /// Forecast for the comprehensive plan's last year.
    pub forecast: Option<Forecast>,
    /// Link to the indicator.
    pub href: String,
}

/// A graded fiscal year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Evaluation {
    /// Municipality code.
    pub municipality: String,
    /// The edition graded against.
    pub edition: String,
    /// The evaluated fiscal year.
    pub year: FiscalYearLabel,
    /// The comprehensive plan's last year, for which forecasts are made.
    pub final_year: FiscalYearLabel,
    /// The rubric.
    pub rubric: Rubric,
    /// Counts and shares per level: plan, projects, fields, policy items.
    pub rollups: Rollups,
    /// Every indicator's result, in plan order.
    pub indicators: Vec<IndicatorResult>,
}

/// One evaluated fiscal year: the rubric, the roll-ups and every indicator's
/// grade with its explanation.
#[utoipa::path(
    get,
    path = "/evaluations/{year}",
    tag = "evaluations",
    operation_id = "get_evaluation",
    params(("year" = i32, Path, description = "Fiscal year (the Gregorian year it starts in), e.g. `2024`", minimum = 1868, maximum = 2200)),
    responses(
        (status = 200, description = "The evaluation", body = Evaluation),
        (status = 400, description = "The year is not an integer from 1868 to 2200", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The year has not been evaluated (no actuals)", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn evaluation(
    State(live): State<Arc<Live>>,
    year: Result<Path<String>, PathRejection>,
) -> Result<Json<Evaluation>, WebError> {
    let text = path_param(year)?;
    let year = text
        .parse::<i32>()
        .ok()
        .and_then(|y| FiscalYear::new(y).ok())
        .ok_or_else(|| {
            bad_request(format!(
                "「{text}」 is not a fiscal year: write the Gregorian year it starts in, from 1868 to 2200, e.g. 2024"
            ))
        })?;
    let snap = snapshot(&live).await?;
    let Some(e) = snap.evaluation(year) else {
        let years: Vec<String> = snap
            .evaluations
            .iter()
            .map(|e| e.year.year().to_string())
            .collect();
        let known = if years.is_empty() {
            "none yet".to_owned()
        } else {
            years.join(", ")
        };
        return Err(not_found(format!(
            "FY{} has not been evaluated (evaluated years: {known})",
            year.year()
        )));
    };
    if snap.rubric.name != e.rubric {
        tracing::error!(
            rubric = %snap.rubric.name,
            graded_with = %e.rubric,
            "evaluation and snapshot rubric differ"
        );
        return Err(internal());
    }
    Ok(Json(Evaluation {
        municipality: e.municipality.clone(),
        edition: e.edition.clone(),
        year: e.year.into(),
        final_year: e.final_year.into(),
        rubric: Rubric::from(&snap.rubric),
        rollups: Rollups::new(&e.rollup, &snap.plan),
        indicators: e
            .indicators
            .iter()
            .map(|r| IndicatorResult {
                indicator: r.grade.indicator.to_string(),
                name: r.name.clone(),
                unit: r.unit.clone(),
                grade: Grade::from(&r.grade),
                expected: r.expected.map(|d| d.to_string()),
                forecast: r.forecast.as_ref().map(|f| Forecast::new(f, e.final_year)),
                href: format!("{API_BASE}/indicators/{}", r.grade.indicator),
            })
            .collect(),
    }))
}
