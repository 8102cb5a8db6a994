//! Entry workbooks (実績値入力票, `.xlsx`): the reader behind
//! `keikaku actuals import FILE.xlsx`.
//!
//! `keikaku actuals workbook` writes one workbook per department and fiscal
//! year (layout in [`layout`], writer in `keikaku_report::xlsx::entry`): a
//! protected sheet [`layout::INPUT_SHEET`] listing the department's
//! indicators with their targets and previous values, whose only unlocked
//! cells are the input columns (value, period, source, note), and a hidden
//! sheet [`layout::META_SHEET`] stating the municipality, department, fiscal
//! year and edition it was made for.
//!
//! [`read_workbook`] checks the meta sheet against the plan, then every
//! filled row with the same checks as the CSV reader
//! ([`crate::actuals`]): rows whose value cell is empty are skipped, an
//! empty period cell means the suggested period ([`layout::period_hint`]),
//! every value must belong to the workbook's fiscal year and to one of the
//! department's indicators. Every problem is reported with its sheet, row
//! and column (`Sheet 入力 row 7 column P (value): …`); values are returned
//! only when there is none. How numeric cells become exact decimals is
//! described in [`float_decimal`] and `docs/excel.md`, where the format is
//! documented.

pub(crate) mod cells;
pub mod layout;
mod meta;
mod rows;

pub use cells::float_decimal;

pub use meta::WorkbookMeta;

use crate::actuals::ActualRow;
use calamine::{Reader, StyleRange, Xlsx};
use keikaku_model::plan::Plan;
use serde::Serialize;
use std::fmt;
use std::io::Cursor;

/// A read and validated entry workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkbookFile {
    /// What the workbook is for.
    pub meta: WorkbookMeta,
    /// The values, in row order; `line` is the Excel row number.
    pub rows: Vec<ActualRow>,
}

/// One problem of a workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    /// The sheet, or empty for the file as a whole.
    pub sheet: String,
    /// The 1-based Excel row, or 0 for the whole sheet.
    pub row: u32,
    /// The Excel column letters (`O`), or empty for the whole row.
    pub column: String,
    /// The column's meaning in English (`value`, `period` …), or empty.
    pub field: String,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl CellError {
    pub(crate) fn file(reason: impl Into<String>) -> Self {
        CellError::at("", 0, "", "", reason)
    }

    pub(crate) fn at(
        sheet: &str,
        row: u32,
        column: &str,
        field: &str,
        reason: impl Into<String>,
    ) -> Self {
        CellError {
            sheet: sheet.to_owned(),
            row,
            column: column.to_owned(),
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CellError {
    /// `Sheet 入力 row 7 column P (value): …`, `Sheet 入力 row 7: …`,
    /// `Sheet keikaku: …`, or the reason alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "Sheet {}", self.sheet)?;
            if self.row > 0 {
                write!(f, " row {}", self.row)?;
            }
            if !self.column.is_empty() {
                write!(f, " column {}", self.column)?;
                if !self.field.is_empty() {
                    write!(f, " ({})", self.field)?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.reason)
    }
}

/// Every problem of a workbook, in sheet and row order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct WorkbookError {
    /// The problems; never empty when returned by this module.
    pub errors: Vec<CellError>,
}

impl fmt::Display for WorkbookError {
    /// One problem per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        write!(f, "{}", lines.join("\n"))
    }
}

impl From<CellError> for WorkbookError {
    fn from(e: CellError) -> Self {
        WorkbookError { errors: vec![e] }
    }
}

/// Whether the bytes look like an `.xlsx` file (a ZIP archive: `PK\x03\x04`).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The fiscal year an entry workbook says it is for, read from its hidden
/// metadata sheet without checking anything else; `None` when the bytes
/// are not such a workbook. Used to pick the organisation of that year
/// before [`read_workbook`] checks the whole file.
pub fn workbook_year(bytes: &[u8]) -> Option<keikaku_model::fiscal_year::FiscalYear> {
    if !is_xlsx(bytes) {
        return None;
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).ok()?;
    meta::peek_year(&mut book)
}

/// Reads an entry workbook and checks it against the plan (the current
/// edition): all values, or every problem.
pub fn read_workbook(bytes: &[u8], plan: &Plan) -> Result<WorkbookFile, WorkbookError> {
    if !is_xlsx(bytes) {
        return Err(CellError::file(
            "the file is not an Excel workbook (.xlsx): make one with `keikaku actuals workbook` and save it as .xlsx",
        )
        .into());
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        CellError::file(format!("the file cannot be read as an .xlsx workbook: {e}"))
    })?;
    let meta = meta::read_meta(&mut book, plan)?;
    let input = layout::INPUT_SHEET;
    let range = book.worksheet_range(input).map_err(|_| {
        CellError::file(format!(
            "the workbook has no sheet 「{input}」: it was not made by `keikaku actuals workbook` (do not rename the sheet)"
        ))
    })?;
    let styles = book
        .worksheet_style(input)
        .unwrap_or_else(|_| StyleRange::empty());
    let rows = rows::read_rows(&range, &styles, plan, &meta)?;
    Ok(WorkbookFile { meta, rows })
}
