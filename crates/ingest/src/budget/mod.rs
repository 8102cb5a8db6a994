//! Budget files: the readers behind `keikaku budget import FILE…`.
//!
//! Two tables, as CSV files (UTF-8, UTF-8 with BOM or CP932) or as sheets
//! of one xlsx workbook (sheets named 事業 / `programs` and 予算 /
//! `budget`):
//!
//! - the **initiative catalogue** (事業一覧): `事業ID,事業名,担当部,重点事業,
//!   プロジェクト,施策の方向,中項目,指標` (English: `id,name,department,
//!   key_initiative,projects,directions,items,indicators`); links are IDs
//!   separated by `;`, the department an ID or a name the plan prints;
//! - **budget lines** (予算): `事業ID,年度,当初予算,補正予算,決算,一般財源,
//!   国県支出金,地方債,その他,人工,人件費単価` (English: `program,year,
//!   initial,supplementary,settlement,general,grants,bonds,other,fte,
//!   unit_cost`); amounts in thousands of yen (千円) as whole numbers.
//!
//! A file's kind is told by its header. Every row is checked (against the
//! plan, and each line against the initiative arithmetic of
//! [`keikaku_model::budget::BudgetLine::check`]); every problem is reported
//! with its place (file line, or sheet and row) and column, and nothing is
//! yielded unless the whole input is valid: all or nothing. The format is
//! documented in `docs/budget.md`.

mod columns;
mod lines;
mod programs;
mod table;
mod xlsx;

pub use xlsx::read_budget_xlsx;

use crate::actuals::{Encoding, decode};
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::plan::Plan;
use serde::Serialize;
use std::fmt;
use table::Table;

/// Which table a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The initiative catalogue.
    Programs,
    /// Budget lines.
    Lines,
}

/// A validated budget input: initiatives and/or budget lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BudgetFile {
    /// Initiatives, in file order.
    pub programs: Vec<Program>,
    /// Budget lines, in file order.
    pub lines: Vec<BudgetLine>,
}

impl BudgetFile {
    /// Adds another file's rows.
    pub fn extend(&mut self, other: BudgetFile) {
        self.programs.extend(other.programs);
        self.lines.extend(other.lines);
    }
}

/// One problem of a budget input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based line (CSV) or row (sheet); 0 for the input as a whole.
    pub line: u64,
    /// The column's header as written, or empty for the whole row.
    pub column: String,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl fmt::Display for Problem {
    /// `line 7, column 当初予算: …` or `sheet 予算, row 7, column 当初予算: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(s) = &self.sheet {
            place.push(format!("sheet {s}"));
        }
        if self.line > 0 {
            let word = if self.sheet.is_some() { "row" } else { "line" };
            place.push(format!("{word} {}", self.line));
        }
        if !self.column.is_empty() {
            place.push(format!("column {}", self.column));
        }
        if place.is_empty() {
            write!(f, "{}", self.reason)
        } else {
            write!(f, "{}: {}", place.join(", "), self.reason)
        }
    }
}

/// Every problem of a budget input, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct BudgetFileError {
    /// The problems; never empty.
    pub problems: Vec<Problem>,
}

impl fmt::Display for BudgetFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.problems.iter().map(|p| p.to_string()).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// Decodes and reads one budget CSV file, checking every row against `plan`.
pub fn read_budget(bytes: &[u8], plan: &Plan) -> Result<BudgetFile, BudgetFileError> {
    let (text, _encoding): (String, Encoding) = decode(bytes).map_err(|e| BudgetFileError {
        problems: vec![Problem {
            sheet: None,
            line: e.line,
            column: e.column,
            reason: e.reason,
        }],
    })?;
    let table = Table::from_csv(&text)?;
    read_table(&table, plan)
}

/// Checks the rows of one table (CSV or sheet).
pub(crate) fn read_table(table: &Table, plan: &Plan) -> Result<BudgetFile, BudgetFileError> {
    let mut problems = Vec::new();
    let file = match columns::kind(table, &mut problems) {
        Some(cols) if cols.kind == Kind::Programs => BudgetFile {
            programs: programs::read(table, &cols, plan, &mut problems),
            lines: Vec::new(),
        },
        Some(cols) => BudgetFile {
            programs: Vec::new(),
            lines: lines::read(table, &cols, &mut problems),
        },
        None => BudgetFile::default(),
    };
    if problems.is_empty() && table.rows.is_empty() {
        problems.push(table.problem(table.header_line, "", "the table has a header but no rows"));
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(BudgetFileError { problems })
    }
}

#[cfg(test)]
mod tests;
