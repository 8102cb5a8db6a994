//! Indicators (成果指標): the list, one indicator with its printed values,
//! actuals, trajectory, latest grade and forecast, and its actuals alone.

use super::paging::{PageQuery, Paging, page_type};
use super::plan::latest_grade;
use super::types::{
    Actual, Aggregation, Basis, FiscalYearLabel, Forecast, Grade, GradeSummary, Polarity, Problem,
    Ref, Values,
};
use super::{API_BASE, not_found, path_param, snapshot};
use crate::error::WebError;
use crate::snapshot::{Live, Snapshot};
use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use keikaku_model::actual::ActualValue;
use keikaku_model::grading::EvalContext;
use keikaku_model::indicator::Indicator;
use keikaku_model::trajectory;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// An indicator in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorSummary {
    /// Stable ID, e.g. `KPI-07`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Which way is better.
    pub polarity: Polarity,
    /// How yearly figures accumulate.
    pub aggregation: Aggregation,
    /// For a sub-indicator, the indicator it is part of.
    pub part_of: Option<String>,
    /// Its grade in the latest evaluated year; `null` before any evaluation.
    pub latest_grade: Option<GradeSummary>,
    /// Link to the indicator.
    pub href: String,
}

page_type!(
    /// A page of indicators.
    IndicatorPage,
    IndicatorSummary
);

/// The indicators of the current edition, in order of first appearance.
#[utoipa::path(
    get,
    path = "/indicators",
    tag = "indicators",
    operation_id = "list_indicators",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of indicators", body = IndicatorPage),
        (status = 400, description = "Bad page or per_page", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn indicators(
    State(live): State<Arc<Live>>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<IndicatorPage>, WebError> {
    let paging = Paging::from_query(query)?;
    let snap = snapshot(&live).await?;
    let all = snap
        .plan
        .indicators
        .iter()
        .map(|i| IndicatorSummary {
            id: i.id.to_string(),
            name: i.name.clone(),
            unit: i.unit.to_string(),
            polarity: i.polarity.into(),
            aggregation: i.aggregation.into(),
            part_of: i.part_of.as_ref().map(ToString::to_string),
            latest_grade: latest_grade(&snap, &i.id),
            href: format!("{API_BASE}/indicators/{}", i.id),
        })
        .collect();
    Ok(Json(IndicatorPage::of(all, paging, "/indicators", "")))
}

/// A point of the trajectory: where the plan implies the indicator should be.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrajectoryPoint {
    /// The fiscal year.
    pub year: FiscalYearLabel,
    /// The expected value, exact.
    pub expected: String,
}

/// A KPI table row that prints the indicator.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Appearance {
    /// The project.
    pub project: Ref,
    /// The KPI table, e.g. `P2-T1`.
    pub table: String,
    /// The name printed in that row.
    pub label: String,
    /// Link to the project.
    pub href: String,
}

/// An indicator with everything known about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorDetail {
    /// Stable ID, e.g. `KPI-07`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Explanatory text printed with the name.
    pub description: Option<String>,
    /// For a sub-indicator, the indicator it is part of.
    pub part_of: Option<String>,
    /// The unit of all values.
    pub unit: String,
    /// Which way is better.
    pub polarity: Polarity,
    /// Whether the plan states the polarity or it was inferred.
    pub polarity_basis: Basis,
    /// How yearly figures accumulate.
    pub aggregation: Aggregation,
    /// Whether the aggregation is stated or inferred.
    pub aggregation_basis: Basis,
    /// The four printed values.
    pub values: Values,
    /// Current actuals, oldest fiscal year first.
    pub actuals: Vec<Actual>,
    /// The expected path from the initial value through the interim target
    /// to the final target, one point per fiscal year; empty when the plan
    /// gives no path.
    pub trajectory: Vec<TrajectoryPoint>,
    /// The explained grade of the latest evaluated year; `null` before any evaluation.
    pub latest_grade: Option<Grade>,
    /// Forecast for the comprehensive plan's last year from the observed
    /// figures; `null` with fewer than two years of figures.
    pub forecast: Option<Forecast>,
    /// Policy items the indicator measures.
    pub policy_items: Vec<Ref>,
    /// The KPI-table rows of projects that print the indicator.
    pub projects: Vec<Appearance>,
}

fn find<'a>(snap: &'a Snapshot, id: &str) -> Result<&'a Indicator, WebError> {
    snap.plan
        .indicators
        .iter()
        .find(|i| i.id.as_str() == id)
        .ok_or_else(|| not_found(format!("no indicator {id}")))
}

fn detail(snap: &Snapshot, i: &Indicator) -> IndicatorDetail {
    let plan = &snap.plan;
    let actuals = snap.actuals_of(&i.id);
    let values: Vec<ActualValue> = actuals.iter().map(|a| a.value.clone()).collect();
    let ctx = EvalContext::of(plan);
    let final_year = plan.plan.years.last();
    let points = trajectory::observed_points(i, &values);
    let latest = snap
        .latest()
        .and_then(|e| snap.result(e.year, &i.id))
        .map(|r| Grade::from(&r.grade));
    IndicatorDetail {
        id: i.id.to_string(),
        name: i.name.clone(),
        description: i.description.clone(),
        part_of: i.part_of.as_ref().map(ToString::to_string),
        unit: i.unit.to_string(),
        polarity: i.polarity.into(),
        polarity_basis: i.polarity_basis.into(),
        aggregation: i.aggregation.into(),
        aggregation_basis: i.aggregation_basis.into(),
        values: Values::from(&i.values),
        actuals: actuals.into_iter().map(Actual::from).collect(),
        trajectory: trajectory::path(i, &ctx)
            .into_iter()
            .map(|(y, v)| TrajectoryPoint {
                year: y.into(),
                expected: v.to_string(),
            })
            .collect(),
        latest_grade: latest,
        forecast: trajectory::forecast(i, &points, final_year)
            .map(|f| Forecast::new(&f, final_year)),
        policy_items: i
            .policy_items
            .iter()
            .map(|pid| {
                let name = plan
                    .fields
                    .iter()
                    .flat_map(|f| &f.items)
                    .find(|item| &item.id == pid)
                    .map(|item| item.name.clone())
                    .unwrap_or_default();
                Ref::new(pid, name)
            })
            .collect(),
        projects: plan
            .appearances(&i.id)
            .map(|(p, t, r)| Appearance {
                project: Ref::new(&p.id, p.name.clone()),
                table: t.id.to_string(),
                label: r.label.clone(),
                href: format!("{API_BASE}/projects/{}", p.id),
            })
            .collect(),
    }
}

/// One indicator: printed values, actuals, trajectory, latest grade with
/// its explanation, forecast and the projects that print it.
#[utoipa::path(
    get,
    path = "/indicators/{id}",
    tag = "indicators",
    operation_id = "get_indicator",
    params(("id" = String, Path, description = "Indicator ID, e.g. `KPI-07`")),
    responses(
        (status = 200, description = "The indicator", body = IndicatorDetail),
        (status = 404, description = "No indicator with this ID", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn indicator(
    State(live): State<Arc<Live>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<IndicatorDetail>, WebError> {
    let id = path_param(id)?;
    let snap = snapshot(&live).await?;
    let i = find(&snap, &id)?;
    Ok(Json(detail(&snap, i)))
}

/// An indicator's current actuals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorActuals {
    /// The indicator.
    pub indicator: Ref,
    /// Its unit.
    pub unit: String,
    /// Every current (latest-version) actual, oldest fiscal year first.
    pub actuals: Vec<Actual>,
}

/// Every current actual of an indicator.
#[utoipa::path(
    get,
    path = "/indicators/{id}/actuals",
    tag = "indicators",
    operation_id = "list_indicator_actuals",
    params(("id" = String, Path, description = "Indicator ID, e.g. `KPI-07`")),
    responses(
        (status = 200, description = "The indicator's current actuals", body = IndicatorActuals),
        (status = 404, description = "No indicator with this ID", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn actuals(
    State(live): State<Arc<Live>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<IndicatorActuals>, WebError> {
    let id = path_param(id)?;
    let snap = snapshot(&live).await?;
    let i = find(&snap, &id)?;
    Ok(Json(IndicatorActuals {
        indicator: Ref::new(&i.id, i.name.clone()),
        unit: i.unit.to_string(),
        actuals: snap
            .actuals_of(&i.id)
            .into_iter()
            .map(Actual::from)
            .collect(),
    }))
}
