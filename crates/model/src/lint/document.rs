//! Rules on the plan as a whole: `duplicate-indicator`,
//! `missing-description`, `era-overflow` on the publication date and
//! `plan-start-assumed`.
//!
//! These look at how the document is organised rather than at one
//! indicator's figures.

use super::{
    DUPLICATE_INDICATOR, ERA_OVERFLOW, ERA_OVERFLOW_EXPLANATION, Finding, MISSING_DESCRIPTION,
    PLAN_START_ASSUMED, Severity, finding, indicator_line,
};
use crate::plan::{KpiTable, Plan, Project, TableRow};

/// Runs the plan-wide rules.
pub(super) fn check(plan: &Plan, out: &mut Vec<Finding>) {
    duplicate_indicator(plan, out);
    missing_description(plan, out);
    published_era_overflow(plan, out);
    plan_start_assumed(plan, out);
}

/// `A, B and C`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn duplicate_indicator(plan: &Plan, out: &mut Vec<Finding>) {
    for indicator in &plan.indicators {
        let appearances: Vec<(&Project, &KpiTable, &TableRow)> =
            plan.appearances(&indicator.id).collect();
        let [(_, _, first_row), (_, second_table, _), ..] = appearances.as_slice() else {
            continue;
        };
        let same_name = appearances
            .iter()
            .all(|(_, _, row)| row.label == first_row.label);
        let count = appearances.len();
        let line = second_table
            .line
            .or_else(|| indicator_line(plan, indicator));
        let mut f = if same_name {
            let tables: Vec<String> = appearances
                .iter()
                .map(|(project, table, _)| format!("{} ({})", table.id, project.name))
                .collect();
            finding(
                DUPLICATE_INDICATOR,
                indicator.id.as_str(),
                line,
                format!(
                    "「{}」 is printed in {count} KPI tables: {}",
                    first_row.label,
                    join_and(&tables)
                ),
                "The same indicator serves several projects; its values are recorded once and shown in each. Nothing to fix unless the projects are meant to track different figures.",
            )
        } else {
            let rows: Vec<String> = appearances
                .iter()
                .map(|(project, table, row)| {
                    format!("「{}」 in {} ({})", row.label, table.id, project.name)
                })
                .collect();
            finding(
                DUPLICATE_INDICATOR,
                indicator.id.as_str(),
                line,
                format!(
                    "one indicator is printed in {count} KPI tables under different names: {}",
                    join_and(&rows)
                ),
                "These rows were recorded as one indicator with one set of values although their printed names differ. Confirm that they measure the same thing, and split them into separate indicators if not.",
            )
        };
        if !same_name {
            f.severity = Severity::Warning;
        }
        out.push(f);
    }
}

fn missing_description(plan: &Plan, out: &mut Vec<Finding>) {
    for group in &plan.key_initiatives {
        for initiative in &group.initiatives {
            let missing = initiative
                .description
                .as_deref()
                .is_none_or(|d| d.trim().is_empty());
            if !missing {
                continue;
            }
            out.push(finding(
                MISSING_DESCRIPTION,
                initiative.id.as_str(),
                initiative.line,
                format!(
                    "key initiative 「{}」 under 「{}」 has no description",
                    initiative.name, group.heading
                ),
                "The imported document gives no description for it, perhaps because the text was cut off at the end of a page or the file, or lost in extraction. Check the source document and add it if it exists.",
            ));
        }
    }
}

fn published_era_overflow(plan: &Plan, out: &mut Vec<Finding>) {
    let Some(published) = &plan.edition.published else {
        return;
    };
    if !published.era_overflow() {
        return;
    }
    out.push(finding(
        ERA_OVERFLOW,
        plan.edition.id.as_str(),
        None,
        format!(
            "the edition's publication date {} is an era year past the end of its era, read as {}",
            published.written(),
            published.label_ja(),
        ),
        ERA_OVERFLOW_EXPLANATION,
    ));
}

fn plan_start_assumed(plan: &Plan, out: &mut Vec<Finding>) {
    let comprehensive = &plan.plan;
    if !comprehensive.first_year_assumed {
        return;
    }
    let (first, last) = (comprehensive.years.first(), comprehensive.years.last());
    let span = i64::from(last.year()) - i64::from(first.year()) + 1;
    out.push(finding(
        PLAN_START_ASSUMED,
        plan.edition.id.as_str(),
        None,
        format!(
            "the first year of 「{}」 is not stated in the document; FY{} was assumed, giving the period FY{}–FY{} ({span} years)",
            comprehensive.name,
            first.year(),
            first.year(),
            last.year(),
        ),
        "The comprehensive plan's period was completed by assumption (plans of this kind usually run ten years). Confirm the first year from the comprehensive plan itself, since reports show progress over that period.",
    ));
}
