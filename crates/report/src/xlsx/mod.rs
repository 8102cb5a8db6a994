//! Excel workbooks (`.xlsx`, written with rust_xlsxwriter):
//!
//! - [`entry_workbook`]: a department's entry workbook (実績値入力票) for one
//!   fiscal year, read back by `keikaku_ingest::workbook`;
//! - [`plan_workbook`]: the whole plan, one sheet per project with its KPI
//!   tables in the document's layout plus the recorded actuals and grades;
//! - [`council_workbook`]: the council's evaluation of one fiscal year
//!   ([`council_workbook_with_cost`] adds the year's cost sheet).
//!
//! Figures are written as numbers, never as text with units: units have
//! their own column (or the number format shows them), and each number's
//! format shows the decimal places it was written with (`45.0` is shown as
//! `45.0`). Excel stores numbers as binary doubles; [`style::excel_number`]
//! converts a decimal to the nearest double through its text (correctly
//! rounded), so reading the cell back as the shortest round-trip text gives
//! the same digits. Writers are pure: the same input gives the same bytes.

mod cost;
mod council;
mod entry;
mod plan;
mod style;

pub use cost::COST_SHEET;
pub use council::{CouncilInput, council_workbook, council_workbook_with_cost};
pub use entry::{EntryInput, entry_workbook};
pub use plan::{PlanInput, plan_workbook};
pub use style::excel_number;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The department is not one of the plan's.
    #[error("「{0}」 is not a department of the plan")]
    UnknownDepartment(String),
    /// The spreadsheet library refused something (a bug, not user input).
    #[error("cannot write the workbook: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
}
