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
//! and column (`Sheet 入力 row 7 column O (value): …`); values are returned
//! only when there is none. How numeric cells become exact decimals is
//! described in [`float_decimal`] and `docs/excel.md`, where the format is
//! documented.

mod cells;
pub mod layout;

pub use cells::float_decimal;

use crate::actuals::ActualRow;
use crate::actuals::check::{Checker, RowCells};
use calamine::{Data, Range, Reader, StyleRange, Xlsx};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, IndicatorId};
use keikaku_model::plan::Plan;
use keikaku_model::scope::indicators_of;
use layout::{META_SHEET, column_letter, meta_key};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Cursor;

/// What a workbook says it is for (its meta sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkbookMeta {
    /// The municipality's local government code.
    pub municipality: String,
    /// The department the workbook is for.
    pub department: DepartmentId,
    /// The fiscal year the values are for.
    pub fiscal_year: FiscalYear,
    /// The edition the workbook was made from.
    pub edition: String,
}

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
    fn file(reason: impl Into<String>) -> Self {
        CellError::at("", 0, "", "", reason)
    }

    fn at(sheet: &str, row: u32, column: &str, field: &str, reason: impl Into<String>) -> Self {
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
    /// `Sheet 入力 row 7 column O (value): …`, `Sheet 入力 row 7: …`,
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

impl WorkbookMeta {
    /// Refuses a workbook made for another department or fiscal year than
    /// the caller expects.
    pub fn expect(
        &self,
        department: Option<&DepartmentId>,
        year: Option<FiscalYear>,
    ) -> Result<(), WorkbookError> {
        let mut errors = Vec::new();
        if let Some(d) = department.filter(|d| **d != self.department) {
            errors.push(CellError::at(
                META_SHEET,
                0,
                "",
                "",
                format!(
                    "the workbook is for department {}, not {d}: import the workbook made for {d}",
                    self.department
                ),
            ));
        }
        if let Some(y) = year.filter(|y| *y != self.fiscal_year) {
            errors.push(CellError::at(
                META_SHEET,
                0,
                "",
                "",
                format!(
                    "the workbook is for {}, not {}: import the workbook made for {}",
                    self.fiscal_year.label_ja(),
                    y.label_ja(),
                    y.label_ja()
                ),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(WorkbookError { errors })
        }
    }
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
    let meta = read_meta(&mut book, plan)?;
    let input = layout::INPUT_SHEET;
    let range = book.worksheet_range(input).map_err(|_| {
        CellError::file(format!(
            "the workbook has no sheet 「{input}」: it was not made by `keikaku actuals workbook` (do not rename the sheet)"
        ))
    })?;
    let styles = book
        .worksheet_style(input)
        .unwrap_or_else(|_| StyleRange::empty());
    let rows = read_rows(&range, &styles, plan, &meta)?;
    Ok(WorkbookFile { meta, rows })
}

/// Reads the meta sheet and checks it names this plan's municipality and
/// edition and one of its departments.
fn read_meta(book: &mut Xlsx<Cursor<&[u8]>>, plan: &Plan) -> Result<WorkbookMeta, WorkbookError> {
    let range = book.worksheet_range(META_SHEET).map_err(|_| {
        CellError::file(format!(
            "the workbook has no sheet 「{META_SHEET}」: it is not an entry workbook made by `keikaku actuals workbook`"
        ))
    })?;
    let values: BTreeMap<String, String> = range
        .rows()
        .filter_map(|r| {
            let key = cells::plain_text(r.first()?).ok()?;
            let value = cells::plain_text(r.get(1).unwrap_or(&Data::Empty)).ok()?;
            Some((key.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    let meta_error = |reason: String| CellError::at(META_SHEET, 0, "", "", reason);
    let get = |key: &str| values.get(key).map(String::as_str).unwrap_or("");
    if get(meta_key::FORMAT) != layout::FORMAT || get(meta_key::VERSION) != layout::FORMAT_VERSION {
        return Err(meta_error(format!(
            "not an entry workbook of format {} version {}: make a new one with `keikaku actuals workbook`",
            layout::FORMAT,
            layout::FORMAT_VERSION
        ))
        .into());
    }
    let mut errors = Vec::new();
    let municipality = get(meta_key::MUNICIPALITY).to_owned();
    let ours = plan
        .municipality
        .code
        .map(|c| c.to_string())
        .unwrap_or_default();
    if municipality != ours {
        errors.push(meta_error(format!(
            "the workbook is for municipality 「{municipality}」, but this database's plan is {} ({ours})",
            plan.municipality.name
        )));
    }
    let edition = get(meta_key::EDITION).to_owned();
    if edition != plan.edition.id.as_str() {
        errors.push(meta_error(format!(
            "the workbook was made from edition 「{edition}」, but the current edition is {}: make a new workbook with `keikaku actuals workbook`",
            plan.edition.id
        )));
    }
    let department = DepartmentId::new(get(meta_key::DEPARTMENT))
        .ok()
        .filter(|d| plan.department(d).is_some());
    if department.is_none() {
        errors.push(meta_error(format!(
            "「{}」 is not a department of the plan",
            get(meta_key::DEPARTMENT)
        )));
    }
    let year = get(meta_key::FISCAL_YEAR)
        .parse::<i32>()
        .ok()
        .and_then(|y| FiscalYear::new(y).ok());
    if year.is_none() {
        errors.push(meta_error(format!(
            "「{}」 is not a fiscal year",
            get(meta_key::FISCAL_YEAR)
        )));
    }
    match (department, year) {
        (Some(department), Some(fiscal_year)) if errors.is_empty() => Ok(WorkbookMeta {
            municipality,
            department,
            fiscal_year,
            edition,
        }),
        _ => Err(WorkbookError { errors }),
    }
}

/// Where the input columns are (0-based), found by their headers.
struct InputColumns {
    header_row: u32,
    value: u32,
    period: u32,
    source: u32,
    note: u32,
}

impl InputColumns {
    fn find(range: &Range<Data>) -> Result<InputColumns, WorkbookError> {
        let sheet = layout::INPUT_SHEET;
        let text = |pos| {
            range
                .get_value(pos)
                .and_then(|d| cells::plain_text(d).ok())
                .unwrap_or_default()
        };
        let last_row = range.end().map_or(0, |e| e.0);
        let last_col = range.end().map_or(0, |e| e.1);
        let header_row = (0..=last_row.min(50))
            .find(|&r| text((r, 0)).trim() == layout::HEADER_ID)
            .ok_or_else(|| {
                CellError::at(
                    sheet,
                    0,
                    "",
                    "",
                    format!(
                        "no header row: column A must have the heading 「{}」",
                        layout::HEADER_ID
                    ),
                )
            })?;
        let mut missing = Vec::new();
        let mut column = |name: &str| {
            let found = (0..=last_col).find(|&c| text((header_row, c)).trim() == name);
            if found.is_none() {
                missing.push(name.to_owned());
            }
            found.unwrap_or(0)
        };
        let columns = InputColumns {
            header_row,
            value: column(layout::HEADER_VALUE),
            period: column(layout::HEADER_PERIOD),
            source: column(layout::HEADER_SOURCE),
            note: column(layout::HEADER_NOTE),
        };
        if missing.is_empty() {
            Ok(columns)
        } else {
            Err(CellError::at(
                sheet,
                header_row + 1,
                "",
                "",
                format!(
                    "missing input column(s) {}: do not rename or delete the headings",
                    missing.join(", ")
                ),
            )
            .into())
        }
    }

    /// The column letters of a field name used in check messages.
    fn letter(&self, field: &str) -> String {
        let index = match field {
            "indicator" => 0,
            "period" => self.period,
            "value" => self.value,
            "source" => self.source,
            "note" => self.note,
            _ => return String::new(),
        };
        column_letter(u16::try_from(index).unwrap_or(u16::MAX))
    }
}

/// Reads and checks every filled row below the header.
fn read_rows(
    range: &Range<Data>,
    styles: &StyleRange,
    plan: &Plan,
    meta: &WorkbookMeta,
) -> Result<Vec<ActualRow>, WorkbookError> {
    let sheet = layout::INPUT_SHEET;
    let columns = InputColumns::find(range)?;
    let scope: BTreeSet<IndicatorId> = indicators_of(plan, std::slice::from_ref(&meta.department))
        .into_iter()
        .collect();
    let mut checker = Checker::new(plan, "row");
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let last_row = range.end().map_or(0, |e| e.0);
    for r in columns.header_row + 1..=last_row {
        let excel_row = r + 1;
        let data = |c: u32| range.get_value((r, c)).unwrap_or(&Data::Empty);
        let cell_error = |errors: &mut Vec<CellError>, c: u32, field: &str, reason: String| {
            errors.push(CellError::at(
                sheet,
                excel_row,
                &column_letter(u16::try_from(c).unwrap_or(u16::MAX)),
                field,
                reason,
            ));
        };
        let format = styles
            .get((r, columns.value))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.as_str());
        let value = match cells::value_text(data(columns.value), format) {
            Ok(v) if v.trim().is_empty() => continue,
            Ok(v) => v,
            Err(reason) => {
                cell_error(&mut errors, columns.value, "value", reason);
                continue;
            }
        };
        let mut text = |c: u32, field: &str| {
            cells::plain_text(data(c)).unwrap_or_else(|reason| {
                cell_error(&mut errors, c, field, reason);
                String::new()
            })
        };
        let id = text(0, "indicator");
        let mut period = text(columns.period, "period");
        let source = text(columns.source, "source");
        let note = text(columns.note, "note");
        let indicator = checker.find(&id);
        if let Some(ind) = indicator {
            if !scope.contains(&ind.id) {
                cell_error(
                    &mut errors,
                    0,
                    "indicator",
                    format!(
                        "{} is not an indicator of department {}: the department answers only for the indicators of its projects",
                        ind.id, meta.department
                    ),
                );
                continue;
            }
            if period.trim().is_empty() {
                period = layout::period_hint(ind, meta.fiscal_year)
                    .written()
                    .to_owned();
            }
        }
        let cells = RowCells {
            indicator: &id,
            period: &period,
            value: &value,
            unit: None,
            source: &source,
            note: &note,
        };
        let mut found = Vec::new();
        let checked = checker.check(&cells, u64::from(excel_row), Vec::new(), &mut found);
        errors.extend(found.into_iter().map(|e| {
            CellError::at(
                sheet,
                excel_row,
                &columns.letter(&e.column),
                &e.column,
                e.reason,
            )
        }));
        let Some(value) = checked else { continue };
        if value.fiscal_year() != meta.fiscal_year {
            cell_error(
                &mut errors,
                columns.period,
                "period",
                format!(
                    "「{}」 is in {}, but this workbook is for {}: write a period of {} (or leave the cell empty for the suggested period)",
                    value.period.written(),
                    value.fiscal_year().label_ja(),
                    meta.fiscal_year.label_ja(),
                    meta.fiscal_year.label_ja()
                ),
            );
            continue;
        }
        rows.push(ActualRow {
            line: u64::from(excel_row),
            value,
        });
    }
    if errors.is_empty() && rows.is_empty() {
        errors.push(CellError::at(
            sheet,
            0,
            "",
            "",
            format!(
                "no values: fill in the column 「{}」 for the indicators you report",
                layout::HEADER_VALUE
            ),
        ));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(WorkbookError { errors })
    }
}
