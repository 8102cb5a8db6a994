//! The project and indicator pages and the indicator downloads, rendered
//! from a snapshot of the seeded Tsuruoka database with a few actuals, in
//! Japanese and English: real content (names, figures, periods, grades, the
//! chart), the CSV and JSON files, 404s for unknown IDs, and valid markup
//! (relative links, unique ids, heading order, table header scopes).

mod support;

use keikaku_app::{Actor, App};
use keikaku_web::Snapshot;
use keikaku_web::error::{Kind, WebError};
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};
use std::collections::BTreeSet;

/// KPI-07 reaches its interim target in FY2024 (19.10% ≤ 19.24%, lower is
/// better); KPI-03 exceeds it (60件 ≥ 55件); KPI-01 has an FY2023 figure
/// only, so it is 未集計 in FY2024; KPI-15 is a large count.
const ACTUALS: &str = "indicator,period,value,source\n\
KPI-07,2024年3月末,19.30,介護保険事業状況報告\n\
KPI-07,2025年3月末,19.10,\"介護保険事業状況報告, 速報\"\n\
KPI-03,2024年度,60,\n\
KPI-01,2024年3月卒,50.0,\n\
KPI-15,2023年度,1026000,\n";

async fn snapshot() -> Snapshot {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    app.import_actuals(&code, ACTUALS.as_bytes(), &Actor("test".into()))
        .await
        .expect("import");
    support::publish_all(&app, &code).await;
    Snapshot::load(&app, &code).await.expect("snapshot")
}

fn page(snap: &Snapshot, lang: Lang, path: &str) -> String {
    match render(snap, lang, path, None) {
        Ok(Rendered::Html(body)) => {
            check_markup(&body, lang, path);
            body
        }
        other => panic!("{path}: expected a page, got {other:?}"),
    }
}

fn file(snap: &Snapshot, lang: Lang, path: &str) -> (&'static str, String) {
    match render(snap, lang, path, None) {
        Ok(Rendered::File { content_type, body }) => (content_type, body),
        other => panic!("{path}: expected a file, got {other:?}"),
    }
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

/// The values of an attribute, in order.
fn attrs<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.split(&needle)
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

/// Relative links, unique ids, references to existing ids, one h1 and no
/// skipped heading level, every `th` scoped, the page's language.
fn check_markup(html: &str, lang: Lang, path: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{}\">", lang.code())),
        "{path}: lang"
    );
    for href in attrs(html, "href") {
        assert!(
            !href.starts_with('/') && !href.contains("://") && !href.starts_with("http"),
            "{path}: link {href} is not relative"
        );
    }
    let ids = attrs(html, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{path}: duplicate ids in {ids:?}");
    for refs in attrs(html, "aria-labelledby") {
        for r in refs.split_whitespace() {
            assert!(
                unique.contains(r),
                "{path}: aria-labelledby {r} has no element"
            );
        }
    }
    for href in attrs(html, "href") {
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(unique.contains(anchor), "{path}: #{anchor} has no element");
        }
    }
    let levels: Vec<u8> = html
        .match_indices("<h")
        .filter_map(|(i, _)| {
            let b = html.as_bytes().get(i + 2)?;
            let after = html.as_bytes().get(i + 3)?;
            (b'1'..=b'6')
                .contains(b)
                .then_some(())
                .filter(|()| *after == b'>' || *after == b' ')
                .map(|()| b - b'0')
        })
        .collect();
    assert_eq!(levels.first(), Some(&1), "{path}: starts with h1");
    assert_eq!(
        levels.iter().filter(|l| **l == 1).count(),
        1,
        "{path}: one h1"
    );
    for w in levels.windows(2) {
        assert!(
            w[1] <= w[0] + 1,
            "{path}: heading h{} after h{}",
            w[1],
            w[0]
        );
    }
    for th in html.split("<th").skip(1) {
        let tag = th.split('>').next().unwrap_or_default();
        if tag.starts_with(' ') || tag.is_empty() {
            assert!(tag.contains("scope=\""), "{path}: <th{tag}> has no scope");
        }
    }
    assert_eq!(
        html.matches("<svg").count(),
        html.matches("</svg>").count(),
        "{path}: svg closes"
    );
    assert_eq!(
        html.matches("<table").count(),
        html.matches("</table>").count()
    );
}

#[tokio::test]
async fn the_project_page_in_japanese() {
    let snap = snapshot().await;
    let html = page(&snap, Lang::Ja, "projects/P1/");
    for text in [
        "<title>若者・子育て世代応援プロジェクト | 鶴岡市 第2次鶴岡市総合計画</title>",
        "<h1>若者・子育て世代応援プロジェクト</h1>",
        "社会システムを整える",
        "<dd>企画部</dd>",
        "健康福祉部、商工観光部、建設部、教育委員会",
        "<li>若者の地元回帰・定着の促進</li>",
        "<h3 id=\"P1-D1\">若者の地元定着・回帰の促進</h3>",
        "「つるおかエール奨学金返済支援事業」",
        "R2(2020)実績値",
        // KPI-01: printed values with their periods, the latest actual.
        "45.0%<span class=\"kpi-period\">2018年3月卒（平成30年3月卒）</span>",
        "61.1%<span class=\"kpi-period\">2025年3月卒（令和7年3月卒）</span>",
        "50.0%<span class=\"kpi-period\">2024年3月卒（令和6年3月卒）</span>",
        // KPI-03: reached in FY2024; KPI-01: no FY2024 figure.
        "<span class=\"badge tone-good\">A 目標達成</span>",
        "未集計</span>",
        "<span class=\"kpi-period\">2024年度（令和6年度）</span></th>",
    ] {
        assert!(html.contains(text), "P1 shows {text}");
    }
    assert!(html.contains(
        r#"<a href="../../indicators/KPI-01/">新規高等学校卒業生就職者のうち市内就職者の割合</a>"#
    ));
    for n in [3, 4, 8, 11] {
        assert!(html.contains(&format!(r#"<a href="../../sdgs/#sdg-{n}">SDG {n}</a>"#)));
    }
    // One compact chart per indicator row, each with its own ids.
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.contains(r#"aria-labelledby="chart-P1-T1-KPI-01-title chart-P1-T1-KPI-01-desc""#));
    assert!(html.contains(
        r#"<title id="chart-P1-T3-KPI-03-title">移住定住施策による移住件数（年間）の推移</title>"#
    ));
    assert!(html.contains("<tbody id=\"P1-T2\">"));
}

#[tokio::test]
async fn the_project_page_in_english_keeps_the_plans_japanese() {
    let snap = snapshot().await;
    let html = page(&snap, Lang::En, "projects/P2/");
    for text in [
        r#"<h1 lang="ja">全世代全対象型地域包括ケア推進プロジェクト</h1>"#,
        "<dt>Lead department</dt><dd lang=\"ja\">健康福祉部</dd>",
        "Related departments",
        "Policy directions",
        "Key performance indicators",
        "Baseline actual (FY2020)",
        "Latest actual",
        "19.24%<span class=\"kpi-period\">end of March 2025</span>",
        "19.0%以下<span class=\"kpi-period\">end of March 2029</span>",
        "<span class=\"badge tone-good\">A Target reached</span>",
        "<span class=\"kpi-period\">FY2024</span></th>",
        r#"<a href="../../../en/indicators/KPI-07/" lang="ja">要介護認定率</a>"#,
        r#"<a href="../../../en/sdgs/#sdg-10">SDG 10</a>"#,
        r#"<title id="chart-P2-T3-KPI-07-title">要介護認定率: trend</title>"#,
    ] {
        assert!(html.contains(text), "en P2 shows {text}");
    }
    assert!(!html.contains("主管部"), "UI strings are English");
}

#[tokio::test]
async fn the_indicator_page_in_japanese() {
    let snap = snapshot().await;
    let html = page(&snap, Lang::Ja, "indicators/KPI-07/");
    for text in [
        "<h1>要介護認定率</h1>",
        "<dd>%</dd>",
        "数値が小さいほど良い指標（文書に明記）",
        "その年度の値（年間）（文書に明記なし・推定）",
        r##"<a href="../../plan/#F2-05">"##,
        // The chart, accessible.
        r#"role="img" aria-labelledby="chart-KPI-07-title chart-KPI-07-desc""#,
        r#"<title id="chart-KPI-07-title">要介護認定率の推移</title>"#,
        "実績値 2024年度 19.10%",
        "目標値 19.0%以下",
        // The table: one row per fiscal year.
        "<th scope=\"row\">2024年度（令和6年度）</th>",
        "<th scope=\"row\">2017年度（平成29年度）</th>",
        "<span class=\"kpi-kind\">初期値</span> 19.59%<span class=\"kpi-period\">2018年3月末（平成30年3月末）</span>",
        "19.10%<span class=\"kpi-period\">2025年3月末（令和7年3月末）</span>",
        "<span class=\"kpi-kind\">実施計画期間設定値</span> 19.24%",
        "<span class=\"kpi-kind\">成果指標（目標値）</span> 19.0%以下",
        // The grade, explained.
        "評価（2024年度（令和6年度））",
        "<span class=\"badge tone-good\">A 目標達成</span>",
        "tsuruoka-4 v1",
        "目標達成 = 達成（実績値 ≤ 目標値: 19.10 ≤ 19.24）",
        "比べる基準の値（初期値）",
        "2018年3月末（平成30年3月末）（2017年度（平成29年度））",
        // The forecast.
        "見通し（2028年度（令和10年度））",
        "<dt>推計に使った数値の数</dt><dd>4</dd>",
        "目標に届く見込み",
        // Where it is printed, and the downloads.
        r##"<a href="../../projects/P2/#P2-T3">全世代全対象型地域包括ケア推進プロジェクト</a>"##,
        r#"href="../../indicators/KPI-07/data.csv""#,
        r#"href="../../indicators/KPI-07/data.json""#,
    ] {
        assert!(html.contains(text), "KPI-07 shows {text}");
    }
}

#[tokio::test]
async fn the_indicator_page_in_english() {
    let snap = snapshot().await;
    let html = page(&snap, Lang::En, "indicators/KPI-07/");
    for text in [
        r#"<h1 lang="ja">要介護認定率</h1>"#,
        "Lower is better (stated in the document)",
        "Trend chart",
        r#"<title id="chart-KPI-07-title">要介護認定率: trend</title>"#,
        "Actual FY2024 19.10%",
        "<th scope=\"row\">FY2024</th>",
        "19.10%<span class=\"kpi-period\">end of March 2025</span>",
        "Grade (FY2024)",
        "<span class=\"badge tone-good\">A Target reached</span>",
        "Why this grade",
        "reached = yes (actual ≤ target: 19.10 ≤ 19.24)",
        "Base (Initial value)",
        "end of March 2018 (FY2017)",
        "Outlook (FY2028)",
        "On course for the target",
        r#"href="../../../en/indicators/KPI-07/data.csv""#,
    ] {
        assert!(html.contains(text), "en KPI-07 shows {text}");
    }
    assert!(!html.contains("評価の根拠"), "UI strings are English");
}

#[tokio::test]
async fn a_missing_figure_is_explained_not_zero() {
    let snap = snapshot().await;
    let html = page(&snap, Lang::Ja, "indicators/KPI-01/");
    assert!(html.contains("未集計</span>"));
    assert!(html.contains("<dt>未集計の理由</dt>"));
    assert!(!html.contains("<dt>計算式</dt>"));
    // The FY2023 actual is still in the chart and the table.
    assert!(html.contains("50.0%<span class=\"kpi-period\">2024年3月卒（令和6年3月卒）</span>"));
    let en = page(&snap, Lang::En, "indicators/KPI-01/");
    assert!(en.contains("<dt>Why there is no grade</dt>"));
    // Large numbers keep their separators.
    let big = page(&snap, Lang::Ja, "indicators/KPI-15/");
    assert!(big.contains("1,026,000人"), "grouped");
}

#[tokio::test]
async fn the_csv_download_is_tidy_open_data() {
    let snap = snapshot().await;
    let (content_type, body) = file(&snap, Lang::Ja, "indicators/KPI-07/data.csv");
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(body.starts_with('\u{FEFF}'), "BOM");
    let lines: Vec<&str> = body.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "全国地方公共団体コード,indicator,name,kind,period,fiscal_year,value,unit,bound",
            "062031,KPI-07,要介護認定率,initial,2018年3月末,2017,19.59,%,",
            "062031,KPI-07,要介護認定率,baseline,2021年3月末,2020,18.94,%,",
            "062031,KPI-07,要介護認定率,interim,2025年3月末,2024,19.24,%,",
            "062031,KPI-07,要介護認定率,target,2029年3月末,2028,19.0,%,at_most",
            "062031,KPI-07,要介護認定率,actual,2024年3月末,2023,19.30,%,",
            "062031,KPI-07,要介護認定率,actual,2025年3月末,2024,19.10,%,",
            "",
        ]
    );
    let (_, en) = file(&snap, Lang::En, "indicators/KPI-07/data.csv");
    assert_eq!(en, body, "the same file in both languages");
    let (_, big) = file(&snap, Lang::Ja, "indicators/KPI-15/data.csv");
    assert!(
        big.contains(",actual,2023年度,2023,1026000,人,"),
        "no separators: {big}"
    );
}

#[tokio::test]
async fn the_json_download_holds_figures_trajectory_and_grade() {
    let snap = snapshot().await;
    let (content_type, body) = file(&snap, Lang::Ja, "indicators/KPI-07/data.json");
    assert_eq!(content_type, "application/json");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["municipality"]["code"], "062031");
    assert_eq!(v["indicator"]["id"], "KPI-07");
    assert_eq!(v["indicator"]["polarity"], "decrease");
    let obs = v["observations"].as_array().expect("observations");
    assert_eq!(obs.len(), 6);
    assert_eq!(obs[3]["kind"], "target");
    assert_eq!(obs[3]["bound"], "at_most");
    assert_eq!(obs[5]["value"], "19.10", "exact decimal as a string");
    assert_eq!(obs[5]["source"], "介護保険事業状況報告, 速報");
    assert_eq!(v["trajectory"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["evaluation"]["fiscal_year"], 2024);
    assert_eq!(v["evaluation"]["grade"]["level"]["ja"], "目標達成");
    assert_eq!(v["evaluation"]["forecast"]["points_used"], 4);
    let (_, en) = file(&snap, Lang::En, "indicators/KPI-07/data.json");
    assert_eq!(en, body);
}

#[tokio::test]
async fn unknown_ids_are_not_found() {
    let snap = snapshot().await;
    for lang in Lang::ALL {
        for path in [
            "projects/P99/",
            "projects/P1/extra/",
            "indicators/KPI-99/",
            "indicators/KPI-99/data.csv",
            "indicators/KPI-07/data.xml",
            "indicators/KPI-07/data.csv/more",
        ] {
            assert!(
                is_not_found(render(&snap, lang, path, None)),
                "{path} is 404"
            );
        }
    }
}

#[tokio::test]
async fn every_project_and_indicator_page_is_valid_in_both_languages() {
    let snap = snapshot().await;
    let paths = all_paths(&snap);
    for p in [
        "projects/P1/",
        "projects/P7/",
        "indicators/KPI-01/",
        "indicators/KPI-22/",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} is listed");
    }
    for id in ["KPI-01", "KPI-22"] {
        for f in ["data.csv", "data.json"] {
            let p = format!("indicators/{id}/{f}");
            assert!(paths.contains(&p), "{p} is listed");
        }
    }
    let mine: Vec<&String> = paths
        .iter()
        .filter(|p| p.starts_with("projects/") || p.starts_with("indicators/"))
        .collect();
    assert_eq!(mine.len(), 7 + 22 * 3);
    for lang in Lang::ALL {
        for p in &mine {
            if p.ends_with('/') {
                page(&snap, lang, p);
            } else {
                file(&snap, lang, p);
            }
        }
    }
}

#[tokio::test]
async fn pages_without_actuals_say_so() {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let html = page(&snap, Lang::Ja, "indicators/KPI-07/");
    assert!(html.contains("まだ評価できる実績値がありません。"));
    assert!(html.contains("見通しを出すには"));
    assert!(
        html.contains("実績値はまだありません"),
        "the chart's description"
    );
    let project = page(&snap, Lang::Ja, "projects/P1/");
    assert!(
        !project.contains("class=\"badge"),
        "no grade column without evaluations"
    );
}
