//! The plan summary (計画の概要) as data, in the spirit of the published
//! 概要版: the comprehensive plan and edition, the projects under their
//! groups with lead and related departments, summary points, policy
//! directions with their initiatives and the KPI tables as printed, then the
//! basic plan's fields with their goals and policy items.
//!
//! [`build`] is pure: the plan in, the [`PlanSummary`] out.

use crate::figures::{ColumnHeadings, PrintedFigures, department_names, edition_line};
use keikaku_model::plan::{KpiTable, Plan, Project};
use serde::Serialize;

/// The plan summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    /// Title, e.g. `第2次鶴岡市総合計画 実施計画 概要`.
    pub title: String,
    /// The municipality.
    pub municipality: String,
    /// The comprehensive plan's name.
    pub plan_name: String,
    /// Its catchphrase, when the plan has one.
    pub catchphrase: Option<String>,
    /// The comprehensive plan's period, e.g. `2019年度～2028年度`.
    pub plan_years: String,
    /// The edition line.
    pub edition: String,
    /// When the edition was published, as written, e.g. `令和4年3月`.
    pub published: Option<String>,
    /// Column headings of the KPI tables.
    pub headings: ColumnHeadings,
    /// Counts shown on the first page.
    pub totals: Totals,
    /// The projects under their groups.
    pub groups: Vec<GroupSummary>,
    /// The basic plan's fields.
    pub fields: Vec<FieldSummary>,
}

/// How much the plan holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Projects.
    pub projects: usize,
    /// Policy directions over all projects.
    pub directions: usize,
    /// Initiatives over all directions.
    pub initiatives: usize,
    /// Indicators (KPIs).
    pub indicators: usize,
    /// Fields of the basic plan.
    pub fields: usize,
    /// Policy items of the basic plan.
    pub policy_items: usize,
}

/// A project group with its projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupSummary {
    /// Name, e.g. `社会システムを整える`.
    pub name: String,
    /// Its projects, in plan order.
    pub projects: Vec<ProjectSummary>,
}

/// One project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectSummary {
    /// ID, e.g. `P1`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Lead departments (主管部).
    pub lead: Vec<String>,
    /// Related departments (関係部).
    pub related: Vec<String>,
    /// Summary points of the overview page.
    pub summary: Vec<String>,
    /// Policy directions (主な施策の方向) with their initiatives.
    pub directions: Vec<DirectionSummary>,
    /// KPI tables as printed.
    pub tables: Vec<PlainTable>,
}

/// A policy direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectionSummary {
    /// Heading.
    pub name: String,
    /// Initiatives, as written.
    pub initiatives: Vec<String>,
}

/// A KPI table as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlainTable {
    /// ID, e.g. `P1-T2`.
    pub id: String,
    /// Heading (caption).
    pub caption: String,
    /// Rows.
    pub rows: Vec<PlainRow>,
}

/// One indicator of a printed table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlainRow {
    /// The indicator's ID.
    pub indicator: String,
    /// The name as printed in this table.
    pub name: String,
    /// The printed figures.
    pub printed: PrintedFigures,
}

/// A field of the basic plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSummary {
    /// Number as printed.
    pub number: u32,
    /// Name.
    pub name: String,
    /// Goal sentence.
    pub goal: String,
    /// Policy items, `ID 名称`.
    pub items: Vec<String>,
}

/// Builds the plan summary.
pub fn build(plan: &Plan) -> PlanSummary {
    let years = plan.plan.years;
    PlanSummary {
        title: format!("{} 概要", plan.edition.title),
        municipality: plan.municipality.name.clone(),
        plan_name: plan.plan.name.clone(),
        catchphrase: plan.plan.catchphrase.clone(),
        plan_years: format!("{}～{}", years.first(), years.last()),
        edition: edition_line(plan),
        published: plan
            .edition
            .published
            .as_ref()
            .map(|p| p.written().to_owned()),
        headings: ColumnHeadings::of(plan),
        totals: totals(plan),
        groups: plan
            .groups
            .iter()
            .map(|g| GroupSummary {
                name: g.name.clone(),
                projects: plan
                    .projects
                    .iter()
                    .filter(|p| p.group == g.id)
                    .map(|p| project(plan, p))
                    .collect(),
            })
            .collect(),
        fields: plan
            .fields
            .iter()
            .map(|f| FieldSummary {
                number: f.number,
                name: f.name.clone(),
                goal: f.goal.clone(),
                items: f
                    .items
                    .iter()
                    .map(|i| format!("{} {}", i.id, i.name))
                    .collect(),
            })
            .collect(),
    }
}

fn totals(plan: &Plan) -> Totals {
    let directions = plan.projects.iter().flat_map(|p| &p.directions);
    Totals {
        projects: plan.projects.len(),
        directions: directions.clone().count(),
        initiatives: directions.map(|d| d.initiatives.len()).sum(),
        indicators: plan.indicators.len(),
        fields: plan.fields.len(),
        policy_items: plan.policy_item_count(),
    }
}

fn project(plan: &Plan, p: &Project) -> ProjectSummary {
    ProjectSummary {
        id: p.id.to_string(),
        name: p.name.clone(),
        lead: department_names(plan, &p.lead),
        related: department_names(plan, &p.related),
        summary: p.summary.clone(),
        directions: p
            .directions
            .iter()
            .map(|d| DirectionSummary {
                name: d.name.clone(),
                initiatives: d.initiatives.iter().map(|i| i.text.clone()).collect(),
            })
            .collect(),
        tables: p.tables.iter().map(|t| table(plan, t)).collect(),
    }
}

fn table(plan: &Plan, t: &KpiTable) -> PlainTable {
    PlainTable {
        id: t.id.to_string(),
        caption: t.heading.join(" "),
        rows: t
            .rows
            .iter()
            .filter_map(|r| {
                plan.indicator(&r.indicator).map(|i| PlainRow {
                    indicator: i.id.to_string(),
                    name: r.label.clone(),
                    printed: PrintedFigures::of(i),
                })
            })
            .collect(),
    }
}
