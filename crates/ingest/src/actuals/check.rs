//! The checks every reported value goes through, whatever file it comes
//! from (CSV or an entry workbook): the indicator is one of the plan's, the
//! period parses, the value is an exact number in the indicator's unit, and
//! each indicator has at most one value per fiscal year. Problems are
//! [`RowError`]s naming the column by its English name (`value`); the
//! caller turns them into its own positions.

use super::RowError;
use super::lookup::Indicators;
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::Indicator;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::{Quantity, QuantityError, Unit, parse_amount};
use keikaku_model::text::fold_width;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The cells of one reported value, as text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowCells<'c> {
    /// Indicator ID or name.
    pub indicator: &'c str,
    /// Period as written.
    pub period: &'c str,
    /// The figure.
    pub value: &'c str,
    /// The unit, when the file has such a column.
    pub unit: Option<&'c str>,
    /// Where the figure comes from.
    pub source: &'c str,
    /// A free note.
    pub note: &'c str,
}

/// Checks rows against the plan and remembers which indicator and fiscal
/// year each row took.
pub(crate) struct Checker<'p> {
    indicators: Indicators<'p>,
    seen: HashMap<(IndicatorId, FiscalYear), u64>,
    /// How positions are named in messages: `line` (CSV) or `row` (workbook).
    position: &'static str,
}

/// A value cell: a bare number (in the indicator's unit) or a number with a
/// unit written after it.
enum Figure {
    Bare(Decimal),
    WithUnit(Quantity),
}

impl<'p> Checker<'p> {
    /// A checker for `plan`; `position` names where a row is (`line`, `row`).
    pub(crate) fn new(plan: &'p Plan, position: &'static str) -> Self {
        Checker {
            indicators: Indicators::new(plan),
            seen: HashMap::new(),
            position,
        }
    }

    /// The indicator a text names, if any (no error is recorded).
    pub(crate) fn find(&self, text: &str) -> Option<&'p Indicator> {
        self.indicators.find(text).ok()
    }

    /// Checks one row found at `at`; pushes its problems (the cells', then
    /// the caller's `extra` ones about the row, then a duplicate) and returns
    /// its value if it has none.
    pub(crate) fn check(
        &mut self,
        cells: &RowCells<'_>,
        at: u64,
        extra: Vec<RowError>,
        errors: &mut Vec<RowError>,
    ) -> Option<ActualValue> {
        let mut problems: Vec<(&'static str, String)> = Vec::new();
        let indicator = self
            .indicators
            .find(cells.indicator)
            .map_err(|reason| problems.push(("indicator", reason)))
            .ok();
        let period = Period::parse(cells.period)
            .map_err(|e| problems.push(("period", e.to_string())))
            .ok();
        let figure = figure(cells.value)
            .map_err(|reason| problems.push(("value", reason)))
            .ok();
        if let Some(Figure::WithUnit(q)) = &figure
            && let Some(ind) = indicator
            && q.unit != ind.unit
        {
            problems.push(("value", unit_mismatch(&q.unit, ind)));
        }
        if let Some(written) = cells.unit.map(str::trim).filter(|u| !u.is_empty()) {
            match Unit::new(written) {
                Err(e) => problems.push(("unit", e.to_string())),
                Ok(unit) => {
                    if let Some(ind) = indicator
                        && unit != ind.unit
                    {
                        problems.push(("unit", unit_mismatch(&unit, ind)));
                    }
                }
            }
        }
        let before = errors.len();
        errors.extend(
            problems
                .into_iter()
                .map(|(column, reason)| RowError::new(at, column, reason)),
        );
        errors.extend(extra);
        if let (Some(ind), Some(period)) = (indicator, &period) {
            self.remember(ind, period, at, errors);
        }
        let clean = errors.len() == before;
        match (indicator, period, figure) {
            (Some(ind), Some(period), Some(figure)) if clean => Some(ActualValue {
                indicator: ind.id.clone(),
                period,
                quantity: Quantity {
                    amount: match figure {
                        Figure::Bare(amount) => amount,
                        Figure::WithUnit(q) => q.amount,
                    },
                    unit: ind.unit.clone(),
                },
                source: text_cell(cells.source),
                note: text_cell(cells.note),
            }),
            _ => None,
        }
    }

    /// Records the (indicator, fiscal year) of a row; a second row for the
    /// same pair is an error naming the first.
    fn remember(&mut self, ind: &Indicator, period: &Period, at: u64, errors: &mut Vec<RowError>) {
        let fy = period.fiscal_year();
        let word = self.position;
        match self.seen.entry((ind.id.clone(), fy)) {
            Entry::Occupied(first) => errors.push(RowError::new(
                at,
                "",
                format!(
                    "duplicate: {word} {} already gives {} a value for {}, the fiscal year of 「{}」: one value per indicator and fiscal year (correct {word} {} instead of adding a row)",
                    first.get(),
                    ind.id,
                    fy.label_ja(),
                    period.written(),
                    first.get()
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(at);
            }
        }
    }
}

const EMPTY_VALUE: &str =
    "empty value: leave the row out instead of writing 0 — a missing figure is not zero";

/// Texts that say "no figure" rather than give one.
const NO_FIGURE: [&str; 5] = ["未集計", "不明", "なし", "n/a", "na"];

/// Reads a value cell.
fn figure(cell: &str) -> Result<Figure, String> {
    let written = cell.trim();
    if written.is_empty() {
        return Err(EMPTY_VALUE.to_owned());
    }
    let folded = fold_width(written).to_lowercase();
    let dashes = folded
        .chars()
        .all(|c| matches!(c, '-' | '‐' | '‑' | '–' | '—' | '―' | 'ー' | '─'));
    if dashes || NO_FIGURE.contains(&folded.as_str()) {
        return Err(format!(
            "「{written}」 says there is no figure: leave the row out instead — a missing figure is not zero"
        ));
    }
    if folded.starts_with('#') {
        return Err(format!(
            "「{written}」 is a spreadsheet error, not a figure: fix the formula and export the file again"
        ));
    }
    match parse_amount(written) {
        Ok(amount) => Ok(Figure::Bare(amount)),
        Err(e @ (QuantityError::BadGrouping(_) | QuantityError::OutOfRange(_))) => {
            Err(e.to_string())
        }
        Err(_) => match Quantity::parse(written) {
            Ok((q, None)) => Ok(Figure::WithUnit(q)),
            Ok((_, Some(bound))) => Err(format!(
                "「{written}」 is a bound ({}), not a figure: write the value alone",
                bound.suffix_ja()
            )),
            Err(QuantityError::NotANumber(_)) => Err(format!(
                "「{written}」 is not a number: expected e.g. 55, 1,026,000, 45.0 or ▲3 (a unit written after the number, as in 55件, must be the indicator's)"
            )),
            Err(e) => Err(e.to_string()),
        },
    }
}

fn unit_mismatch(found: &Unit, indicator: &Indicator) -> String {
    format!(
        "unit 「{found}」 does not match the indicator's unit 「{}」 ({}): write the value in {}",
        indicator.unit, indicator.id, indicator.unit
    )
}

/// A free-text cell: trimmed, line breaks as `\n`, empty as `None`.
fn text_cell(cell: &str) -> Option<String> {
    let trimmed = cell.trim();
    (!trimmed.is_empty()).then(|| trimmed.replace("\r\n", "\n"))
}
