//! A table as read from a CSV file or a workbook sheet: a header row and
//! data rows of text cells, each with the line (or row) it came from.

use super::{BudgetFileError, Problem};
use crate::csv_lines::Lines;

/// A header and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// The header's line.
    pub header_line: u64,
    /// Header cells as written.
    pub header: Vec<String>,
    /// (line, cells) of each non-empty data row.
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// A problem at a line and column of this table.
    pub fn problem(&self, line: u64, column: &str, reason: impl Into<String>) -> Problem {
        Problem {
            sheet: self.sheet.clone(),
            line,
            column: column.to_owned(),
            reason: reason.into(),
        }
    }

    /// Builds a table from rows of cells (the first non-empty row is the header).
    pub fn from_rows(
        sheet: Option<String>,
        rows: impl IntoIterator<Item = (u64, Vec<String>)>,
    ) -> Result<Table, BudgetFileError> {
        let mut rows = rows
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let Some((header_line, header)) = rows.next() else {
            return Err(BudgetFileError {
                problems: vec![Problem {
                    sheet,
                    line: 0,
                    column: String::new(),
                    reason: "the table is empty: expected a header row (事業ID,事業名,… or 事業ID,年度,当初予算,…) and one row per initiative or budget line".into(),
                }],
            });
        };
        Ok(Table {
            sheet,
            header_line,
            header: header.iter().map(|h| h.trim().to_owned()).collect(),
            rows: rows.collect(),
        })
    }

    /// Reads CSV text; line numbers are physical lines of the text.
    pub fn from_csv(text: &str) -> Result<Table, BudgetFileError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let lines = Lines::new(text);
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = lines.of(r.position());
                    rows.push((line, r.iter().map(str::to_owned).collect()));
                }
                Err(e) => {
                    let line = lines.of(e.position());
                    return Err(BudgetFileError {
                        problems: vec![Problem {
                            sheet: None,
                            line,
                            column: String::new(),
                            reason: format!("cannot read the file as CSV: {e}"),
                        }],
                    });
                }
            }
        }
        Table::from_rows(None, rows)
    }
}
