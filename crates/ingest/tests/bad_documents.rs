//! Damaged documents: each error names the line and what was expected, and no
//! damage makes the importer panic.

mod seed;

use keikaku_ingest::{DocumentError, ImportOptions, parse_document};
use proptest::prelude::*;

/// The seed with line `no` (1-based) replaced.
fn with_line(no: usize, f: impl Fn(&str) -> String) -> String {
    seed::document()
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == no { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

fn error(text: &str) -> DocumentError {
    match parse_document(text, &ImportOptions::default()) {
        Ok(_) => panic!("the damaged document was accepted"),
        Err(e) => e,
    }
}

fn assert_error(text: &str, line: u32, needle: &str) {
    let e = error(text);
    assert_eq!(e.line, line, "{e}");
    assert!(e.message.contains(needle), "「{needle}」 not in: {e}");
}

#[test]
fn bad_thousands_separator_names_line_and_column() {
    let doc = with_line(369, |l| l.replace("483,168人", "48,3168人"));
    assert_error(&doc, 369, "column 実績値");
    assert_error(&doc, 369, "thousands separators");
}

#[test]
fn missing_cell_is_reported() {
    let doc = with_line(209, |l| {
        l.rsplit_once('\t')
            .map(|(a, _)| a.to_string())
            .unwrap_or_default()
    });
    assert_error(&doc, 209, "expected 4 tab-separated cells");
}

#[test]
fn unknown_table_header_is_reported() {
    let doc = with_line(208, |l| l.replace("実施計画期間設定値", "目標値"));
    assert_error(&doc, 208, "KPI table header");
}

#[test]
fn unreadable_period_is_reported() {
    let doc = with_line(214, |l| l.replace("(2024年度)", "(来年度)"));
    assert_error(&doc, 214, "来年度");
}

#[test]
fn value_without_unit_is_reported() {
    let doc = with_line(296, |l| l.replace("84ha", "84"));
    assert_error(&doc, 296, "no unit");
}

#[test]
fn value_count_must_match_across_columns() {
    let doc = with_line(291, |l| l.replace("368億円 園芸作物 176億円", "368億円"));
    assert_error(&doc, 291, "1 value(s) where column 初期値 has 2");
}

#[test]
fn cell_label_must_match_the_indicator() {
    let doc = with_line(291, |l| l.replace("園芸作物 135億円", "果樹 135億円"));
    assert_error(&doc, 291, "「果樹」 does not match");
}

#[test]
fn heading_lines_must_match_values() {
    let doc = with_line(288, |l| format!("{l}\n追加の行"));
    assert_error(
        &doc,
        287,
        "the heading has 3 line(s) but each cell holds 2 value(s)",
    );
}

#[test]
fn unknown_department_label_is_reported() {
    let doc = with_line(93, |l| l.replace("[関係部]", "[担当部]"));
    assert_error(&doc, 93, "unknown label [担当部]");
}

#[test]
fn unknown_project_detail_page_is_reported() {
    let doc = with_line(262, |_| "謎のプロジェクト".into());
    assert_error(&doc, 262, "expected a policy direction heading");
}

#[test]
fn truncated_document_is_reported() {
    let doc: String = seed::document()
        .lines()
        .take(460)
        .collect::<Vec<_>>()
        .join("\n");
    assert_error(&doc, 459, "expected section IV"); // the last line
}

#[test]
fn empty_document_is_reported() {
    assert_error("", 0, "empty");
    assert_error(" \n\n", 0, "empty");
}

#[test]
fn policy_items_must_be_numbered() {
    let doc = with_line(470, |l| l.replace("(4) ", ""));
    assert_error(&doc, 470, "expected a policy item");
}

#[test]
fn invalid_edition_period_is_reported() {
    let doc = with_line(5, |_| "(令和6年度～令和4年度)".into());
    assert_error(&doc, 5, "ends before it starts");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Deleting any line, or cutting the document anywhere, gives a result or an error, never a panic.
    #[test]
    fn damage_never_panics(delete in 0usize..575, cut in 0usize..40_000) {
        let doc = seed::document();
        let deleted: String = doc.lines().enumerate().filter(|(i, _)| *i != delete).map(|(_, l)| l).collect::<Vec<_>>().join("\n");
        let _ = parse_document(&deleted, &ImportOptions::default());
        let boundary = (0..=cut.min(doc.len())).rev().find(|i| doc.is_char_boundary(*i)).unwrap_or(0);
        let _ = parse_document(&doc[..boundary], &ImportOptions::default());
    }
}
