//! The metrics a rubric's rules constrain, computed exactly in decimals.
//!
//! Every function here is a small pure formula on `rust_decimal::Decimal`
//! with checked arithmetic: [`meets`] (is the target reached, by direction
//! and `以下`/`以上` bound), [`achievement_rate`] (gap closure,
//! (actual − base) / (target − base) × 100), [`gain`] (change over the base in
//! percent, positive = better). A metric that cannot be computed is
//! [`Undefined`] with the reason, never zero. [`round_half_up`] rounds for
//! display only (四捨五入, half away from zero); grades keep exact values.

use crate::grading::rubric::Metric;
use crate::indicator::Polarity;
use crate::quantity::Bound;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The metrics of one grade, exact (not rounded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metrics {
    /// The actual meets the applicable target.
    pub reached: Option<bool>,
    /// The applicable target equals the base.
    pub maintain_target: Option<bool>,
    /// Achievement rate in percent against the rubric's target.
    pub rate: Option<Decimal>,
    /// Achievement rate in percent against the trajectory value for the year.
    pub trajectory_rate: Option<Decimal>,
    /// Gain over the base in percent, positive = better.
    pub gain: Option<Decimal>,
}

impl Metrics {
    /// The value of a flag metric (`reached`, `maintain_target`).
    pub fn flag(&self, metric: Metric) -> Option<bool> {
        match metric {
            Metric::Reached => self.reached,
            Metric::MaintainTarget => self.maintain_target,
            _ => None,
        }
    }
    /// The value of a percent metric (`rate`, `trajectory_rate`, `gain`).
    pub fn percent(&self, metric: Metric) -> Option<Decimal> {
        match metric {
            Metric::Rate => self.rate,
            Metric::TrajectoryRate => self.trajectory_rate,
            Metric::Gain => self.gain,
            _ => None,
        }
    }
    /// The same metrics with the percentages rounded to one decimal place,
    /// half away from zero, for display.
    pub fn rounded(&self) -> Metrics {
        Metrics {
            reached: self.reached,
            maintain_target: self.maintain_target,
            rate: self.rate.map(|d| round_half_up(d, 1)),
            trajectory_rate: self.trajectory_rate.map(|d| round_half_up(d, 1)),
            gain: self.gain.map(|d| round_half_up(d, 1)),
        }
    }
}

/// Why a metric has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// The indicator's polarity is unknown, so "better" has no direction.
    DirectionUnknown,
    /// The target equals the base: there is no gap to close (a maintain target).
    TargetEqualsBase,
    /// The base already meets the target (the target lies on the worse side
    /// of the base, e.g. a recovery target below a pre-COVID initial value):
    /// the gap-closure formula would give meaningless signs.
    BaseMeetsTarget,
    /// The base is zero, so a change relative to it is undefined.
    BaseIsZero,
    /// There is no trajectory value for the year (no path, or a year before
    /// the initial value).
    NoTrajectory,
    /// The numbers exceed the exact decimal range.
    Overflow,
}

impl Undefined {
    /// English reason; `base` names the base (`initial`, `baseline`).
    pub fn en(self, base: &str) -> String {
        match self {
            Undefined::DirectionUnknown => "direction unknown".into(),
            Undefined::TargetEqualsBase => format!("the target equals the {base} value"),
            Undefined::BaseMeetsTarget => {
                format!("the {base} value already meets the target, so there is no gap to close")
            }
            Undefined::BaseIsZero => format!("the {base} value is 0"),
            Undefined::NoTrajectory => "there is no trajectory value for the year".into(),
            Undefined::Overflow => "the numbers are out of the exact decimal range".into(),
        }
    }
    /// Japanese reason; `base` names the base (`初期値`, `基準実績値`).
    pub fn ja(self, base: &str) -> String {
        match self {
            Undefined::DirectionUnknown => "改善の方向が不明".into(),
            Undefined::TargetEqualsBase => format!("目標値が{base}と同じ"),
            Undefined::BaseMeetsTarget => {
                format!("{base}が既に目標値を満たしており、縮めるべき差がない")
            }
            Undefined::BaseIsZero => format!("{base}が0"),
            Undefined::NoTrajectory => "当該年度の按分目標値がない".into(),
            Undefined::Overflow => "数値が範囲を超える".into(),
        }
    }
}

/// Whether an actual meets a target.
///
/// A target written with `以下` ([`Bound::AtMost`]) is met when
/// actual ≤ target, one with `以上` ([`Bound::AtLeast`]) when actual ≥
/// target, whatever the polarity. Otherwise the polarity decides: Increase
/// needs actual ≥ target, Decrease actual ≤ target. `None` when there is no
/// bound and the polarity is unknown.
pub fn meets(
    actual: Decimal,
    target: Decimal,
    bound: Option<Bound>,
    polarity: Polarity,
) -> Option<bool> {
    match (bound, polarity) {
        (Some(Bound::AtMost), _) | (None, Polarity::Decrease) => Some(actual <= target),
        (Some(Bound::AtLeast), _) | (None, Polarity::Increase) => Some(actual >= target),
        (None, Polarity::Unknown) => None,
    }
}

/// Achievement rate (達成率) as gap closure, in percent:
/// (actual − base) / (target − base) × 100, exact.
///
/// Direction-aware by construction: for a Decrease indicator both
/// differences are negative when things improve. Not capped: overshooting
/// gives more than 100, moving away from the target less than 0. Undefined
/// when the polarity is unknown, when target = base
/// ([`Undefined::TargetEqualsBase`]), and when the target lies on the worse
/// side of the base ([`Undefined::BaseMeetsTarget`]).
pub fn achievement_rate(
    actual: Decimal,
    base: Decimal,
    target: Decimal,
    polarity: Polarity,
) -> Result<Decimal, Undefined> {
    let gap = target.checked_sub(base).ok_or(Undefined::Overflow)?;
    if gap.is_zero() {
        return Err(Undefined::TargetEqualsBase);
    }
    let towards_better = match polarity {
        Polarity::Increase => gap > Decimal::ZERO,
        Polarity::Decrease => gap < Decimal::ZERO,
        Polarity::Unknown => return Err(Undefined::DirectionUnknown),
    };
    if !towards_better {
        return Err(Undefined::BaseMeetsTarget);
    }
    let progress = actual.checked_sub(base).ok_or(Undefined::Overflow)?;
    percent_of(progress, gap)
}

/// Gain (改善率) over the base in percent, positive = better:
/// (actual − base) / |base| × 100 for Increase, the negation for Decrease.
/// Undefined when the base is 0 or the polarity unknown.
pub fn gain(actual: Decimal, base: Decimal, polarity: Polarity) -> Result<Decimal, Undefined> {
    if base.is_zero() {
        return Err(Undefined::BaseIsZero);
    }
    let change = match polarity {
        Polarity::Increase => actual.checked_sub(base),
        Polarity::Decrease => base.checked_sub(actual),
        Polarity::Unknown => return Err(Undefined::DirectionUnknown),
    }
    .ok_or(Undefined::Overflow)?;
    percent_of(change, base.abs())
}

/// `part × 100 / whole`, multiplying first to keep precision; `whole` must
/// not be zero (checked by the callers, and again here).
fn percent_of(part: Decimal, whole: Decimal) -> Result<Decimal, Undefined> {
    if whole.is_zero() {
        return Err(Undefined::TargetEqualsBase);
    }
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(whole))
        .ok_or(Undefined::Overflow)
}

/// Rounds half away from zero (四捨五入) to `dp` places and shows exactly
/// `dp` places: 62.11 → 62.1, 50 → 50.0, −0.05 → −0.1.
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// A percentage for display: one decimal place and `%`, e.g. `62.1%`.
pub fn percent_text(d: Decimal) -> String {
    format!("{}%", round_half_up(d, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn gap_closure_not_ratio() {
        // 100 → target 110, actual 105: 50%, not 95.45%.
        assert_eq!(
            achievement_rate(d("105"), d("100"), d("110"), Polarity::Increase),
            Ok(d("50"))
        );
        assert_eq!(
            achievement_rate(d("19.10"), d("19.59"), d("19.24"), Polarity::Decrease)
                .map(|r| round_half_up(r, 1)),
            Ok(d("140.0"))
        );
        assert_eq!(
            achievement_rate(d("5"), d("5"), d("5"), Polarity::Increase),
            Err(Undefined::TargetEqualsBase)
        );
        assert_eq!(
            achievement_rate(d("500"), d("631"), d("420"), Polarity::Increase),
            Err(Undefined::BaseMeetsTarget)
        );
    }

    #[test]
    fn gains_and_rounding() {
        assert_eq!(gain(d("90"), d("100"), Polarity::Increase), Ok(d("-10")));
        assert_eq!(gain(d("90"), d("100"), Polarity::Decrease), Ok(d("10")));
        assert_eq!(
            gain(d("1"), d("0"), Polarity::Increase),
            Err(Undefined::BaseIsZero)
        );
        assert_eq!(round_half_up(d("0.05"), 1).to_string(), "0.1");
        assert_eq!(round_half_up(d("-0.05"), 1).to_string(), "-0.1");
        assert_eq!(round_half_up(d("50"), 1).to_string(), "50.0");
        assert_eq!(percent_text(d("62.111")), "62.1%");
    }

    #[test]
    fn bounds_override_polarity() {
        assert_eq!(
            meets(d("19.0"), d("19.0"), Some(Bound::AtMost), Polarity::Unknown),
            Some(true)
        );
        assert_eq!(
            meets(
                d("19.1"),
                d("19.0"),
                Some(Bound::AtMost),
                Polarity::Increase
            ),
            Some(false)
        );
        assert_eq!(meets(d("1"), d("1"), None, Polarity::Unknown), None);
    }
}
