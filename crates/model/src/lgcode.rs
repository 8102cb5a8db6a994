//! The local government code (全国地方公共団体コード) that identifies a
//! municipality in open data.
//!
//! The code has six digits: a two-digit prefecture code (01 北海道 … 47 沖縄県),
//! a three-digit municipality code, and a check digit computed from the first
//! five: check = (11 − (d1·6 + d2·5 + d3·4 + d4·3 + d5·2) mod 11) mod 10.
//! 鶴岡市 is 06203 → 062031. The check is weak (remainders 0 and 1 give the
//! same digit), so [`LocalGovCode`] validates the prefecture range too.
//! Standard open datasets start with this code as their first column.

use crate::text::fold_width;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a text is not a local government code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LgCodeError {
    /// Not the expected number of ASCII digits.
    #[error(
        "「{input}」 is not a local government code: expected {expected} digits (e.g. 062031 for 鶴岡市), found {found} characters"
    )]
    WrongLength {
        /// The text as written.
        input: String,
        /// How many digits were expected (6, or 5 without the check digit).
        expected: usize,
        /// How many characters were found.
        found: usize,
    },
    /// A character other than a digit.
    #[error(
        "「{input}」 is not a local government code: found 「{found}」 at position {position}, expected only digits 0–9"
    )]
    NotADigit {
        /// The text as written.
        input: String,
        /// The offending character.
        found: char,
        /// Its position, counting from 1.
        position: usize,
    },
    /// The prefecture code is not 01..=47.
    #[error(
        "「{input}」 is not a local government code: prefecture code {prefecture:02} does not exist, expected 01–47"
    )]
    UnknownPrefecture {
        /// The text as written.
        input: String,
        /// The first two digits.
        prefecture: u8,
    },
    /// The sixth digit does not match the first five.
    #[error(
        "「{input}」 has a wrong check digit: found {found}, expected {expected} (for {five}: {five}{expected})"
    )]
    BadCheckDigit {
        /// The text as written.
        input: String,
        /// The first five digits.
        five: String,
        /// The check digit computed from them.
        expected: u8,
        /// The sixth digit written.
        found: u8,
    },
}

/// A 全国地方公共団体コード: six digits, the last a check digit.
///
/// Always valid: 6 digits, prefecture 01..=47, correct check digit.
/// Serialises as its 6-digit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalGovCode([u8; 6]);

/// The check digit for the five digits `d`.
fn check_digit(d: [u8; 5]) -> u8 {
    let sum: u32 = d
        .iter()
        .zip([6u32, 5, 4, 3, 2])
        .map(|(&digit, weight)| u32::from(digit) * weight)
        .sum();
    // (11 − 0) mod 10 = 1 and (11 − 1) mod 10 = 0: always a single digit.
    u8::try_from((11 - sum % 11) % 10).unwrap_or(0)
}

/// Exactly `N` ASCII digits (after [`fold_width`] and trimming) as values 0..=9.
fn digits<const N: usize>(input: &str) -> Result<[u8; N], LgCodeError> {
    let folded = fold_width(input);
    let text = folded.trim();
    let mut out = [0u8; N];
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        let Some(d) = c.to_digit(10) else {
            return Err(LgCodeError::NotADigit {
                input: input.to_owned(),
                found: c,
                position: i + 1,
            });
        };
        if let Some(slot) = out.get_mut(i) {
            *slot = u8::try_from(d).unwrap_or(0);
        }
        count += 1;
    }
    if count != N {
        return Err(LgCodeError::WrongLength {
            input: input.to_owned(),
            expected: N,
            found: count,
        });
    }
    Ok(out)
}

fn check_prefecture(input: &str, d: &[u8]) -> Result<(), LgCodeError> {
    let prefecture = match d {
        [a, b, ..] => a * 10 + b,
        _ => 0,
    };
    if (1..=47).contains(&prefecture) {
        Ok(())
    } else {
        Err(LgCodeError::UnknownPrefecture {
            input: input.to_owned(),
            prefecture,
        })
    }
}

impl LocalGovCode {
    /// Parses a full 6-digit code (full-width digits and surrounding spaces
    /// are accepted), checking the prefecture and the check digit:
    /// `062031` is 鶴岡市, `062032` is refused (expected check digit 1).
    pub fn parse(s: &str) -> Result<Self, LgCodeError> {
        let d: [u8; 6] = digits(s)?;
        check_prefecture(s, &d)?;
        let [d1, d2, d3, d4, d5, found] = d;
        let expected = check_digit([d1, d2, d3, d4, d5]);
        if found != expected {
            return Err(LgCodeError::BadCheckDigit {
                input: s.to_owned(),
                five: [d1, d2, d3, d4, d5]
                    .iter()
                    .map(|x| char::from(b'0' + x))
                    .collect(),
                expected,
                found,
            });
        }
        Ok(LocalGovCode(d))
    }

    /// Builds the code from the five digits without the check digit,
    /// computing it: `06203` → `062031`.
    pub fn from_five(s: &str) -> Result<Self, LgCodeError> {
        let d: [u8; 5] = digits(s)?;
        check_prefecture(s, &d)?;
        let [d1, d2, d3, d4, d5] = d;
        Ok(LocalGovCode([d1, d2, d3, d4, d5, check_digit(d)]))
    }

    /// The prefecture code, 1..=47 (6 for 山形県).
    pub fn prefecture_code(self) -> u8 {
        self.0[0] * 10 + self.0[1]
    }

    /// The three-digit municipality part, 0..=999 (`000` is the prefecture
    /// itself, e.g. 060003 山形県).
    pub fn municipality_code(self) -> u16 {
        let [_, _, a, b, c, _] = self.0;
        u16::from(a) * 100 + u16::from(b) * 10 + u16::from(c)
    }

    /// The check digit (the sixth digit).
    pub fn check_digit(self) -> u8 {
        self.0[5]
    }

    /// The five-digit code without the check digit, e.g. `06203`.
    pub fn five(self) -> String {
        self.0[..5].iter().map(|d| char::from(b'0' + d)).collect()
    }
}

impl fmt::Display for LocalGovCode {
    /// Writes the six digits, e.g. `062031`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl FromStr for LocalGovCode {
    type Err = LgCodeError;

    fn from_str(s: &str) -> Result<Self, LgCodeError> {
        LocalGovCode::parse(s)
    }
}

impl TryFrom<String> for LocalGovCode {
    type Error = LgCodeError;

    fn try_from(s: String) -> Result<Self, LgCodeError> {
        LocalGovCode::parse(&s)
    }
}

impl From<LocalGovCode> for String {
    fn from(code: LocalGovCode) -> String {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsuruoka() {
        let code = LocalGovCode::parse("062031");
        assert_eq!(
            code.as_ref().map(|c| c.to_string()),
            Ok("062031".to_owned())
        );
        assert_eq!(LocalGovCode::from_five("０６２０３"), code);
        let err = LocalGovCode::parse("062032").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("「062032」 has a wrong check digit: found 2, expected 1 (for 06203: 062031)")
        );
        assert!(LocalGovCode::parse("482031").is_err());
        assert!(LocalGovCode::parse("06203").is_err());
        assert!(LocalGovCode::parse("06203a").is_err());
        assert!(LocalGovCode::parse("０６２０３１").is_ok());
    }
}
