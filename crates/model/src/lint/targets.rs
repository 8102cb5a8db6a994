//! Rules on an indicator's direction and targets: `target-not-better`,
//! `target-below-initial`, `direction-unknown` and `direction-inferred`.
//!
//! Targets are judged against the baseline actual and the initial value in
//! the indicator's better direction; indicators whose direction is unknown
//! get only the `direction-unknown` finding.

use super::{
    DIRECTION_INFERRED, DIRECTION_UNKNOWN, Finding, Rule, TARGET_BELOW_INITIAL, TARGET_NOT_BETTER,
    amount_as_written, better_phrase, column_en, finding, indicator_line, show,
};
use crate::indicator::{Basis, Column, Indicator, KpiValue, Polarity};
use crate::plan::Plan;
use crate::quantity::Bound;
use std::cmp::Ordering;

/// Runs the target and direction rules on one indicator.
pub(super) fn check(plan: &Plan, indicator: &Indicator, out: &mut Vec<Finding>) {
    direction(plan, indicator, out);
    if indicator.polarity == Polarity::Unknown {
        return;
    }
    let values = &indicator.values;
    for goal_column in [Column::Interim, Column::Target] {
        let Some(goal) = values.get(goal_column) else {
            continue;
        };
        let references = [
            (Column::Baseline, TARGET_NOT_BETTER),
            (Column::Initial, TARGET_BELOW_INITIAL),
        ];
        for (reference_column, rule) in references {
            if let Some(reference) = values.get(reference_column)
                && let Some(f) = compare(
                    indicator,
                    rule,
                    (goal_column, goal),
                    (reference_column, reference),
                )
            {
                out.push(f);
            }
        }
    }
}

/// A finding when `goal` is not better than `reference`.
fn compare(
    indicator: &Indicator,
    rule: Rule,
    (goal_column, goal): (Column, &KpiValue),
    (reference_column, reference): (Column, &KpiValue),
) -> Option<Finding> {
    if goal.quantity.unit != reference.quantity.unit {
        return None;
    }
    let better = better_phrase(indicator.polarity)?;
    let ordering = goal.quantity.amount.cmp(&reference.quantity.amount);
    let improves = match indicator.polarity {
        Polarity::Increase => ordering == Ordering::Greater,
        Polarity::Decrease => ordering == Ordering::Less,
        Polarity::Unknown => return None,
    };
    if improves {
        return None;
    }
    let name = &indicator.name;
    let bound_in_direction = matches!(
        (goal.bound, indicator.polarity),
        (Some(Bound::AtMost), Polarity::Decrease) | (Some(Bound::AtLeast), Polarity::Increase)
    );
    let baseline = reference_column == Column::Baseline;
    let (message, explanation) = if bound_in_direction {
        // Not improving on a bound in the better direction means the
        // reference already satisfies the bound.
        let message = format!(
            "「{name}」: {} {} already meets {} {}",
            column_en(reference_column),
            show(reference),
            column_en(goal_column),
            show(goal),
        );
        let explanation = if baseline {
            "The latest actual already satisfies this target, so the target asks for no further improvement. Confirm that it is meant to stay as it is, or tighten it."
        } else {
            "The value when the comprehensive plan was made already satisfied this target, so the target asks for no improvement over the plan. Confirm that this is intended."
        };
        (message, explanation)
    } else {
        let relation = match ordering {
            Ordering::Less => "is below",
            Ordering::Equal => "equals",
            Ordering::Greater => "is above",
        };
        let message = format!(
            "「{name}」: {} {} {relation} {} {}, though {better}",
            column_en(goal_column),
            show(goal),
            column_en(reference_column),
            show(reference),
        );
        let explanation = if baseline {
            "A target no better than the latest actual plans no improvement, or a decline. It may be deliberate, but confirm it, and correct the target or the indicator's direction if it is a mistake."
        } else {
            "A target no better than the value when the comprehensive plan was made may be intentional, e.g. a recovery target after a sharp drop such as during COVID-19, but it should be confirmed."
        };
        (message, explanation)
    };
    let line = goal.line.or(reference.line);
    Some(finding(
        rule,
        indicator.id.as_str(),
        line,
        message,
        explanation,
    ))
}

/// `direction-unknown` and `direction-inferred`.
fn direction(plan: &Plan, indicator: &Indicator, out: &mut Vec<Finding>) {
    let name = &indicator.name;
    let values = &indicator.values;
    let initial = values.initial.as_ref();
    let (goal_column, goal) = match (values.target.as_ref(), values.interim.as_ref()) {
        (Some(t), _) => (Column::Target, Some(t)),
        (None, i) => (Column::Interim, i),
    };
    let comparable = match (initial, goal) {
        (Some(i), Some(g)) if i.quantity.unit == g.quantity.unit => Some((i, g)),
        _ => None,
    };
    let line = indicator_line(plan, indicator);
    if indicator.polarity == Polarity::Unknown {
        let reason = match (initial, goal, comparable) {
            (_, _, Some((i, g))) if i.quantity.amount == g.quantity.amount => format!(
                "{} {} equals the initial value {}",
                column_en(goal_column),
                amount_as_written(g),
                amount_as_written(i),
            ),
            (Some(_), Some(_), None) => format!(
                "the initial value and {} are in different units",
                column_en(goal_column)
            ),
            (None, _, _) | (_, None, _) => {
                "there is no initial value and target to compare".to_owned()
            }
            _ => "the indicator's polarity is set to unknown".to_owned(),
        };
        out.push(finding(
            DIRECTION_UNKNOWN,
            indicator.id.as_str(),
            line,
            format!("「{name}」: whether higher or lower is better is unknown: {reason}"),
            "Without a direction, progress cannot be judged and the target checks are skipped. Set the direction (increase or decrease) by hand.",
        ));
        return;
    }
    if indicator.polarity_basis != Basis::Inferred {
        return;
    }
    let (word, relation, ordering) = match indicator.polarity {
        Polarity::Increase => ("increase", "above", Ordering::Greater),
        Polarity::Decrease => ("decrease", "below", Ordering::Less),
        Polarity::Unknown => return,
    };
    let basis = match comparable {
        Some((i, g)) if g.quantity.amount.cmp(&i.quantity.amount) == ordering => format!(
            " from {} {} {relation} the initial value {}",
            column_en(goal_column),
            amount_as_written(g),
            amount_as_written(i),
        ),
        _ => String::new(),
    };
    out.push(finding(
        DIRECTION_INFERRED,
        indicator.id.as_str(),
        line,
        format!("「{name}」: better direction '{word}' is inferred{basis}, not stated"),
        "The document does not say whether higher or lower is better; the direction was inferred from the targets and decides how progress is judged. Confirm it.",
    ));
}
