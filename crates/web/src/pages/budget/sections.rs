//! The cost sections the project and indicator pages include.

use super::{Cells, Link, TrendRow, cells, program_link, settlement_published, trend};
use crate::pages::PageCtx;
use crate::pages::indicator::year_label;
use crate::snapshot::Snapshot;
use crate::view::{Badge, grade_badge};
use keikaku_model::budget::Program;
use keikaku_model::budget::rollup::Book;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{IndicatorId, ProjectId};

/// A project's cost per published year and the initiatives serving it.
pub(crate) struct ProjectCost {
    pub(crate) programs: Vec<Link>,
    pub(crate) rows: Vec<TrendRow>,
}

/// The cost section of a project page; `None` when no published
/// initiative serves the project (the section then says so).
pub(crate) fn project_cost(
    snap: &Snapshot,
    ctx: &PageCtx,
    project: &ProjectId,
) -> Option<ProjectCost> {
    let plan = &snap.plan;
    let serves = |p: &Program| p.projects(plan).contains(&project);
    let programs: Vec<Link> = snap
        .budget
        .programs
        .iter()
        .filter(|p| serves(p))
        .map(|p| program_link(ctx, p))
        .collect();
    if programs.is_empty() {
        return None;
    }
    match trend(snap, ctx, serves) {
        Ok(rows) => Some(ProjectCost { programs, rows }),
        Err(e) => {
            tracing::error!(error = %e, "budget figures do not add up");
            None
        }
    }
}

/// One year of the indicator page's cost section: the cost of the linked
/// initiatives beside the indicator's published actual and grade.
pub(crate) struct SideRow {
    pub(crate) year: String,
    /// `None` when no linked initiative has a published line that year.
    pub(crate) cells: Option<Cells>,
    pub(crate) actual: Option<String>,
    pub(crate) grade: Option<Badge>,
}

/// The cost section of an indicator page.
pub(crate) struct IndicatorCost {
    pub(crate) programs: Vec<Link>,
    pub(crate) rows: Vec<SideRow>,
}

/// The indicator's linked initiatives and, per year with either published
/// money or a published actual, both side by side; `None` when no published
/// initiative is linked to it.
pub(crate) fn indicator_cost(
    snap: &Snapshot,
    ctx: &PageCtx,
    indicator: &IndicatorId,
) -> Option<IndicatorCost> {
    let book: Book<'_> = snap.budget.book();
    let linked = |p: &Program| p.links.indicators.contains(indicator);
    let programs: Vec<Link> = book
        .programs_for(indicator)
        .into_iter()
        .map(|p| program_link(ctx, p))
        .collect();
    if programs.is_empty() {
        return None;
    }
    let actuals = snap.actuals_of(indicator);
    let mut years: Vec<FiscalYear> = book
        .years()
        .into_iter()
        .chain(actuals.iter().map(|a| a.value.fiscal_year()))
        .collect();
    years.sort();
    years.dedup();
    let mut rows = Vec::new();
    for y in years {
        let row = match book.totals_where(y, linked) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "budget figures do not add up");
                return None;
            }
        };
        rows.push(SideRow {
            year: year_label(y, ctx.lang),
            cells: (row.totals.lines > 0)
                .then(|| cells(&row.totals, settlement_published(snap, y), ctx.t)),
            actual: actuals
                .iter()
                .rfind(|a| a.value.fiscal_year() == y)
                .map(|a| {
                    crate::pages::indicator::amount_text(
                        a.value.quantity.amount,
                        a.value.quantity.unit.as_str(),
                        None,
                    )
                }),
            grade: snap
                .result(y, indicator)
                .map(|r| grade_badge(&r.grade, ctx.lang)),
        });
    }
    Some(IndicatorCost { programs, rows })
}
