//! The Japanese fiscal year (年度), the unit KPIs and budgets are reported in.
//!
//! A municipal fiscal year runs from April 1 to March 31 of the next year
//! (地方自治法 §208) and is named after the Gregorian year it starts in:
//! FY2024 is 2024-04-01 – 2025-03-31, 2024年度, 令和6年度. [`FiscalYear`]
//! holds that starting year, checked to lie in 1868..=2200, and stores and
//! serialises as a plain integer, as the open-data rules ask. Era labels are
//! only ever shown beside it ([`FiscalYear::label_ja`]).

use crate::era::{EraYear, MAX_YEAR, MIN_YEAR};
use crate::period::{Period, PeriodError, PeriodKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A fiscal year, identified by the Gregorian year in which it starts
/// (April 1 – March 31, 地方自治法 §208). Always within 1868..=2200.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// The earliest supported fiscal year, FY1868 (明治元年度).
    pub const MIN: FiscalYear = FiscalYear(MIN_YEAR);
    /// The latest supported fiscal year, FY2200.
    pub const MAX: FiscalYear = FiscalYear(MAX_YEAR);

    /// The fiscal year starting in Gregorian year `y`, which must lie in
    /// 1868..=2200.
    pub fn new(y: i32) -> Result<Self, PeriodError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&y) {
            Ok(FiscalYear(y))
        } else {
            Err(PeriodError::YearOutOfRange {
                input: y.to_string(),
                year: i64::from(y),
            })
        }
    }

    /// The fiscal year starting in `y`, moved into 1868..=2200 if outside.
    pub(crate) fn clamped(y: i32) -> Self {
        FiscalYear(y.clamp(MIN_YEAR, MAX_YEAR))
    }

    /// The Gregorian year in which the fiscal year starts.
    pub fn year(self) -> i32 {
        self.0
    }

    /// The fiscal year containing month `month` of Gregorian year `year`:
    /// April–December belong to FY `year`, January–March to FY `year − 1`.
    pub fn of_month(year: i32, month: u32) -> Result<Self, PeriodError> {
        match month {
            4..=12 => FiscalYear::new(year),
            1..=3 => FiscalYear::new(year.saturating_sub(1)),
            _ => Err(PeriodError::MonthOutOfRange {
                input: format!("{year}年{month}月"),
                month,
            }),
        }
    }

    /// The following fiscal year, or `None` after FY2200.
    pub fn next(self) -> Option<Self> {
        FiscalYear::new(self.0 + 1).ok()
    }

    /// The preceding fiscal year, or `None` before FY1868.
    pub fn prev(self) -> Option<Self> {
        FiscalYear::new(self.0 - 1).ok()
    }

    /// The era year labelling this fiscal year: FY2019 is 令和元年度, FY1989
    /// 平成元年度, FY1988 昭和63年度.
    pub fn era_year(self) -> EraYear {
        // Every year in MIN_YEAR..=MAX_YEAR has an era; the fallback is 明治
        // counted from 1868 and cannot be reached.
        EraYear::from_gregorian(self.0).unwrap_or(EraYear {
            era: crate::era::Era::Meiji,
            year: 1,
        })
    }

    /// The Japanese label with the era beside it: `2024年度（令和6年度）`,
    /// `2019年度（令和元年度）`.
    pub fn label_ja(self) -> String {
        format!("{}年度（{}度）", self.0, self.era_year())
    }

    /// The English label with the era beside it: `FY2024 (Reiwa 6)`.
    pub fn label_en(self) -> String {
        let ey = self.era_year();
        format!("FY{} ({} {})", self.0, ey.era.name_en(), ey.year)
    }
}

impl fmt::Display for FiscalYear {
    /// Writes `2024年度`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年度", self.0)
    }
}

impl FromStr for FiscalYear {
    type Err = PeriodError;

    /// Parses any text [`Period::parse`] accepts as a single fiscal year:
    /// `R6`, `令和6年度`, `FY2024`, `2024年度`, `2024`, `2024(令和6)年度` …
    /// Other periods (`2024年`, `2025年3月末` …) are refused.
    fn from_str(s: &str) -> Result<Self, PeriodError> {
        let period = Period::parse(s)?;
        match period.kind() {
            PeriodKind::FiscalYear { year } => Ok(year),
            other => Err(PeriodError::NotAFiscalYear {
                input: period.written().to_owned(),
                found: other.describe_en(),
            }),
        }
    }
}

impl TryFrom<i32> for FiscalYear {
    type Error = PeriodError;

    fn try_from(y: i32) -> Result<Self, PeriodError> {
        FiscalYear::new(y)
    }
}

impl From<FiscalYear> for i32 {
    fn from(fy: FiscalYear) -> i32 {
        fy.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_labels() {
        assert_eq!(
            FiscalYear::of_month(2025, 3).map(FiscalYear::year),
            Ok(2024)
        );
        assert_eq!(
            FiscalYear::of_month(2025, 4).map(FiscalYear::year),
            Ok(2025)
        );
        assert!(FiscalYear::of_month(2025, 0).is_err());
        assert!(FiscalYear::of_month(1868, 3).is_err());
        assert_eq!(FiscalYear::MAX.next(), None);
        assert_eq!(FiscalYear::MIN.prev(), None);
        assert_eq!(FiscalYear(2024).label_en(), "FY2024 (Reiwa 6)");
        assert_eq!(FiscalYear(1988).label_ja(), "1988年度（昭和63年度）");
        assert_eq!(FiscalYear(2024).to_string(), "2024年度");
    }
}
