//! keikaku's pure domain model: plans, editions, indicators, periods, eras and
//! the checks that run on them. No I/O: readers and writers live in other
//! crates and build these types at their edges.
//!
//! Start at [`plan::Plan`]. Values are exact ([`quantity::Quantity`] wraps a
//! `rust_decimal::Decimal`), periods are typed ([`period::Period`]) and every
//! element has a stable ID ([`ids`]).

pub mod access;
pub mod actual;
pub mod budget;
pub mod diff;
pub mod edition;
pub mod era;
pub mod fiscal_year;
pub mod grading;
pub mod ids;
pub mod indicator;
pub mod integrity;
pub mod lgcode;
pub mod lint;
pub mod org;
pub mod period;
pub mod plan;
pub mod quantity;
pub mod reform;
pub mod rollup;
pub mod scope;
pub mod text;
pub mod trajectory;
pub mod workflow;
