//! Money in thousands of yen (千円), the unit Japanese budget documents print.
//!
//! [`Thousands`] is an exact integer (`i64`) with checked arithmetic: sums
//! never wrap and never pass through floating point. Parsing accepts what
//! spreadsheets and budget books write: `12,345`, full-width digits,
//! negatives as `-`, `▲` or `△` (補正 can be negative).

use crate::text::fold_width;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount in thousands of yen (千円).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Thousands(i64);

/// Why a text is not an amount of money, or a sum overflowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a whole number of thousands of yen.
    #[error(
        "「{0}」 is not an amount in thousands of yen: write a whole number such as 12,345 (千円)"
    )]
    NotAnAmount(String),
    /// Digits grouped wrongly, e.g. `12,34`.
    #[error("「{0}」 has misplaced thousands separators")]
    BadGrouping(String),
    /// Beyond ±9.2 × 10¹⁸ thousand yen.
    #[error("amount out of range: {0}")]
    Overflow(String),
}

impl Thousands {
    /// Zero yen.
    pub const ZERO: Thousands = Thousands(0);

    /// An amount from a count of thousands of yen.
    pub const fn new(k: i64) -> Thousands {
        Thousands(k)
    }

    /// The count of thousands of yen.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `self + other`, or an error instead of wrapping.
    pub fn checked_add(self, other: Thousands) -> Result<Thousands, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Thousands)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} + {other}")))
    }

    /// `self - other`, or an error instead of wrapping.
    pub fn checked_sub(self, other: Thousands) -> Result<Thousands, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Thousands)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} - {other}")))
    }

    /// The sum of amounts, or an error on overflow.
    pub fn sum<I: IntoIterator<Item = Thousands>>(items: I) -> Result<Thousands, MoneyError> {
        items
            .into_iter()
            .try_fold(Thousands::ZERO, Thousands::checked_add)
    }

    /// Parses `12,345`, `１２３４５`, `-300`, `▲300`, `△300`.
    pub fn parse(s: &str) -> Result<Thousands, MoneyError> {
        let folded = fold_width(s.trim());
        let (negative, digits) = match folded.strip_prefix(['▲', '-', '△']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, folded.as_str()),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',') {
            return Err(MoneyError::NotAnAmount(s.into()));
        }
        if digits.contains(',') {
            let groups: Vec<&str> = digits.split(',').collect();
            let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
            if !ok {
                return Err(MoneyError::BadGrouping(s.into()));
            }
        }
        let plain: String = digits.chars().filter(|&c| c != ',').collect();
        let magnitude: i64 = plain.parse().map_err(|_| MoneyError::Overflow(s.into()))?;
        Ok(Thousands(if negative { -magnitude } else { magnitude }))
    }
}

impl FromStr for Thousands {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, MoneyError> {
        Thousands::parse(s)
    }
}

impl fmt::Display for Thousands {
    /// Writes the amount with thousands separators: `-1,234,567`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if self.0 < 0 {
            grouped.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        f.write_str(&grouped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_budget_books_write() {
        assert_eq!(Thousands::parse("12,345"), Ok(Thousands(12_345)));
        assert_eq!(Thousands::parse("１２，３４５"), Ok(Thousands(12_345)));
        assert_eq!(Thousands::parse("▲300"), Ok(Thousands(-300)));
        assert_eq!(Thousands::parse("△1,000"), Ok(Thousands(-1_000)));
        assert_eq!(Thousands::parse(" 0 "), Ok(Thousands(0)));
    }

    #[test]
    fn refuses_fractions_words_and_bad_grouping() {
        assert!(matches!(
            Thousands::parse("12.5"),
            Err(MoneyError::NotAnAmount(_))
        ));
        assert!(matches!(
            Thousands::parse("千円"),
            Err(MoneyError::NotAnAmount(_))
        ));
        assert!(matches!(
            Thousands::parse(""),
            Err(MoneyError::NotAnAmount(_))
        ));
        assert!(matches!(
            Thousands::parse("1,23"),
            Err(MoneyError::BadGrouping(_))
        ));
        assert!(matches!(
            Thousands::parse("99999999999999999999"),
            Err(MoneyError::Overflow(_))
        ));
    }

    #[test]
    fn sums_exactly_and_refuses_to_wrap() {
        let parts = [Thousands(1), Thousands(2), Thousands(-4)];
        assert_eq!(Thousands::sum(parts), Ok(Thousands(-1)));
        assert!(Thousands(i64::MAX).checked_add(Thousands(1)).is_err());
        assert!(Thousands(i64::MIN).checked_sub(Thousands(1)).is_err());
    }

    #[test]
    fn displays_grouped() {
        assert_eq!(Thousands(1_234_567).to_string(), "1,234,567");
        assert_eq!(Thousands(-1_000).to_string(), "-1,000");
        assert_eq!(Thousands(999).to_string(), "999");
        assert_eq!(
            Thousands(i64::MIN).to_string(),
            "-9,223,372,036,854,775,808"
        );
    }
}
