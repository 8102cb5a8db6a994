//! The lint's findings on the published Tsuruoka document and on the shipped
//! plan: exactly the real problems of the document, nothing else.

mod seed;

use keikaku_ingest::{ImportOptions, parse_document, shipped};
use keikaku_model::lint::{Severity, lint};

fn summary(findings: &[keikaku_model::lint::Finding]) -> Vec<(String, String, Severity)> {
    let mut v: Vec<_> = findings
        .iter()
        .filter(|f| f.rule != "direction-inferred")
        .map(|f| (f.rule.to_string(), f.element.clone(), f.severity))
        .collect();
    v.sort();
    v
}

fn expected(with_assumed_start: bool) -> Vec<(String, String, Severity)> {
    use Severity::*;
    let mut v: Vec<(String, String, Severity)> = [
        // 移住件数: targets 55件 below the 2020 actual 68件.
        ("target-not-better", "KPI-03", Warning),
        ("target-not-better", "KPI-03", Warning),
        // 要介護認定率: interim 19.24% above 18.94%; 18.94% already meets 19.0%以下.
        ("target-not-better", "KPI-07", Warning),
        ("target-not-better", "KPI-07", Warning),
        // 産直施設の販売額: interim 14.1億円 equals the 2020 actual.
        ("target-not-better", "KPI-11", Warning),
        // 温室効果ガス: interim 1043.1 above the actual 1042.8; baseline column holds 2018年.
        ("target-not-better", "KPI-20", Warning),
        ("period-column-mismatch", "KPI-20", Warning),
        // エネルギー自給率: baseline column holds 2017年, and 29.4% / 29.5% both for 2017年.
        ("period-column-mismatch", "KPI-21", Warning),
        ("conflicting-values", "KPI-21", Warning),
        // Interim targets below the initial (pre-COVID) value.
        ("target-below-initial", "KPI-16", Info),
        ("target-below-initial", "KPI-17", Info),
        ("target-below-initial", "KPI-18", Info),
        ("target-below-initial", "KPI-22", Info),
        // Printed twice: same name (外国人延べ宿泊者数), different names (venture employees).
        ("duplicate-indicator", "KPI-17", Info),
        ("duplicate-indicator", "KPI-04", Warning),
    ]
    .into_iter()
    .map(|(r, e, s)| (r.to_string(), e.to_string(), s))
    .collect();
    if with_assumed_start {
        v.push(("plan-start-assumed".into(), "E2022".into(), Info));
    }
    v.sort();
    v
}

#[test]
fn lint_reports_exactly_the_documents_real_problems() {
    let plan = parse_document(&seed::document(), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let findings = lint(&plan);
    assert_eq!(summary(&findings), expected(true));
    // Every indicator's direction except the two the document states is inferred.
    let inferred: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "direction-inferred")
        .map(|f| f.element.as_str())
        .collect();
    assert_eq!(inferred.len(), 20);
    assert!(!inferred.contains(&"KPI-07") && !inferred.contains(&"KPI-20"));
    assert!(
        findings
            .iter()
            .all(|f| !f.message.is_empty() && !f.explanation.is_empty())
    );
}

#[test]
fn lint_messages_quote_the_figures() {
    let plan = shipped::tsuruoka().unwrap_or_else(|e| panic!("{e}"));
    let findings = lint(&plan);
    assert_eq!(
        summary(&findings),
        expected(false),
        "the shipped plan states its first year"
    );
    let conflict = findings
        .iter()
        .find(|f| f.rule == "conflicting-values")
        .expect("conflict");
    assert!(
        conflict.message.contains("29.4%") && conflict.message.contains("29.5%"),
        "{}",
        conflict.message
    );
    assert_eq!(conflict.line, Some(449));
    let care = findings
        .iter()
        .find(|f| f.element == "KPI-07" && f.message.contains("already meets"))
        .expect("care rate");
    assert!(care.message.contains("19.0%以下"), "{}", care.message);
}
