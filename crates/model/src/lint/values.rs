//! Rules on an indicator's printed values: `period-column-mismatch`,
//! `conflicting-values`, `unit-mismatch`, `reduction-rate-mismatch`,
//! `cumulative-decreasing` and `era-overflow`.
//!
//! None of them depends on which direction is better, so they run for every
//! indicator.

use super::{
    CONFLICTING_VALUES, CUMULATIVE_DECREASING, ERA_OVERFLOW, Finding, PERIOD_COLUMN_MISMATCH,
    REDUCTION_RATE_MISMATCH, UNIT_MISMATCH, amount_as_written, column_en, finding,
    number_as_written, show,
};
use crate::fiscal_year::FiscalYear;
use crate::indicator::{Aggregation, AnnotationKind, Column, Indicator, KpiValue};
use crate::period::{Period, PeriodKind};
use crate::plan::Plan;
use rust_decimal::{Decimal, RoundingStrategy};

/// Runs the value rules on one indicator.
pub(super) fn check(plan: &Plan, indicator: &Indicator, out: &mut Vec<Finding>) {
    unit_mismatch(indicator, out);
    period_column_mismatch(plan, indicator, out);
    conflicting_values(indicator, out);
    reduction_rate_mismatch(indicator, out);
    cumulative_decreasing(indicator, out);
    era_overflow(indicator, out);
}

fn unit_mismatch(indicator: &Indicator, out: &mut Vec<Finding>) {
    for (column, value) in indicator.values.iter() {
        if value.quantity.unit == indicator.unit {
            continue;
        }
        out.push(finding(
            UNIT_MISMATCH,
            indicator.id.as_str(),
            value.line,
            format!(
                "「{}」: {} {} is in {}, but the indicator's unit is {}",
                indicator.name,
                column_en(column),
                show(value),
                value.quantity.unit,
                indicator.unit,
            ),
            "Values in different units cannot be compared or charted together; one is probably mis-transcribed (e.g. 万人 for 人). Correct the value or the indicator's unit.",
        ));
    }
}

/// The year a column stands for, and a description of that for messages.
fn nominal_year(plan: &Plan, column: Column) -> Option<(FiscalYear, String)> {
    match column {
        Column::Initial => None,
        Column::Baseline => {
            let year = plan.edition.baseline_year;
            Some((
                year,
                format!(
                    "the column 「{}」 is for FY{}",
                    plan.edition.baseline_label,
                    year.year()
                ),
            ))
        }
        Column::Interim => {
            let year = plan.edition.years.last();
            Some((
                year,
                format!(
                    "the interim-target column is for the edition's last year, FY{}",
                    year.year()
                ),
            ))
        }
        Column::Target => {
            let year = plan.plan.years.last();
            Some((
                year,
                format!(
                    "the final-target column is for the comprehensive plan's last year, FY{}",
                    year.year()
                ),
            ))
        }
    }
}

/// A period as written, with its fiscal year unless the text shows it:
/// `2018年`, `2024年度`, `R6 (FY2024)`, `2021年3月末 (FY2020)`.
fn period_with_year(period: &Period) -> String {
    let written = period.written();
    let year = period.fiscal_year().year();
    let shown = match period.kind() {
        PeriodKind::CalendarYear { .. } => true,
        PeriodKind::FiscalYear { .. } | PeriodKind::FiscalYearAverage { .. } => {
            written.contains(&year.to_string())
        }
        PeriodKind::MonthEnd { .. } | PeriodKind::Month { .. } | PeriodKind::Graduation { .. } => {
            false
        }
    };
    if shown {
        written.to_owned()
    } else {
        format!("{written} (FY{year})")
    }
}

fn period_column_mismatch(plan: &Plan, indicator: &Indicator, out: &mut Vec<Finding>) {
    for (column, value) in indicator.values.iter() {
        let Some((year, column_text)) = nominal_year(plan, column) else {
            continue;
        };
        let mismatch = match value.period.kind() {
            PeriodKind::CalendarYear { year: calendar } => calendar != year.year(),
            _ => value.period.fiscal_year() != year,
        };
        if !mismatch {
            continue;
        }
        out.push(finding(
            PERIOD_COLUMN_MISMATCH,
            indicator.id.as_str(),
            value.line,
            format!(
                "「{}」: {} {} is for {}, but {column_text}",
                indicator.name,
                column_en(column),
                amount_as_written(value),
                period_with_year(&value.period),
            ),
            "Each column stands for one year, so this value is not comparable with the column's other rows. It may be the latest statistic available (some statistics lag by years) or a transcription error; check the source.",
        ));
    }
}

fn conflicting_values(indicator: &Indicator, out: &mut Vec<Finding>) {
    let present: Vec<(Column, &KpiValue)> = indicator.values.iter().collect();
    for (i, &(first_column, first)) in present.iter().enumerate() {
        for &(second_column, second) in present.iter().skip(i + 1) {
            let conflict = first.period.kind() == second.period.kind()
                && first.quantity.unit == second.quantity.unit
                && first.quantity.amount != second.quantity.amount;
            if !conflict {
                continue;
            }
            let (a, b) = (first.period.written(), second.period.written());
            let when = if a == b {
                format!("are both for {a}")
            } else {
                format!("are for {a} and {b}, the same period,")
            };
            out.push(finding(
                CONFLICTING_VALUES,
                indicator.id.as_str(),
                second.line.or(first.line),
                format!(
                    "「{}」: {} {} and {} {} {when} but differ",
                    indicator.name,
                    column_en(first_column),
                    amount_as_written(first),
                    column_en(second_column),
                    amount_as_written(second),
                ),
                "An indicator has one value per period, so one of the two figures or one of the periods is wrong (e.g. a baseline whose year was not updated). Check the source statistics.",
            ));
        }
    }
}

/// `(initial − value) / initial × 100` rounded to `dp` places, half away from
/// zero and half to even; `None` when it cannot be computed.
fn reduction(initial: Decimal, value: Decimal, dp: u32) -> Option<(Decimal, Decimal)> {
    let ratio = initial
        .checked_sub(value)?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(initial)?;
    let mut half_up = ratio.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    half_up.rescale(dp);
    let half_even = ratio.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
    Some((half_up, half_even))
}

fn reduction_rate_mismatch(indicator: &Indicator, out: &mut Vec<Finding>) {
    let Some(initial) = indicator.values.initial.as_ref() else {
        return;
    };
    if initial.quantity.amount.is_zero() {
        return;
    }
    for (column, value) in indicator.values.iter() {
        if column == Column::Initial || value.quantity.unit != initial.quantity.unit {
            continue;
        }
        for annotation in &value.annotations {
            let AnnotationKind::ReductionRate { percent } = annotation.kind else {
                continue;
            };
            let Some((half_up, half_even)) = reduction(
                initial.quantity.amount,
                value.quantity.amount,
                percent.scale(),
            ) else {
                continue;
            };
            if half_up == percent || half_even == percent {
                continue;
            }
            out.push(finding(
                REDUCTION_RATE_MISMATCH,
                indicator.id.as_str(),
                value.line,
                format!(
                    "「{}」: {} {} is annotated {}, but its reduction from the initial value {} is ({} − {}) / {} = {half_up}%",
                    indicator.name,
                    column_en(column),
                    show(value),
                    annotation.written,
                    show(initial),
                    number_as_written(initial),
                    number_as_written(value),
                    number_as_written(initial),
                ),
                "The printed rate should equal the reduction from the initial (base-year) value, rounded to the printed precision. Either the value or the rate is wrong, or the rate uses another base; check the source.",
            ));
        }
    }
}

fn cumulative_decreasing(indicator: &Indicator, out: &mut Vec<Finding>) {
    if indicator.aggregation != Aggregation::Cumulative {
        return;
    }
    let present: Vec<(Column, &KpiValue)> = indicator.values.iter().collect();
    for pair in present.windows(2) {
        let [(earlier_column, earlier), (later_column, later)] = pair else {
            continue;
        };
        let falls = earlier.quantity.unit == later.quantity.unit
            && later.quantity.amount < earlier.quantity.amount
            && later.period.fiscal_year() >= earlier.period.fiscal_year();
        if !falls {
            continue;
        }
        out.push(finding(
            CUMULATIVE_DECREASING,
            indicator.id.as_str(),
            later.line.or(earlier.line),
            format!(
                "「{}」: the running total falls from {} {} to {} {}",
                indicator.name,
                column_en(*earlier_column),
                show(earlier),
                column_en(*later_column),
                show(later),
            ),
            "A cumulative total (累計) can only stay level or grow, so a lower later figure means a value is wrong or the indicator is not cumulative. Check the figures and the indicator's aggregation.",
        ));
    }
}

fn era_overflow(indicator: &Indicator, out: &mut Vec<Finding>) {
    for (column, value) in indicator.values.iter() {
        if !value.period.era_overflow() {
            continue;
        }
        out.push(finding(
            ERA_OVERFLOW,
            indicator.id.as_str(),
            value.line,
            format!(
                "「{}」: {} {} is dated {}, an era year past the end of its era, read as {}",
                indicator.name,
                column_en(column),
                amount_as_written(value),
                value.period.written(),
                value.period.label_ja(),
            ),
            super::ERA_OVERFLOW_EXPLANATION,
        ));
    }
}
