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

pub(crate) mod check;
mod columns;
mod encoding;
mod lookup;

pub use encoding::{Encoding, decode};

use crate::csv_lines::Lines;
use check::{Checker, RowCells};
use columns::{Columns, Field};
use csv::StringRecord;
use keikaku_model::actual::ActualValue;
use keikaku_model::plan::Plan;
use serde::Serialize;
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
                Some(columns) => checker = Some((Checker::new(plan, "line"), columns)),
                None => break,
            }
            continue;
        }
        let Some((checker, columns)) = checker.as_mut() else {
            break;
        };
        data_rows += 1;
        if let Some(value) = csv_row(checker, columns, &record, line, &mut errors) {
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

/// Checks one CSV record: its width against the header, then its cells.
fn csv_row(
    checker: &mut Checker<'_>,
    columns: &Columns,
    record: &StringRecord,
    line: u64,
    errors: &mut Vec<RowError>,
) -> Option<ActualValue> {
    if record.len() != columns.width() {
        errors.push(RowError::new(
            line,
            "",
            format!(
                "the row has {} fields but the header has {}: check for a missing or extra comma, and quote values that contain commas (\"1,234\")",
                record.len(),
                columns.width()
            ),
        ));
        return None;
    }
    let cell = |field| columns.cell(record, field);
    let cells = RowCells {
        indicator: cell(Field::Indicator),
        period: cell(Field::Period),
        value: cell(Field::Value),
        unit: columns.has(Field::Unit).then(|| cell(Field::Unit)),
        source: cell(Field::Source),
        note: cell(Field::Note),
    };
    let unnamed = columns
        .unnamed()
        .iter()
        .filter_map(|&i| {
            let value = record.get(i).unwrap_or("").trim();
            (!value.is_empty()).then(|| {
                RowError::new(
                    line,
                    "",
                    format!(
                        "「{value}」 is in column {}, which has no header: name the column or remove the value",
                        i + 1
                    ),
                )
            })
        })
        .collect();
    checker.check(&cells, line, unnamed, errors)
}
