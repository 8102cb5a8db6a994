//! The PDF writer on the shipped plan: the plan summary and a council report
//! with user text that looks like typst markup, read back with poppler's
//! `pdftotext` and `pdffonts` (Debian poppler-utils). Under CI=true a
//! missing tool fails the test; locally the check is skipped with a note.

use keikaku_ingest::{rubrics, shipped};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, evaluate};
use keikaku_model::ids::ProjectId;
use keikaku_model::workflow::{PdcaRecord, Subject};
use keikaku_pdf::{Fonts, PdfError};
use keikaku_report::council::{self, CouncilInput};
use keikaku_report::plan_summary;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs a poppler tool on a PDF; `None` when the tool is missing outside CI.
fn poppler(tool: &str, pdf: &[u8]) -> Option<String> {
    // One file per call: the tests run in parallel in one process.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("keikaku-pdf-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{n}.pdf"));
    std::fs::write(&file, pdf).expect("write pdf");
    let mut cmd = Command::new(tool);
    if tool == "pdftotext" {
        cmd.args([file.as_os_str(), "-".as_ref()]);
    } else {
        cmd.arg(&file);
    }
    match cmd.output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{tool} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{tool} is needed under CI (apt-get install poppler-utils): {e}")
        }
        Err(e) => {
            eprintln!("note: {tool} not available ({e}); PDF read-back skipped");
            None
        }
    }
}

/// Text without whitespace: pdftotext breaks lines and table cells where the layout does.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn no_japanese_font_is_a_clear_error_naming_the_places() {
    let places = [
        PathBuf::from("/nonexistent/fonts"),
        PathBuf::from("/nonexistent/x.ttf"),
    ];
    let err = Fonts::from_places(&places).expect_err("no fonts there");
    assert!(matches!(err, PdfError::NoJapaneseFont { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("/nonexistent/fonts") && msg.contains("/nonexistent/x.ttf"),
        "{msg}"
    );
    assert!(msg.contains("KEIKAKU_FONT_DIR"), "{msg}");
}

#[test]
fn a_font_directory_is_read_and_its_japanese_family_used() {
    // Where fonts-ipaexfont-gothic installs (.ci/run installs it).
    let dir = PathBuf::from("/usr/share/fonts/opentype/ipaexfont-gothic");
    if !dir.is_dir() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "fonts-ipaexfont-gothic is needed under CI"
        );
        eprintln!(
            "note: {} missing; directory loading not checked",
            dir.display()
        );
        return;
    }
    let fonts = Fonts::from_places(&[PathBuf::from("/nonexistent"), dir]).expect("fonts");
    assert_eq!(fonts.families(), ["IPAexGothic"]);
    assert!(fonts.sources().iter().all(|p| p.ends_with("ipaexg.ttf")));
}

#[test]
fn plan_summary_pdf_has_the_plan_text_and_embedded_fonts() {
    let fonts =
        Fonts::discover().expect("a Japanese font (apt-get install fonts-ipaexfont-gothic)");
    let plan = shipped::tsuruoka().expect("plan");
    let pdf = keikaku_pdf::plan_summary(&plan_summary::build(&plan), &fonts).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(text) = poppler("pdftotext", &pdf) else {
        return;
    };
    let text = squash(&text);
    for needle in [
        "若者・子育て世代応援プロジェクト",
        "企画部",
        "新規高等学校卒業生就職者のうち市内就職者の割合",
        "45.0%",
        "（2018年3月卒）",
        "19.0%以下",
        "R2(2020)実績",
        "成果指標(KPI)",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    let Some(fonts_out) = poppler("pdffonts", &pdf) else {
        return;
    };
    let embedded: Vec<&str> = fonts_out.lines().skip(2).collect();
    assert!(!embedded.is_empty());
    for line in embedded {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb and sub are "yes".
        let n = cols.len();
        assert!(
            n >= 7 && cols[n - 5] == "yes" && cols[n - 4] == "yes",
            "not subset-embedded: {line}"
        );
    }
}

#[test]
fn user_text_that_looks_like_markup_prints_literally() {
    let fonts = Fonts::discover().expect("a Japanese font");
    let plan = shipped::tsuruoka().expect("plan");
    let rubric = rubrics::by_name(rubrics::DEFAULT).expect("rubric");
    let year = FiscalYear::new(2024).expect("year");
    let ctx = EvalContext::of(&plan);
    let grades: Vec<_> = plan
        .indicators
        .iter()
        .map(|i| evaluate(&ctx, i, &[], year, &rubric))
        .collect();
    let tricky = r#"#panic("x") *強調* _下線_ [括弧] $x^2$ \ <lbl> @ref 'q' "dq" `raw` // コメント /* c */ = 見出し"#;
    let mut rec = PdcaRecord::new(year, Subject::Project(ProjectId::new("P2").expect("id")));
    rec.self_evaluation = Some(tricky.to_owned());
    let report = council::build(&CouncilInput {
        plan: &plan,
        rubric: &rubric,
        year,
        grades: &grades,
        actuals: &[],
        records: &[rec],
    });
    let pdf = keikaku_pdf::council(&report, &fonts)
        .expect("a report with markup-like text still typesets");
    let Some(text) = poppler("pdftotext", &pdf) else {
        return;
    };
    assert!(
        squash(&text).contains(&squash(tricky)),
        "the text is printed as written"
    );
}
