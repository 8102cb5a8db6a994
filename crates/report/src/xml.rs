//! Escaping text for XML (and HTML) output.
//!
//! The chart embeds plan texts (indicator names, units) that may contain
//! `&`, `<` or quotes; every text and attribute value goes through
//! [`escape`]. Characters XML 1.0 does not allow (C0 controls other than tab,
//! line feed and carriage return, U+FFFE, U+FFFF) are dropped, so the output
//! is always well-formed.

/// Escapes text for use in XML element content and in quoted attribute
/// values: `&` `<` `>` `"` `'` become entities; characters not allowed in
/// XML 1.0 are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Makes a string usable as (part of) an XML `id`: ASCII letters, digits,
/// `-` and `_` are kept, every other character becomes `_`.
pub fn id_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;"
        );
        assert_eq!(escape("要介護\u{0}認定率\n"), "要介護認定率\n");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn id_parts_are_ascii() {
        assert_eq!(id_part("KPI-07"), "KPI-07");
        assert_eq!(id_part("P1 T2/指標"), "P1_T2___");
    }
}
