//! Roll-ups: how many indicators reached each level of a rubric, for the
//! whole plan and per project, field and policy item.
//!
//! [`rollup`] counts grades per level in the rubric's order with the
//! missing level last, and gives each level's share of the total and, for
//! the graded levels, of the indicators that could be graded ("evaluated").
//! Missing figures are counted in their own level, never as zero. Shares are
//! percentages rounded half away from zero to one decimal place, each on its
//! own, so they may add up to 99.9 or 100.1 (Tsuruoka's 22% / 33% / 40% /
//! 5% style); counts are exact. [`by_group`] applies [`rollup`] to the
//! groups of a [`Plan`].

use crate::grading::Grade;
use crate::grading::metrics::round_half_up;
use crate::grading::rubric::Rubric;
use crate::ids::{DirectionId, FieldId, IndicatorId, PolicyItemId, ProjectId};
use crate::plan::Plan;
use rust_decimal::Decimal;
use serde::Serialize;

/// Counts and shares of grades per level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rollup {
    /// Grades counted (those of the rubric).
    pub total: usize,
    /// (level ID, count) in rubric order, the missing level last; every level
    /// is listed, with 0 when no grade reached it.
    pub counts: Vec<(String, usize)>,
    /// (level ID, percent of `total`, one decimal place), same order; empty
    /// when `total` is 0.
    pub shares: Vec<(String, Decimal)>,
    /// Grades that are not the missing level: `total` − missing.
    pub evaluated: usize,
    /// (level ID, percent of `evaluated`), the graded levels only; empty when
    /// `evaluated` is 0.
    pub shares_of_evaluated: Vec<(String, Decimal)>,
    /// Grades left out because they were made with another rubric (name) or
    /// carry a level the rubric does not have.
    pub skipped: usize,
}

impl Rollup {
    /// The count of a level (0 for an unknown ID).
    pub fn count(&self, level: &str) -> usize {
        self.counts
            .iter()
            .find(|(id, _)| id == level)
            .map_or(0, |(_, n)| *n)
    }
}

/// `part × 100 / whole`, rounded to one place; `None` when `whole` is 0.
fn share(part: usize, whole: usize) -> Option<Decimal> {
    if whole == 0 {
        return None;
    }
    let p = Decimal::from(part).checked_mul(Decimal::ONE_HUNDRED)?;
    let s = p.checked_div(Decimal::from(whole))?;
    Some(round_half_up(s, 1))
}

/// Counts grades per level of a rubric. Every grade given counts (pass one
/// grade per indicator for a plan-wide picture); grades of another rubric or
/// with a level the rubric lacks are `skipped`.
pub fn rollup(grades: &[Grade], rubric: &Rubric) -> Rollup {
    let ids = rubric.level_ids();
    let mut counts: Vec<(String, usize)> = ids.iter().map(|id| ((*id).to_owned(), 0)).collect();
    let mut skipped = 0;
    for g in grades {
        let slot = counts
            .iter_mut()
            .find(|(id, _)| *id == g.level.id)
            .filter(|_| g.rubric == rubric.name);
        match slot {
            Some((_, n)) => *n += 1,
            None => skipped += 1,
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let missing = counts
        .iter()
        .find(|(id, _)| *id == rubric.missing.id)
        .map_or(0, |(_, n)| *n);
    let evaluated = total - missing;
    let shares = counts
        .iter()
        .filter_map(|(id, n)| share(*n, total).map(|s| (id.clone(), s)))
        .collect();
    let shares_of_evaluated = counts
        .iter()
        .filter(|(id, _)| *id != rubric.missing.id)
        .filter_map(|(id, n)| share(*n, evaluated).map(|s| (id.clone(), s)))
        .collect();
    Rollup {
        total,
        counts,
        shares,
        evaluated,
        shares_of_evaluated,
        skipped,
    }
}

/// Roll-ups for a plan and its groups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanRollup {
    /// Every indicator of the plan.
    pub plan: Rollup,
    /// Per project, in plan order: the distinct indicators printed in the
    /// project's KPI tables.
    pub projects: Vec<(ProjectId, Rollup)>,
    /// Per field, in plan order: the distinct indicators linked (via
    /// [`crate::indicator::Indicator::policy_items`]) to any of the field's
    /// policy items.
    pub fields: Vec<(FieldId, Rollup)>,
    /// Per policy item, in plan order: the indicators linked to it.
    pub policy_items: Vec<(PolicyItemId, Rollup)>,
    /// Per policy direction of every project, in plan order: the indicators
    /// linked to it ([`crate::indicator::Indicator::directions`]).
    pub directions: Vec<(DirectionId, Rollup)>,
}

/// Rolls grades up by the plan's groups. Each indicator counts once per
/// group with its grade: when several grades of the rubric are given for an
/// indicator, the last one counts. Indicators without a grade are not
/// counted (grade every indicator; a missing actual gives the missing level).
/// Every project, field and policy item is listed, with an empty roll-up
/// when none of its indicators has a grade.
pub fn by_group(plan: &Plan, grades: &[Grade], rubric: &Rubric) -> PlanRollup {
    let grade_of = |id: &IndicatorId| {
        grades
            .iter()
            .rfind(|g| &g.indicator == id && g.rubric == rubric.name)
    };
    let roll = |ids: &[&IndicatorId]| {
        let mut distinct: Vec<&IndicatorId> = Vec::new();
        for id in ids {
            if !distinct.contains(id) {
                distinct.push(id);
            }
        }
        let picked: Vec<Grade> = distinct
            .iter()
            .filter_map(|id| grade_of(id).cloned())
            .collect();
        rollup(&picked, rubric)
    };
    let all: Vec<&IndicatorId> = plan.indicators.iter().map(|i| &i.id).collect();
    let projects = plan
        .projects
        .iter()
        .map(|p| {
            let ids: Vec<&IndicatorId> = p
                .tables
                .iter()
                .flat_map(|t| t.rows.iter().map(|r| &r.indicator))
                .collect();
            (p.id.clone(), roll(&ids))
        })
        .collect();
    let linked = |item: &PolicyItemId| -> Vec<&IndicatorId> {
        plan.indicators
            .iter()
            .filter(|i| i.policy_items.contains(item))
            .map(|i| &i.id)
            .collect()
    };
    let fields = plan
        .fields
        .iter()
        .map(|f| {
            let ids: Vec<&IndicatorId> = f.items.iter().flat_map(|item| linked(&item.id)).collect();
            (f.id.clone(), roll(&ids))
        })
        .collect();
    let policy_items = plan
        .fields
        .iter()
        .flat_map(|f| f.items.iter())
        .map(|item| (item.id.clone(), roll(&linked(&item.id))))
        .collect();
    let directions = plan
        .projects
        .iter()
        .flat_map(|p| p.directions.iter())
        .map(|d| {
            let ids: Vec<&IndicatorId> = plan
                .indicators
                .iter()
                .filter(|i| i.directions.contains(&d.id))
                .map(|i| &i.id)
                .collect();
            (d.id.clone(), roll(&ids))
        })
        .collect();
    PlanRollup {
        plan: roll(&all),
        projects,
        fields,
        policy_items,
        directions,
    }
}
