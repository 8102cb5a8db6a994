//! Narrow, predictable normalisation of the text plans are written in.
//!
//! Municipal documents mix full-width and half-width forms freely (`Ｒ２`,
//! `２０２４年度`, `2015～2017`), and era names sometimes appear as single
//! ligature characters (`㋿`, `㍻`). Parsers in this crate call
//! [`fold_width`] before scanning so that they only have to recognise one
//! form. The folding is deliberately much narrower than Unicode NFKC: proper
//! nouns such as 髙 or 﨑 must never change, so only full-width ASCII, the
//! ideographic space, the common wave dashes and minus signs, and the era
//! ligatures are touched.

/// Folds full-width ASCII and a few look-alike characters to plain ASCII.
///
/// - full-width ASCII (U+FF01..=U+FF5E, e.g. `Ｒ２（`) becomes ASCII (`R2(`);
/// - the ideographic space U+3000 becomes `' '`;
/// - the wave dashes `～` (U+FF5E) and `〜` (U+301C) become `'~'`;
/// - `－` (U+FF0D) and the minus sign `−` (U+2212) become `'-'`;
/// - the era ligatures `㋿ ㍻ ㍼ ㍽ ㍾` become `令和 平成 昭和 大正 明治`.
///
/// Every other character is returned unchanged; in particular no general
/// NFKC is applied, so names keep their exact characters.
///
/// ```
/// use keikaku_model::text::fold_width;
/// assert_eq!(fold_width("Ｒ２（２０２０）～㍻"), "R2(2020)~平成");
/// assert_eq!(fold_width("髙﨑"), "髙﨑");
/// ```
pub fn fold_width(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{3000}' => out.push(' '),
            '\u{301C}' | '\u{FF5E}' => out.push('~'),
            '\u{2212}' | '\u{FF0D}' => out.push('-'),
            '\u{32FF}' => out.push_str("令和"),
            '\u{337B}' => out.push_str("平成"),
            '\u{337C}' => out.push_str("昭和"),
            '\u{337D}' => out.push_str("大正"),
            '\u{337E}' => out.push_str("明治"),
            '\u{FF01}'..='\u{FF5E}' => {
                // The block mirrors ASCII 0x21..=0x7E at a fixed offset.
                let folded = char::from_u32(u32::from(c) - 0xFEE0);
                out.push(folded.unwrap_or(c));
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold_width;

    #[test]
    fn folds_only_what_it_documents() {
        assert_eq!(fold_width("ＦＹ２０２４"), "FY2024");
        assert_eq!(fold_width("２０１５〜２０１７"), "2015~2017");
        assert_eq!(fold_width("２０１５－２０１７−"), "2015-2017-");
        assert_eq!(fold_width("㋿６年度\u{3000}"), "令和6年度 ");
        assert_eq!(fold_width("㍼㍽㍾"), "昭和大正明治");
        assert_eq!(fold_width("髙﨑市　①"), "髙﨑市 ①");
        assert_eq!(fold_width(""), "");
    }
}
