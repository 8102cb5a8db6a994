//! Department scope: which projects and indicators a department answers
//! for. The plan itself defines it: a department is in scope of a project
//! when it is the project's lead (主管部) or one of its related departments
//! (関係部), and of every indicator printed in that project's KPI tables.
//! Staff permissions and the per-department entry workbook both use this.

use crate::ids::{DepartmentId, IndicatorId, ProjectId};
use crate::plan::{Plan, Project};
use std::collections::BTreeSet;

/// Whether `dept` is lead or related department of `project`.
pub fn serves(project: &Project, dept: &DepartmentId) -> bool {
    project.lead.contains(dept) || project.related.contains(dept)
}

/// Whether any of `depts` leads `project` (may submit its self-evaluation).
pub fn leads(project: &Project, depts: &[DepartmentId]) -> bool {
    depts.iter().any(|d| project.lead.contains(d))
}

/// The projects one of `depts` serves, in plan order.
pub fn projects_of<'a>(plan: &'a Plan, depts: &[DepartmentId]) -> Vec<&'a Project> {
    plan.projects
        .iter()
        .filter(|p| depts.iter().any(|d| serves(p, d)))
        .collect()
}

/// The indicators in scope of `depts`, in the plan's indicator order.
pub fn indicators_of(plan: &Plan, depts: &[DepartmentId]) -> Vec<IndicatorId> {
    let ids: BTreeSet<&IndicatorId> = projects_of(plan, depts)
        .into_iter()
        .flat_map(|p| {
            p.tables
                .iter()
                .flat_map(|t| t.rows.iter().map(|r| &r.indicator))
        })
        .collect();
    plan.indicators
        .iter()
        .filter(|i| ids.contains(&i.id))
        .map(|i| i.id.clone())
        .collect()
}

/// Whether an indicator is in scope of `depts`.
pub fn covers_indicator(plan: &Plan, depts: &[DepartmentId], id: &IndicatorId) -> bool {
    plan.appearances(id)
        .any(|(p, _, _)| depts.iter().any(|d| serves(p, d)))
}

/// The projects whose KPI tables print an indicator.
pub fn projects_printing<'a>(plan: &'a Plan, id: &'a IndicatorId) -> Vec<&'a ProjectId> {
    let mut out: Vec<&ProjectId> = plan.appearances(id).map(|(p, _, _)| &p.id).collect();
    out.dedup();
    out
}
