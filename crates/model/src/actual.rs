//! Actuals (実績値): an indicator's recorded value for a period.
//!
//! An [`ActualValue`] is what a department reports: the indicator, the
//! period as written (normalised to the fiscal year the value belongs to),
//! the exact quantity, and where it comes from. Storage keeps every
//! version ([`RecordedActual`]); the latest accepted one is current.

use crate::fiscal_year::FiscalYear;
use crate::ids::IndicatorId;
use crate::period::Period;
use crate::quantity::Quantity;
use serde::{Deserialize, Serialize};

/// A value reported for an indicator and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActualValue {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The period as written; its fiscal year is the key of the value.
    pub period: Period,
    /// Exact amount in the indicator's unit.
    pub quantity: Quantity,
    /// Where the figure comes from (statistic, survey, department record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ActualValue {
    /// The fiscal year the value belongs to (a 2025年3月卒 cohort → FY2024).
    pub fn fiscal_year(&self) -> FiscalYear {
        self.period.fiscal_year()
    }

    /// Whether two reports say the same thing (same period text, amount with
    /// its scale, unit, source and note): re-importing it changes nothing.
    pub fn same_report(&self, other: &ActualValue) -> bool {
        self.indicator == other.indicator
            && self.period.written() == other.period.written()
            && self.quantity.amount.to_string() == other.quantity.amount.to_string()
            && self.quantity.unit == other.quantity.unit
            && self.source == other.source
            && self.note == other.note
    }
}

/// A stored version of an actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedActual {
    /// The value.
    #[serde(flatten)]
    pub value: ActualValue,
    /// Version number, 1 for the first report; a correction is version + 1.
    pub version: i64,
    /// Who recorded it.
    pub recorded_by: String,
    /// When (RFC 3339, UTC).
    pub recorded_at: String,
}
