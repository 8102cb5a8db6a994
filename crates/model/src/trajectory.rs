//! Where an indicator should be in a given year, and where it is heading.
//!
//! The **trajectory** ([`expected`], [`path`]) is the straight-line path the
//! plan implies: from the initial value in its fiscal year, through the
//! interim target in its fiscal year, to the final target in its fiscal
//! year, linear between these anchors. Before the initial year there is no
//! value; after the last anchor the value stays at the last target. Values
//! between anchors are rounded (half away from zero) to two more decimal
//! places than the most precise anchor, so they are stable, storable and
//! readable (39件 → 55件 over seven years gives 45.86 for FY2020); anchor
//! years return the anchor amount exactly as written.
//!
//! The **forecast** ([`forecast`]) extends the observed figures with the
//! Theil–Sen estimator (median of pairwise slopes), which one outlying year
//! cannot drag, and says whether the central forecast misses the final
//! target. Both are documented with worked numbers in `docs/grading.md`.

use crate::actual::ActualValue;
use crate::fiscal_year::FiscalYear;
use crate::grading::EvalContext;
use crate::grading::metrics::meets;
use crate::indicator::{Indicator, KpiValue, Polarity};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The anchors of the trajectory: (fiscal year, amount), strictly
/// increasing in year, at least two, or empty when there is no path.
///
/// - The initial value at its period's fiscal year (required).
/// - The interim target at its period's fiscal year, or, when that year
///   is not strictly between the initial and final years, at the edition's
///   last year if that is; otherwise it is left out.
/// - The final target at its period's fiscal year, or at the comprehensive
///   plan's last year when its own year is not after the interim's (or
///   initial's); otherwise it is left out.
///
/// Values in another unit than the indicator's are left out.
pub fn anchors(indicator: &Indicator, ctx: &EvalContext) -> Vec<(FiscalYear, Decimal)> {
    let usable = |v: Option<&KpiValue>| {
        v.filter(|v| v.quantity.unit == indicator.unit)
            .map(|v| (v.period.fiscal_year(), v.quantity.amount))
    };
    let Some(start) = usable(indicator.values.initial.as_ref()) else {
        return Vec::new();
    };
    let fin = usable(indicator.values.target.as_ref());
    let fin_year_bound = fin.map(|(y, _)| y).filter(|y| *y > start.0);
    let mid = usable(indicator.values.interim.as_ref()).and_then(|(own, amount)| {
        [own, ctx.edition_years.last()]
            .into_iter()
            .find(|y| *y > start.0 && fin_year_bound.is_none_or(|f| *y < f))
            .map(|y| (y, amount))
    });
    let after = mid.map_or(start.0, |(y, _)| y);
    let end = fin.and_then(|(own, amount)| {
        [own, ctx.plan_years.last()]
            .into_iter()
            .find(|y| *y > after)
            .map(|y| (y, amount))
    });
    let out: Vec<(FiscalYear, Decimal)> = [Some(start), mid, end].into_iter().flatten().collect();
    if out.len() < 2 { Vec::new() } else { out }
}

/// The trajectory value for a fiscal year: `None` before the initial year or
/// when there is no path (see [`anchors`]); the last target after the last
/// anchor; otherwise linear interpolation between the surrounding anchors,
/// a + (b − a) × (year − year_a) / (year_b − year_a), rounded half away from
/// zero to (the anchors' largest scale + 2) places.
pub fn expected(indicator: &Indicator, ctx: &EvalContext, year: FiscalYear) -> Option<Decimal> {
    let points = anchors(indicator, ctx);
    interpolate(&points, year)
}

/// Interpolates on anchors (see [`expected`]).
fn interpolate(points: &[(FiscalYear, Decimal)], year: FiscalYear) -> Option<Decimal> {
    let (first, last) = (points.first()?, points.last()?);
    if year < first.0 {
        return None;
    }
    if year >= last.0 {
        return Some(last.1);
    }
    if let Some((_, v)) = points.iter().find(|(y, _)| *y == year) {
        return Some(*v);
    }
    let scale = points.iter().map(|(_, v)| v.scale()).max().unwrap_or(0) + 2;
    let (a, b) = points
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .find(|(a, b)| a.0 < year && year < b.0)?;
    let span = Decimal::from(b.0.year() - a.0.year());
    let step = Decimal::from(year.year() - a.0.year());
    if span.is_zero() {
        return None;
    }
    let value =
        b.1.checked_sub(a.1)?
            .checked_mul(step)?
            .checked_div(span)?
            .checked_add(a.1)?;
    Some(value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero))
}

/// The trajectory for every fiscal year from the initial value's year to
/// the final target's year; empty when there is no path.
pub fn path(indicator: &Indicator, ctx: &EvalContext) -> Vec<(FiscalYear, Decimal)> {
    let points = anchors(indicator, ctx);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut year = Some(first.0);
    while let Some(y) = year.filter(|y| *y <= last.0) {
        if let Some(v) = interpolate(&points, y) {
            out.push((y, v));
        }
        year = y.next();
    }
    out
}

/// The observed figures of an indicator as forecast points: the initial
/// value and the baseline actual (real actuals printed in the plan), then
/// the recorded actuals of the indicator, all in the indicator's unit,
/// sorted by fiscal year. When two figures fall in the same fiscal year the
/// later one wins (an actual over the plan's figure, the baseline actual over
/// the initial value).
pub fn observed_points(
    indicator: &Indicator,
    actuals: &[ActualValue],
) -> Vec<(FiscalYear, Decimal)> {
    let printed = [
        indicator.values.initial.as_ref(),
        indicator.values.baseline.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter(|v| v.quantity.unit == indicator.unit)
    .map(|v| (v.period.fiscal_year(), v.quantity.amount));
    let reported = actuals
        .iter()
        .filter(|a| a.indicator == indicator.id && a.quantity.unit == indicator.unit)
        .map(|a| (a.fiscal_year(), a.quantity.amount));
    let mut out: Vec<(FiscalYear, Decimal)> = Vec::new();
    for (y, v) in printed.chain(reported) {
        match out.iter_mut().find(|(oy, _)| *oy == y) {
            Some(slot) => slot.1 = v,
            None => out.push((y, v)),
        }
    }
    out.sort_by_key(|(y, _)| *y);
    out
}

/// A forecast for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// The Theil–Sen line's value for the year.
    pub central: Decimal,
    /// The lower end of the range (see [`forecast`]).
    pub low: Decimal,
    /// The upper end of the range.
    pub high: Decimal,
    /// The method, `theil-sen`.
    pub method: &'static str,
    /// How many points were given (all of them count towards the line).
    pub points_used: usize,
    /// The central forecast does not meet the final target (direction- and
    /// bound-aware). False when it cannot be judged: no final target, a
    /// target in another unit, or an unknown direction.
    pub at_risk: bool,
}

/// Forecasts an indicator's value in `at` from observed points (fiscal
/// year, amount), with the Theil–Sen estimator.
///
/// - slope = the median of the slopes (y_j − y_i) / (x_j − x_i) over all
///   pairs of points in different years; the median of an even number of
///   values is the mean of the middle two;
/// - intercept = the median of y − slope × x (x counted from the latest
///   year, which changes nothing but keeps the numbers small);
/// - central = intercept + slope × at;
/// - low / high = the latest point moved along the smallest and largest
///   pairwise slope to `at` (the latest point is the last given among those
///   of the latest year), widened when needed so that low ≤ central ≤ high.
///
/// Results are rounded half away from zero to (the points' largest scale +
/// 2) places. `None` with fewer than two distinct years. The caller passes
/// the plan's initial value and baseline actual as points too (they are real
/// actuals): see [`observed_points`].
pub fn forecast(
    indicator: &Indicator,
    actual_points: &[(FiscalYear, Decimal)],
    at: FiscalYear,
) -> Option<Forecast> {
    let latest_year = actual_points.iter().map(|(y, _)| *y).max()?;
    let latest = actual_points.iter().rfind(|(y, _)| *y == latest_year)?.1;
    let x = |y: FiscalYear| Decimal::from(y.year() - latest_year.year());

    let mut slopes = Vec::new();
    for (i, (xi, yi)) in actual_points.iter().enumerate() {
        for (xj, yj) in actual_points.iter().skip(i + 1) {
            if xi == xj {
                continue;
            }
            let dx = x(*xj).checked_sub(x(*xi))?;
            slopes.push(yj.checked_sub(*yi)?.checked_div(dx)?);
        }
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort();
    let slope = median(&slopes)?;
    let mut residuals = actual_points
        .iter()
        .map(|(xk, yk)| yk.checked_sub(slope.checked_mul(x(*xk))?))
        .collect::<Option<Vec<Decimal>>>()?;
    residuals.sort();
    let intercept = median(&residuals)?;
    let ahead = x(at);
    let central = intercept.checked_add(slope.checked_mul(ahead)?)?;
    let along = |s: Decimal| latest.checked_add(s.checked_mul(ahead)?);
    let (first, last) = (slopes.first()?, slopes.last()?);
    let (a, b) = (along(*first)?, along(*last)?);
    let low = a.min(b).min(central);
    let high = a.max(b).max(central);

    let scale = actual_points
        .iter()
        .map(|(_, v)| v.scale())
        .max()
        .unwrap_or(0)
        + 2;
    let round =
        |d: Decimal| d.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    let central = round(central);
    let at_risk = indicator
        .values
        .target
        .as_ref()
        .filter(|t| t.quantity.unit == indicator.unit && indicator.polarity != Polarity::Unknown)
        .and_then(|t| meets(central, t.quantity.amount, t.bound, indicator.polarity))
        .is_some_and(|ok| !ok);
    Some(Forecast {
        central,
        low: round(low),
        high: round(high),
        method: "theil-sen",
        points_used: actual_points.len(),
        at_risk,
    })
}

/// The median of sorted values; the mean of the middle two for an even count.
fn median(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let upper = *sorted.get(n / 2)?;
    if n % 2 == 1 {
        Some(upper)
    } else {
        let lower = *sorted.get(n / 2 - 1)?;
        lower.checked_add(upper)?.checked_div(Decimal::TWO)
    }
}
