//! The plan's structure: the municipality and its plans, the projects with
//! their departments, directions, initiatives and indicators, and the basic
//! plan's fields with their policy items.

use super::paging::{PageQuery, Paging, page_type};
use super::types::{FiscalYearLabel, GradeSummary, Period, Problem, Ref, Years};
use super::{API_BASE, not_found, path_param, snapshot};
use crate::error::WebError;
use crate::snapshot::{Live, Snapshot};
use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use keikaku_model::ids::IndicatorId;
use keikaku_model::plan as mp;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// The comprehensive plan (総合計画).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComprehensivePlan {
    /// Name, e.g. `第2次鶴岡市総合計画`.
    pub name: String,
    /// Catchphrase (キャッチフレーズ).
    pub catchphrase: Option<String>,
    /// The plan's years.
    pub years: Years,
    /// True when the first year is assumed rather than stated in the document.
    pub first_year_assumed: bool,
}

/// Draft or published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EditionStatus {
    /// Being prepared; may still change.
    Draft,
    /// Published; never changes again.
    Published,
}

impl From<mp::EditionStatus> for EditionStatus {
    fn from(s: mp::EditionStatus) -> Self {
        match s {
            mp::EditionStatus::Draft => EditionStatus::Draft,
            mp::EditionStatus::Published => EditionStatus::Published,
        }
    }
}

/// An edition of the rolling implementation plan (実施計画).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Edition {
    /// Stable ID, e.g. `E2022`.
    pub id: String,
    /// Title as written.
    pub title: String,
    /// Variant note, e.g. `概要版`.
    pub variant: Option<String>,
    /// The edition's years.
    pub years: Years,
    /// The fiscal year of the baseline-actual column.
    pub baseline_year: FiscalYearLabel,
    /// That column's header as written, e.g. `R2(2020)実績値`.
    pub baseline_label: String,
    /// Publication month, when published.
    pub published: Option<Period>,
    /// Draft or published.
    pub status: EditionStatus,
}

impl From<&mp::Edition> for Edition {
    fn from(e: &mp::Edition) -> Self {
        Edition {
            id: e.id.to_string(),
            title: e.title.clone(),
            variant: e.variant.clone(),
            years: e.years.into(),
            baseline_year: e.baseline_year.into(),
            baseline_label: e.baseline_label.clone(),
            published: e.published.as_ref().map(Period::from),
            status: e.status.into(),
        }
    }
}

/// The municipality, its comprehensive plan and the current edition.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Municipality {
    /// 全国地方公共団体コード (six digits with check digit), e.g. `062031`.
    #[schema(example = "062031")]
    pub code: String,
    /// Name, e.g. `鶴岡市`.
    pub name: String,
    /// Prefecture, e.g. `山形県`.
    pub prefecture: Option<String>,
    /// The comprehensive plan.
    pub plan: ComprehensivePlan,
    /// The current edition: the newest published one, which actuals are graded against.
    pub edition: Edition,
}

/// The municipality, its comprehensive plan and the current edition.
#[utoipa::path(
    get,
    path = "/municipality",
    tag = "plan",
    operation_id = "municipality",
    responses(
        (status = 200, description = "The municipality and its plan", body = Municipality),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn municipality(
    State(live): State<Arc<Live>>,
) -> Result<Json<Municipality>, WebError> {
    let snap = snapshot(&live).await?;
    let plan = &snap.plan;
    Ok(Json(Municipality {
        code: snap.code.clone(),
        name: plan.municipality.name.clone(),
        prefecture: plan.municipality.prefecture.clone(),
        plan: ComprehensivePlan {
            name: plan.plan.name.clone(),
            catchphrase: plan.plan.catchphrase.clone(),
            years: plan.plan.years.into(),
            first_year_assumed: plan.plan.first_year_assumed,
        },
        edition: Edition::from(&plan.edition),
    }))
}

/// A department (部局).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Department {
    /// Stable ID.
    pub id: String,
    /// Name as written, e.g. `企画部`.
    pub name: String,
}

fn departments(plan: &mp::Plan, ids: &[keikaku_model::ids::DepartmentId]) -> Vec<Department> {
    ids.iter()
        .map(|id| Department {
            id: id.to_string(),
            name: plan
                .department(id)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
        })
        .collect()
}

fn group(plan: &mp::Plan, id: &keikaku_model::ids::GroupId) -> Ref {
    let name = plan
        .groups
        .iter()
        .find(|g| &g.id == id)
        .map(|g| g.name.clone())
        .unwrap_or_default();
    Ref::new(id, name)
}

/// The distinct indicators of a project's KPI tables, in printed order,
/// with the table and the label of their first row.
fn project_rows(p: &mp::Project) -> Vec<(&IndicatorId, &mp::KpiTable, &mp::TableRow)> {
    let mut out: Vec<(&IndicatorId, &mp::KpiTable, &mp::TableRow)> = Vec::new();
    for t in &p.tables {
        for r in &t.rows {
            if !out.iter().any(|(id, _, _)| *id == &r.indicator) {
                out.push((&r.indicator, t, r));
            }
        }
    }
    out
}

/// A project in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectSummary {
    /// Stable ID, e.g. `P1`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The project group.
    pub group: Ref,
    /// Lead departments (主管部).
    pub lead: Vec<Department>,
    /// Related departments (関係部).
    pub related: Vec<Department>,
    /// SDG goals (1–17).
    pub sdgs: Vec<u8>,
    /// Distinct indicators in the project's KPI tables.
    pub indicator_count: usize,
    /// Link to the project.
    pub href: String,
}

page_type!(
    /// A page of projects.
    ProjectPage,
    ProjectSummary
);

/// The cross-departmental projects (未来創造のプロジェクト), in plan order.
#[utoipa::path(
    get,
    path = "/projects",
    tag = "plan",
    operation_id = "list_projects",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of projects", body = ProjectPage),
        (status = 400, description = "Bad page or per_page", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn projects(
    State(live): State<Arc<Live>>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<ProjectPage>, WebError> {
    let paging = Paging::from_query(query)?;
    let snap = snapshot(&live).await?;
    let plan = &snap.plan;
    let all = plan
        .projects
        .iter()
        .map(|p| ProjectSummary {
            id: p.id.to_string(),
            name: p.name.clone(),
            group: group(plan, &p.group),
            lead: departments(plan, &p.lead),
            related: departments(plan, &p.related),
            sdgs: p.sdgs.clone(),
            indicator_count: project_rows(p).len(),
            href: format!("{API_BASE}/projects/{}", p.id),
        })
        .collect();
    Ok(Json(ProjectPage::of(all, paging, "/projects", "")))
}

/// An initiative (取組).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Initiative {
    /// Stable ID, e.g. `P1-D1-I1`.
    pub id: String,
    /// Text as written.
    pub text: String,
}

/// A policy direction (主な施策の方向) with its initiatives.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Direction {
    /// Stable ID, e.g. `P1-D1`.
    pub id: String,
    /// Heading.
    pub name: String,
    /// Initiatives in order.
    pub initiatives: Vec<Initiative>,
}

/// An indicator of a project's KPI tables.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectIndicator {
    /// The indicator's ID, e.g. `KPI-07`.
    pub id: String,
    /// The indicator's name.
    pub name: String,
    /// The name printed in the project's table (may differ from `name`).
    pub label: String,
    /// The KPI table that prints it first, e.g. `P2-T1`.
    pub table: String,
    /// Unit.
    pub unit: String,
    /// Its grade in the latest evaluated year; `null` before any evaluation.
    pub latest_grade: Option<GradeSummary>,
    /// Link to the indicator.
    pub href: String,
}

/// A project with its departments, directions, initiatives and indicators.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Project {
    /// Stable ID, e.g. `P1`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The project group.
    pub group: Ref,
    /// Lead departments (主管部), by name.
    pub lead: Vec<Department>,
    /// Related departments (関係部), by name.
    pub related: Vec<Department>,
    /// Summary bullets.
    pub summary: Vec<String>,
    /// SDG goals (1–17).
    pub sdgs: Vec<u8>,
    /// Policy directions with their initiatives.
    pub directions: Vec<Direction>,
    /// The distinct indicators of the project's KPI tables, in printed order.
    pub indicators: Vec<ProjectIndicator>,
}

/// The latest grade of an indicator, if any year was evaluated.
pub(super) fn latest_grade(snap: &Snapshot, id: &IndicatorId) -> Option<GradeSummary> {
    let e = snap.latest()?;
    snap.result(e.year, id)
        .map(|r| GradeSummary::from(&r.grade))
}

/// One project.
#[utoipa::path(
    get,
    path = "/projects/{id}",
    tag = "plan",
    operation_id = "get_project",
    params(("id" = String, Path, description = "Project ID, e.g. `P1`")),
    responses(
        (status = 200, description = "The project", body = Project),
        (status = 404, description = "No project with this ID", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn project(
    State(live): State<Arc<Live>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Project>, WebError> {
    let id = path_param(id)?;
    let snap = snapshot(&live).await?;
    let plan = &snap.plan;
    let p = plan
        .projects
        .iter()
        .find(|p| p.id.as_str() == id)
        .ok_or_else(|| not_found(format!("no project {id}")))?;
    let indicators = project_rows(p)
        .into_iter()
        .map(|(iid, t, r)| {
            let i = plan.indicator(iid);
            ProjectIndicator {
                id: iid.to_string(),
                name: i.map(|i| i.name.clone()).unwrap_or_default(),
                label: r.label.clone(),
                table: t.id.to_string(),
                unit: i.map(|i| i.unit.to_string()).unwrap_or_default(),
                latest_grade: latest_grade(&snap, iid),
                href: format!("{API_BASE}/indicators/{iid}"),
            }
        })
        .collect();
    Ok(Json(Project {
        id: p.id.to_string(),
        name: p.name.clone(),
        group: group(plan, &p.group),
        lead: departments(plan, &p.lead),
        related: departments(plan, &p.related),
        summary: p.summary.clone(),
        sdgs: p.sdgs.clone(),
        directions: p
            .directions
            .iter()
            .map(|d| Direction {
                id: d.id.to_string(),
                name: d.name.clone(),
                initiatives: d
                    .initiatives
                    .iter()
                    .map(|i| Initiative {
                        id: i.id.to_string(),
                        text: i.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
        indicators,
    }))
}

/// A policy item (中項目) of the basic plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PolicyItem {
    /// Stable ID, e.g. `F2-05`.
    pub id: String,
    /// Number within its field.
    pub number: u32,
    /// Name.
    pub name: String,
    /// SDG goals (1–17).
    pub sdgs: Vec<u8>,
    /// Indicators that measure the item.
    pub indicators: Vec<Ref>,
}

/// A field (分野) of the basic plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Field {
    /// Stable ID, e.g. `F2`.
    pub id: String,
    /// Number as printed.
    pub number: u32,
    /// Name.
    pub name: String,
    /// Goal sentence.
    pub goal: String,
    /// Policy items in order.
    pub items: Vec<PolicyItem>,
}

/// The basic plan (基本計画): fields with their policy items.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Fields {
    /// Fields in order.
    pub fields: Vec<Field>,
}

/// The basic plan's fields and policy items, with the indicators linked to each item.
#[utoipa::path(
    get,
    path = "/fields",
    tag = "plan",
    operation_id = "list_fields",
    responses(
        (status = 200, description = "The basic plan tree", body = Fields),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn fields(State(live): State<Arc<Live>>) -> Result<Json<Fields>, WebError> {
    let snap = snapshot(&live).await?;
    let plan = &snap.plan;
    let fields = plan
        .fields
        .iter()
        .map(|f| Field {
            id: f.id.to_string(),
            number: f.number,
            name: f.name.clone(),
            goal: f.goal.clone(),
            items: f
                .items
                .iter()
                .map(|item| PolicyItem {
                    id: item.id.to_string(),
                    number: item.number,
                    name: item.name.clone(),
                    sdgs: item.sdgs.clone(),
                    indicators: plan
                        .indicators
                        .iter()
                        .filter(|i| i.policy_items.contains(&item.id))
                        .map(|i| Ref::new(&i.id, i.name.clone()))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(Json(Fields { fields }))
}
