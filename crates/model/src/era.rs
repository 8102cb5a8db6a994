//! Japanese eras (和暦) and era years, and their mapping to Gregorian years.
//!
//! Plans label years as 令和6年度, R6, 平成27年 …; keikaku stores Gregorian
//! years and shows the era label beside them. [`Era`] knows the five modern
//! eras (明治 to 令和) with their start dates; [`EraYear`] is a year counted
//! within an era (元年 = 1). A Gregorian year is labelled with the newest
//! era that had started by then ([`Era::for_year_label`]): FY1988 is
//! 昭和63年度, FY1989 平成元年度, FY2019 令和元年度. Plans written before an
//! era change contain years past the era's end (平成32年度 = FY2020); they
//! convert like any other era year and [`EraYear::is_past_era_end`] flags
//! them.

use crate::text::fold_width;
use serde::{Deserialize, Serialize};
use std::fmt;

/// First Gregorian year keikaku supports (明治元年).
pub const MIN_YEAR: i32 = 1868;
/// Last Gregorian year keikaku supports.
pub const MAX_YEAR: i32 = 2200;

/// A modern Japanese era (元号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Era {
    /// 明治 (M), from 1868.
    Meiji,
    /// 大正 (T), from 1912-07-30.
    Taisho,
    /// 昭和 (S), from 1926-12-25.
    Showa,
    /// 平成 (H), from 1989-01-08.
    Heisei,
    /// 令和 (R), from 2019-05-01.
    Reiwa,
}

impl Era {
    /// All eras, oldest first.
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The era's name in Japanese, e.g. `令和`.
    pub fn name_ja(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The era's name in Hepburn romanisation, e.g. `Reiwa`.
    pub fn name_en(self) -> &'static str {
        match self {
            Era::Meiji => "Meiji",
            Era::Taisho => "Taisho",
            Era::Showa => "Showa",
            Era::Heisei => "Heisei",
            Era::Reiwa => "Reiwa",
        }
    }

    /// The era's one-letter abbreviation (JIS X 0301): `M T S H R`.
    pub fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The first day of the era as `(year, month, day)`.
    ///
    /// 明治 uses the proclamation date 1868-10-23 (the era was applied
    /// retroactively to the whole of 1868, so [`Era::first_year`] is 1868).
    pub fn start_date(self) -> (i32, u32, u32) {
        match self {
            Era::Meiji => (1868, 10, 23),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        }
    }

    /// The Gregorian year of the era's 元年 (year 1).
    pub fn first_year(self) -> i32 {
        self.start_date().0
    }

    /// The era after this one, if any.
    pub fn next(self) -> Option<Era> {
        match self {
            Era::Meiji => Some(Era::Taisho),
            Era::Taisho => Some(Era::Showa),
            Era::Showa => Some(Era::Heisei),
            Era::Heisei => Some(Era::Reiwa),
            Era::Reiwa => None,
        }
    }

    /// Recognises an era written as its name (`令和`), its letter in either
    /// case (`R`, `r`), or a ligature (`㋿`); full-width forms (`Ｒ`) and
    /// surrounding spaces are accepted. Anything else gives `None`.
    pub fn parse_name(s: &str) -> Option<Era> {
        let folded = fold_width(s);
        let t = folded.trim();
        Era::ALL.into_iter().find(|e| {
            t == e.name_ja()
                || t.eq_ignore_ascii_case(e.name_en())
                || (t.len() == 1 && t.chars().all(|c| c.to_ascii_uppercase() == e.letter()))
        })
    }

    /// The era in force on a calendar date, or `None` if the date is invalid
    /// or before 明治 began (1868-10-23).
    pub fn of_date(y: i32, m: u32, d: u32) -> Option<Era> {
        if d == 0 || d > days_in_month(y, m)? {
            return None;
        }
        Era::ALL
            .into_iter()
            .rev()
            .find(|e| e.start_date() <= (y, m, d))
    }

    /// The era used to label Gregorian (fiscal or calendar) year `y`: the
    /// newest era whose first year is not after `y`. FY2019 → 令和 (令和元年度),
    /// FY1988 → 昭和 (63), FY1989 → 平成 (元). `None` before 1868.
    pub fn for_year_label(y: i32) -> Option<Era> {
        Era::ALL.into_iter().rev().find(|e| e.first_year() <= y)
    }
}

impl fmt::Display for Era {
    /// Writes the Japanese name, e.g. `令和`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_ja())
    }
}

/// Number of days in month `m` of year `y` (Gregorian), or `None` if `m` is
/// not 1..=12.
pub fn days_in_month(y: i32, m: u32) -> Option<u32> {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Why an era year is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EraError {
    /// Era years start at 1 (元年).
    #[error("{era}0年 is not an era year: era years start at 1 ({era}元年)")]
    YearZero {
        /// The era written.
        era: Era,
    },
    /// The era year lies after the supported range.
    #[error("{era}{year}年 is after {MAX_YEAR}: expected an era year within {MIN_YEAR}–{MAX_YEAR}")]
    TooLate {
        /// The era written.
        era: Era,
        /// The year written.
        year: u32,
    },
}

/// A year counted within an era, e.g. 令和6年 (`era: Reiwa, year: 6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EraYear {
    /// The era.
    pub era: Era,
    /// The year within the era; 1 is 元年.
    pub year: u32,
}

impl EraYear {
    /// Makes an era year, refusing year 0 and years after [`MAX_YEAR`].
    /// Years past the era's end (平成32) are accepted; see
    /// [`EraYear::is_past_era_end`].
    pub fn new(era: Era, year: u32) -> Result<Self, EraError> {
        if year == 0 {
            return Err(EraError::YearZero { era });
        }
        let ey = EraYear { era, year };
        if i64::from(era.first_year()) + i64::from(year) - 1 > i64::from(MAX_YEAR) {
            return Err(EraError::TooLate { era, year });
        }
        Ok(ey)
    }

    /// The Gregorian year: the era's first year + `year` − 1 (saturating for
    /// values [`EraYear::new`] would refuse).
    pub fn to_gregorian(self) -> i32 {
        let y = i64::from(self.era.first_year()) + i64::from(self.year) - 1;
        i32::try_from(y).unwrap_or(i32::MAX)
    }

    /// The era year labelling Gregorian year `y` (see [`Era::for_year_label`]);
    /// `None` before 1868.
    pub fn from_gregorian(y: i32) -> Option<EraYear> {
        let era = Era::for_year_label(y)?;
        let year = u32::try_from(y - era.first_year() + 1).ok()?;
        Some(EraYear { era, year })
    }

    /// True when the year lies after the era ended, as in plans written
    /// before an era change: 平成32 (2020) is past the end; 平成31 (2019) is
    /// not, since 平成 lasted into 2019; 昭和64 (1989) is not either.
    pub fn is_past_era_end(self) -> bool {
        self.era
            .next()
            .is_some_and(|next| self.to_gregorian() > next.first_year())
    }

    /// The short form with the era letter, e.g. `R6`, `R1`.
    pub fn short(self) -> String {
        format!("{}{}", self.era.letter(), self.year)
    }
}

impl fmt::Display for EraYear {
    /// Writes `令和6年`, and `令和元年` for year 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year == 1 {
            write!(f, "{}元年", self.era)
        } else {
            write!(f, "{}{}年", self.era, self.year)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_boundaries() {
        assert_eq!(Era::for_year_label(1988), Some(Era::Showa));
        assert_eq!(Era::for_year_label(1989), Some(Era::Heisei));
        assert_eq!(Era::for_year_label(2019), Some(Era::Reiwa));
        assert_eq!(Era::for_year_label(1867), None);
        assert_eq!(Era::of_date(2019, 4, 30), Some(Era::Heisei));
        assert_eq!(Era::of_date(2019, 5, 1), Some(Era::Reiwa));
        assert_eq!(Era::of_date(1989, 1, 7), Some(Era::Showa));
        assert_eq!(Era::of_date(2019, 2, 29), None);
        assert_eq!(Era::of_date(2019, 13, 1), None);
        assert_eq!(Era::parse_name("ｒ"), Some(Era::Reiwa));
        assert_eq!(Era::parse_name("㍻"), Some(Era::Heisei));
        assert_eq!(Era::parse_name("X"), None);
        assert_eq!(Era::parse_name("RR"), None);
    }

    #[test]
    fn era_years() {
        let h32 = EraYear {
            era: Era::Heisei,
            year: 32,
        };
        assert_eq!(h32.to_gregorian(), 2020);
        assert!(h32.is_past_era_end());
        assert!(
            !EraYear {
                era: Era::Heisei,
                year: 31
            }
            .is_past_era_end()
        );
        assert!(
            !EraYear {
                era: Era::Showa,
                year: 64
            }
            .is_past_era_end()
        );
        assert_eq!(
            EraYear::new(Era::Reiwa, 0),
            Err(EraError::YearZero { era: Era::Reiwa })
        );
        assert!(EraYear::new(Era::Reiwa, 500).is_err());
        let big = EraYear {
            era: Era::Reiwa,
            year: u32::MAX,
        };
        assert_eq!(big.to_gregorian(), i32::MAX);
        assert_eq!(
            EraYear {
                era: Era::Reiwa,
                year: 1
            }
            .to_string(),
            "令和元年"
        );
        assert_eq!(
            EraYear {
                era: Era::Reiwa,
                year: 6
            }
            .to_string(),
            "令和6年"
        );
        assert_eq!(
            EraYear {
                era: Era::Reiwa,
                year: 6
            }
            .short(),
            "R6"
        );
    }
}
