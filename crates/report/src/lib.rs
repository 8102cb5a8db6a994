//! keikaku's writers: documents made from the plan and its actuals for
//! people to read.
//!
//! - [`chart`]: the accessible inline SVG chart of an indicator, drawn on the
//!   server so the portal needs no JavaScript.
//! - [`council`]: the council's evaluation report for a fiscal year, as data
//!   (KPI tables with grades and explanations, charts, counts, PDCA records).
//! - [`plan_summary`]: the plan summary (概要版) as data.
//! - [`html`]: both reports as self-contained HTML files. The PDF writer is
//!   the separate `keikaku-pdf` crate, so nothing else builds typst.
//! - [`xlsx`]: Excel workbooks: a department's entry workbook, the whole
//!   plan, the council's evaluation of a year.
//! - [`opendata`]: tidy CSV/JSON tables and a Frictionless data package.
//!
//! Everything here is a pure function of its input: the same input gives
//! byte-for-byte the same output, so pages can be cached, exported and
//! compared in tests.

pub mod budget_exchange;
pub mod chart;
pub mod council;
pub mod figures;
pub mod html;
pub mod opendata;
pub mod plan_summary;
pub mod xlsx;
pub mod xml;
