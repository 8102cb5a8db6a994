//! Data-quality findings on a [`Plan`]: targets that plan no improvement,
//! values dated for another year than their column, figures that contradict
//! each other, indicators printed twice, and what the importer had to assume.
//!
//! [`lint`] runs every rule of [`RULES`] and returns [`Finding`]s ordered by
//! source line, then rule. A finding states a fact about the concrete figures
//! (it never guesses): amounts are compared as exact decimals, only within
//! one unit, and the rules that depend on which direction is better are
//! skipped for indicators whose [`Polarity`] is unknown. Whether a finding is
//! a mistake is for a person to decide; the explanation says what to check.

mod document;
mod targets;
mod values;

use crate::indicator::{Column, Indicator, KpiValue, Polarity};
use crate::plan::Plan;
use crate::quantity::group_thousands;
use serde::Serialize;
use std::fmt;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; often intentional.
    Info,
    /// Probably needs a correction or a confirmation.
    Warning,
    /// The data cannot be right as it stands.
    Error,
}

impl Severity {
    /// The lower-case name: `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One data-quality finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Kebab-case rule ID, one of [`RULES`], e.g. `target-not-better`.
    pub rule: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// The ID of the element concerned, e.g. `KPI-03`, `V4-3`, `E2022`.
    pub element: String,
    /// Source line, when known.
    pub line: Option<u32>,
    /// What is wrong, with the figures as written (one line).
    pub message: String,
    /// Why it matters and what to check (one to three sentences).
    pub explanation: String,
}

/// A rule: ID, default severity, one-line description.
type Rule = (&'static str, Severity, &'static str);

const TARGET_NOT_BETTER: Rule = (
    "target-not-better",
    Severity::Warning,
    "an interim or final target is no better than the baseline actual (or the baseline already meets it)",
);
const TARGET_BELOW_INITIAL: Rule = (
    "target-below-initial",
    Severity::Info,
    "an interim or final target is no better than the initial value (e.g. a recovery target)",
);
const PERIOD_COLUMN_MISMATCH: Rule = (
    "period-column-mismatch",
    Severity::Warning,
    "a value's year differs from its column's year (baseline year, edition end, plan end)",
);
const CONFLICTING_VALUES: Rule = (
    "conflicting-values",
    Severity::Warning,
    "two columns of one indicator give different amounts for the same period",
);
const DUPLICATE_INDICATOR: Rule = (
    "duplicate-indicator",
    Severity::Info,
    "an indicator is printed in more than one KPI table (warning when the printed names differ)",
);
const UNIT_MISMATCH: Rule = (
    "unit-mismatch",
    Severity::Error,
    "a value is in another unit than its indicator",
);
const DIRECTION_UNKNOWN: Rule = (
    "direction-unknown",
    Severity::Warning,
    "whether higher or lower is better is neither stated nor inferable",
);
const DIRECTION_INFERRED: Rule = (
    "direction-inferred",
    Severity::Info,
    "whether higher or lower is better was inferred from the targets, not stated",
);
const REDUCTION_RATE_MISMATCH: Rule = (
    "reduction-rate-mismatch",
    Severity::Warning,
    "a printed reduction rate (▲x%) does not match the reduction from the initial value",
);
const CUMULATIVE_DECREASING: Rule = (
    "cumulative-decreasing",
    Severity::Warning,
    "a cumulative (累計) indicator falls from one column to the next",
);
const MISSING_DESCRIPTION: Rule = (
    "missing-description",
    Severity::Info,
    "a key initiative has no description",
);
const ERA_OVERFLOW: Rule = (
    "era-overflow",
    Severity::Info,
    "a period is written with an era year past the era's end (e.g. 平成32年度)",
);
const PLAN_START_ASSUMED: Rule = (
    "plan-start-assumed",
    Severity::Info,
    "the comprehensive plan's first year is not stated in the document and was assumed",
);

/// Shared by the two places `era-overflow` looks.
const ERA_OVERFLOW_EXPLANATION: &str = "Plans drafted before an era change keep counting the old era (平成32年度 is 令和2年度, FY2020). The date is understood correctly; show it with the current era to avoid confusion.";

/// Every rule: ID, default severity and a one-line description, for help
/// texts and documentation.
pub const RULES: &[(&str, Severity, &str)] = &[
    TARGET_NOT_BETTER,
    TARGET_BELOW_INITIAL,
    PERIOD_COLUMN_MISMATCH,
    CONFLICTING_VALUES,
    DUPLICATE_INDICATOR,
    UNIT_MISMATCH,
    DIRECTION_UNKNOWN,
    DIRECTION_INFERRED,
    REDUCTION_RATE_MISMATCH,
    CUMULATIVE_DECREASING,
    MISSING_DESCRIPTION,
    ERA_OVERFLOW,
    PLAN_START_ASSUMED,
];

/// Runs every rule on a plan. Findings are ordered by source line (findings
/// without a line first), then rule ID; findings on the same line and rule
/// keep the order of the plan (indicators, then columns).
pub fn lint(plan: &Plan) -> Vec<Finding> {
    let mut out = Vec::new();
    for indicator in &plan.indicators {
        targets::check(plan, indicator, &mut out);
        values::check(plan, indicator, &mut out);
    }
    document::check(plan, &mut out);
    out.sort_by(|a, b| (a.line, a.rule).cmp(&(b.line, b.rule)));
    out
}

/// Builds a finding with the rule's default severity.
fn finding(
    rule: Rule,
    element: &str,
    line: Option<u32>,
    message: String,
    explanation: &str,
) -> Finding {
    Finding {
        rule: rule.0,
        severity: rule.1,
        element: element.to_owned(),
        line,
        message,
        explanation: explanation.to_owned(),
    }
}

/// The line an indicator-wide finding points at: the first table printing
/// it, else its first value with a line.
fn indicator_line(plan: &Plan, indicator: &Indicator) -> Option<u32> {
    plan.appearances(&indicator.id)
        .find_map(|(_, table, _)| table.line)
        .or_else(|| indicator.values.iter().find_map(|(_, v)| v.line))
}

/// `higher is better` / `lower is better`; `None` for an unknown polarity.
fn better_phrase(polarity: Polarity) -> Option<&'static str> {
    match polarity {
        Polarity::Increase => Some("higher is better"),
        Polarity::Decrease => Some("lower is better"),
        Polarity::Unknown => None,
    }
}

/// The English name of a column with its article: `the interim target`.
fn column_en(column: Column) -> String {
    format!("the {}", column.label_en())
}

/// A value's number as the cell writes it: with thousands separators
/// (`1,026,000`) unless the cell writes it without (`1074.9`), and a
/// negative sign as written (`▲`, `△` or `-`).
fn number_as_written(value: &KpiValue) -> String {
    let amount = value.quantity.amount;
    let grouped = group_thousands(&amount.abs());
    let plain = amount.abs().to_string();
    let body = if plain != grouped
        && value.written.contains(&plain)
        && !value.written.contains(&grouped)
    {
        plain
    } else {
        grouped
    };
    if !amount.is_sign_negative() || amount.is_zero() {
        return body;
    }
    let sign = ["▲", "△", "-"]
        .into_iter()
        .find(|s| value.written.contains(&format!("{s}{body}")))
        .unwrap_or("-");
    format!("{sign}{body}")
}

/// A value's quantity and bound as written: `19.0%以下`, `1,026,000人`.
fn amount_as_written(value: &KpiValue) -> String {
    let bound = value.bound.map_or("", |b| b.suffix_ja());
    format!("{}{}{bound}", number_as_written(value), value.quantity.unit)
}

/// A value with its period as written: `420万人 (2024年度)`.
fn show(value: &KpiValue) -> String {
    format!("{} ({})", amount_as_written(value), value.period.written())
}
