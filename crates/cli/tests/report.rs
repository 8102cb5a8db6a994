//! `keikaku report council` and `keikaku report plan` through the binary, on
//! a SQLite database seeded with actuals and PDCA records (one
//! self-evaluation carries a stored-XSS payload). Every file is read back
//! with an independent reader: HTML with an HTML5 parser (scraper), the
//! council workbook with calamine, PDF with poppler's `pdftotext`,
//! `pdffonts` and `pdfinfo` (Debian poppler-utils; under
//! CI=true a missing tool fails the test, locally the PDF checks are
//! skipped with a note).

use calamine::{Reader, Xlsx};
use keikaku_app::{Actor, App};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ProjectId;
use keikaku_model::period::Period;
use keikaku_model::quantity::Quantity;
use keikaku_model::workflow::{Action, Decision, Subject};
use keikaku_store::Expected;
use scraper::{ElementRef, Html, Selector};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

const XSS: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>"#;
const SELF_EVALUATION: &str = "移住相談窓口の利用が増え、目標を上回った。";
const COUNCIL_COMMENT: &str = "若者の定着にも目を向けること。";

/// FY2024 actuals; KPI-07 is corrected afterwards to 19.10.
const CSV: &str = "indicator,period,value\n\
KPI-01,2025年3月卒,55.0\n\
KPI-03,2024年度,60\n\
KPI-07,2025年3月末,19.20\n\
KPI-16,R6,400\n";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("keikaku-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

async fn seed(url: &str) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let actor = Actor("tester".into());
    app.import_actuals(&code, CSV.as_bytes(), &actor)
        .await
        .expect("import");
    let corrected = ActualValue {
        indicator: "KPI-07".parse().expect("id"),
        period: Period::parse("2025年3月末").expect("period"),
        quantity: Quantity::parse("19.10%").expect("quantity").0,
        source: None,
        note: None,
    };
    app.record_actual(&code, &corrected, Expected::Version(1), &actor)
        .await
        .expect("correction");
    let year = FiscalYear::new(2024).expect("year");
    let p1 = Subject::Project(ProjectId::new("P1").expect("id"));
    for action in [
        Action::EditSelfEvaluation(format!("{SELF_EVALUATION}{XSS}")),
        Action::Submit,
        Action::EditReview("相談体制の効果が出ている。".into()),
        Action::SetDecision(Decision::Expand),
        Action::Review,
        Action::EditCouncilComment(COUNCIL_COMMENT.into()),
    ] {
        app.pdca_apply(&code, year, p1.clone(), action, &actor)
            .await
            .expect("pdca");
    }
    let p3 = Subject::Project(ProjectId::new("P3").expect("id"));
    app.pdca_apply(
        &code,
        year,
        p3,
        Action::EditSelfEvaluation("下書き".into()),
        &actor,
    )
    .await
    .expect("draft");
}

fn keikaku(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .env("KEIKAKU_DATABASE_URL", url)
        .output()
        .expect("the binary runs")
}

fn ok(url: &str, args: &[&str]) {
    let out = keikaku(url, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let s = Selector::parse(css).expect("selector");
    doc.select(&s).collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect()
}

/// The cells of the KPI table row of an indicator (first table that has it).
fn cells(doc: &Html, indicator: &str) -> Vec<String> {
    let row = select(doc, "table.kpi tbody tr")
        .into_iter()
        .find(|tr| text(tr).starts_with(indicator))
        .unwrap_or_else(|| panic!("row of {indicator}"));
    let td = Selector::parse("td").expect("selector");
    row.select(&td).map(|c| text(&c)).collect()
}

/// Runs a poppler tool; `None` when it is missing outside CI.
fn poppler(tool: &str, pdf: &Path) -> Option<String> {
    let mut cmd = Command::new(tool);
    if tool == "pdftotext" {
        cmd.arg(pdf).arg("-");
    } else {
        cmd.arg(pdf);
    }
    match cmd.output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{tool}: {}",
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

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every font of the PDF is embedded and subset (pdffonts' emb and sub columns).
fn assert_fonts_embedded(pdf: &Path) {
    let Some(list) = poppler("pdffonts", pdf) else {
        return;
    };
    let fonts: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!fonts.is_empty(), "no fonts listed: {list}");
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        assert!(
            n >= 7 && cols[n - 5] == "yes" && cols[n - 4] == "yes",
            "not subset-embedded: {line}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn council_report_html_and_pdf_carry_the_figures_and_keep_user_text_inert() {
    let d = dir("council");
    let url = format!("sqlite://{}", d.join("x.db").display());
    seed(&url).await;
    let html_path = d.join("council.html");
    let pdf_path = d.join("council.pdf");
    let html_out = html_path.to_str().expect("path");
    let pdf_out = pdf_path.to_str().expect("path");
    ok(
        &url,
        &[
            "report", "council", "--year", "2024", "--format", "html", "--out", html_out,
        ],
    );
    ok(
        &url,
        &[
            "report", "council", "--year", "2024", "--format", "pdf", "--out", pdf_out,
        ],
    );

    // HTML, read back with an HTML5 parser.
    let page = std::fs::read_to_string(&html_path).expect("html");
    let doc = Html::parse_document(&page);
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("ja"));
    assert!(
        select(&doc, "script, img, iframe, link").is_empty(),
        "user text made no element"
    );
    assert!(select(&doc, "[onerror], [src]").is_empty());
    let dds: Vec<String> = select(&doc, "dl.pdca dd").iter().map(text).collect();
    assert!(dds.contains(&format!("{SELF_EVALUATION}{XSS}")), "{dds:?}");
    assert!(dds.contains(&COUNCIL_COMMENT.to_owned()));
    assert!(dds.contains(&"拡充".to_owned()));
    let kpi07 = cells(&doc, "KPI-07");
    assert_eq!(kpi07[0], "19.59%（2018年3月末）");
    assert_eq!(
        kpi07[4], "19.10%（2025年3月末）",
        "the corrected, current value"
    );
    assert_eq!(kpi07[5], "A 目標達成");
    let kpi01 = cells(&doc, "KPI-01");
    assert_eq!(kpi01[4], "55.0%（2025年3月卒）");
    assert_eq!(kpi01[5], "B 概ね順調に推移又は現状維持");
    let explanations: Vec<String> = select(&doc, "tr.explain td").iter().map(text).collect();
    assert!(
        explanations
            .iter()
            .any(|e| e.contains("(55.0 − 45.0) ÷ (61.1 − 45.0) = 62.1%"))
    );
    let overall: Vec<String> = select(&doc, "table.counts")[0]
        .select(&Selector::parse("tbody tr").expect("selector"))
        .map(|tr| text(&tr))
        .collect();
    // KPI-03 and KPI-07 reached, KPI-01 on track, KPI-16 behind; the rest have no figure.
    assert!(
        overall[0].contains("目標達成") && overall[0].contains('2'),
        "{overall:?}"
    );
    assert!(
        overall[2].contains("進展がない又は後退") && overall[2].contains('1'),
        "{overall:?}"
    );

    assert!(
        page.contains("@page { size: A4 portrait;"),
        "print CSS for A4"
    );

    // xlsx: the council workbook, read back with calamine.
    let xlsx_path = d.join("council.xlsx");
    let xlsx_out = xlsx_path.to_str().expect("path");
    ok(
        &url,
        &[
            "report", "council", "--year", "2024", "--format", "xlsx", "--out", xlsx_out,
        ],
    );
    let bytes = std::fs::read(&xlsx_path).expect("xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range("指標別評価").expect("grades sheet");
    let kpi07_row = sheet
        .rows()
        .find(|r| r.iter().any(|c| *c == "KPI-07"))
        .expect("KPI-07 in the workbook");
    assert!(kpi07_row.iter().any(|c| *c == "目標達成"), "{kpi07_row:?}");

    // PDF, read back with pdftotext, pdffonts and pdfinfo.
    let pdf = std::fs::read(&pdf_path).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_fonts_embedded(&pdf_path);
    if let Some(info) = poppler("pdfinfo", &pdf_path) {
        assert!(info.contains("(A4)"), "{info}");
    }
    let Some(t) = poppler("pdftotext", &pdf_path) else {
        return;
    };
    let t = squash(&t);
    for needle in [
        "若者・子育て世代応援プロジェクト",
        "要介護認定率",
        "19.10%",
        "19.59%",
        "55.0%",
        "62.1%",
        "目標達成",
        "概ね順調に推移又は現状維持",
        "未集計",
        "拡充",
        COUNCIL_COMMENT,
        SELF_EVALUATION,
        "作成中",
    ] {
        assert!(t.contains(&squash(needle)), "the PDF lacks {needle}");
    }
    assert!(t.contains(&squash(XSS)), "the payload is printed literally");
}

#[tokio::test(flavor = "multi_thread")]
async fn plan_summary_html_and_pdf_and_xlsx_is_pointed_elsewhere() {
    let d = dir("plan");
    let url = format!("sqlite://{}", d.join("x.db").display());
    App::open(&url).await.expect("open");
    let html_path = d.join("plan.html");
    let pdf_path = d.join("plan.pdf");
    ok(
        &url,
        &[
            "report",
            "plan",
            "--format",
            "html",
            "--out",
            html_path.to_str().expect("path"),
        ],
    );
    ok(
        &url,
        &[
            "report",
            "plan",
            "--format",
            "pdf",
            "--out",
            pdf_path.to_str().expect("path"),
        ],
    );
    let doc = Html::parse_document(&std::fs::read_to_string(&html_path).expect("html"));
    let kpi07 = cells(&doc, "KPI-07");
    assert_eq!(kpi07[3], "19.0%以下（2029年3月末）");
    assert_fonts_embedded(&pdf_path);
    if let Some(t) = poppler("pdftotext", &pdf_path) {
        let t = squash(&t);
        for needle in [
            "全世代全対象型地域包括ケア推進プロジェクト",
            "健康福祉部",
            "19.0%以下",
            "要介護認定率",
        ] {
            assert!(t.contains(needle), "the PDF lacks {needle}");
        }
    }
    let out = keikaku(
        &url,
        &["report", "plan", "--format", "xlsx", "--out", "x.xlsx"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("export workbook"));
    assert!(!Path::new("x.xlsx").exists());
}
