//! The rows of the input sheet: the input columns found by their headers,
//! then every row with a value checked like a CSV row, plus the workbook's
//! own rules (the department's indicators, the workbook's fiscal year, an
//! empty period meaning the suggested one).

use super::layout::{self, column_letter};
use super::{CellError, WorkbookError, WorkbookMeta, cells};
use crate::actuals::ActualRow;
use crate::actuals::check::{Checker, RowCells};
use calamine::{Data, Range, StyleRange};
use keikaku_model::ids::IndicatorId;
use keikaku_model::plan::Plan;
use keikaku_model::scope::indicators_of;
use std::collections::BTreeSet;

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
pub(super) fn read_rows(
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
