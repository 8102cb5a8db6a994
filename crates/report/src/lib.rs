//! keikaku's writers: documents made from the plan and its actuals for
//! people to read. Today that is the accessible inline SVG chart of an
//! indicator ([`chart::indicator_chart`]), drawn on the server so the portal
//! needs no JavaScript; CSV/XLSX/PDF reports will join it.
//!
//! Everything here is a pure function of its input: the same input gives
//! byte-for-byte the same output, so pages can be cached, exported and
//! compared in tests.

pub mod chart;
pub mod xml;
