//! Shared cell formats and conversions for the workbooks.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The nearest double to a decimal, through its text (Rust's float parsing
/// is correctly rounded). Falls back to 0 only for text Rust cannot parse,
/// which a `Decimal` never produces.
pub fn excel_number(d: Decimal) -> f64 {
    d.to_string().parse::<f64>().unwrap_or(0.0)
}

/// An Excel number format showing `places` decimal places with thousands
/// separators: `#,##0`, `#,##0.0`, `#,##0.00` …
pub(crate) fn number_format(places: u32) -> String {
    if places == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(places.min(28) as usize))
    }
}

/// A sheet name Excel accepts: `[]:*?/\` replaced, at most 31 characters.
pub(crate) fn sheet_name(s: &str) -> String {
    s.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// The formats used across the workbooks.
pub(crate) struct Styles {
    /// Sheet titles.
    pub title: Format,
    /// Column headings.
    pub header: Format,
    /// Ordinary text, wrapped, with borders.
    pub text: Format,
    /// Explanatory notes above a table.
    pub note: Format,
}

impl Styles {
    pub(crate) fn new() -> Self {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0x00D9_E1F2))
                .set_border(FormatBorder::Thin),
            text: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
            note: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// A bordered number cell showing `places` decimals.
    pub(crate) fn number(places: u32) -> Format {
        Format::new()
            .set_num_format(number_format(places))
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_become_the_nearest_double() {
        for s in [
            "19.10",
            "0.1",
            "1026000",
            "45.0",
            "-3.75",
            "1074.9",
            "0.30000000000000004",
        ] {
            let d = Decimal::from_str(s).unwrap();
            let back = Decimal::from_str(&format!("{}", excel_number(d))).unwrap();
            assert_eq!(back, d, "{s}");
        }
    }

    #[test]
    fn formats_and_names() {
        assert_eq!(number_format(0), "#,##0");
        assert_eq!(number_format(2), "#,##0.00");
        assert_eq!(sheet_name("P1 a/b:c"), "P1 a_b_c");
        assert_eq!(sheet_name(&"長".repeat(40)).chars().count(), 31);
    }
}
