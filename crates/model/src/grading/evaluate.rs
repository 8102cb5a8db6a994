//! [`evaluate`]: one indicator, one fiscal year, one rubric → one [`Grade`].
//!
//! The steps: find the actual for the year; take the base (initial value or
//! baseline actual) and the applicable target from the rubric's choices;
//! refuse to grade, with a reason, when a figure is missing, a unit does not
//! match the indicator's, or the direction is unknown; compute the metrics;
//! try the levels in order. A grade that cannot be given is the rubric's
//! missing level, never a zero.

use crate::actual::ActualValue;
use crate::fiscal_year::FiscalYear;
use crate::grading::explain::{self, Figures, Outcomes};
use crate::grading::metrics::{Metrics, Undefined, achievement_rate, gain, meets};
use crate::grading::rubric::{Metric, Rubric, Rule, TargetChoice};
use crate::grading::{EvalContext, Explanation, Grade, Input, InputRole};
use crate::indicator::{Column, Indicator, Polarity};
use crate::quantity::{Bound, Unit};
use crate::trajectory;
use rust_decimal::Decimal;

/// Why an indicator gets the rubric's missing level.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Missing {
    /// No actual reported for the year.
    NoActual(FiscalYear),
    /// The actual's unit differs from the indicator's.
    ActualUnit { actual: Unit, indicator: Unit },
    /// A printed value the rubric needs is absent.
    NoValue(Column),
    /// A printed value is in another unit than the indicator.
    ValueUnit {
        column: Column,
        unit: Unit,
        indicator: Unit,
    },
    /// No trajectory value for the year (prorated target).
    NoTrajectory(FiscalYear),
    /// The indicator's polarity is unknown.
    DirectionUnknown,
    /// No level's rules hold and the rubric has no fallback.
    NoLevel(Vec<(Metric, Undefined)>),
}

impl Missing {
    fn en(&self, rubric: &Rubric) -> String {
        match self {
            Missing::NoActual(y) => format!("no actual for FY{}", y.year()),
            Missing::ActualUnit { actual, indicator } => {
                format!("unit mismatch: the actual is in {actual}, the indicator in {indicator}")
            }
            Missing::NoValue(c) => format!("no {}", c.label_en()),
            Missing::ValueUnit {
                column,
                unit,
                indicator,
            } => format!(
                "unit mismatch: the {} is in {unit}, the indicator in {indicator}",
                column.label_en()
            ),
            Missing::NoTrajectory(y) => format!(
                "no prorated target for FY{}: the path needs an initial value and a later target, and starts in the initial value's year",
                y.year()
            ),
            Missing::DirectionUnknown => {
                "direction unknown: the plan does not say whether higher or lower is better".into()
            }
            Missing::NoLevel(undefined) => {
                let why: Vec<String> = undefined
                    .iter()
                    .filter(|(m, _)| rubric.metrics_used().contains(m))
                    .map(|(m, u)| explain::undefined_text(*m, *u, rubric.baseline).1)
                    .collect();
                if why.is_empty() {
                    "no level applies".into()
                } else {
                    format!("no level applies: {}", why.join("; "))
                }
            }
        }
    }

    fn ja(&self, rubric: &Rubric) -> String {
        match self {
            Missing::NoActual(y) => format!("{y}の実績値がない"),
            Missing::ActualUnit { actual, indicator } => {
                format!("単位が異なる（実績値は{actual}、指標は{indicator}）")
            }
            Missing::NoValue(c) => format!("{}がない", c.label_ja()),
            Missing::ValueUnit {
                column,
                unit,
                indicator,
            } => format!(
                "単位が異なる（{}は{unit}、指標は{indicator}）",
                column.label_ja()
            ),
            Missing::NoTrajectory(y) => format!("{y}の按分目標値がない"),
            Missing::DirectionUnknown => {
                "改善の方向が不明（数値の増減のどちらが改善か計画から判断できない）".into()
            }
            Missing::NoLevel(undefined) => {
                let why: Vec<String> = undefined
                    .iter()
                    .filter(|(m, _)| rubric.metrics_used().contains(m))
                    .map(|(m, u)| explain::undefined_text(*m, *u, rubric.baseline).0)
                    .collect();
                if why.is_empty() {
                    "該当する区分がない".into()
                } else {
                    format!("該当する区分がない: {}", why.join("；"))
                }
            }
        }
    }
}

/// The applicable target with its bound and how to show it.
struct Target {
    amount: Decimal,
    bound: Option<Bound>,
    input: Input,
}

/// Grades an indicator's actual for a fiscal year under a rubric.
///
/// - **Actual**: among `actuals`, those for `indicator` whose
///   [`ActualValue::fiscal_year`] is `year`; if there are several, the last
///   (pass only current values). Cumulative (累計) indicators are graded on
///   the running total as reported: their actuals are entered as running
///   totals, like the plan's own figures.
/// - **Base**: the initial value, or the baseline actual when the rubric says
///   `baseline = "baseline_actual"`.
/// - **Target**: see [`TargetChoice`]. For `year`, the interim target
///   applies up to the edition's last year and the final target after it.
/// - **Missing level**, with a reason in [`Grade::missing_reason`], when the
///   actual, base or target is absent, a unit differs from the indicator's,
///   the polarity is unknown (`direction unknown`), or no level's rules hold
///   and the rubric has no fallback level.
pub fn evaluate(
    ctx: &EvalContext,
    indicator: &Indicator,
    actuals: &[ActualValue],
    year: FiscalYear,
    rubric: &Rubric,
) -> Grade {
    let actual = actuals
        .iter()
        .rfind(|a| a.indicator == indicator.id && a.fiscal_year() == year);
    let base_column = rubric.baseline.column();
    let base = indicator.values.get(base_column);
    let target = resolve_target(ctx, indicator, year, rubric.target);
    let expected = trajectory::expected(indicator, ctx, year);

    let mut inputs = Vec::new();
    if let Some(a) = actual {
        inputs.push(Input {
            role: InputRole::Actual,
            column: None,
            amount: a.quantity.amount,
            unit: a.quantity.unit.clone(),
            period: a.period.written().to_owned(),
            fiscal_year: a.fiscal_year(),
        });
    }
    if let Some(b) = base {
        inputs.push(Input::from_value(InputRole::Base, base_column, b));
    }
    if let Ok(t) = &target {
        inputs.push(t.input.clone());
    }
    if let Some(e) = expected
        && rubric.metrics_used().contains(&Metric::TrajectoryRate)
    {
        inputs.push(computed_input(
            InputRole::Trajectory,
            e,
            &indicator.unit,
            year,
        ));
    }

    let missing = |why: Missing, inputs: Vec<Input>, metrics: Metrics| -> Grade {
        let (ja, en) = (why.ja(rubric), why.en(rubric));
        Grade {
            indicator: indicator.id.clone(),
            year,
            rubric: rubric.name.clone(),
            rubric_version: rubric.version,
            level: rubric.missing.clone(),
            missing_reason: Some(en.clone()),
            missing_reason_ja: Some(ja.clone()),
            metrics,
            explanation: Explanation {
                formula_ja: ja.clone(),
                formula_en: en.clone(),
                inputs,
                matched: format!("missing: {en}"),
                matched_ja: format!("評価対象外: {ja}"),
            },
        }
    };

    let Some(actual) = actual else {
        return missing(Missing::NoActual(year), inputs, Metrics::default());
    };
    if actual.quantity.unit != indicator.unit {
        let why = Missing::ActualUnit {
            actual: actual.quantity.unit.clone(),
            indicator: indicator.unit.clone(),
        };
        return missing(why, inputs, Metrics::default());
    }
    let Some(base) = base else {
        return missing(Missing::NoValue(base_column), inputs, Metrics::default());
    };
    if base.quantity.unit != indicator.unit {
        let why = Missing::ValueUnit {
            column: base_column,
            unit: base.quantity.unit.clone(),
            indicator: indicator.unit.clone(),
        };
        return missing(why, inputs, Metrics::default());
    }
    let target = match target {
        Ok(t) => t,
        Err(why) => return missing(why, inputs, Metrics::default()),
    };
    if target.input.unit != indicator.unit {
        let why = Missing::ValueUnit {
            column: target.input.column.unwrap_or(Column::Target),
            unit: target.input.unit.clone(),
            indicator: indicator.unit.clone(),
        };
        return missing(why, inputs, Metrics::default());
    }
    if indicator.polarity == Polarity::Unknown {
        return missing(Missing::DirectionUnknown, inputs, Metrics::default());
    }

    let figures = Figures {
        actual: actual.quantity.amount,
        base: base.quantity.amount,
        target: target.amount,
        bound: target.bound,
        trajectory: expected,
        polarity: indicator.polarity,
        base_choice: rubric.baseline,
        prorated: rubric.target == TargetChoice::Prorated,
    };
    let outcomes = Outcomes {
        reached: meets(
            figures.actual,
            figures.target,
            figures.bound,
            figures.polarity,
        ),
        maintain_target: figures.target == figures.base,
        rate: achievement_rate(
            figures.actual,
            figures.base,
            figures.target,
            figures.polarity,
        ),
        trajectory_rate: expected
            .ok_or(Undefined::NoTrajectory)
            .and_then(|e| achievement_rate(figures.actual, figures.base, e, figures.polarity)),
        gain: gain(figures.actual, figures.base, figures.polarity),
    };
    let metrics = outcomes.metrics();

    let mut chosen = None;
    for level in &rubric.levels {
        if level.is_fallback() {
            chosen = Some((level, None));
            break;
        }
        if let Some(rule) = level.rules.iter().find(|r| holds(r, &metrics)) {
            chosen = Some((level, Some(rule)));
            break;
        }
    }
    let Some((level, rule)) = chosen else {
        return missing(Missing::NoLevel(outcomes.undefined()), inputs, metrics);
    };

    let shown_metrics = match rule {
        Some(r) => r.metrics(),
        None => rubric.metrics_used(),
    };
    let (formulas_ja, formulas_en): (Vec<String>, Vec<String>) = shown_metrics
        .iter()
        .map(|m| explain::formula(*m, &figures, &outcomes))
        .unzip();
    let (matched_ja, matched) = match rule {
        Some(r) => explain::rule_text(r, &metrics),
        None => explain::fallback_text(),
    };
    Grade {
        indicator: indicator.id.clone(),
        year,
        rubric: rubric.name.clone(),
        rubric_version: rubric.version,
        level: level.label(),
        missing_reason: None,
        missing_reason_ja: None,
        metrics,
        explanation: Explanation {
            formula_ja: formulas_ja.join("；"),
            formula_en: formulas_en.join("; "),
            inputs,
            matched,
            matched_ja,
        },
    }
}

/// Whether every constraint of a rule holds; an undefined metric never does.
fn holds(rule: &Rule, m: &Metrics) -> bool {
    rule.constraints().iter().all(|c| match c {
        crate::grading::rubric::Constraint::Flag(metric, want) => m.flag(*metric) == Some(*want),
        crate::grading::rubric::Constraint::Within(metric, range) => {
            m.percent(*metric).is_some_and(|v| range.contains(v))
        }
    })
}

/// An input computed for the year (trajectory or prorated target).
fn computed_input(role: InputRole, amount: Decimal, unit: &Unit, year: FiscalYear) -> Input {
    Input {
        role,
        column: None,
        amount,
        unit: unit.clone(),
        period: year.to_string(),
        fiscal_year: year,
    }
}

/// The target the rubric judges against in `year`.
fn resolve_target(
    ctx: &EvalContext,
    indicator: &Indicator,
    year: FiscalYear,
    choice: TargetChoice,
) -> Result<Target, Missing> {
    let printed = |column: Column| {
        indicator
            .values
            .get(column)
            .map(|v| Target {
                amount: v.quantity.amount,
                bound: v.bound,
                input: Input::from_value(InputRole::Target, column, v),
            })
            .ok_or(Missing::NoValue(column))
    };
    match choice {
        TargetChoice::Year if year <= ctx.edition_years.last() => {
            printed(Column::Interim).or_else(|e| printed(Column::Target).map_err(|_| e))
        }
        TargetChoice::Year | TargetChoice::Final => printed(Column::Target),
        TargetChoice::Interim => printed(Column::Interim),
        TargetChoice::Prorated => trajectory::expected(indicator, ctx, year)
            .map(|amount| Target {
                amount,
                bound: None,
                input: computed_input(InputRole::Target, amount, &indicator.unit, year),
            })
            .ok_or(Missing::NoTrajectory(year)),
    }
}
