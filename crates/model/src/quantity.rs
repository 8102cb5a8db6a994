//! Exact quantities with units, as plans write them.
//!
//! A [`Quantity`] is a `rust_decimal::Decimal` that keeps the precision it was
//! written with (`45.0` stays `45.0`) together with its [`Unit`] (`%`, `人`,
//! `億円`, `円/kg`, `kt-co2` …). [`Quantity::parse`] reads what plans and
//! spreadsheets contain: thousands separators, full-width digits, a leading
//! `▲` for a negative figure, and a trailing `以下` / `以上` bound, which it
//! returns separately as a [`Bound`]. Never `f64`.

use crate::text::fold_width;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a text is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// No number at the start.
    #[error("「{0}」 is not a number with a unit: expected e.g. 45.0%, 1,026,000人, 14.0億円")]
    NotANumber(String),
    /// Thousands separators in the wrong places.
    #[error(
        "「{0}」 has misplaced thousands separators: expected groups of three digits such as 1,026,000"
    )]
    BadGrouping(String),
    /// A number too large or too precise for an exact decimal.
    #[error("「{0}」 is out of range for an exact decimal (at most 28 significant digits)")]
    OutOfRange(String),
    /// The unit is missing or malformed.
    #[error("「{0}」 has no unit: write the unit after the number, e.g. 12人")]
    MissingUnit(String),
    /// An empty unit string.
    #[error(
        "「{0}」 is not a unit: units are non-empty, contain no spaces and do not start with a digit"
    )]
    BadUnit(String),
}

/// A unit as written in the plan (`%`, `人`, `億円`, `円/kg`, `kt-co2`).
///
/// Units are compared exactly: `万人` and `人` are different units.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Unit(String);

impl Unit {
    /// Parses a unit; full-width forms are folded (`％` → `%`).
    pub fn new(s: &str) -> Result<Self, QuantityError> {
        let folded = fold_width(s.trim());
        let ok = !folded.is_empty()
            && !folded.starts_with(|c: char| c.is_ascii_digit())
            && !folded.chars().any(char::is_whitespace);
        if ok {
            Ok(Unit(folded))
        } else {
            Err(QuantityError::BadUnit(s.to_string()))
        }
    }
    /// The unit as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Unit {
    type Error = QuantityError;
    fn try_from(s: String) -> Result<Self, QuantityError> {
        Unit::new(&s)
    }
}
impl From<Unit> for String {
    fn from(u: Unit) -> String {
        u.0
    }
}
impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A bound written after a target: `19.0%以下` is "at most 19.0%".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// 以下: the value must not exceed the figure.
    AtMost,
    /// 以上: the value must reach at least the figure.
    AtLeast,
}

impl Bound {
    /// The Japanese suffix (`以下` / `以上`).
    pub fn suffix_ja(self) -> &'static str {
        match self {
            Bound::AtMost => "以下",
            Bound::AtLeast => "以上",
        }
    }
}

/// An exact amount in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quantity {
    /// The amount, with the scale it was written with.
    pub amount: Decimal,
    /// The unit.
    pub unit: Unit,
}

impl Quantity {
    /// Parses `1,026,000人`, `19.0%以下`, `▲3%`, `１４．０億円`; returns the quantity
    /// and the bound written after it, if any.
    pub fn parse(s: &str) -> Result<(Quantity, Option<Bound>), QuantityError> {
        let folded = fold_width(s.trim());
        let (number, rest) =
            split_number(&folded).ok_or_else(|| QuantityError::NotANumber(s.into()))?;
        let amount = parse_amount(number).map_err(|e| e.with_input(s))?;
        let (unit_text, bound) = strip_bound(rest.trim());
        if unit_text.is_empty() {
            return Err(QuantityError::MissingUnit(s.into()));
        }
        let unit = Unit::new(unit_text)?;
        Ok((Quantity { amount, unit }, bound))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", group_thousands(&self.amount), self.unit)
    }
}

/// Parses a bare amount such as `1,026,000`, `45.0`, `▲3`, `-2.5`, `１２３`.
pub fn parse_amount(s: &str) -> Result<Decimal, QuantityError> {
    let folded = fold_width(s.trim());
    let (negative, digits) = match folded.strip_prefix(['▲', '-', '△']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, folded.as_str()),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let grouping_ok = !int_part.contains(',') || {
        let groups: Vec<&str> = int_part.split(',').collect();
        (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
    };
    if !grouping_ok {
        return Err(QuantityError::BadGrouping(s.into()));
    }
    let plain: String = int_part.chars().filter(|&c| c != ',').collect();
    let valid = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit())
        && frac_part.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    if !valid {
        return Err(QuantityError::NotANumber(s.into()));
    }
    let text = match frac_part {
        Some(f) => format!("{}{plain}.{f}", if negative { "-" } else { "" }),
        None => format!("{}{plain}", if negative { "-" } else { "" }),
    };
    Decimal::from_str(&text).map_err(|_| QuantityError::OutOfRange(s.into()))
}

impl QuantityError {
    fn with_input(self, s: &str) -> Self {
        match self {
            QuantityError::NotANumber(_) => QuantityError::NotANumber(s.into()),
            QuantityError::BadGrouping(_) => QuantityError::BadGrouping(s.into()),
            QuantityError::OutOfRange(_) => QuantityError::OutOfRange(s.into()),
            other => other,
        }
    }
}

/// Splits a leading number (sign, digits, separators, point) from the rest.
fn split_number(s: &str) -> Option<(&str, &str)> {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let signish = i == 0 && matches!(c, '▲' | '-' | '△');
        if signish || c.is_ascii_digit() || c == ',' || c == '.' {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let number = &s[..end];
    number
        .chars()
        .any(|c| c.is_ascii_digit())
        .then(|| (number, &s[end..]))
}

fn strip_bound(s: &str) -> (&str, Option<Bound>) {
    if let Some(unit) = s.strip_suffix("以下") {
        (unit.trim_end(), Some(Bound::AtMost))
    } else if let Some(unit) = s.strip_suffix("以上") {
        (unit.trim_end(), Some(Bound::AtLeast))
    } else {
        (s, None)
    }
}

/// Formats a decimal with thousands separators, keeping its scale: `1026000` → `1,026,000`.
pub fn group_thousands(d: &Decimal) -> String {
    let text = d.to_string();
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", text.as_str()),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> (String, String, Option<Bound>) {
        let (q, b) = Quantity::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (q.amount.to_string(), q.unit.to_string(), b)
    }

    #[test]
    fn parses_the_documents_quantities_exactly() {
        let cases = [
            ("45.0%", "45.0", "%", None),
            ("1,026,000人", "1026000", "人", None),
            ("19.0%以下", "19.0", "%", Some(Bound::AtMost)),
            ("14.0億円", "14.0", "億円", None),
            ("493円/kg", "493", "円/kg", None),
            ("1074.9kt-co2", "1074.9", "kt-co2", None),
            ("▲3%", "-3", "%", None),
            ("１，２３４人", "1234", "人", None),
            ("631万人", "631", "万人", None),
            ("19.59%", "19.59", "%", None),
        ];
        for (input, amount, unit, bound) in cases {
            assert_eq!(
                q(input),
                (amount.to_string(), unit.to_string(), bound),
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_malformed_quantities() {
        for bad in [
            "",
            "人",
            "12",
            "1,02,6人",
            "1.人",
            "abc%",
            "1.2.3%",
            "12 3人",
        ] {
            assert!(Quantity::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn groups_thousands_keeping_scale() {
        let d = Decimal::from_str("1026000").unwrap_or_default();
        assert_eq!(group_thousands(&d), "1,026,000");
        let d = Decimal::from_str("-1074.90").unwrap_or_default();
        assert_eq!(group_thousands(&d), "-1,074.90");
        let d = Decimal::from_str("45.0").unwrap_or_default();
        assert_eq!(group_thousands(&d), "45.0");
    }
}
