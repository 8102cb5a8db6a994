//! Actuals files (実績値CSV): the reader behind `keikaku actuals import FILE`.
//!
//! Departments report their indicators' actuals as a CSV file with a header
//! row and one row per value:
//!
//! ```text
//! 指標,期間,値,単位,出典,備考
//! KPI-03,令和5年度,55,件,移住定住推進課調べ,
//! 文化財施設入館者数,2023年度,"1,026,000",,,
//! ```
//!
//! [`read_actuals`] decodes the bytes ([`decode`]: UTF-8, UTF-8 with BOM or
//! Shift_JIS/CP932), reads the header (columns `indicator`, `period`,
//! `value`, optional `unit`, `source`, `note`, or the Japanese names
//! 指標 / 期間 / 値 (実績値) / 単位 / 出典 / 備考, in any order) and checks every
//! row against the plan: the indicator must be one of the plan's (by ID or by
//! a name the plan prints), the period must parse
//! ([`keikaku_model::period::Period::parse`]), the value must be an exact
//! number ([`keikaku_model::quantity::parse_amount`]) in the indicator's unit,
//! and each indicator has at most one value per fiscal year. It reports
//! every problem of the file, each with its physical line and column, and
//! yields values only when there are none: all or nothing. The format is
//! documented in `docs/actuals-csv.md`.

mod columns;
mod encoding;
mod lookup;

pub use encoding::{Encoding, decode};

use columns::{Columns, Field};
use csv::StringRecord;
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::Indicator;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::{Quantity, QuantityError, Unit, parse_amount};
use keikaku_model::text::fold_width;
use lookup::Indicators;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

/// A decoded and validated actuals file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActualsFile {
    /// The encoding the file was written in.
    pub encoding: Encoding,
    /// The values, in file order.
    pub rows: Vec<ActualRow>,
}

/// One validated row of an actuals file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActualRow {
    /// 1-based physical line of the file the record starts on.
    pub line: u64,
    /// The value the row reports.
    pub value: ActualValue,
}

/// One problem of an actuals file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based physical line the problem is on (where the record starts);
    /// 0 for the file as a whole (e.g. an empty or UTF-16 file).
    pub line: u64,
    /// The column's header name (`indicator`, `period`, `value`, `unit`,
    /// `source`, `note`; an unknown column as written), or empty when the
    /// problem is the whole row or file.
    pub column: String,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl RowError {
    /// A problem at a line and column.
    pub fn new(line: u64, column: impl Into<String>, reason: impl Into<String>) -> Self {
        RowError {
            line,
            column: column.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RowError {
    /// `line 7, column value: 「1,2,3」 has misplaced thousands separators …`;
    /// `line 7: …` without a column; the reason alone for the whole file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column.is_empty()) {
            (0, true) => write!(f, "{}", self.reason),
            (0, false) => write!(f, "column {}: {}", self.column, self.reason),
            (line, true) => write!(f, "line {line}: {}", self.reason),
            (line, false) => write!(f, "line {line}, column {}: {}", self.column, self.reason),
        }
    }
}

impl std::error::Error for RowError {}

/// Every problem of an actuals file, in file order (header problems first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActualsError {
    /// The problems; never empty when returned by this module.
    pub errors: Vec<RowError>,
}

impl fmt::Display for ActualsError {
    /// One problem per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ActualsError {}

impl From<RowError> for ActualsError {
    fn from(e: RowError) -> Self {
        ActualsError { errors: vec![e] }
    }
}

/// Decodes and reads an actuals file, checking every row against the plan.
///
/// Returns the values only if the whole file is valid; otherwise every
/// problem found (decoding stops at the first undecodable byte, since
/// nothing after it can be trusted).
pub fn read_actuals(bytes: &[u8], plan: &Plan) -> Result<ActualsFile, ActualsError> {
    let (text, encoding) = decode(bytes)?;
    let rows = parse_actuals(&text, plan)?;
    Ok(ActualsFile { encoding, rows })
}

/// Reads already decoded CSV text; see [`read_actuals`].
pub fn parse_actuals(text: &str, plan: &Plan) -> Result<Vec<ActualRow>, ActualsError> {
    let lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut header_line = None;
    let mut checker = None;
    let mut data_rows = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = lines.of(e.position());
                errors.push(RowError::new(
                    line,
                    "",
                    format!("cannot read the file as CSV: {e}"),
                ));
                break;
            }
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = lines.of(record.position());
        if header_line.is_none() {
            header_line = Some(line);
            match Columns::read(&record, line, &mut errors) {
                Some(columns) => checker = Some(Checker::new(plan, columns)),
                None => break,
            }
            continue;
        }
        let Some(checker) = checker.as_mut() else {
            break;
        };
        data_rows += 1;
        if let Some(value) = checker.row(&record, line, &mut errors) {
            rows.push(ActualRow { line, value });
        }
    }
    match header_line {
        None => errors.push(RowError::new(
            0,
            "",
            "the file is empty: expected a header row such as indicator,period,value (指標,期間,値) and one row per value",
        )),
        Some(line) if checker.is_some() && data_rows == 0 => errors.push(RowError::new(
            line,
            "",
            "the file has a header but no rows: expected one row per value after the header",
        )),
        Some(_) => {}
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(ActualsError { errors })
    }
}

/// Physical line numbers of byte offsets in the decoded text.
struct Lines<'t> {
    text: &'t str,
    newlines: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text,
            newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    /// The line a record starts on. The CSV reader's position is where it
    /// started reading, which is before any empty lines it skipped (and, for
    /// `\r\n`, possibly before the `\n`), so those are stepped over first.
    fn of(&self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return 0;
        };
        let bytes = self.text.as_bytes();
        let mut at = usize::try_from(position.byte()).map_or(bytes.len(), |b| b.min(bytes.len()));
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let before = self.newlines.partition_point(|&n| n < at);
        u64::try_from(before).map_or(u64::MAX, |n| n.saturating_add(1))
    }
}

/// Checks rows against the plan and remembers which indicator and fiscal
/// year each row took.
struct Checker<'p> {
    indicators: Indicators<'p>,
    columns: Columns,
    seen: HashMap<(IndicatorId, FiscalYear), u64>,
}

/// A value cell: a bare number (in the indicator's unit) or a number with a
/// unit written after it.
enum Figure {
    Bare(Decimal),
    WithUnit(Quantity),
}

impl<'p> Checker<'p> {
    fn new(plan: &'p Plan, columns: Columns) -> Self {
        Checker {
            indicators: Indicators::new(plan),
            columns,
            seen: HashMap::new(),
        }
    }

    /// Checks one row; pushes its problems and returns its value if it has none.
    fn row(
        &mut self,
        record: &StringRecord,
        line: u64,
        errors: &mut Vec<RowError>,
    ) -> Option<ActualValue> {
        if record.len() != self.columns.width() {
            errors.push(RowError::new(
                line,
                "",
                format!(
                    "the row has {} fields but the header has {}: check for a missing or extra comma, and quote values that contain commas (\"1,234\")",
                    record.len(),
                    self.columns.width()
                ),
            ));
            return None;
        }
        let mut problems = Vec::new();
        let cell = |field| self.columns.cell(record, field);

        let indicator = self
            .indicators
            .find(cell(Field::Indicator))
            .map_err(|reason| problems.push((Field::Indicator, reason)))
            .ok();
        let period = Period::parse(cell(Field::Period))
            .map_err(|e| problems.push((Field::Period, e.to_string())))
            .ok();
        let figure = figure(cell(Field::Value))
            .map_err(|reason| problems.push((Field::Value, reason)))
            .ok();
        if let Some(Figure::WithUnit(q)) = &figure
            && let Some(ind) = indicator
            && q.unit != ind.unit
        {
            problems.push((Field::Value, unit_mismatch(&q.unit, ind)));
        }
        if self.columns.has(Field::Unit) {
            let written = cell(Field::Unit).trim();
            if !written.is_empty() {
                match Unit::new(written) {
                    Err(e) => problems.push((Field::Unit, e.to_string())),
                    Ok(unit) => {
                        if let Some(ind) = indicator
                            && unit != ind.unit
                        {
                            problems.push((Field::Unit, unit_mismatch(&unit, ind)));
                        }
                    }
                }
            }
        }
        let source = text_cell(cell(Field::Source));
        let note = text_cell(cell(Field::Note));

        let before = errors.len();
        errors.extend(
            problems
                .into_iter()
                .map(|(field, reason)| RowError::new(line, field.name(), reason)),
        );
        for &i in self.columns.unnamed() {
            let value = record.get(i).unwrap_or("").trim();
            if !value.is_empty() {
                errors.push(RowError::new(
                    line,
                    "",
                    format!(
                        "「{value}」 is in column {}, which has no header: name the column or remove the value",
                        i + 1
                    ),
                ));
            }
        }
        if let (Some(ind), Some(period)) = (indicator, &period) {
            let fy = period.fiscal_year();
            match self.seen.entry((ind.id.clone(), fy)) {
                Entry::Occupied(first) => errors.push(RowError::new(
                    line,
                    "",
                    format!(
                        "duplicate: line {} already gives {} a value for {}, the fiscal year of 「{}」: one value per indicator and fiscal year (correct line {} instead of adding a row)",
                        first.get(),
                        ind.id,
                        fy.label_ja(),
                        period.written(),
                        first.get()
                    ),
                )),
                Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
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
                source,
                note,
            }),
            _ => None,
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
