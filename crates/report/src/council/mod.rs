//! The council's evaluation report (評価報告書) for a fiscal year, as data.
//!
//! [`build`] takes the plan, the rubric, one grade per indicator for the year
//! (as `keikaku_app::evaluation::Evaluation` holds them), the current actuals
//! and the year's PDCA records, and returns a [`CouncilReport`]: counts per
//! grade for the whole plan, per project (KPI tables as printed with the
//! year's actual, grade and explanation, one chart per indicator, the PDCA
//! record) and per field (the indicators linked to its policy items and the
//! items' PDCA records). The council reads drafts under review, so every
//! record is shown whatever its workflow state, with the state beside it.
//!
//! Pure: no I/O, same input, same output. The report crate takes these
//! pieces rather than depending on `keikaku-app`, which would bring the
//! store and its database drivers into every writer.

pub mod cost;
pub mod grades;
pub mod model;
pub mod pdca;
mod rows;

pub use model::*;

use crate::figures::{ColumnHeadings, department_names, edition_line};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{Grade, Rubric};
use keikaku_model::plan::{Field, Plan, Project};
use keikaku_model::rollup::{PlanRollup, Rollup, by_group};
use keikaku_model::workflow::{PdcaRecord, Subject};
use rows::RowSource;

/// What the report is made from.
#[derive(Debug, Clone, Copy)]
pub struct CouncilInput<'a> {
    /// The edition the grades were made against.
    pub plan: &'a Plan,
    /// The rubric of the grades.
    pub rubric: &'a Rubric,
    /// The fiscal year evaluated.
    pub year: FiscalYear,
    /// One grade per indicator for `year` (others are ignored).
    pub grades: &'a [Grade],
    /// The current actuals of every year (for the charts and the actual column).
    pub actuals: &'a [ActualValue],
    /// The PDCA records of `year` (others are ignored).
    pub records: &'a [PdcaRecord],
}

/// Builds the council report (see the module documentation).
pub fn build(input: &CouncilInput) -> CouncilReport {
    let plan = input.plan;
    let grades: Vec<Grade> = input
        .grades
        .iter()
        .filter(|g| g.year == input.year)
        .cloned()
        .collect();
    let records: Vec<PdcaRecord> = input
        .records
        .iter()
        .filter(|r| r.fiscal_year == input.year)
        .cloned()
        .collect();
    let rollup = by_group(plan, &grades, input.rubric);
    let src = RowSource::new(plan, input.rubric, &grades, input.actuals, input.year);
    CouncilReport {
        title: format!(
            "{} 実施計画 {} 評価報告書",
            plan.plan.name,
            input.year.label_ja()
        ),
        municipality: plan.municipality.name.clone(),
        edition: edition_line(plan),
        year: input.year.label_ja(),
        rubric: grades::rubric_info(input.rubric),
        headings: ColumnHeadings::of(plan),
        actual_heading: format!("{}実績値", input.year),
        notes: notes(input.year),
        overall: grades::grade_counts(&rollup.plan, input.rubric),
        decisions: pdca::decision_counts(&records),
        projects: plan
            .projects
            .iter()
            .map(|p| project(p, &src, &rollup, input.rubric, &records))
            .collect(),
        fields: plan
            .fields
            .iter()
            .map(|f| field(f, &src, &rollup, input.rubric, &records))
            .collect(),
        cost: None,
    }
}

fn notes(year: FiscalYear) -> Vec<String> {
    vec![
        format!(
            "{}の実績値は作成時点の最新の値です。審議中の記録を含み、確定値ではありません。",
            year
        ),
        "達成率などの割合は小数第1位に四捨五入して表示しています（判定は端数処理前の値で行います）。".to_owned(),
        "実績値がない指標は「未集計」として別に数え、0として扱いません。".to_owned(),
    ]
}

fn rollup_of<'a, K: PartialEq>(list: &'a [(K, Rollup)], key: &K) -> Option<&'a Rollup> {
    list.iter().find(|(k, _)| k == key).map(|(_, r)| r)
}

fn project(
    p: &Project,
    src: &RowSource,
    rollup: &PlanRollup,
    rubric: &Rubric,
    records: &[PdcaRecord],
) -> ProjectReport {
    let counts = rollup_of(&rollup.projects, &p.id)
        .cloned()
        .unwrap_or_default();
    let subject = Subject::Project(p.id.clone());
    ProjectReport {
        id: p.id.to_string(),
        name: p.name.clone(),
        lead: department_names(src.plan, &p.lead),
        related: department_names(src.plan, &p.related),
        counts: grades::grade_counts(&counts, rubric),
        tables: p.tables.iter().map(|t| src.table(t)).collect(),
        charts: src.charts(p),
        pdca: pdca::record_of(records, &subject).map(pdca::pdca_view),
    }
}

fn field(
    f: &Field,
    src: &RowSource,
    rollup: &PlanRollup,
    rubric: &Rubric,
    records: &[PdcaRecord],
) -> FieldReport {
    let counts = rollup_of(&rollup.fields, &f.id)
        .cloned()
        .unwrap_or_default();
    let rows = src
        .plan
        .indicators
        .iter()
        .filter(|i| f.items.iter().any(|item| i.policy_items.contains(&item.id)))
        .map(|i| src.row(i, &i.name))
        .collect();
    let items = f
        .items
        .iter()
        .filter_map(|item| {
            let subject = Subject::PolicyItem(item.id.clone());
            pdca::record_of(records, &subject).map(|r| ItemReport {
                id: item.id.to_string(),
                name: item.name.clone(),
                pdca: pdca::pdca_view(r),
            })
        })
        .collect();
    FieldReport {
        id: f.id.to_string(),
        number: f.number,
        name: f.name.clone(),
        goal: f.goal.clone(),
        counts: grades::grade_counts(&counts, rubric),
        rows,
        items,
    }
}
