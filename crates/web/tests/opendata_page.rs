//! The open-data page and its downloads: only published actuals appear,
//! the files parse, links are relative, both languages render.

mod support;

use keikaku_app::{Actor, App};
use keikaku_web::Snapshot;
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};

const ACTUALS: &str = "indicator,period,value\nKPI-03,2024年度,60\nKPI-07,2025年3月末,19.10\n";

async fn app() -> (App, String) {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    app.import_actuals(&code, ACTUALS.as_bytes(), &Actor("test".into()))
        .await
        .expect("actuals");
    (app, code)
}

fn file(snap: &Snapshot, path: &str) -> (String, String) {
    match render(snap, Lang::Ja, path, None).expect(path) {
        Rendered::File { content_type, body } => (content_type.to_string(), body),
        Rendered::Html(_) => panic!("{path} is a file"),
    }
}

fn html(snap: &Snapshot, lang: Lang) -> String {
    match render(snap, lang, "open-data/", None).expect("page") {
        Rendered::Html(body) => body,
        Rendered::File { .. } => panic!("a page"),
    }
}

#[tokio::test]
async fn only_published_values_are_offered() {
    let (app, code) = app().await;
    let before = Snapshot::load(&app, &code).await.expect("snapshot");
    let (content_type, csv) = file(&before, "open-data/actuals.csv");
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert_eq!(
        csv.lines().count(),
        1,
        "header only before publication: {csv}"
    );
    assert!(csv.starts_with("全国地方公共団体コード,地方公共団体名,指標ID,年度,和暦年度"));

    support::publish_all(&app, &code).await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let (_, csv) = file(&snap, "open-data/actuals.csv");
    assert!(
        csv.contains("\r\n062031,鶴岡市,KPI-03,2024,令和6年度,2024年度,,60,件,,"),
        "{csv}"
    );
    assert!(
        csv.contains("KPI-07,2024,令和6年度,2025年3月末,2025-03-31,19.10,%"),
        "{csv}"
    );
    let (_, grades) = file(&snap, "open-data/grades.csv");
    assert!(
        grades.contains("KPI-03,2024,令和6年度,tsuruoka-4 v1"),
        "{grades}"
    );
    let (content_type, package) = file(&snap, "open-data/datapackage.json");
    assert_eq!(content_type, "application/json");
    let package: serde_json::Value = serde_json::from_str(&package).expect("json");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    let (_, json) = file(&snap, "open-data/actuals.json");
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(2));

    let paths = all_paths(&snap);
    for p in [
        "open-data/",
        "open-data/actuals.csv",
        "open-data/datapackage.json",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
    }
    let ja = html(&snap, Lang::Ja);
    assert!(ja.contains("<h1>オープンデータ</h1>"), "{ja}");
    assert!(ja.contains("href=\"../open-data/actuals.csv\""), "{ja}");
    assert!(ja.contains("CC BY 4.0"));
    let en = html(&snap, Lang::En);
    assert!(en.contains("<h1>Open data</h1>"));
    assert!(
        en.contains("href=\"../../en/open-data/datapackage.json\""),
        "{en}"
    );
    assert!(render(&snap, Lang::Ja, "open-data/nothing.csv", None).is_err());
}
