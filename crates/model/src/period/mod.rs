//! The periods plans attach values to, parsed from the way plans write them.
//!
//! A KPI's baseline, targets and actuals are each "as of" something: a fiscal
//! year (令和6年度, R6, FY2024), a calendar year (2018年), a point in time
//! (2021年3月末), a graduation cohort (2018年3月卒), a month (令和4年3月) or an
//! average over fiscal years (2015 ~ 2017年度 平均). [`Period::parse`] reads
//! all these forms, full-width or not, with era or Gregorian years, and keeps
//! the text exactly as written beside the structured [`PeriodKind`], so
//! nothing is lost. [`Period::fiscal_year`] says which fiscal year a value
//! for the period belongs to; [`Period::label_ja`] and [`Period::label_en`]
//! render it with the era beside the Gregorian year.

use crate::era::{Era, EraYear, MAX_YEAR, MIN_YEAR, days_in_month};
use crate::fiscal_year::FiscalYear;
use crate::text::fold_width;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const EXAMPLES: &str =
    "2024年度, 令和6年度, R6, FY2024, 2024年, 2025年3月末, 2025年3月卒, 2015~2017年度平均";

/// Why a text is not a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Nothing was written.
    #[error("empty period: expected e.g. {EXAMPLES}")]
    Empty,
    /// The text does not have the shape of any period.
    #[error("「{input}」 is not a period: {detail}; expected e.g. {EXAMPLES}")]
    NotAPeriod {
        /// The text as written.
        input: String,
        /// What was found where.
        detail: String,
    },
    /// An era year and the Gregorian year beside it disagree, e.g. R2(2021).
    #[error("「{input}」: {era_year} is {expected}, not {found}")]
    EraMismatch {
        /// The text as written.
        input: String,
        /// The era year as written, e.g. `R2`.
        era_year: String,
        /// The Gregorian year the era year stands for.
        expected: i64,
        /// The Gregorian year written beside it.
        found: i64,
    },
    /// A month outside 1..=12.
    #[error("「{input}」: month {month} does not exist: expected a month from 1 to 12")]
    MonthOutOfRange {
        /// The text as written.
        input: String,
        /// The month written.
        month: u32,
    },
    /// A year outside 1868..=2200.
    #[error(
        "「{input}」: year {year} is out of range: expected a year from {MIN_YEAR} to {MAX_YEAR}"
    )]
    YearOutOfRange {
        /// The text as written.
        input: String,
        /// The (Gregorian) year found.
        year: i64,
    },
    /// A month whose fiscal year is outside FY1868..=FY2200, e.g. 1868年3月末.
    #[error(
        "「{input}」 falls in FY{fiscal_year}: expected a date in fiscal years {MIN_YEAR} to {MAX_YEAR}"
    )]
    FiscalYearOutOfRange {
        /// The text as written.
        input: String,
        /// The fiscal year the month falls in.
        fiscal_year: i64,
    },
    /// Era year 0, e.g. 令和0年度.
    #[error("「{input}」: there is no {era}0年: era years start at 1 ({era}元年)")]
    EraYearZero {
        /// The text as written.
        input: String,
        /// The era written.
        era: Era,
    },
    /// An average whose first year is after its last.
    #[error(
        "「{input}」: the average runs backwards, from FY{from} to FY{to}: expected the earlier year first"
    )]
    AverageReversed {
        /// The text as written.
        input: String,
        /// The first year written.
        from: i32,
        /// The last year written.
        to: i32,
    },
    /// A valid period that is not the single fiscal year that was asked for.
    #[error(
        "「{input}」 is {found}, not a single fiscal year: expected e.g. 2024年度, 令和6年度, R6, FY2024"
    )]
    NotAFiscalYear {
        /// The text as written.
        input: String,
        /// What the text is instead, e.g. `a calendar year (2024)`.
        found: String,
    },
}

/// What a period is, with Gregorian years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodKind {
    /// A fiscal year: 2024年度, 令和6年度, R6, FY2024.
    FiscalYear {
        /// The fiscal year.
        year: FiscalYear,
    },
    /// A calendar year: 2018年, 令和5年.
    CalendarYear {
        /// The Gregorian year.
        year: i32,
    },
    /// A point in time, the last day of a month: 2021年3月末.
    MonthEnd {
        /// The Gregorian year.
        year: i32,
        /// The month, 1..=12.
        month: u32,
    },
    /// A month, e.g. a publication date: 令和4年3月.
    Month {
        /// The Gregorian year.
        year: i32,
        /// The month, 1..=12.
        month: u32,
    },
    /// The cohort graduating in that month: 2018年3月卒.
    Graduation {
        /// The Gregorian year.
        year: i32,
        /// The month, 1..=12.
        month: u32,
    },
    /// An average over fiscal years, both ends included: 2015 ~ 2017年度 平均.
    FiscalYearAverage {
        /// The first fiscal year.
        from: FiscalYear,
        /// The last fiscal year (not before `from`).
        to: FiscalYear,
    },
}

impl PeriodKind {
    /// A short English description, e.g. `a calendar year (2024)`.
    pub(crate) fn describe_en(self) -> String {
        let what = match self {
            PeriodKind::FiscalYear { .. } => "a fiscal year",
            PeriodKind::CalendarYear { .. } => "a calendar year",
            PeriodKind::MonthEnd { .. } => "a point in time",
            PeriodKind::Month { .. } => "a month",
            PeriodKind::Graduation { .. } => "a graduation cohort",
            PeriodKind::FiscalYearAverage { .. } => "an average over fiscal years",
        };
        format!("{what} ({})", Period::from_kind(self).label_en())
    }
}

/// A period as written in a plan, with its meaning.
///
/// Equality compares the written text too (the type is lossless):
/// `R6` and `2024年度` are different `Period`s of the same [`PeriodKind`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    written: String,
    kind: PeriodKind,
    era_overflow: bool,
}

impl Period {
    /// Parses a period as plans write it.
    ///
    /// Full-width characters are folded first ([`fold_width`]) and spaces
    /// anywhere are ignored. Accepted forms (each also with an era year such
    /// as `令和5`, `R5`, `R05`, `r5`, `令和元`, `H31`, `平成32`):
    ///
    /// - fiscal year: `2023年度`, `2023`, `FY2023`, `令和5年度`, `R5`,
    ///   `2024(令和6)年度`, `R2(2020)`;
    /// - calendar year: `2023年`, `令和5年`;
    /// - month end / graduation / month: `2024年3月末`, `2024年3月卒`,
    ///   `2022年3月`; also `2024年度末` (= `2025年3月末`) and `2024年末`
    ///   (= `2024年12月末`);
    /// - average: `2015 ~ 2017年度 平均`, with `~ ～ 〜 - − － から` between
    ///   the years; the second year may omit the era (`平成27~29年度平均`) or
    ///   the century (`2015~17年度平均`);
    /// - any of these followed by a restatement in parentheses, as
    ///   [`Period::label_ja`] writes it: `2024年度（令和6年度）`,
    ///   `2025年(令和7年)`; both halves must mean the same period.
    ///
    /// Refused, each with its own message: empty text, anything else, month
    /// 0 or 13, era year 0, an era year that disagrees with the Gregorian
    /// year beside it (`R2(2021)`), a reversed average, years outside
    /// 1868..=2200, and months whose fiscal year is outside that range
    /// (`1868年3月末` is in FY1867).
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let written = s.trim();
        if written.is_empty() {
            return Err(PeriodError::Empty);
        }
        let compact: String = fold_width(written)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let (kind, era_overflow) = scan::parse_compact(&compact, written)?;
        Ok(Period {
            written: written.to_owned(),
            kind,
            era_overflow,
        })
    }

    /// The period with its canonical text as `written`: `2024年度`, `2018年`,
    /// `2021年3月末`, `2018年3月卒`, `2022年3月`, `2015~2017年度平均`.
    ///
    /// For kinds with years within 1868..=2200 and months within 1..=12,
    /// `Period::parse(&Period::from_kind(k).to_string())` gives the kind back.
    pub fn from_kind(kind: PeriodKind) -> Period {
        let written = match kind {
            PeriodKind::FiscalYear { year } => year.to_string(),
            PeriodKind::CalendarYear { year } => format!("{year}年"),
            PeriodKind::MonthEnd { year, month } => format!("{year}年{month}月末"),
            PeriodKind::Month { year, month } => format!("{year}年{month}月"),
            PeriodKind::Graduation { year, month } => format!("{year}年{month}月卒"),
            PeriodKind::FiscalYearAverage { from, to } => {
                format!("{}~{}年度平均", from.year(), to.year())
            }
        };
        Period {
            written,
            kind,
            era_overflow: false,
        }
    }

    /// The text exactly as given to [`Period::parse`], trimmed.
    pub fn written(&self) -> &str {
        &self.written
    }

    /// What the period is.
    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// True when an era year past the era's end was written, e.g. 平成32年度
    /// (FY2020) in a plan drafted before 令和.
    pub fn era_overflow(&self) -> bool {
        self.era_overflow
    }

    /// The fiscal year a value for this period belongs to:
    ///
    /// - a fiscal year: itself;
    /// - a calendar year `y`: FY `y` (a calendar-year statistic is
    ///   attributed to the fiscal year with the same number);
    /// - a month or month end: the fiscal year containing that month
    ///   (2021年3月末 → FY2020);
    /// - a graduation cohort: the fiscal year of the graduation month
    ///   (2025年3月卒 → FY2024);
    /// - an average: its last year (2015~2017年度平均 → FY2017).
    ///
    /// Kinds built by hand with years outside the supported range are
    /// clamped to FY1868..=FY2200.
    pub fn fiscal_year(&self) -> FiscalYear {
        match self.kind {
            PeriodKind::FiscalYear { year } => year,
            PeriodKind::CalendarYear { year } => FiscalYear::clamped(year),
            PeriodKind::MonthEnd { year, month }
            | PeriodKind::Month { year, month }
            | PeriodKind::Graduation { year, month } => {
                let y = if month >= 4 {
                    year
                } else {
                    year.saturating_sub(1)
                };
                FiscalYear::clamped(y)
            }
            PeriodKind::FiscalYearAverage { to, .. } => to,
        }
    }

    /// The Japanese label with the era beside the Gregorian year:
    /// `2024年度（令和6年度）`, `2018年（平成30年）`, `2021年3月末（令和3年3月末）`,
    /// `2018年3月卒（平成30年3月卒）`, `2022年3月（令和4年3月）`,
    /// `2015〜2017年度平均（平成27〜29年度平均）`. Months take the era in force
    /// at the end of the month (2019年4月 is 平成31年4月).
    pub fn label_ja(&self) -> String {
        match self.kind {
            PeriodKind::FiscalYear { year } => year.label_ja(),
            PeriodKind::CalendarYear { year } => match EraYear::from_gregorian(year) {
                Some(ey) => format!("{year}年（{ey}）"),
                None => format!("{year}年"),
            },
            PeriodKind::MonthEnd { year, month } => month_label(year, month, "末"),
            PeriodKind::Month { year, month } => month_label(year, month, ""),
            PeriodKind::Graduation { year, month } => month_label(year, month, "卒"),
            PeriodKind::FiscalYearAverage { from, to } => {
                let (a, b) = (from.era_year(), to.era_year());
                let b_era = if a.era == b.era { "" } else { b.era.name_ja() };
                format!(
                    "{}〜{}年度平均（{}{}〜{}{}年度平均）",
                    from.year(),
                    to.year(),
                    a.era,
                    era_number(a.year),
                    b_era,
                    era_number(b.year),
                )
            }
        }
    }

    /// The English label: `FY2024`, `2018`, `end of March 2021`,
    /// `graduates of March 2018`, `March 2022`, `average FY2015–FY2017`.
    pub fn label_en(&self) -> String {
        match self.kind {
            PeriodKind::FiscalYear { year } => format!("FY{}", year.year()),
            PeriodKind::CalendarYear { year } => year.to_string(),
            PeriodKind::MonthEnd { year, month } => {
                format!("end of {} {year}", month_name_en(month))
            }
            PeriodKind::Month { year, month } => format!("{} {year}", month_name_en(month)),
            PeriodKind::Graduation { year, month } => {
                format!("graduates of {} {year}", month_name_en(month))
            }
            PeriodKind::FiscalYearAverage { from, to } => {
                format!("average FY{}–FY{}", from.year(), to.year())
            }
        }
    }
}

/// `元` for year 1, the number otherwise.
fn era_number(year: u32) -> String {
    if year == 1 {
        "元".to_owned()
    } else {
        year.to_string()
    }
}

/// `2021年3月末（令和3年3月末）`, using the era in force at the month's end.
fn month_label(year: i32, month: u32, suffix: &str) -> String {
    let last_day = days_in_month(year, month).unwrap_or(1);
    let era = Era::of_date(year, month, last_day).or(Era::for_year_label(year));
    match era {
        Some(era) => {
            let n = u32::try_from(year - era.first_year() + 1).unwrap_or(1);
            format!(
                "{year}年{month}月{suffix}（{era}{}年{month}月{suffix}）",
                era_number(n)
            )
        }
        None => format!("{year}年{month}月{suffix}"),
    }
}

fn month_name_en(month: u32) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let i = usize::try_from(month).unwrap_or(0).wrapping_sub(1);
    NAMES
        .get(i)
        .map_or_else(|| format!("month {month}"), |n| (*n).to_owned())
}

impl fmt::Display for Period {
    /// Writes the period exactly as it was written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, PeriodError> {
        Period::parse(s)
    }
}

impl TryFrom<String> for Period {
    type Error = PeriodError;

    fn try_from(s: String) -> Result<Self, PeriodError> {
        Period::parse(&s)
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.written
    }
}

/// The hand-written scanner behind [`Period::parse`]: the compact text
/// (folded, without spaces) is split into tokens, which a small
/// recursive-descent parser turns into a [`PeriodKind`].
mod scan;
