//! The accessible inline SVG chart of one indicator, drawn on the server so
//! the portal needs no JavaScript.
//!
//! [`indicator_chart`] draws, over the fiscal years from the initial value's
//! year to the final target's year (widened when a figure lies outside):
//!
//! - the planned trajectory as a dashed grey line (from
//!   [`keikaku_model::trajectory::path`]);
//! - the recorded actuals as a solid blue line with round markers;
//! - the plan's printed figures as distinct markers: the initial value (grey
//!   square), the baseline actual (blue ring), the interim target (brown
//!   diamond) and the final target (green triangle);
//! - a y axis with a few round ticks (thousands separators, the unit in a
//!   caption), year labels on the x axis.
//!
//! Nothing is told by colour alone: shapes differ, the full-size chart labels
//! the printed figures and the actuals with their values and has a legend,
//! every marker carries a `<title>`, and the SVG's `<title>` and `<desc>`
//! (referenced by `aria-labelledby`, with ids unique per [`ChartInput::id`])
//! give the whole series as text. Colours are the design tokens' hex values,
//! each at least 3:1 against the white background (WCAG 1.4.11).
//!
//! Coordinates are computed with `Decimal` and written with one decimal
//! place: no floating point anywhere, so the output is byte-for-byte the
//! same on every platform (the pages are cached and exported as files).
//! Label widths are estimated (ASCII 0.6 em, other characters 1 em); labels
//! are placed greedily around their marker so they do not overlap.

use crate::xml::{escape, id_part};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::EvalContext;
use keikaku_model::indicator::{Indicator, KpiValue};
use keikaku_model::quantity::group_thousands;
use keikaku_model::trajectory;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

mod draw;
use draw::*;

/// Actuals and the baseline actual: blue-900 (10.0:1 on white).
const BLUE: &str = "#0017c1";
/// The final target: green-800 (5.4:1).
const GREEN: &str = "#197a4b";
/// The interim target: dark orange (5.9:1).
const BROWN: &str = "#a43c00";
/// The trajectory, the initial value and the axes: grey (6.1:1).
const GREY: &str = "#626262";
/// Text.
const TEXT: &str = "#1a1a1a";
/// Grid lines: decoration only, so below 3:1 on purpose.
const GRID: &str = "#d9d9d9";

/// How large the chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ChartSize {
    /// The indicator page's chart: 720 px wide, value labels and a legend.
    #[default]
    Full,
    /// A table cell's chart: 240 px wide, markers and axes only (the
    /// values stand in the table beside it, and in `<desc>`).
    Compact,
}

/// A figure printed in the plan: its fiscal year and amount.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChartPoint {
    /// The fiscal year the figure belongs to.
    pub year: FiscalYear,
    /// The exact amount.
    pub amount: Decimal,
    /// Text written after the value and unit, e.g. `以下`; usually empty.
    pub suffix: String,
}

impl ChartPoint {
    /// A point from a printed KPI value (its bound as the suffix).
    pub fn from_value(v: &KpiValue) -> ChartPoint {
        ChartPoint {
            year: v.period.fiscal_year(),
            amount: v.quantity.amount,
            suffix: v.bound.map_or("", |b| b.suffix_ja()).to_string(),
        }
    }
}

/// The chart's words, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChartLabels {
    /// The initial value, e.g. `初期値`.
    pub initial: String,
    /// The baseline actual, e.g. `基準年の実績値`.
    pub baseline: String,
    /// Recorded actuals, e.g. `実績値`.
    pub actual: String,
    /// The planned trajectory, e.g. `計画線`.
    pub trajectory: String,
    /// The interim target, e.g. `実施計画期間設定値`.
    pub interim: String,
    /// The final target, e.g. `目標値`.
    pub target: String,
    /// A fiscal year, with `{year}` for the number: `{year}年度`, `FY{year}`.
    pub year: String,
    /// The unit caption, with `{unit}`: `単位: {unit}`.
    pub unit: String,
    /// Said in `<desc>` when there are no actuals.
    pub no_actuals: String,
    /// Shown when there is nothing at all to draw.
    pub no_data: String,
    /// Between the items of `<desc>`: `、`, `; `.
    pub separator: String,
}

impl ChartLabels {
    /// The Japanese labels.
    pub fn japanese() -> ChartLabels {
        ChartLabels {
            initial: "初期値".into(),
            baseline: "基準年の実績値".into(),
            actual: "実績値".into(),
            trajectory: "計画線".into(),
            interim: "実施計画期間設定値".into(),
            target: "目標値".into(),
            year: "{year}年度".into(),
            unit: "単位: {unit}".into(),
            no_actuals: "実績値はまだありません".into(),
            no_data: "表示できる数値がありません".into(),
            separator: "、".into(),
        }
    }

    /// The English labels.
    pub fn english() -> ChartLabels {
        ChartLabels {
            initial: "Initial value".into(),
            baseline: "Baseline actual".into(),
            actual: "Actual".into(),
            trajectory: "Planned path".into(),
            interim: "Interim target".into(),
            target: "Final target".into(),
            year: "FY{year}".into(),
            unit: "Unit: {unit}".into(),
            no_actuals: "no actuals recorded yet".into(),
            no_data: "No figures to show".into(),
            separator: "; ".into(),
        }
    }

    fn year_text(&self, year: FiscalYear) -> String {
        self.year.replace("{year}", &year.year().to_string())
    }
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartInput {
    /// Makes the SVG's ids unique on the page (`chart-{id}-title`): the
    /// indicator's ID, or e.g. the table and indicator when one page shows
    /// the same indicator twice. Characters other than ASCII letters,
    /// digits, `-` and `_` become `_`.
    pub id: String,
    /// The chart's title (`<title>`), e.g. `要介護認定率の推移`.
    pub title: String,
    /// The unit of every amount, e.g. `%`.
    pub unit: String,
    /// The initial value (初期値).
    pub initial: Option<ChartPoint>,
    /// The baseline actual (R2(2020)実績値).
    pub baseline: Option<ChartPoint>,
    /// The interim target (実施計画期間設定値).
    pub interim: Option<ChartPoint>,
    /// The final target (成果指標(KPI)).
    pub target: Option<ChartPoint>,
    /// The planned trajectory, one point per fiscal year.
    pub trajectory: Vec<(FiscalYear, Decimal)>,
    /// The recorded actuals, one per fiscal year.
    pub actuals: Vec<(FiscalYear, Decimal)>,
    /// The words.
    pub labels: ChartLabels,
    /// How large.
    pub size: ChartSize,
}

impl ChartInput {
    /// The input for an indicator: its printed values (those in the
    /// indicator's unit), its trajectory under `ctx`, and the given actuals
    /// (fiscal year, amount in the indicator's unit; sorted here).
    pub fn for_indicator(
        indicator: &Indicator,
        ctx: &EvalContext,
        actuals: &[(FiscalYear, Decimal)],
        title: impl Into<String>,
        labels: ChartLabels,
        size: ChartSize,
    ) -> ChartInput {
        let point = |v: Option<&KpiValue>| {
            v.filter(|v| v.quantity.unit == indicator.unit)
                .map(ChartPoint::from_value)
        };
        let values = &indicator.values;
        let mut actuals = actuals.to_vec();
        actuals.sort_by_key(|(y, _)| *y);
        ChartInput {
            id: indicator.id.to_string(),
            title: title.into(),
            unit: indicator.unit.to_string(),
            initial: point(values.initial.as_ref()),
            baseline: point(values.baseline.as_ref()),
            interim: point(values.interim.as_ref()),
            target: point(values.target.as_ref()),
            trajectory: trajectory::path(indicator, ctx),
            actuals,
            labels,
            size,
        }
    }

    fn value_text(&self, amount: Decimal, suffix: &str) -> String {
        format!("{}{}{suffix}", group_thousands(&amount), self.unit)
    }

    /// The printed figures with their series, in legend order.
    fn printed(&self) -> Vec<(Series, &ChartPoint)> {
        [
            (Series::Initial, self.initial.as_ref()),
            (Series::Baseline, self.baseline.as_ref()),
            (Series::Interim, self.interim.as_ref()),
            (Series::Target, self.target.as_ref()),
        ]
        .into_iter()
        .filter_map(|(s, p)| p.map(|p| (s, p)))
        .collect()
    }
}

/// What a mark stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Initial,
    Baseline,
    Actual,
    Trajectory,
    Interim,
    Target,
}

impl Series {
    fn label(self, l: &ChartLabels) -> &str {
        match self {
            Series::Initial => &l.initial,
            Series::Baseline => &l.baseline,
            Series::Actual => &l.actual,
            Series::Trajectory => &l.trajectory,
            Series::Interim => &l.interim,
            Series::Target => &l.target,
        }
    }
    fn colour(self) -> &'static str {
        match self {
            Series::Initial | Series::Trajectory => GREY,
            Series::Baseline | Series::Actual => BLUE,
            Series::Interim => BROWN,
            Series::Target => GREEN,
        }
    }
}

/// Sizes of one chart size, in px.
struct Geometry {
    width: i64,
    plot_top: i64,
    plot_height: i64,
    font: i64,
    /// Marker radius in tenths of a px.
    marker_tenths: i64,
    /// Horizontal room inside the plot before the first and after the last year.
    inner_pad: i64,
    right_margin: i64,
    /// The number of y intervals aimed at.
    y_intervals: u32,
    /// Value labels, legend, a label on every year that fits.
    detailed: bool,
}

impl ChartSize {
    fn geometry(self) -> Geometry {
        match self {
            ChartSize::Full => Geometry {
                width: 720,
                plot_top: 40,
                plot_height: 240,
                font: 12,
                marker_tenths: 50,
                inner_pad: 24,
                right_margin: 16,
                y_intervals: 4,
                detailed: true,
            },
            ChartSize::Compact => Geometry {
                width: 240,
                plot_top: 22,
                plot_height: 64,
                font: 10,
                marker_tenths: 35,
                inner_pad: 8,
                right_margin: 8,
                y_intervals: 2,
                detailed: false,
            },
        }
    }
    fn class(self) -> &'static str {
        match self {
            ChartSize::Full => "chart chart-full",
            ChartSize::Compact => "chart chart-compact",
        }
    }
}

/// Draws the chart as an inline SVG element (see the module documentation).
pub fn indicator_chart(input: &ChartInput) -> String {
    let g = input.size.geometry();
    let id = format!("chart-{}", id_part(&input.id));
    let points = all_points(input);
    let years = (
        points.iter().map(|(y, _)| *y).min(),
        points.iter().map(|(y, _)| *y).max(),
    );
    let amounts = (
        points.iter().map(|(_, v)| *v).min(),
        points.iter().map(|(_, v)| *v).max(),
    );
    let mut body = String::new();
    let height = match (years, amounts) {
        ((Some(first), Some(last)), (Some(min), Some(max))) => {
            let scale = Scale::new(min, max, g.y_intervals);
            draw(input, &g, &scale, first, last, &mut body)
        }
        _ => {
            let height = g.plot_top + g.plot_height;
            body.push_str(&format!(
                r#"<text x="{}" y="{}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
                g.width / 2,
                height / 2,
                escape(&input.labels.no_data)
            ));
            height
        }
    };
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="{class}" width="{w}" height="{height}" viewBox="0 0 {w} {height}" font-size="{font}" role="img" aria-labelledby="{id}-title {id}-desc">"#,
        class = input.size.class(),
        w = g.width,
        font = g.font,
    );
    out.push_str(&format!(
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&input.title),
        escape(&description(input))
    ));
    out.push_str(&format!(
        r##"<rect x="0" y="0" width="{}" height="{height}" fill="#ffffff"/>"##,
        g.width
    ));
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Every (year, amount) drawn.
fn all_points(input: &ChartInput) -> Vec<(FiscalYear, Decimal)> {
    input
        .printed()
        .into_iter()
        .map(|(_, p)| (p.year, p.amount))
        .chain(input.trajectory.iter().copied())
        .chain(input.actuals.iter().copied())
        .collect()
}

/// The chart as text: every figure with its year, joined by the separator.
fn description(input: &ChartInput) -> String {
    let l = &input.labels;
    let item = |s: Series, p: &ChartPoint| {
        format!(
            "{} {} {}",
            s.label(l),
            l.year_text(p.year),
            input.value_text(p.amount, &p.suffix)
        )
    };
    let mut items: Vec<String> = Vec::new();
    let printed = input.printed();
    for (s, p) in printed
        .iter()
        .filter(|(s, _)| *s != Series::Interim && *s != Series::Target)
    {
        items.push(item(*s, p));
    }
    if input.actuals.is_empty() {
        items.push(l.no_actuals.clone());
    }
    for (y, v) in &input.actuals {
        items.push(format!(
            "{} {} {}",
            l.actual,
            l.year_text(*y),
            input.value_text(*v, "")
        ));
    }
    for (s, p) in printed
        .iter()
        .filter(|(s, _)| *s == Series::Interim || *s == Series::Target)
    {
        items.push(item(*s, p));
    }
    if let (Some(a), Some(b)) = (input.trajectory.first(), input.trajectory.last()) {
        items.push(format!(
            "{} {} {} → {} {}",
            l.trajectory,
            l.year_text(a.0),
            input.value_text(a.1, ""),
            l.year_text(b.0),
            input.value_text(b.1, "")
        ));
    }
    items.join(&l.separator)
}

/// The y axis: round ticks covering every amount.
struct Scale {
    lo: Decimal,
    hi: Decimal,
    ticks: Vec<Decimal>,
    /// Decimal places of the tick labels.
    places: u32,
}

impl Scale {
    fn new(min: Decimal, max: Decimal, intervals: u32) -> Scale {
        Scale::nice(min, max, intervals).unwrap_or_else(|| {
            // Only reached for amounts near Decimal's limits: plain ends.
            let hi = if max > min {
                max
            } else {
                min.checked_add(Decimal::ONE).unwrap_or(min)
            };
            Scale {
                lo: min,
                hi,
                ticks: vec![min, hi],
                places: min.scale().max(hi.scale()),
            }
        })
    }

    fn nice(min: Decimal, max: Decimal, intervals: u32) -> Option<Scale> {
        let (min, max) = if min == max {
            // A flat line: centre it in a band of ±10% (±1 around zero).
            let pad = if min.is_zero() {
                Decimal::ONE
            } else {
                min.abs().checked_div(Decimal::TEN)?
            };
            (min.checked_sub(pad)?, max.checked_add(pad)?)
        } else {
            (min, max)
        };
        let raw = max
            .checked_sub(min)?
            .checked_div(Decimal::from(intervals.max(1)))?;
        let step = nice_step(raw)?;
        let lo = min.checked_div(step)?.floor().checked_mul(step)?;
        let hi = max.checked_div(step)?.ceil().checked_mul(step)?;
        let mut ticks = Vec::new();
        let mut t = lo;
        while t <= hi && ticks.len() < 24 {
            ticks.push(t);
            t = t.checked_add(step)?;
        }
        (hi > lo).then_some(Scale {
            lo,
            hi,
            ticks,
            places: step.normalize().scale(),
        })
    }

    /// Where an amount is, from 0 (top) to 1 (bottom).
    fn ratio(&self, v: Decimal) -> Decimal {
        self.hi
            .checked_sub(self.lo)
            .and_then(|span| self.hi.checked_sub(v)?.checked_div(span))
            .unwrap_or(Decimal::new(5, 1))
    }

    fn tick_text(&self, t: Decimal) -> String {
        let mut t = if t.is_zero() {
            Decimal::ZERO
        } else {
            t.normalize()
        };
        t.rescale(self.places);
        group_thousands(&t)
    }
}

/// The smallest of 1, 2, 5 × 10ⁿ that is at least `raw` (> 0).
fn nice_step(raw: Decimal) -> Option<Decimal> {
    if raw <= Decimal::ZERO {
        return None;
    }
    let mut mag = Decimal::ONE;
    for _ in 0..40 {
        match mag.checked_mul(Decimal::TEN) {
            Some(m) if m <= raw => mag = m,
            _ => break,
        }
    }
    for _ in 0..40 {
        if mag > raw {
            mag = mag.checked_div(Decimal::TEN)?;
        } else {
            break;
        }
    }
    if mag.is_zero() {
        return None;
    }
    for m in [1, 2, 5, 10] {
        let s = mag.checked_mul(Decimal::from(m))?;
        if s >= raw {
            return Some(s);
        }
    }
    None
}

/// A px value as written: one decimal place at most.
fn px(d: Decimal) -> String {
    let r = d
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    if r.is_zero() {
        "0".to_string()
    } else {
        r.to_string()
    }
}

fn dec(n: i64) -> Decimal {
    Decimal::from(n)
}

/// Tenths of a px.
fn tenths(n: i64) -> Decimal {
    Decimal::new(n, 1)
}

/// The estimated width of a text: ASCII 0.6 em, anything else 1 em.
fn text_width(s: &str, font: i64) -> Decimal {
    let units: i64 = s.chars().map(|c| if c.is_ascii() { 6 } else { 10 }).sum();
    tenths(units * font)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn nice_steps_are_one_two_five() {
        assert_eq!(nice_step(d("0.13")), Some(d("0.2")));
        assert_eq!(nice_step(d("3")), Some(d("5")));
        assert_eq!(nice_step(d("51300")), Some(d("100000")));
        assert_eq!(nice_step(d("10")), Some(d("10")));
        assert_eq!(nice_step(Decimal::ZERO), None);
    }

    #[test]
    fn scales_cover_the_amounts_with_round_ticks() {
        let s = Scale::new(d("18.94"), d("19.59"), 4);
        assert!(s.lo <= d("18.94") && s.hi >= d("19.59"));
        let texts: Vec<String> = s.ticks.iter().map(|t| s.tick_text(*t)).collect();
        assert_eq!(texts, ["18.8", "19.0", "19.2", "19.4", "19.6"]);
        let flat = Scale::new(d("1026000"), d("1026000"), 4);
        assert!(flat.lo < d("1026000") && flat.hi > d("1026000"));
        assert!(flat.ticks.iter().all(|t| flat.tick_text(*t).contains(',')));
        let neg = Scale::new(d("-3"), d("2"), 4);
        assert_eq!(neg.tick_text(neg.lo), "-4");
    }

    #[test]
    fn px_has_at_most_one_place() {
        assert_eq!(px(d("12.345")), "12.3");
        assert_eq!(px(d("12.0")), "12");
        assert_eq!(px(d("-0.01")), "0");
    }
}
