//! Rows of the initiative catalogue (事業一覧) → [`Program`]s.

use super::Problem;
use super::columns::{Col, Columns};
use super::table::Table;
use keikaku_model::budget::{Program, ProgramLinks};
use keikaku_model::ids::{
    DepartmentId, DirectionId, IndicatorId, KeyInitiativeId, PolicyItemId, ProgramId, ProjectId,
};
use keikaku_model::plan::Plan;
use keikaku_model::text::fold_width;
use std::collections::BTreeSet;
use std::str::FromStr;

/// Reads every row; problems go to `problems`, valid rows are returned.
pub(crate) fn read(
    table: &Table,
    cols: &Columns,
    plan: &Plan,
    problems: &mut Vec<Problem>,
) -> Vec<Program> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let mut row_problems = Vec::new();
        let mut bad = |col: Col, reason: String| {
            row_problems.push(table.problem(*line, &cols.header(col), reason));
        };
        if row.len() > cols.width().max(table.header.len()) {
            bad(
                Col::Id,
                format!(
                    "the row has {} fields but the header has {}: quote values that contain commas",
                    row.len(),
                    table.header.len()
                ),
            );
        }
        let id = match ProgramId::new(cols.cell(row, Col::Id)) {
            Ok(id) if !seen.insert(id.clone()) => {
                bad(
                    Col::Id,
                    format!("initiative {id} appears twice in the table"),
                );
                None
            }
            Ok(id) => Some(id),
            Err(e) => {
                bad(Col::Id, e.to_string());
                None
            }
        };
        let name = cols.cell(row, Col::Name).to_owned();
        if name.is_empty() {
            bad(
                Col::Name,
                "empty name: write the initiative's name (事業名)".into(),
            );
        }
        let department = department(plan, cols.cell(row, Col::Department))
            .map_err(|e| bad(Col::Department, e))
            .ok();
        let key = cols.cell(row, Col::KeyInitiative);
        let key_initiative = if key.is_empty() {
            None
        } else {
            match KeyInitiativeId::new(key) {
                Ok(k)
                    if plan
                        .key_initiatives
                        .iter()
                        .flat_map(|g| &g.initiatives)
                        .any(|i| i.id == k) =>
                {
                    Some(k)
                }
                _ => {
                    bad(
                        Col::KeyInitiative,
                        format!("「{key}」 is not a key initiative of section V (e.g. V2-1)"),
                    );
                    None
                }
            }
        };
        let projects: Vec<ProjectId> = list(cols.cell(row, Col::Projects), "project", |id| {
            plan.project(id).is_some()
        })
        .unwrap_or_else(|e| {
            bad(Col::Projects, e);
            Vec::new()
        });
        let directions: Vec<DirectionId> =
            list(cols.cell(row, Col::Directions), "policy direction", |id| {
                plan.projects
                    .iter()
                    .flat_map(|p| &p.directions)
                    .any(|d| &d.id == id)
            })
            .unwrap_or_else(|e| {
                bad(Col::Directions, e);
                Vec::new()
            });
        let items: Vec<PolicyItemId> = list(cols.cell(row, Col::Items), "policy item", |id| {
            plan.fields
                .iter()
                .flat_map(|f| &f.items)
                .any(|i| &i.id == id)
        })
        .unwrap_or_else(|e| {
            bad(Col::Items, e);
            Vec::new()
        });
        let indicators: Vec<IndicatorId> =
            list(cols.cell(row, Col::Indicators), "indicator", |id| {
                plan.indicator(id).is_some()
            })
            .unwrap_or_else(|e| {
                bad(Col::Indicators, e);
                Vec::new()
            });
        let ok = row_problems.is_empty();
        problems.extend(row_problems);
        if let (true, Some(id), Some(department)) = (ok, id, department) {
            out.push(Program {
                id,
                name,
                department,
                key_initiative,
                links: ProgramLinks {
                    projects,
                    directions,
                    items,
                    indicators,
                },
            });
        }
    }
    out
}

/// A department by ID (`D01`) or by the name the plan prints (企画部).
fn department(plan: &Plan, written: &str) -> Result<DepartmentId, String> {
    let w = fold_width(written.trim());
    if w.is_empty() {
        return Err(
            "empty department: write the owning department's ID or name (e.g. 企画部)".into(),
        );
    }
    plan.departments
        .iter()
        .find(|d| d.id.as_str() == w || d.name == w)
        .map(|d| d.id.clone())
        .ok_or_else(|| {
            format!(
                "「{written}」 is not a department of the plan: expected one of {}",
                plan.departments
                    .iter()
                    .map(|d| format!("{} {}", d.id, d.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// IDs separated by `;` (or `、`), each parsed and checked to exist.
fn list<T: FromStr<Err = keikaku_model::ids::IdError> + PartialEq>(
    cell: &str,
    what: &str,
    exists: impl Fn(&T) -> bool,
) -> Result<Vec<T>, String> {
    let folded = fold_width(cell);
    let mut out: Vec<T> = Vec::new();
    for part in folded
        .split([';', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let id = T::from_str(part).map_err(|e| e.to_string())?;
        if !exists(&id) {
            return Err(format!("{what} {part} is not in the plan"));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}
