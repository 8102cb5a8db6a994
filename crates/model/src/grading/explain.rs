//! The human-readable parts of a grade: each metric's formula with the
//! numbers put in (Japanese and English) and the rule that matched.
//!
//! Amounts are shown as written (their own scale, thousands separators);
//! percentages are rounded to one decimal place, half away from zero. In a
//! matched rule the value gets more places when one would make the shown
//! comparison look false (19.96% is shown as `19.96% < 20%`, not `20.0%`).

use crate::grading::metrics::{Metrics, Undefined, round_half_up};
use crate::grading::rubric::{BaseChoice, Constraint, Metric, Range, Rule};
use crate::indicator::Polarity;
use crate::quantity::{Bound, group_thousands};
use rust_decimal::Decimal;

/// The figures of a grade that every metric could be computed from.
pub(super) struct Figures {
    /// The actual.
    pub actual: Decimal,
    /// The base (initial value or baseline actual).
    pub base: Decimal,
    /// The applicable target (or the prorated value).
    pub target: Decimal,
    /// The target's `以下` / `以上` bound.
    pub bound: Option<Bound>,
    /// The trajectory value for the year, when there is one.
    pub trajectory: Option<Decimal>,
    /// Which way is better (never Unknown here).
    pub polarity: Polarity,
    /// What the base is.
    pub base_choice: BaseChoice,
    /// Whether the target is the prorated trajectory value.
    pub prorated: bool,
}

/// The metrics with the reasons undefined ones have no value.
pub(super) struct Outcomes {
    /// See [`crate::grading::metrics::meets`].
    pub reached: Option<bool>,
    /// Target = base.
    pub maintain_target: bool,
    /// Achievement rate.
    pub rate: Result<Decimal, Undefined>,
    /// Achievement rate against the trajectory value.
    pub trajectory_rate: Result<Decimal, Undefined>,
    /// Gain over the base.
    pub gain: Result<Decimal, Undefined>,
}

impl Outcomes {
    /// The exact metrics.
    pub fn metrics(&self) -> Metrics {
        Metrics {
            reached: self.reached,
            maintain_target: Some(self.maintain_target),
            rate: self.rate.ok(),
            trajectory_rate: self.trajectory_rate.ok(),
            gain: self.gain.ok(),
        }
    }
    /// The percent metrics that are undefined, with why.
    pub fn undefined(&self) -> Vec<(Metric, Undefined)> {
        [
            (Metric::Rate, &self.rate),
            (Metric::TrajectoryRate, &self.trajectory_rate),
            (Metric::Gain, &self.gain),
        ]
        .into_iter()
        .filter_map(|(m, r)| r.err().map(|u| (m, u)))
        .collect()
    }
}

/// An amount as written: thousands separators, own scale.
fn n(d: Decimal) -> String {
    group_thousands(&d)
}

/// A percentage rounded for display, e.g. `62.1%`.
fn pct(d: Decimal) -> String {
    format!("{}%", group_thousands(&round_half_up(d, 1)))
}

/// The formula of one metric with the numbers put in: (Japanese, English).
pub(super) fn formula(metric: Metric, f: &Figures, o: &Outcomes) -> (String, String) {
    let (bj, be) = (f.base_choice.label_ja(), f.base_choice.label_en());
    let (tj, te) = if f.prorated {
        ("按分目標値", "expected")
    } else {
        ("目標値", "target")
    };
    match metric {
        Metric::Reached => reached_formula(f, o.reached, tj, te),
        Metric::MaintainTarget => {
            let (sign, yes_ja, yes_en) = if o.maintain_target {
                ("=", "はい", "yes")
            } else {
                ("≠", "いいえ", "no")
            };
            (
                format!(
                    "現状維持目標 = {yes_ja}（{tj} {} {sign} {bj} {}）",
                    n(f.target),
                    n(f.base)
                ),
                format!(
                    "maintain target = {yes_en} ({te} {} {sign} {be} {})",
                    n(f.target),
                    n(f.base)
                ),
            )
        }
        Metric::Rate => gap_formula(metric, f.actual, f.base, f.target, &o.rate, f, tj, te),
        Metric::TrajectoryRate => match f.trajectory {
            Some(t) => gap_formula(
                metric,
                f.actual,
                f.base,
                t,
                &o.trajectory_rate,
                f,
                "按分目標値",
                "expected",
            ),
            None => undefined_text(metric, Undefined::NoTrajectory, f.base_choice),
        },
        Metric::Gain => match o.gain {
            Ok(g) => {
                let (a, b) = (n(f.actual), n(f.base));
                let (num_ja, num_en, nums) = if f.polarity == Polarity::Decrease {
                    (
                        format!("{bj} − 実績値"),
                        format!("{be} − actual"),
                        format!("{b} − {a}"),
                    )
                } else {
                    (
                        format!("実績値 − {bj}"),
                        format!("actual − {be}"),
                        format!("{a} − {b}"),
                    )
                };
                let abs = n(f.base.abs());
                (
                    format!(
                        "改善率 = ({num_ja}) ÷ |{bj}| = ({nums}) ÷ {abs} = {}",
                        pct(g)
                    ),
                    format!("gain = ({num_en}) / |{be}| = ({nums}) / {abs} = {}", pct(g)),
                )
            }
            Err(u) => undefined_text(metric, u, f.base_choice),
        },
    }
}

/// `(actual − base) / (target − base)` with the numbers, or why it is undefined.
#[allow(clippy::too_many_arguments)]
fn gap_formula(
    metric: Metric,
    actual: Decimal,
    base: Decimal,
    target: Decimal,
    result: &Result<Decimal, Undefined>,
    f: &Figures,
    tj: &str,
    te: &str,
) -> (String, String) {
    let (bj, be) = (f.base_choice.label_ja(), f.base_choice.label_en());
    match result {
        Ok(r) => {
            let (a, b, t) = (n(actual), n(base), n(target));
            (
                format!(
                    "{} = (実績値 − {bj}) ÷ ({tj} − {bj}) = ({a} − {b}) ÷ ({t} − {b}) = {}",
                    metric.label_ja(),
                    pct(*r)
                ),
                format!(
                    "{} = (actual − {be}) / ({te} − {be}) = ({a} − {b}) / ({t} − {b}) = {}",
                    metric.label_en(),
                    pct(*r)
                ),
            )
        }
        Err(u) => {
            let (ja, en) = undefined_text(metric, *u, f.base_choice);
            (
                format!("{ja}: {tj} {}、{bj} {}", n(target), n(base)),
                format!("{en}: {te} {}, {be} {}", n(target), n(base)),
            )
        }
    }
}

/// `達成率は算定不能（…）` / `achievement rate undefined: …`.
pub(super) fn undefined_text(metric: Metric, u: Undefined, base: BaseChoice) -> (String, String) {
    (
        format!(
            "{}は算定不能（{}）",
            metric.label_ja(),
            u.ja(base.label_ja())
        ),
        format!("{} undefined: {}", metric.label_en(), u.en(base.label_en())),
    )
}

/// `reached = yes (actual ≤ target: 19.10 ≤ 19.24)`.
fn reached_formula(f: &Figures, reached: Option<bool>, tj: &str, te: &str) -> (String, String) {
    let at_most = match f.bound {
        Some(Bound::AtMost) => true,
        Some(Bound::AtLeast) => false,
        None => f.polarity == Polarity::Decrease,
    };
    let op = if at_most { "≤" } else { "≥" };
    let (bound_ja, bound_en) = match f.bound {
        Some(b) => (
            b.suffix_ja().to_owned(),
            format!(", written {}", b.suffix_ja()),
        ),
        None => (String::new(), String::new()),
    };
    let (a, t) = (n(f.actual), n(f.target));
    match reached {
        Some(true) => (
            format!("目標達成 = 達成（実績値 {op} {tj}{bound_ja}: {a} {op} {t}）"),
            format!("reached = yes (actual {op} {te}{bound_en}: {a} {op} {t})"),
        ),
        Some(false) => (
            format!("目標達成 = 未達成（条件は 実績値 {op} {tj}{bound_ja}: {a} {op} {t}）"),
            format!("reached = no (needs actual {op} {te}{bound_en}: {a} {op} {t})"),
        ),
        None => undefined_text(Metric::Reached, Undefined::DirectionUnknown, f.base_choice),
    }
}

/// A value shown against a range: one decimal place, or more when rounding
/// to one place would make the comparison look false.
fn shown(value: Decimal, range: &Range) -> String {
    (1..=6)
        .map(|dp| round_half_up(value, dp))
        .find(|r| range.contains(*r))
        .unwrap_or_else(|| value.normalize())
        .to_string()
}

/// The rule that matched, e.g. `trajectory_rate 62.5% ≥ 50%`: (Japanese, English).
pub(super) fn rule_text(rule: &Rule, m: &Metrics) -> (String, String) {
    let mut ja = Vec::new();
    let mut en = Vec::new();
    for c in rule.constraints() {
        match c {
            Constraint::Flag(metric, want) => {
                ja.push(format!(
                    "{} = {}",
                    metric.label_ja(),
                    if want { "はい" } else { "いいえ" }
                ));
                en.push(format!("{} = {want}", metric.name()));
            }
            Constraint::Within(metric, range) => {
                let v = m
                    .percent(metric)
                    .map_or_else(|| "—".to_owned(), |v| shown(v, range));
                ja.push(format!(
                    "{} {v}%（{}）",
                    metric.label_ja(),
                    range.describe_ja()
                ));
                en.push(format!("{} {v}% {}", metric.name(), range.describe()));
            }
        }
    }
    (ja.join("、かつ "), en.join(" and "))
}

/// The text for a fallback match: (Japanese, English).
pub(super) fn fallback_text() -> (String, String) {
    (
        "上位の区分の条件をいずれも満たさない（既定の区分）".to_owned(),
        "fallback: no rule of an earlier level holds".to_owned(),
    )
}
