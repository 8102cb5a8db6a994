//! The council report's cost section (事業費の状況) on the budget fixtures
//! (tests/fixtures/budget, fictional figures, totals computed by hand in its
//! README), in HTML, in the council workbook's cost sheet and in the PDF.
//! The council is staff: it reads every figure, published or not, so the
//! FY2023 settlement nobody has published appears in the FY2023 report.
//! PDF text is read with poppler's `pdftotext` (skipped with a note when it
//! or a Japanese font is missing outside CI).

use calamine::{Data, Reader, Xlsx};
use keikaku_app::{Actor, App};
use keikaku_ingest::budget::read_budget;
use keikaku_model::fiscal_year::FiscalYear;
use scraper::{Html, Selector};
use std::io::Cursor;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/budget")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture imported; nothing published.
async fn app() -> (App, String) {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let mut file = read_budget(&fixture("programs.csv"), &plan).expect("programs");
    file.extend(read_budget(&fixture("lines.csv"), &plan).expect("lines"));
    app.import_budget(&code, &file.programs, &file.lines, &Actor("t".into()))
        .await
        .expect("import");
    (app, code)
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year")
}

/// The texts of a table's row whose header cell contains `label`.
fn html_row(doc: &Html, caption: &str, label: &str) -> Vec<String> {
    let tables = Selector::parse("table").expect("selector");
    let cap = Selector::parse("caption").expect("selector");
    let rows = Selector::parse("tbody tr").expect("selector");
    let th = Selector::parse("th").expect("selector");
    let td = Selector::parse("td").expect("selector");
    let text = |e: scraper::ElementRef| e.text().collect::<String>().trim().to_string();
    let table = doc
        .select(&tables)
        .find(|t| {
            t.select(&cap)
                .next()
                .is_some_and(|c| text(c).contains(caption))
        })
        .unwrap_or_else(|| panic!("no table {caption}"));
    let row = table
        .select(&rows)
        .find(|r| {
            r.select(&th).next().is_none_or(|h| text(h).contains(label))
                && (label.is_empty() || r.select(&th).next().is_some())
        })
        .unwrap_or_else(|| panic!("no row {label} in {caption}"));
    row.select(&td).map(text).collect()
}

#[tokio::test]
async fn the_council_report_shows_the_years_cost() {
    let (app, code) = app().await;
    let data = app.council_data(&code, fy(2022), None).await.expect("data");
    let report = data.report();
    let cost = report.cost.as_ref().expect("cost section");
    assert_eq!(cost.overall.total.thousands, 146_000);
    assert_eq!(cost.overall.rate_text, "95.1%");

    let html = keikaku_report::html::council(&report).expect("html");
    let doc = Html::parse_document(&html);
    assert_eq!(
        html_row(&doc, "事業費の総額", ""),
        [
            "86,500", "90,000", "85,600", "60,400", "146,000", "95.1%", "5"
        ],
        "当初, 予算現額, 決算, 人件費, 総事業費, 執行率, 事業数"
    );
    let p1 = html_row(&doc, "プロジェクト別の事業費", "P1");
    assert_eq!(p1[4], "30,500");
    assert_eq!(p1[6], "2");
    assert_eq!(html_row(&doc, "分野別の事業費", "F2")[4], "78,300");
    assert_eq!(html_row(&doc, "事業別の事業費", "J-03")[8], "95.0%");
    assert!(html.contains("再掲"), "the double-count note");
    let gaps = html.split("id=\"cost-gaps\"").nth(1).expect("gaps");
    assert!(gaps.contains("V2-1"), "money without an indicator");
    assert!(
        gaps.contains("KPI-01"),
        "an indicator without an initiative"
    );
    assert!(!gaps.contains(">KPI-03<"));

    // The workbook's cost sheet: integers, not text.
    let bytes = data.workbook().expect("workbook");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("xlsx");
    assert!(
        book.sheet_names()
            .contains(&keikaku_report::xlsx::COST_SHEET.to_string())
    );
    let sheet = book
        .worksheet_range(keikaku_report::xlsx::COST_SHEET)
        .expect("cost sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let find = |label: &str| -> &[Data] {
        rows.iter()
            .find(|r| r.get(1).is_some_and(|c| *c == label))
            .copied()
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let all = find("全体");
    assert_eq!(all[2], Data::Float(86_500.0));
    assert_eq!(all[3], Data::Float(90_000.0));
    assert_eq!(all[4], Data::Float(85_600.0));
    assert_eq!(all[5], Data::Float(60_400.0));
    assert_eq!(all[6], Data::Float(146_000.0));
    assert_eq!(all[7], Data::Float(95.1));
    let p1 = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| *c == "P1"))
        .expect("P1 row");
    assert_eq!(p1[6], Data::Float(30_500.0));
    assert!(
        rows.iter().any(|r| r.first().is_some_and(|c| *c == "V2-1")),
        "gaps listed"
    );

    // The PDF: the same figures, read back as text.
    let Some(text) = pdf_text(&report) else {
        return;
    };
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squashed.contains("事業費の状況"), "{text}");
    for figure in ["146,000", "95.1%", "30,500", "78,300"] {
        assert!(squashed.contains(figure), "{figure} in the PDF");
    }
}

#[tokio::test]
async fn the_council_reads_unpublished_settlements() {
    let (app, code) = app().await;
    let data = app.council_data(&code, fy(2023), None).await.expect("data");
    let cost = &data.cost;
    // FY2023: J-01 settled (12,350), J-04 not: README totals.
    assert_eq!(cost.overall.budget.thousands, 35_000);
    assert_eq!(cost.overall.total.thousands, 62_700);
    assert_eq!(cost.overall.rate_text, "95.0%");
    assert_eq!(cost.overall.settled, 1);
    assert!(
        cost.notes
            .iter()
            .any(|n| n.contains("決算が確定していません")),
        "{:?}",
        cost.notes
    );
    // A year without lines: the section says so.
    let empty = app.council_data(&code, fy(2024), None).await.expect("data");
    assert_eq!(empty.cost.overall.lines, 0);
    let html = keikaku_report::html::council(&empty.report()).expect("html");
    assert!(html.contains("予算の登録はありません"));
}

/// The council PDF's text, or `None` (with a note) when a Japanese font or
/// `pdftotext` is missing outside CI.
fn pdf_text(report: &keikaku_report::council::CouncilReport) -> Option<String> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let fonts = match keikaku_pdf::Fonts::discover() {
        Ok(f) => f,
        Err(e) if !ci => {
            eprintln!("note: no Japanese font ({e}); PDF check skipped");
            return None;
        }
        Err(e) => panic!("{e}"),
    };
    let pdf = keikaku_pdf::council(report, &fonts).expect("pdf");
    let path =
        std::env::temp_dir().join(format!("keikaku-council-cost-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext").arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    match out {
        Ok(o) => {
            assert!(o.status.success(), "pdftotext failed");
            Some(String::from_utf8_lossy(&o.stdout).into_owned())
        }
        Err(e) if !ci => {
            eprintln!("note: pdftotext not available ({e}); PDF read-back skipped");
            None
        }
        Err(e) => panic!("pdftotext is needed under CI: {e}"),
    }
}
