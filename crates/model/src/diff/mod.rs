//! What changed between two editions of a plan (`keikaku plan diff A B`).
//!
//! Elements are matched by ID, which is why IDs stay with their element
//! across editions ([`crate::edition::next_edition`]): same ID, different
//! name is a rename; an ID only in the new edition is an addition. [`diff`]
//! compares indicators (added, removed, renamed, unit and polarity changes,
//! every value per column), projects, policy directions, initiatives, KPI
//! table rows, departments and the departments of each project, and the
//! edition header. Target changes are judged by the indicator's direction:
//! a smaller target for an "increase" indicator is [`ValueChangeKind::Weakened`],
//! so a lowered target is never reported as a neutral edit.
//! [`target_history`] lines one indicator's targets up over several editions.
//!
//! Values are compared by what they mean: amount (as a number), unit,
//! `以下`/`以上` bound, period and annotations. Differences only in how a
//! value is written (`R6` vs `2024年度`, `55` vs `55.0`) or in its source
//! line are not changes.

use crate::ids::{
    DepartmentId, DirectionId, EditionId, IndicatorId, InitiativeId, ProjectId, TableId,
};
use crate::indicator::{Column, Indicator, KpiValue, Polarity};
use crate::plan::{Edition, EditionStatus, Plan, Years};
use crate::quantity::Unit;
use serde::Serialize;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// An edition named by ID and years, for the diff's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionRef {
    /// Edition ID, e.g. `E2023`.
    pub id: EditionId,
    /// Its years.
    pub years: Years,
}

/// One changed field of the edition header (or of the municipality and
/// comprehensive plan), with both sides as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderChange {
    /// The field: `municipality`, `comprehensive_plan`, `plan_years`, `id`,
    /// `title`, `variant`, `years`, `baseline_year`, `baseline_label`,
    /// `published`, `status`.
    pub field: &'static str,
    /// The old value as text (empty when absent).
    pub old: String,
    /// The new value as text (empty when absent).
    pub new: String,
}

/// An element with its name (or text), as added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named<Id> {
    /// The element's ID.
    pub id: Id,
    /// Its name or text.
    pub name: String,
}

/// An element whose name (or text) changed under the same ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renamed<Id> {
    /// The element's ID.
    pub id: Id,
    /// The old name or text.
    pub old: String,
    /// The new name or text.
    pub new: String,
}

/// Added, removed and renamed elements of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityChanges<Id> {
    /// Only in the new edition, in its order.
    pub added: Vec<Named<Id>>,
    /// Only in the old edition, in its order.
    pub removed: Vec<Named<Id>>,
    /// In both, with another name or text, in the new edition's order.
    pub renamed: Vec<Renamed<Id>>,
}

impl<Id> EntityChanges<Id> {
    /// True when nothing was added, removed or renamed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.renamed.is_empty()
    }
}

/// An indicator whose unit changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitChange {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The old unit.
    pub old: Unit,
    /// The new unit.
    pub new: Unit,
}

/// An indicator whose better direction changed (this changes how its
/// target changes are judged, so it is always reported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolarityChange {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The old direction.
    pub old: Polarity,
    /// The new direction.
    pub new: Polarity,
}

/// How a value changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueChangeKind {
    /// A blank cell now holds a value.
    Added,
    /// A value was removed (the cell is blank now).
    Removed,
    /// A target (interim or final) became more ambitious: larger for an
    /// indicator where higher is better, smaller where lower is better.
    Strengthened,
    /// A target became less ambitious: smaller where higher is better,
    /// larger where lower is better.
    Weakened,
    /// An initial or baseline value became larger.
    Raised,
    /// An initial or baseline value became smaller.
    Lowered,
    /// Anything else: same amount with another period, bound or annotation;
    /// another unit; or a target of an indicator whose direction is unknown
    /// or changed between the editions.
    Changed,
}

impl ValueChangeKind {
    /// The English keyword, as in JSON: `strengthened`, `weakened` …
    pub fn as_str(self) -> &'static str {
        match self {
            ValueChangeKind::Added => "added",
            ValueChangeKind::Removed => "removed",
            ValueChangeKind::Strengthened => "strengthened",
            ValueChangeKind::Weakened => "weakened",
            ValueChangeKind::Raised => "raised",
            ValueChangeKind::Lowered => "lowered",
            ValueChangeKind::Changed => "changed",
        }
    }
}

impl std::fmt::Display for ValueChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A changed value of an indicator in one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChange {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The column.
    pub column: Column,
    /// The old value, as it was.
    pub old: Option<KpiValue>,
    /// The new value, as it is.
    pub new: Option<KpiValue>,
    /// How it changed.
    pub change: ValueChangeKind,
    /// True when the value is for another period now.
    pub period_changed: bool,
}

/// A KPI table row, named by table and indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRef {
    /// The table.
    pub table: TableId,
    /// The indicator the row prints.
    pub indicator: IndicatorId,
    /// The name printed in the row.
    pub label: String,
}

/// A KPI table row that prints its indicator under another name now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRelabelled {
    /// The table.
    pub table: TableId,
    /// The indicator the row prints.
    pub indicator: IndicatorId,
    /// The old printed name.
    pub old: String,
    /// The new printed name.
    pub new: String,
}

/// Added, removed and relabelled KPI table rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowChanges {
    /// Rows only in the new edition.
    pub added: Vec<RowRef>,
    /// Rows only in the old edition.
    pub removed: Vec<RowRef>,
    /// Rows in both whose printed name changed.
    pub relabelled: Vec<RowRelabelled>,
}

impl RowChanges {
    /// True when no row changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.relabelled.is_empty()
    }
}

/// Which departments of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentRole {
    /// 主管部.
    Lead,
    /// 関係部.
    Related,
}

impl DepartmentRole {
    /// The Japanese term: 主管部 / 関係部.
    pub fn label_ja(self) -> &'static str {
        match self {
            DepartmentRole::Lead => "主管部",
            DepartmentRole::Related => "関係部",
        }
    }
}

/// The lead or related departments of a project changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentChange {
    /// The project.
    pub project: ProjectId,
    /// Lead or related.
    pub role: DepartmentRole,
    /// The old departments, in order.
    pub old: Vec<DepartmentId>,
    /// The new departments, in order.
    pub new: Vec<DepartmentId>,
    /// Departments only in the new list.
    pub added: Vec<DepartmentId>,
    /// Departments only in the old list.
    pub removed: Vec<DepartmentId>,
}

/// Everything that differs between two editions, element by element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDiff {
    /// The old edition.
    pub old_edition: EditionRef,
    /// The new edition.
    pub new_edition: EditionRef,
    /// Changed header fields (edition, municipality, comprehensive plan).
    pub header: Vec<HeaderChange>,
    /// Indicators added, removed, renamed.
    pub indicators: EntityChanges<IndicatorId>,
    /// Indicators in both editions whose unit changed.
    pub units_changed: Vec<UnitChange>,
    /// Indicators in both editions whose better direction changed.
    pub polarities_changed: Vec<PolarityChange>,
    /// Changed values of indicators in both editions, by indicator (new
    /// edition's order), then column.
    pub values: Vec<ValueChange>,
    /// Projects added, removed, renamed.
    pub projects: EntityChanges<ProjectId>,
    /// Policy directions added, removed, renamed.
    pub directions: EntityChanges<DirectionId>,
    /// Initiatives added, removed, and changed text (`renamed`).
    pub initiatives: EntityChanges<InitiativeId>,
    /// KPI table rows added, removed, relabelled.
    pub rows: RowChanges,
    /// Departments added, removed, renamed.
    pub departments: EntityChanges<DepartmentId>,
    /// Lead or related departments changed, by project.
    pub project_departments: Vec<DepartmentChange>,
}

mod changes;
mod render;

use changes::*;

/// Compares two editions (usually consecutive editions of one plan),
/// matching elements by ID.
///
/// A project's departments are compared as sets (a reordering is not a
/// change); sections I, II, IV and V, errata and indicator descriptions,
/// aggregation, `part_of` and policy-item links are not compared.
pub fn diff(old: &Plan, new: &Plan) -> PlanDiff {
    let indicator_names = |p: &Plan| -> Vec<(IndicatorId, String)> {
        p.indicators
            .iter()
            .map(|i| (i.id.clone(), i.name.clone()))
            .collect()
    };
    let project_names = |p: &Plan| -> Vec<(ProjectId, String)> {
        p.projects
            .iter()
            .map(|x| (x.id.clone(), x.name.clone()))
            .collect()
    };
    let direction_names = |p: &Plan| -> Vec<(DirectionId, String)> {
        p.projects
            .iter()
            .flat_map(|x| &x.directions)
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect()
    };
    let initiative_texts = |p: &Plan| -> Vec<(InitiativeId, String)> {
        p.projects
            .iter()
            .flat_map(|x| &x.directions)
            .flat_map(|d| &d.initiatives)
            .map(|i| (i.id.clone(), i.text.clone()))
            .collect()
    };
    let department_names = |p: &Plan| -> Vec<(DepartmentId, String)> {
        p.departments
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect()
    };

    let mut units_changed = Vec::new();
    let mut polarities_changed = Vec::new();
    let mut values = Vec::new();
    for n in &new.indicators {
        let Some(o) = old.indicator(&n.id) else {
            continue;
        };
        if o.unit != n.unit {
            units_changed.push(UnitChange {
                indicator: n.id.clone(),
                old: o.unit.clone(),
                new: n.unit.clone(),
            });
        }
        if o.polarity != n.polarity {
            polarities_changed.push(PolarityChange {
                indicator: n.id.clone(),
                old: o.polarity,
                new: n.polarity,
            });
        }
        value_changes(o, n, &mut values);
    }

    PlanDiff {
        old_edition: EditionRef {
            id: old.edition.id.clone(),
            years: old.edition.years,
        },
        new_edition: EditionRef {
            id: new.edition.id.clone(),
            years: new.edition.years,
        },
        header: header_changes(old, new),
        indicators: compare(&indicator_names(old), &indicator_names(new)),
        units_changed,
        polarities_changed,
        values,
        projects: compare(&project_names(old), &project_names(new)),
        directions: compare(&direction_names(old), &direction_names(new)),
        initiatives: compare(&initiative_texts(old), &initiative_texts(new)),
        rows: row_changes(old, new),
        departments: compare(&department_names(old), &department_names(new)),
        project_departments: department_changes(old, new),
    }
}

/// One edition's targets for an indicator, in [`target_history`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetPoint {
    /// The edition.
    pub edition: EditionId,
    /// Its years.
    pub years: Years,
    /// The indicator's name in this edition; `None` when the edition does
    /// not have the indicator.
    pub name: Option<String>,
    /// The interim target (実施計画期間設定値).
    pub interim: Option<KpiValue>,
    /// The final target (成果指標(KPI)).
    pub target: Option<KpiValue>,
    /// How the interim target changed against the previous point; `None`
    /// for the first point or when unchanged.
    pub interim_change: Option<ValueChangeKind>,
    /// How the final target changed against the previous point; `None` for
    /// the first point or when unchanged.
    pub target_change: Option<ValueChangeKind>,
}

/// An indicator's interim and final targets edition by edition, in the order
/// given (oldest first, usually), each judged against the previous edition
/// the way [`diff`] judges them; editions without the indicator give a
/// point with no name and no values (so a removed indicator shows as
/// removed targets).
pub fn target_history(editions: &[&Plan], id: &IndicatorId) -> Vec<TargetPoint> {
    let mut out: Vec<TargetPoint> = Vec::with_capacity(editions.len());
    let mut previous: Option<&Indicator> = None;
    for (i, plan) in editions.iter().enumerate() {
        let indicator = plan.indicator(id);
        let change = |column: Column| {
            if i == 0 {
                return None;
            }
            let polarity = |x: Option<&Indicator>, other: Option<&Indicator>| {
                x.or(other).map_or(Polarity::Unknown, |x| x.polarity)
            };
            classify(
                column,
                polarity(previous, indicator),
                polarity(indicator, previous),
                previous.and_then(|p| p.values.get(column)),
                indicator.and_then(|p| p.values.get(column)),
            )
        };
        out.push(TargetPoint {
            edition: plan.edition.id.clone(),
            years: plan.edition.years,
            name: indicator.map(|x| x.name.clone()),
            interim: indicator.and_then(|x| x.values.interim.clone()),
            target: indicator.and_then(|x| x.values.target.clone()),
            interim_change: change(Column::Interim),
            target_change: change(Column::Target),
        });
        previous = indicator;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::render::value_text;
    use super::*;
    use crate::period::Period;
    use crate::quantity::Quantity;

    fn v(q: &str, period: &str) -> KpiValue {
        let (quantity, bound) = Quantity::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        KpiValue {
            quantity,
            bound,
            period: Period::parse(period).unwrap_or_else(|e| panic!("{period}: {e}")),
            annotations: Vec::new(),
            written: format!("{q} ({period})"),
            line: None,
        }
    }

    #[test]
    fn targets_are_judged_by_direction() {
        use Polarity::*;
        use ValueChangeKind::*;
        let (a, b) = (v("55件", "2024年度"), v("60件", "2025年度"));
        let c = |col, p, x: &KpiValue, y: &KpiValue| classify(col, p, p, Some(x), Some(y));
        assert_eq!(c(Column::Interim, Increase, &a, &b), Some(Strengthened));
        assert_eq!(c(Column::Interim, Increase, &b, &a), Some(Weakened));
        assert_eq!(c(Column::Target, Decrease, &a, &b), Some(Weakened));
        assert_eq!(c(Column::Target, Decrease, &b, &a), Some(Strengthened));
        assert_eq!(c(Column::Target, Unknown, &a, &b), Some(Changed));
        assert_eq!(c(Column::Baseline, Decrease, &a, &b), Some(Raised));
        assert_eq!(c(Column::Initial, Increase, &b, &a), Some(Lowered));
        assert_eq!(
            classify(Column::Target, Increase, Decrease, Some(&a), Some(&b)),
            Some(Changed)
        );
        let moved = v("55件", "2025年度");
        assert_eq!(c(Column::Interim, Increase, &a, &moved), Some(Changed));
        assert_eq!(c(Column::Interim, Increase, &a, &a), None);
        let rewritten = v("55.0件", "R6");
        assert_eq!(c(Column::Interim, Increase, &a, &rewritten), None);
        let other_unit = v("55人", "2024年度");
        assert_eq!(c(Column::Interim, Increase, &a, &other_unit), Some(Changed));
        assert_eq!(
            classify(Column::Interim, Increase, Increase, None, Some(&a)),
            Some(Added)
        );
        assert_eq!(
            classify(Column::Interim, Increase, Increase, Some(&a), None),
            Some(Removed)
        );
    }

    #[test]
    fn values_print_as_in_the_tables() {
        assert_eq!(
            value_text(Some(&v("1,026,000人", "2015年"))),
            "1,026,000人 (2015年)"
        );
        assert_eq!(
            value_text(Some(&v("19.0%以下", "2029年3月末"))),
            "19.0%以下 (2029年3月末)"
        );
        assert_eq!(value_text(None), "なし");
    }
}
