//! The layout of the entry workbook (実績値入力票), shared by its writer
//! (`keikaku_report::xlsx::entry`) and its reader ([`super::read_workbook`]):
//! sheet names, the meta sheet's keys, the headers of the input columns,
//! the period suggested for each indicator, and Excel column letters.

use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::indicator::Indicator;
use keikaku_model::period::{Period, PeriodKind};

/// The sheet departments fill in.
pub const INPUT_SHEET: &str = "入力";
/// The hidden sheet that says what the workbook is for.
pub const META_SHEET: &str = "keikaku";
/// The meta sheet's first cell, identifying the format.
pub const FORMAT: &str = "keikaku-entry-workbook";
/// The version of this layout.
pub const FORMAT_VERSION: &str = "1";

/// Keys in column A of the meta sheet (values in column B), in order.
pub mod meta_key {
    /// The format name ([`super::FORMAT`]).
    pub const FORMAT: &str = "format";
    /// The format version ([`super::FORMAT_VERSION`]).
    pub const VERSION: &str = "version";
    /// The municipality's local government code, e.g. `062031`.
    pub const MUNICIPALITY: &str = "municipality";
    /// The department's ID, e.g. `D01`.
    pub const DEPARTMENT: &str = "department";
    /// The fiscal year as a Western year, e.g. `2024`.
    pub const FISCAL_YEAR: &str = "fiscal_year";
    /// The edition the workbook was made from, e.g. `E2022`.
    pub const EDITION: &str = "edition";
}

/// Header of the indicator ID column (column A): it marks the header row.
pub const HEADER_ID: &str = "指標ID";
/// Header of the input column for the value.
pub const HEADER_VALUE: &str = "実績値（入力）";
/// Header of the input column for the period.
pub const HEADER_PERIOD: &str = "期間（入力）";
/// Header of the input column for the source.
pub const HEADER_SOURCE: &str = "出典（入力）";
/// Header of the input column for the note.
pub const HEADER_NOTE: &str = "備考（入力）";

/// The 0-based index of the header row (Excel row 4): title, workbook
/// facts and instructions are above it.
pub const HEADER_ROW: u32 = 3;

/// The period a value for `year` is suggested to be written as: the kind
/// of period the plan uses for the indicator (its baseline, else initial
/// value, else targets), moved to `year`. A fiscal-year indicator gets
/// `2024年度`; one measured at the end of March `2025年3月末`; a graduation
/// cohort `2025年3月卒`; a calendar-year statistic `2024年`.
pub fn period_hint(indicator: &Indicator, year: FiscalYear) -> Period {
    let reference = indicator
        .values
        .baseline
        .as_ref()
        .or(indicator.values.initial.as_ref())
        .or(indicator.values.interim.as_ref())
        .or(indicator.values.target.as_ref());
    let fiscal = Period::from_kind(PeriodKind::FiscalYear { year });
    let Some(reference) = reference else {
        return fiscal;
    };
    let shift = year.year() - reference.period.fiscal_year().year();
    let moved = match reference.period.kind() {
        PeriodKind::CalendarYear { year: y } => PeriodKind::CalendarYear { year: y + shift },
        PeriodKind::MonthEnd { year: y, month } => PeriodKind::MonthEnd {
            year: y + shift,
            month,
        },
        PeriodKind::Graduation { year: y, month } => PeriodKind::Graduation {
            year: y + shift,
            month,
        },
        _ => return fiscal,
    };
    let candidate = Period::from_kind(moved);
    // A hint must belong to the year it is for; fall back otherwise.
    if candidate.fiscal_year() == year {
        candidate
    } else {
        fiscal
    }
}

/// The Excel letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: u16) -> String {
    let mut n = u32::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(5), "F");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
