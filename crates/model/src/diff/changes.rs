//! The comparisons behind `diff`: edition headers, named entities, values, table rows, departments.

use super::render::*;
use super::*;

pub(super) fn header_changes(old: &Plan, new: &Plan) -> Vec<HeaderChange> {
    let mut out = Vec::new();
    let mut field = |field: &'static str, a: String, b: String| {
        if a != b {
            out.push(HeaderChange {
                field,
                old: a,
                new: b,
            });
        }
    };
    field(
        "municipality",
        old.municipality.name.clone(),
        new.municipality.name.clone(),
    );
    field(
        "comprehensive_plan",
        old.plan.name.clone(),
        new.plan.name.clone(),
    );
    field(
        "plan_years",
        years_ja(old.plan.years),
        years_ja(new.plan.years),
    );
    let (a, b): (&Edition, &Edition) = (&old.edition, &new.edition);
    field("id", a.id.to_string(), b.id.to_string());
    field("title", a.title.clone(), b.title.clone());
    field(
        "variant",
        a.variant.clone().unwrap_or_default(),
        b.variant.clone().unwrap_or_default(),
    );
    field("years", years_ja(a.years), years_ja(b.years));
    field(
        "baseline_year",
        a.baseline_year.to_string(),
        b.baseline_year.to_string(),
    );
    field(
        "baseline_label",
        a.baseline_label.clone(),
        b.baseline_label.clone(),
    );
    let published = |e: &Edition| {
        e.published
            .as_ref()
            .map_or_else(String::new, |p| p.to_string())
    };
    field("published", published(a), published(b));
    field(
        "status",
        status_text(a.status).to_owned(),
        status_text(b.status).to_owned(),
    );
    out
}

/// The name of `id` in an `(id, name)` list.
pub(super) fn name_of<'a, Id: PartialEq>(list: &'a [(Id, String)], id: &Id) -> Option<&'a str> {
    list.iter().find(|(i, _)| i == id).map(|(_, n)| n.as_str())
}

/// Compares `(id, name)` lists.
pub(super) fn compare<Id: Clone + PartialEq>(
    old: &[(Id, String)],
    new: &[(Id, String)],
) -> EntityChanges<Id> {
    let named = |(id, name): &(Id, String)| Named {
        id: id.clone(),
        name: name.clone(),
    };
    EntityChanges {
        added: new
            .iter()
            .filter(|(id, _)| name_of(old, id).is_none())
            .map(named)
            .collect(),
        removed: old
            .iter()
            .filter(|(id, _)| name_of(new, id).is_none())
            .map(named)
            .collect(),
        renamed: new
            .iter()
            .filter_map(|(id, name)| {
                let before = name_of(old, id)?;
                (before != name).then(|| Renamed {
                    id: id.clone(),
                    old: before.to_owned(),
                    new: name.clone(),
                })
            })
            .collect(),
    }
}

/// Whether two values mean the same: amount (numerically), unit, bound,
/// period and annotations; the written text and source line are ignored.
pub(super) fn same_value(a: &KpiValue, b: &KpiValue) -> bool {
    a.quantity == b.quantity
        && a.bound == b.bound
        && a.period.kind() == b.period.kind()
        && a.annotations.len() == b.annotations.len()
        && a.annotations
            .iter()
            .zip(&b.annotations)
            .all(|(x, y)| x.kind == y.kind)
}

/// Classifies a change of a value in `column`; `None` when the values mean
/// the same. Targets are judged by the direction, which must be the same on
/// both sides.
pub(super) fn classify(
    column: Column,
    old_polarity: Polarity,
    new_polarity: Polarity,
    old: Option<&KpiValue>,
    new: Option<&KpiValue>,
) -> Option<ValueChangeKind> {
    let (a, b) = match (old, new) {
        (None, None) => return None,
        (None, Some(_)) => return Some(ValueChangeKind::Added),
        (Some(_), None) => return Some(ValueChangeKind::Removed),
        (Some(a), Some(b)) => (a, b),
    };
    if same_value(a, b) {
        return None;
    }
    if a.quantity.unit != b.quantity.unit {
        return Some(ValueChangeKind::Changed);
    }
    let order = b.quantity.amount.cmp(&a.quantity.amount);
    let target = matches!(column, Column::Interim | Column::Target);
    let kind = match (target, order) {
        (_, Ordering::Equal) => ValueChangeKind::Changed,
        (false, Ordering::Greater) => ValueChangeKind::Raised,
        (false, Ordering::Less) => ValueChangeKind::Lowered,
        (true, _) if old_polarity != new_polarity => ValueChangeKind::Changed,
        (true, order) => match (new_polarity, order) {
            (Polarity::Increase, Ordering::Greater) | (Polarity::Decrease, Ordering::Less) => {
                ValueChangeKind::Strengthened
            }
            (Polarity::Increase, _) | (Polarity::Decrease, _) => ValueChangeKind::Weakened,
            (Polarity::Unknown, _) => ValueChangeKind::Changed,
        },
    };
    Some(kind)
}

pub(super) fn value_changes(old: &Indicator, new: &Indicator, out: &mut Vec<ValueChange>) {
    for column in Column::ALL {
        let (a, b) = (old.values.get(column), new.values.get(column));
        if let Some(change) = classify(column, old.polarity, new.polarity, a, b) {
            out.push(ValueChange {
                indicator: new.id.clone(),
                column,
                old: a.cloned(),
                new: b.cloned(),
                change,
                period_changed: matches!((a, b), (Some(a), Some(b)) if a.period.kind() != b.period.kind()),
            });
        }
    }
}

pub(super) fn rows(plan: &Plan) -> Vec<RowRef> {
    plan.tables()
        .flat_map(|(_, t)| {
            t.rows.iter().map(|r| RowRef {
                table: t.id.clone(),
                indicator: r.indicator.clone(),
                label: r.label.clone(),
            })
        })
        .collect()
}

pub(super) fn row_changes(old: &Plan, new: &Plan) -> RowChanges {
    let (a, b) = (rows(old), rows(new));
    let find = |list: &[RowRef], r: &RowRef| {
        list.iter()
            .find(|x| x.table == r.table && x.indicator == r.indicator)
            .cloned()
    };
    RowChanges {
        added: b
            .iter()
            .filter(|r| find(&a, r).is_none())
            .cloned()
            .collect(),
        removed: a
            .iter()
            .filter(|r| find(&b, r).is_none())
            .cloned()
            .collect(),
        relabelled: b
            .iter()
            .filter_map(|r| {
                let before = find(&a, r)?;
                (before.label != r.label).then(|| RowRelabelled {
                    table: r.table.clone(),
                    indicator: r.indicator.clone(),
                    old: before.label,
                    new: r.label.clone(),
                })
            })
            .collect(),
    }
}

pub(super) fn department_changes(old: &Plan, new: &Plan) -> Vec<DepartmentChange> {
    let mut out = Vec::new();
    for p in &new.projects {
        let Some(before) = old.project(&p.id) else {
            continue;
        };
        for (role, a, b) in [
            (DepartmentRole::Lead, &before.lead, &p.lead),
            (DepartmentRole::Related, &before.related, &p.related),
        ] {
            let added: Vec<DepartmentId> = b.iter().filter(|d| !a.contains(d)).cloned().collect();
            let removed: Vec<DepartmentId> = a.iter().filter(|d| !b.contains(d)).cloned().collect();
            if !added.is_empty() || !removed.is_empty() {
                out.push(DepartmentChange {
                    project: p.id.clone(),
                    role,
                    old: a.clone(),
                    new: b.clone(),
                    added,
                    removed,
                });
            }
        }
    }
    out
}
