//! The cost views on the portal and in the public API, on the budget
//! fixtures (tests/fixtures/budget, fictional figures, totals computed by
//! hand in its README): FY2022 budget and settlement published, FY2023
//! budget only, FY2024 not at all. The pages and the API show exactly the
//! hand-computed totals, never an unpublished settlement or year, and the
//! indicator page sets its initiatives' cost beside its published actuals.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use keikaku_app::{Actor, App};
use keikaku_ingest::budget::read_budget;
use keikaku_model::budget::BudgetLine;
use keikaku_model::budget::money::Thousands;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_store::PublishStage;
use keikaku_web::error::{Kind, WebError};
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};
use keikaku_web::{Live, Snapshot, router};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

/// KPI-03 (moved by J-01) in FY2022 and FY2023.
const ACTUALS: &str = "indicator,period,value\nKPI-03,2022年度,41\nKPI-03,2023年度,55\n";

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/budget")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture imported, plus a FY2024 line of J-01 (12,777 千円) that is
/// never published; FY2022 fully published, FY2023 budget only.
async fn seeded() -> (App, String) {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let actor = Actor("test:budget".into());
    let programs = read_budget(&fixture("programs.csv"), &plan)
        .expect("programs")
        .programs;
    let mut lines = read_budget(&fixture("lines.csv"), &plan)
        .expect("lines")
        .lines;
    lines.push(BudgetLine {
        program: "J-01".parse().expect("id"),
        year: FiscalYear::new(2024).expect("year"),
        initial: Thousands::new(12_777),
        supplementary: Thousands::ZERO,
        settlement: None,
        funding: None,
        personnel: None,
    });
    app.import_budget(&code, &programs, &lines, &actor)
        .await
        .expect("import");
    for (year, stage) in [
        (2022, PublishStage::Budget),
        (2022, PublishStage::Settlement),
        (2023, PublishStage::Budget),
    ] {
        app.publish_budget(&code, year, stage, true, &actor)
            .await
            .expect("publish");
    }
    app.import_actuals(&code, ACTUALS.as_bytes(), &actor)
        .await
        .expect("actuals");
    support::publish_all(&app, &code).await;
    (app, code)
}

fn page(snap: &Snapshot, lang: Lang, path: &str) -> String {
    match render(snap, lang, path, None) {
        Ok(Rendered::Html(body)) => {
            check_markup(&body, path);
            body
        }
        other => panic!("{path}: expected a page, got {other:?}"),
    }
}

/// One h1, unique ids, captions on every table, scoped header cells.
fn check_markup(body: &str, path: &str) {
    assert_eq!(body.matches("<h1").count(), 1, "{path}: one h1");
    let mut ids = BTreeSet::new();
    for part in body.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or("");
        assert!(ids.insert(id.to_string()), "{path}: duplicate id {id}");
    }
    if path.starts_with("budget") {
        assert_eq!(
            body.matches("<table").count(),
            body.matches("<caption>").count(),
            "{path}: every table has a caption"
        );
        assert!(!body.contains("<th>"), "{path}: every th has a scope");
    }
}

/// The table row whose header cell contains `label` (the first one).
fn row<'a>(body: &'a str, label: &str) -> &'a str {
    body.split("<tr>")
        .skip(1)
        .find(|r| {
            r.split("</th>")
                .next()
                .is_some_and(|head| head.contains(label))
        })
        .map(|r| r.split("</tr>").next().unwrap_or(r))
        .unwrap_or_else(|| panic!("no row {label}"))
}

/// The numbers of a row's cells, in order.
fn cells(row: &str) -> Vec<String> {
    row.split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap_or("").to_string())
        .collect()
}

fn is_not_found(r: Result<Rendered, WebError>) -> bool {
    matches!(
        r,
        Err(WebError {
            kind: Kind::NotFound(_),
            ..
        })
    )
}

#[tokio::test]
async fn the_overview_shows_the_hand_computed_totals_of_published_years_only() {
    let (app, code) = seeded().await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");

    let fy2022 = page(&snap, Lang::Ja, "budget/2022/");
    // 当初, 予算現額, 決算, 執行率, 人件費, 総事業費 (README: FY2022).
    let all = cells(row(&fy2022, "全事業"));
    assert_eq!(
        all,
        ["86,500", "90,000", "85,600", "95.1%", "60,400", "146,000"],
        "overall FY2022"
    );
    // Per project: initiatives, then the money; P1 = J-01 + J-02.
    let p1 = cells(row(&fy2022, ">P1<"));
    assert_eq!(p1[0], "2", "P1 counts J-01 and J-02");
    assert_eq!(p1[6], "30,500", "P1 total");
    assert_eq!(cells(row(&fy2022, ">P2<"))[6], "71,600");
    assert_eq!(cells(row(&fy2022, ">P6<"))[6], "40,000");
    assert_eq!(cells(row(&fy2022, ">P7<"))[6], "40,000");
    assert_eq!(cells(row(&fy2022, ">F1<"))[6], "23,800");
    assert_eq!(cells(row(&fy2022, ">F2<"))[6], "78,300");
    assert_eq!(cells(row(&fy2022, ">F5<"))[6], "40,000");
    assert!(fy2022.contains("再掲"), "the double-count note");
    assert!(fy2022.contains("（単位: 千円）"), "the unit");
    // Gaps: V2-1 has money but no indicator; KPI-01 has no initiative, KPI-03 has.
    let gaps = fy2022.split("id=\"budget-gaps\"").nth(1).expect("gaps");
    assert!(gaps.contains("行財政改革推進事業"), "V2-1 in the gaps");
    assert!(gaps.contains("KPI-01<"), "KPI-01 has no initiative");
    assert!(!gaps.contains("KPI-03<"), "KPI-03 has one");

    // The overview shows the newest published year: FY2023, budget only.
    let overview = page(&snap, Lang::Ja, "budget/");
    let all = cells(row(&overview, "全事業"));
    // J-01 13,000 + 12,150 and J-04 22,000 + 16,200, on a budget basis.
    assert_eq!(
        all,
        ["35,000", "35,000", "未公表", "―", "28,350", "63,350"],
        "overall FY2023 without its settlement"
    );
    for secret in ["12,350", "62,700", "24,500", "95.0%", "12,777"] {
        assert!(!overview.contains(secret), "{secret} is not published");
    }
    // The trend: FY2022 settled, FY2023 not, FY2024 absent.
    let trend = overview.split("id=\"budget-trend\"").nth(1).expect("trend");
    assert!(trend.contains("2022年度"), "{trend}");
    assert_eq!(cells(row(trend, "2022年度"))[6], "146,000");
    assert_eq!(cells(row(trend, "2023年度"))[3], "未公表");
    assert!(
        !overview.contains("2024年度（令和6年度）"),
        "FY2024 is not published"
    );
    assert!(!overview.contains("budget/2024/"));
    // The chart says the same figures in its description.
    let chart = overview.split("<svg").nth(1).expect("chart");
    assert!(
        chart.contains("総事業費 146,000 (事業費（決算または予算現額） 85,600, 人件費 60,400)"),
        "{chart}"
    );
    assert!(
        chart.contains("総事業費 63,350"),
        "FY2023 on a budget basis"
    );
    // `?year=` selects a year too.
    let by_query = match render(&snap, Lang::Ja, "budget/", Some("year=2022")) {
        Ok(Rendered::Html(b)) => b,
        other => panic!("{other:?}"),
    };
    assert_eq!(cells(row(&by_query, "全事業"))[5], "146,000");

    // Unpublished and unknown years and initiatives are 404s.
    for path in [
        "budget/2024/",
        "budget/2021/",
        "budget/x/",
        "budget/programs/NOPE/",
    ] {
        assert!(
            is_not_found(render(&snap, Lang::Ja, path, None)),
            "{path} is a 404"
        );
    }
    assert!(is_not_found(render(
        &snap,
        Lang::Ja,
        "budget/",
        Some("year=2024")
    )));
    let paths = all_paths(&snap);
    for p in [
        "budget/",
        "budget/2022/",
        "budget/2023/",
        "budget/programs/J-01/",
        "budget/programs/V2-1/",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} exported");
    }
    assert!(!paths.iter().any(|x| x == "budget/2024/"));

    // English, with the same integers.
    let en = page(&snap, Lang::En, "budget/2022/");
    assert_eq!(
        cells(row(&en, "All initiatives")),
        ["86,500", "90,000", "85,600", "95.1%", "60,400", "146,000"]
    );
    assert!(en.contains("thousands of yen"));
    assert!(
        en.contains("href=\"../../../en/projects/P1/\""),
        "relative links"
    );
}

#[tokio::test]
async fn initiative_project_and_indicator_pages_show_the_cost() {
    let (app, code) = seeded().await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");

    let j01 = page(&snap, Lang::Ja, "budget/programs/J-01/");
    assert!(j01.contains("移住定住促進事業"));
    // 当初, 補正, 予算現額, 決算, 執行率, 人工 × 単価, 人件費, 総事業費.
    assert_eq!(
        cells(row(&j01, "2022年度")),
        [
            "12,000",
            "500",
            "12,500",
            "11,800",
            "94.4%",
            "1.5 × 8,000",
            "12,000",
            "23,800"
        ]
    );
    let fy2023 = cells(row(&j01, "2023年度"));
    assert_eq!(fy2023[3], "未公表", "FY2023 settlement not published");
    assert_eq!(fy2023[7], "25,150", "budget basis");
    assert!(!j01.contains("12,350"));
    // Funding sources of FY2022: 8,500 / 4,000 / 0 / 0.
    let funding = j01.split("id=\"program-funding\"").nth(1).expect("funding");
    assert_eq!(
        cells(row(funding, "2022年度")),
        ["8,500", "4,000", "0", "0"]
    );
    assert!(j01.contains("href=\"../../../indicators/KPI-03/\""));
    assert!(j01.contains("href=\"../../../projects/P1/#P1-D1\""));
    // A negative supplementary budget (J-03: ▲2,000).
    let j03 = page(&snap, Lang::Ja, "budget/programs/J-03/");
    assert_eq!(cells(row(&j03, "2022年度"))[1], "-2,000");

    let p1 = page(&snap, Lang::Ja, "projects/P1/");
    let cost = p1
        .split("id=\"project-cost\"")
        .nth(1)
        .expect("cost section");
    assert_eq!(cells(row(cost, "2022年度"))[6], "30,500");
    assert!(cost.contains("結婚支援事業"), "J-02 listed");
    let p3 = page(&snap, Lang::Ja, "projects/P3/");
    assert!(p3.contains("公表済みの予算で、結び付いた事業はありません。"));

    // KPI-03: J-01's cost beside the published actual and grade, per year.
    let kpi = page(&snap, Lang::Ja, "indicators/KPI-03/");
    let side = kpi
        .split("id=\"indicator-cost\"")
        .nth(1)
        .expect("side by side");
    let side = side.split("</section>").next().unwrap_or(side);
    let fy2022 = row(side, "2022年度");
    assert_eq!(cells(fy2022), ["12,500", "11,800", "23,800", "41件"]);
    assert!(fy2022.contains("class=\"badge"), "the grade: {fy2022}");
    assert_eq!(
        cells(row(side, "2023年度")),
        ["13,000", "未公表", "25,150", "55件"]
    );
    assert!(side.contains("因果関係"), "no causal claim");
    let en = page(&snap, Lang::En, "indicators/KPI-03/");
    assert!(en.contains("does not claim"));
    let kpi01 = page(&snap, Lang::Ja, "indicators/KPI-01/");
    assert!(kpi01.contains("id=\"indicator-cost\""));

    // The navigation links the budget page from every page.
    let home = page(&snap, Lang::Ja, "");
    assert!(home.contains("href=\"./budget/\""), "nav link");
}

#[tokio::test]
async fn nothing_published_means_no_figures() {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let mut file = read_budget(&fixture("programs.csv"), &plan).expect("programs");
    file.extend(read_budget(&fixture("lines.csv"), &plan).expect("lines"));
    app.import_budget(&code, &file.programs, &file.lines, &Actor("t".into()))
        .await
        .expect("import");
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let overview = page(&snap, Lang::Ja, "budget/");
    assert!(overview.contains("公表された予算はまだありません。"));
    assert!(
        !overview.contains("移住定住促進事業"),
        "no initiative shown"
    );
    assert!(is_not_found(render(
        &snap,
        Lang::Ja,
        "budget/programs/J-01/",
        None
    )));
    assert_eq!(
        all_paths(&snap)
            .iter()
            .filter(|p| p.starts_with("budget"))
            .count(),
        1
    );
}

async fn get(live: &Arc<Live>, uri: &str) -> (StatusCode, Value) {
    let res = router(Arc::clone(live))
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{uri}: {e}: {}", String::from_utf8_lossy(&body)));
    (status, json)
}

#[tokio::test]
async fn the_api_returns_the_same_integers() {
    let (app, code) = seeded().await;
    let live = Arc::new(Live::new(app, code).await.expect("live"));

    let (status, fy2022) = get(&live, "/api/v1/budget?year=2022").await;
    assert_eq!(status, StatusCode::OK, "{fy2022}");
    assert_eq!(fy2022["unit"]["code"], "JPY_THOUSANDS");
    assert_eq!(fy2022["year"]["fiscal_year"], 2022);
    assert_eq!(fy2022["settlement_published"], true);
    let t = &fy2022["overall"];
    assert_eq!(t["budget"], 90_000);
    assert_eq!(t["initial"], 86_500);
    assert_eq!(t["settlement"], 85_600);
    assert_eq!(t["personnel"], 60_400);
    assert_eq!(t["total"], 146_000);
    assert_eq!(t["execution_rate"], "95.1");
    let find = |list: &Value, id: &str| -> Value {
        list.as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == id).cloned())
            .unwrap_or_else(|| panic!("no {id} in {list}"))
    };
    let p1 = find(&fy2022["projects"], "P1");
    assert_eq!(p1["totals"]["total"], 30_500);
    assert_eq!(p1["programs"], serde_json::json!(["J-01", "J-02"]));
    assert_eq!(find(&fy2022["fields"], "F2")["totals"]["total"], 78_300);
    assert_eq!(find(&fy2022["items"], "F2-03")["totals"]["total"], 71_600);
    assert_eq!(
        fy2022["programs_without_indicator"],
        serde_json::json!(["V2-1"])
    );
    let without: Vec<&str> = fy2022["indicators_without_program"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(without.contains(&"KPI-01") && !without.contains(&"KPI-03"));
    assert_eq!(
        fy2022["years"],
        serde_json::json!([2022, 2023]),
        "published years only"
    );

    // Default: the newest published year; its settlement is not published.
    let (_, latest) = get(&live, "/api/v1/budget").await;
    assert_eq!(latest["year"]["fiscal_year"], 2023);
    assert_eq!(latest["settlement_published"], false);
    assert_eq!(latest["overall"]["settlement"], Value::Null);
    assert_eq!(latest["overall"]["execution_rate"], Value::Null);
    assert_eq!(latest["overall"]["total"], 63_350);
    assert!(!latest.to_string().contains("12350"));

    let (status, p) = get(&live, "/api/v1/budget?year=2024").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{p}");
    let (status, _) = get(&live, "/api/v1/budget?year=twenty").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, j01) = get(&live, "/api/v1/budget/programs/J-01").await;
    assert_eq!(status, StatusCode::OK, "{j01}");
    assert_eq!(j01["name"], "移住定住促進事業");
    assert_eq!(j01["links"]["indicators"], serde_json::json!(["KPI-03"]));
    assert_eq!(j01["links"]["projects"], serde_json::json!(["P1"]));
    let lines = j01["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 2, "FY2024 is not published: {j01}");
    assert_eq!(lines[0]["initial"], 12_000);
    assert_eq!(lines[0]["supplementary"], 500);
    assert_eq!(lines[0]["budget"], 12_500);
    assert_eq!(lines[0]["settlement"], 11_800);
    assert_eq!(lines[0]["execution_rate"], "94.4");
    assert_eq!(lines[0]["funding"]["general"], 8_500);
    assert_eq!(lines[0]["personnel"]["fte"], "1.5");
    assert_eq!(lines[0]["personnel"]["unit_cost"], 8_000);
    assert_eq!(lines[0]["personnel_cost"], 12_000);
    assert_eq!(lines[0]["total"], 23_800);
    assert_eq!(lines[1]["settlement"], Value::Null);
    assert_eq!(lines[1]["total"], 25_150);
    let (status, _) = get(&live, "/api/v1/budget/programs/NOPE").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
