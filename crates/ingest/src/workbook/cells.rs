//! Turning workbook cells into the text the actuals checks read.
//!
//! Excel stores every number as a binary double, and calamine hands a
//! numeric cell over as `f64`: this is the one place where keikaku meets a
//! float. A numeric value cell is read back as the shortest decimal text
//! that round-trips to the same double (`format!("{f}")`: a typed `19.1`
//! stays `19.1`, never `19.100000000000001`), parsed exactly with
//! `Decimal::from_str`, and then given at least as many decimal places as
//! the cell's number format shows (a cell formatted `0.00` holding 19.1
//! displays, and is read as, `19.10`). Digits are never dropped. A cell
//! holding text (typed with a leading `'`, or pasted) is read as written,
//! with the CSV rules (`1,026,000`, `４５．０`).

use calamine::Data;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The text of a value cell; `Err` when the cell cannot hold a figure.
/// `format` is the cell's number format code, if any.
pub(crate) fn value_text(data: &Data, format: Option<&str>) -> Result<String, String> {
    let places = format.map_or(0, shown_decimals);
    match data {
        Data::Empty => Ok(String::new()),
        Data::String(s) | Data::DateTimeIso(s) => Ok(s.clone()),
        Data::Int(i) => Ok(with_places(Decimal::from(*i), places).to_string()),
        Data::Float(f) => float_decimal(*f).map(|d| with_places(d, places).to_string()),
        Data::Error(e) => Ok(e.to_string()),
        Data::Bool(b) => Err(format!(
            "{} is a truth value, not a figure: write the number",
            if *b { "TRUE" } else { "FALSE" }
        )),
        Data::DateTime(_) | Data::DurationIso(_) => Err(
            "the cell holds a date or time, not a figure: write the number (the cell's format must stay a number format)"
                .to_owned(),
        ),
    }
}

/// The text of a text cell (indicator, period, source, note). Numbers
/// are written back as their shortest decimal text (a period typed as
/// `2024` is the text `2024`).
pub(crate) fn plain_text(data: &Data) -> Result<String, String> {
    match data {
        Data::Empty => Ok(String::new()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Ok(s.clone()),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) => float_decimal(*f).map(|d| d.to_string()),
        Data::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Data::Error(e) => Err(format!(
            "the cell holds the spreadsheet error {e}: write the text"
        )),
        Data::DateTime(_) => Err(
            "the cell holds a date: write the period as text, e.g. 2024年度 or 2025年3月末"
                .to_owned(),
        ),
    }
}

/// The exact decimal of the shortest text that round-trips to `f`: the
/// float boundary of workbook reading (see the module documentation).
pub fn float_decimal(f: f64) -> Result<Decimal, String> {
    if !f.is_finite() {
        return Err(format!("{f} is not a finite number"));
    }
    let text = format!("{f}");
    Decimal::from_str(&text).map_err(|_| {
        format!("{text} is out of the range of exact decimals (at most 28 significant digits)")
    })
}

/// `d` with at least `places` decimal places (trailing zeros added, never removed).
fn with_places(mut d: Decimal, places: u32) -> Decimal {
    if d.scale() < places {
        d.rescale(places.min(28));
    }
    d
}

/// The number of decimal places a number format always shows: the `0`s
/// after the decimal point of its first section (`#,##0.00` → 2,
/// `0.0"件"` → 1, `General` → 0).
pub(crate) fn shown_decimals(code: &str) -> u32 {
    let mut in_quotes = false;
    let mut escaped = false;
    let mut after_point = false;
    let mut zeros = 0;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '\\' => escaped = true,
            ';' => break,
            '.' if !after_point => after_point = true,
            '0' if after_point => zeros += 1,
            '#' | '?' if after_point => {}
            _ if after_point => break,
            _ => {}
        }
    }
    zeros
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_their_shortest_digits_and_the_shown_places() {
        let v = |f, fmt| value_text(&Data::Float(f), fmt).unwrap();
        assert_eq!(v(19.1, None), "19.1");
        assert_eq!(v(19.1, Some("0.00")), "19.10");
        assert_eq!(v(45.0, Some("0.0")), "45.0");
        assert_eq!(v(0.1 + 0.2, None), "0.30000000000000004");
        assert_eq!(v(1026000.0, Some("#,##0")), "1026000");
        assert_eq!(v(123.456, Some("0.0")), "123.456");
        assert_eq!(v(-3.5, None), "-3.5");
        assert!(value_text(&Data::Float(f64::NAN), None).is_err());
        assert!(value_text(&Data::Float(1e300), None).is_err());
        assert_eq!(value_text(&Data::Int(55), Some("0.0")).unwrap(), "55.0");
    }

    #[test]
    fn format_codes() {
        assert_eq!(shown_decimals("General"), 0);
        assert_eq!(shown_decimals("0"), 0);
        assert_eq!(shown_decimals("0.0"), 1);
        assert_eq!(shown_decimals("#,##0.00"), 2);
        assert_eq!(shown_decimals("0.0\"件\""), 1);
        assert_eq!(shown_decimals("\"0.000\"0"), 0);
        assert_eq!(shown_decimals("0.00;[Red]-0.00"), 2);
        assert_eq!(shown_decimals("0.0#"), 1);
    }
}
