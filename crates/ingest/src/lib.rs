//! Readers that build keikaku's plan model from outside data: the published
//! implementation-plan document ([`document`]) and the human-editable plan
//! file ([`planfile`]), plus the plan keikaku ships with ([`shipped`]),
//! actuals CSV files ([`actuals`]) and entry workbooks ([`workbook`]).

pub mod actuals;
pub mod budget;
mod csv_lines;
pub mod document;
pub mod error;
pub mod planfile;
pub mod reform;
pub mod rubrics;
pub mod shipped;
pub mod workbook;

pub use document::{ImportOptions, parse_document};
pub use error::{DocumentError, PlanFileError};
