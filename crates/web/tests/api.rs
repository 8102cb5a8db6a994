//! The JSON API under `/api/v1`, called through the whole router with
//! `oneshot`: every endpoint's status and key fields on the shipped Tsuruoka
//! plan with a few imported actuals and a draft edition, pagination,
//! problem-JSON errors, and the OpenAPI document against the routes served.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use keikaku_app::{Actor, App};
use keikaku_model::edition::set_value;
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::{Column, KpiValue};
use keikaku_model::period::Period;
use keikaku_model::quantity::Quantity;
use keikaku_web::{Live, router};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use tower::ServiceExt;

/// Every path the API serves, as the OpenAPI document must list it, with
/// the concrete URI a test requests for it. The index is `/api/v1` without
/// a trailing slash: that is where axum nests the API router's root.
const PATHS: [(&str, &str); 17] = [
    ("/api/v1", "/api/v1"),
    ("/api/v1/openapi.json", "/api/v1/openapi.json"),
    ("/api/v1/municipality", "/api/v1/municipality"),
    ("/api/v1/projects", "/api/v1/projects"),
    ("/api/v1/projects/{id}", "/api/v1/projects/P2"),
    ("/api/v1/indicators", "/api/v1/indicators"),
    ("/api/v1/indicators/{id}", "/api/v1/indicators/KPI-07"),
    (
        "/api/v1/indicators/{id}/actuals",
        "/api/v1/indicators/KPI-07/actuals",
    ),
    ("/api/v1/fields", "/api/v1/fields"),
    ("/api/v1/evaluations", "/api/v1/evaluations"),
    ("/api/v1/evaluations/{year}", "/api/v1/evaluations/2024"),
    ("/api/v1/editions", "/api/v1/editions"),
    (
        "/api/v1/editions/{old}/diff/{new}",
        "/api/v1/editions/E2022/diff/E2023",
    ),
    (
        "/api/v1/search",
        "/api/v1/search?q=%E5%AD%90%E8%82%B2%E3%81%A6",
    ),
    ("/api/v1/budget", "/api/v1/budget?year=2022"),
    (
        "/api/v1/budget/programs/{id}",
        "/api/v1/budget/programs/J-01",
    ),
    ("/api/v1/reform", "/api/v1/reform"),
];

/// The token-authenticated staff endpoints and their one method (tested
/// with tokens in `staff_pages.rs`).
const STAFF_PATHS: [(&str, &str); 2] = [
    ("/api/v1/staff/me", "get"),
    ("/api/v1/staff/actuals", "post"),
];

const ACTUALS: &str = "indicator,period,value\n\
KPI-03,2023年度,55\n\
KPI-03,2024年度,60\n\
KPI-07,2024年3月末,19.20\n\
KPI-07,2025年3月末,19.10\n";

/// The shipped plan with actuals for FY2023 and FY2024 and a draft E2023
/// whose KPI-07 final target is weakened to 19.5%以下.
async fn live() -> Arc<Live> {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let actor = Actor("t".into());
    app.import_actuals(&code, ACTUALS.as_bytes(), &actor)
        .await
        .expect("actuals");
    support::publish_all(&app, &code).await;
    // The budget fixtures, FY2022 published (budget_pages.rs checks the figures).
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/budget");
    let plan = app.current_plan(&code).await.expect("plan");
    let mut budget = keikaku_ingest::budget::read_budget(
        &std::fs::read(fixtures.join("programs.csv")).expect("programs"),
        &plan,
    )
    .expect("programs");
    budget.extend(
        keikaku_ingest::budget::read_budget(
            &std::fs::read(fixtures.join("lines.csv")).expect("lines"),
            &plan,
        )
        .expect("lines"),
    );
    app.import_budget(&code, &budget.programs, &budget.lines, &actor)
        .await
        .expect("budget");
    app.publish_budget(
        &code,
        2022,
        keikaku_store::PublishStage::Budget,
        true,
        &actor,
    )
    .await
    .expect("publish budget");
    // One administrative reform item with a status.
    for file in [
        "id,名称,担当部,目標,目標年度,事業,中項目,重点事業\nR-01,事務事業の見直し,企画部,年10件,2024,J-01,F7-01,V2-1\n",
        "id,年度,状況,備考\nR-01,2022,実施中,着手\nR-01,2023,完了,\n",
    ] {
        app.import_reform(&code, file.as_bytes(), &actor)
            .await
            .expect("reform");
    }
    let draft = app.new_edition(&code, None, &actor).await.expect("draft");
    assert_eq!(draft.edition.id.as_str(), "E2023");
    let (quantity, bound) = Quantity::parse("19.5%以下").expect("quantity");
    let value = KpiValue {
        quantity,
        bound,
        period: Period::parse("2029年3月末").expect("period"),
        annotations: Vec::new(),
        written: "19.5%以下 (2029年3月末)".into(),
        line: None,
    };
    let kpi07 = IndicatorId::new("KPI-07").expect("id");
    app.edit_edition(&code, "E2023", &actor, |plan| {
        set_value(plan, &kpi07, Column::Target, value)
    })
    .await
    .expect("edit");
    Arc::new(Live::new(app, code).await.expect("snapshot"))
}

/// The router over one test's data.
struct Api(Arc<Live>);

impl Api {
    async fn new() -> Api {
        Api(live().await)
    }

    async fn get(&self, uri: &str) -> Reply {
        let res = router(Arc::clone(&self.0))
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let status = res.status();
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            content_type,
            text: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// GET that must answer 200 with JSON.
    async fn ok(&self, uri: &str) -> Value {
        let r = self.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text);
        assert_eq!(r.content_type, "application/json", "{uri}");
        r.json()
    }

    /// GET that must answer a problem with `status`.
    async fn problem(&self, uri: &str, status: StatusCode) -> Value {
        let r = self.get(uri).await;
        assert_eq!(r.status, status, "{uri}: {}", r.text);
        assert_eq!(r.content_type, "application/problem+json", "{uri}");
        let p = r.json();
        assert_eq!(p["status"], status.as_u16(), "{uri}");
        assert_eq!(p["type"], "about:blank");
        assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
        p
    }
}

struct Reply {
    status: StatusCode,
    content_type: String,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

fn find<'a>(items: &'a Value, key: &str, id: &str) -> &'a Value {
    items
        .as_array()
        .and_then(|a| a.iter().find(|x| x[key] == id))
        .unwrap_or_else(|| panic!("no {key} = {id} in {items}"))
}

#[tokio::test]
async fn index_links_every_endpoint() {
    let api = Api::new().await;
    let index = api.ok("/api/v1").await;
    assert_eq!(index["version"], "v1");
    assert_eq!(index["municipality"], "062031");
    assert_eq!(index["edition"], "E2022");
    let hrefs: BTreeSet<String> = index["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            let href = l["href"].as_str().expect("href");
            href.split('?').next().unwrap_or(href).to_owned()
        })
        .collect();
    let expected: BTreeSet<String> = PATHS
        .iter()
        .chain(STAFF_PATHS.iter())
        .map(|(p, _)| (*p).to_owned())
        .collect();
    assert_eq!(hrefs, expected);
}

#[tokio::test]
async fn municipality_plan_and_current_edition() {
    let api = Api::new().await;
    let m = api.ok("/api/v1/municipality").await;
    assert_eq!(m["code"], "062031");
    assert_eq!(m["name"], "鶴岡市");
    assert_eq!(m["prefecture"], "山形県");
    assert_eq!(m["plan"]["name"], "第2次鶴岡市総合計画");
    assert!(
        m["plan"]["catchphrase"]
            .as_str()
            .expect("catchphrase")
            .starts_with("毎日、おいしい。")
    );
    assert_eq!(m["plan"]["years"]["first"], 2019);
    assert_eq!(m["plan"]["years"]["last"], 2028);
    assert_eq!(m["edition"]["id"], "E2022");
    assert_eq!(m["edition"]["status"], "published");
    assert_eq!(m["edition"]["years"]["first"], 2022);
    assert_eq!(m["edition"]["baseline_year"]["fiscal_year"], 2020);
    assert_eq!(m["edition"]["baseline_label"], "R2(2020)実績値");
    assert_eq!(m["edition"]["published"]["written"], "令和4年3月");
    assert_eq!(m["edition"]["published"]["fiscal_year"], 2021);
}

#[tokio::test]
async fn projects_are_paginated() {
    let api = Api::new().await;
    let all = api.ok("/api/v1/projects").await;
    assert_eq!(all["total"], 7);
    assert_eq!(all["page"], 1);
    assert_eq!(all["per_page"], 20);
    assert_eq!(all["items"].as_array().expect("items").len(), 7);
    assert!(all["next"].is_null());
    assert_eq!(all["items"][0]["id"], "P1");
    assert_eq!(all["items"][0]["href"], "/api/v1/projects/P1");

    let first = api.ok("/api/v1/projects?per_page=3").await;
    assert_eq!(first["total"], 7);
    assert_eq!(first["items"].as_array().expect("items").len(), 3);
    assert_eq!(first["next"], "/api/v1/projects?page=2&per_page=3");
    let last = api.ok("/api/v1/projects?page=3&per_page=3").await;
    assert_eq!(last["items"].as_array().expect("items").len(), 1);
    assert_eq!(last["items"][0]["id"], "P7");
    assert!(last["next"].is_null());
    let beyond = api.ok("/api/v1/projects?page=9").await;
    assert!(beyond["items"].as_array().expect("items").is_empty());
    assert_eq!(beyond["total"], 7);

    for bad in [
        "per_page=1000",
        "per_page=0",
        "page=0",
        "page=abc",
        "page=-1",
        "per_page=",
    ] {
        let p = api
            .problem(&format!("/api/v1/projects?{bad}"), StatusCode::BAD_REQUEST)
            .await;
        assert!(p["detail"].as_str().expect("detail").contains("per_page"));
    }
    api.problem("/api/v1/indicators?per_page=1000", StatusCode::BAD_REQUEST)
        .await;
}

#[tokio::test]
async fn a_project_with_departments_directions_and_graded_indicators() {
    let api = Api::new().await;
    let p = api.ok("/api/v1/projects/P2").await;
    assert_eq!(p["id"], "P2");
    assert_eq!(p["name"], "全世代全対象型地域包括ケア推進プロジェクト");
    assert_eq!(p["group"]["id"], "G1");
    assert_eq!(p["lead"][0]["name"], "健康福祉部");
    assert_eq!(p["related"][1]["name"], "荘内病院");
    let lead = p["lead"].as_array().expect("lead");
    assert!(!lead.is_empty());
    assert!(
        lead.iter()
            .all(|d| d["name"].as_str().is_some_and(|n| !n.is_empty()))
    );
    assert!(p["related"].is_array() && p["summary"].is_array());
    let directions = p["directions"].as_array().expect("directions");
    assert!(!directions.is_empty());
    assert!(
        directions[0]["initiatives"]
            .as_array()
            .is_some_and(|i| !i.is_empty())
    );
    let kpi07 = find(&p["indicators"], "id", "KPI-07");
    assert_eq!(kpi07["unit"], "%");
    assert_eq!(kpi07["href"], "/api/v1/indicators/KPI-07");
    assert_eq!(kpi07["latest_grade"]["year"]["fiscal_year"], 2024);
    assert_eq!(kpi07["latest_grade"]["missing"], false);
    assert!(kpi07["latest_grade"]["level"]["label_ja"].is_string());

    let p = api
        .problem("/api/v1/projects/P99", StatusCode::NOT_FOUND)
        .await;
    assert!(p["detail"].as_str().expect("detail").contains("P99"));
    api.problem("/api/v1/projects/%E2%80%AE", StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn an_indicator_with_values_actuals_trajectory_grade_and_forecast() {
    let api = Api::new().await;
    let i = api.ok("/api/v1/indicators/KPI-07").await;
    assert_eq!(i["name"], "要介護認定率");
    assert_eq!(i["unit"], "%");
    assert_eq!(i["polarity"], "decrease");
    assert_eq!(i["polarity_basis"], "stated");
    assert_eq!(i["aggregation"], "annual");
    assert_eq!(i["aggregation_basis"], "inferred");
    let target = &i["values"]["target"];
    assert_eq!(target["amount"], "19.0");
    assert_eq!(target["bound"], "at_most");
    assert_eq!(target["period"]["written"], "2029年3月末");
    assert_eq!(target["period"]["kind"], "month_end");
    assert_eq!(target["period"]["fiscal_year"], 2028);
    assert_eq!(target["period"]["label_ja"], "2029年3月末（令和11年3月末）");
    assert_eq!(target["period"]["label_en"], "end of March 2029");
    assert_eq!(target["written"], "19.0%以下 (2029年3月末)");
    assert_eq!(i["values"]["initial"]["amount"], "19.59");
    assert!(i["values"]["initial"]["bound"].is_null());

    let actuals = i["actuals"].as_array().expect("actuals");
    assert_eq!(actuals.len(), 2);
    assert_eq!(actuals[1]["amount"], "19.10");
    assert_eq!(actuals[1]["period"]["written"], "2025年3月末");
    assert_eq!(actuals[1]["period"]["fiscal_year"], 2024);
    assert_eq!(actuals[1]["version"], 1);
    assert!(
        actuals[1].get("recorded_by").is_none(),
        "staff names stay internal"
    );

    let path = i["trajectory"].as_array().expect("trajectory");
    assert_eq!(path.first().expect("first")["year"]["fiscal_year"], 2017);
    assert_eq!(path.first().expect("first")["expected"], "19.59");
    assert_eq!(path.last().expect("last")["year"]["fiscal_year"], 2028);
    assert_eq!(path.last().expect("last")["expected"], "19.0");

    let grade = &i["latest_grade"];
    assert_eq!(grade["indicator"], "KPI-07");
    assert_eq!(grade["year"]["fiscal_year"], 2024);
    assert_eq!(grade["rubric"], "tsuruoka-4");
    assert!(grade["missing_reason"].is_null());
    let inputs = grade["explanation"]["inputs"].as_array().expect("inputs");
    let actual = find(&grade["explanation"]["inputs"], "role", "actual");
    assert_eq!(actual["amount"], "19.10");
    assert_eq!(actual["period"]["fiscal_year"], 2024);
    assert!(inputs.len() >= 2);
    assert!(
        grade["explanation"]["formula_ja"]
            .as_str()
            .is_some_and(|f| f.contains("19.10"))
    );

    let forecast = &i["forecast"];
    assert_eq!(forecast["year"]["fiscal_year"], 2028);
    assert_eq!(forecast["method"], "theil-sen");
    assert!(forecast["central"].is_string() && forecast["at_risk"].is_boolean());
    assert_eq!(find(&i["policy_items"], "id", "F2-05")["id"], "F2-05");
    let used = find(&i["projects"], "table", "P2-T3");
    assert_eq!(used["project"]["id"], "P2");
    assert_eq!(used["href"], "/api/v1/projects/P2");

    let only = api.ok("/api/v1/indicators/KPI-07/actuals").await;
    assert_eq!(only["indicator"]["id"], "KPI-07");
    assert_eq!(only["actuals"], i["actuals"]);

    api.problem("/api/v1/indicators/KPI-99", StatusCode::NOT_FOUND)
        .await;
    api.problem("/api/v1/indicators/KPI-99/actuals", StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn indicators_are_paginated_with_latest_grades() {
    let api = Api::new().await;
    let page = api.ok("/api/v1/indicators?per_page=5&page=2").await;
    let total = page["total"].as_u64().expect("total");
    assert!(total > 10, "{total}");
    assert_eq!(page["items"].as_array().expect("items").len(), 5);
    assert_eq!(page["next"], "/api/v1/indicators?page=3&per_page=5");
    let all = api.ok("/api/v1/indicators?per_page=100").await;
    assert_eq!(all["items"].as_array().expect("items").len() as u64, total);
    let kpi03 = find(&all["items"], "id", "KPI-03");
    assert_eq!(kpi03["latest_grade"]["year"]["fiscal_year"], 2024);
    let never = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["latest_grade"]["missing"] == true)
        .expect("an indicator without actuals");
    assert!(never["latest_grade"]["level"]["id"].is_string());
}

#[tokio::test]
async fn fields_hold_policy_items_and_their_indicators() {
    let api = Api::new().await;
    let f = api.ok("/api/v1/fields").await;
    let fields = f["fields"].as_array().expect("fields");
    assert_eq!(fields.len(), 7);
    let items: usize = fields
        .iter()
        .map(|f| f["items"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(items, 43);
    let f2 = find(&f["fields"], "id", "F2");
    let item = find(&f2["items"], "id", "F2-05");
    assert_eq!(
        find(&item["indicators"], "id", "KPI-07")["name"],
        "要介護認定率"
    );
}

#[tokio::test]
async fn evaluations_list_years_and_explain_every_grade() {
    let api = Api::new().await;
    let list = api.ok("/api/v1/evaluations").await;
    let years: Vec<i64> = list["evaluations"]
        .as_array()
        .expect("evaluations")
        .iter()
        .filter_map(|e| e["year"]["fiscal_year"].as_i64())
        .collect();
    assert_eq!(years, vec![2023, 2024]);
    assert_eq!(list["evaluations"][1]["href"], "/api/v1/evaluations/2024");

    let e = api.ok("/api/v1/evaluations/2024").await;
    assert_eq!(e["year"]["fiscal_year"], 2024);
    assert_eq!(e["year"]["label_ja"], "2024年度（令和6年度）");
    assert_eq!(e["final_year"]["fiscal_year"], 2028);
    assert_eq!(e["edition"], "E2022");
    assert_eq!(e["rubric"]["name"], "tsuruoka-4");
    assert!(!e["rubric"]["levels"].as_array().expect("levels").is_empty());
    assert!(e["rubric"]["missing"]["id"].is_string());
    let indicators = e["indicators"].as_array().expect("indicators");
    let all = api.ok("/api/v1/indicators?per_page=100").await;
    assert_eq!(Some(indicators.len() as u64), all["total"].as_u64());
    assert!(indicators.iter().all(|r| {
        r["grade"]["explanation"]["formula_en"].is_string() && r["grade"]["level"]["id"].is_string()
    }));
    let kpi07 = find(&e["indicators"], "indicator", "KPI-07");
    assert_eq!(kpi07["grade"]["missing_reason"], Value::Null);
    assert!(kpi07["expected"].is_string());
    let plan = &e["rollups"]["plan"];
    assert_eq!(Some(indicators.len() as u64), plan["total"].as_u64());
    assert_eq!(plan["evaluated"], 2);
    assert_eq!(
        e["rollups"]["projects"].as_array().map(Vec::len),
        Some(7),
        "one roll-up per project"
    );
    assert!(find(&e["rollups"]["projects"], "id", "P1")["name"].is_string());

    let p = api
        .problem("/api/v1/evaluations/2030", StatusCode::NOT_FOUND)
        .await;
    assert!(p["detail"].as_str().expect("detail").contains("2023, 2024"));
    for bad in ["abc", "99999", "2024.5", "1000"] {
        api.problem(
            &format!("/api/v1/evaluations/{bad}"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
}

#[tokio::test]
async fn editions_and_their_differences() {
    let api = Api::new().await;
    let list = api.ok("/api/v1/editions").await;
    let editions = list["editions"].as_array().expect("editions");
    assert_eq!(editions.len(), 2);
    assert_eq!(editions[0]["id"], "E2022");
    assert_eq!(editions[0]["status"], "published");
    assert_eq!(editions[0]["current"], true);
    assert!(editions[0]["diff_from_previous"].is_null());
    assert_eq!(editions[1]["id"], "E2023");
    assert_eq!(editions[1]["status"], "draft");
    assert_eq!(editions[1]["current"], false);
    assert_eq!(
        editions[1]["diff_from_previous"],
        "/api/v1/editions/E2022/diff/E2023"
    );

    let d = api.ok("/api/v1/editions/E2022/diff/E2023").await;
    assert_eq!(d["old_edition"]["id"], "E2022");
    assert_eq!(d["new_edition"]["id"], "E2023");
    let change = find(&d["values"], "indicator", "KPI-07");
    assert_eq!(change["column"], "target");
    assert_eq!(change["change"], "weakened");
    assert_eq!(change["new"]["amount"], "19.5");

    let same = api.ok("/api/v1/editions/E2022/diff/E2022").await;
    assert!(same["values"].as_array().is_some_and(Vec::is_empty));
    api.problem("/api/v1/editions/E1999/diff/E2023", StatusCode::NOT_FOUND)
        .await;
    api.problem("/api/v1/editions/E2022/diff/E1999", StatusCode::NOT_FOUND)
        .await;
}

#[tokio::test]
async fn search_finds_what_the_portal_finds() {
    let api = Api::new().await;
    let s = api.ok("/api/v1/search?q=%E5%AD%90%E8%82%B2%E3%81%A6").await; // 子育て
    let hits = s["items"].as_array().expect("items");
    assert!(!hits.is_empty());
    let project = find(&s["items"], "kind", "project");
    assert!(project["title"].as_str().expect("title").contains("子育て"));
    assert!(
        project["href"]
            .as_str()
            .is_some_and(|h| h.starts_with("/api/v1/projects/"))
    );
    assert!(
        project["page"]
            .as_str()
            .is_some_and(|p| p.starts_with("/projects/"))
    );

    // Width folding and case: ＫＰＩ-like full-width input finds the ASCII text.
    let folded = api
        .ok("/api/v1/search?q=%EF%BC%B3%EF%BC%A4%EF%BC%A7%EF%BD%93")
        .await; // ＳＤＧｓ
    let plain = api.ok("/api/v1/search?q=sdgs").await;
    assert_eq!(folded["total"], plain["total"]);

    let kpi = api.ok("/api/v1/search?q=%E8%A6%81%E4%BB%8B%E8%AD%B7").await; // 要介護
    let hit = find(&kpi["items"], "id", "KPI-07");
    assert_eq!(hit["kind"], "indicator");
    assert_eq!(hit["href"], "/api/v1/indicators/KPI-07");

    let total = s["total"].as_u64().expect("total");
    if total > 1 {
        let first = api
            .ok("/api/v1/search?q=%E5%AD%90%E8%82%B2%E3%81%A6&per_page=1")
            .await;
        assert_eq!(
            first["next"],
            "/api/v1/search?q=%E5%AD%90%E8%82%B2%E3%81%A6&page=2&per_page=1"
        );
    }
    let none = api.ok("/api/v1/search?q=zzzzzz").await;
    assert_eq!(none["total"], 0);

    api.problem("/api/v1/search", StatusCode::BAD_REQUEST).await;
    api.problem("/api/v1/search?q=", StatusCode::BAD_REQUEST)
        .await;
    api.problem("/api/v1/search?q=%20%20", StatusCode::BAD_REQUEST)
        .await;
    let long = "a".repeat(201);
    api.problem(&format!("/api/v1/search?q={long}"), StatusCode::BAD_REQUEST)
        .await;
    api.problem("/api/v1/search?q=x&per_page=1000", StatusCode::BAD_REQUEST)
        .await;
}

#[tokio::test]
async fn other_methods_are_refused_as_problem_json() {
    let api = Api::new().await;
    for uri in ["/api/v1/projects", "/api/v1/indicators/KPI-07"] {
        let res = router(Arc::clone(&api.0))
            .oneshot(Request::post(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let allow: Vec<_> = res.headers().get_all(header::ALLOW).iter().collect();
        assert_eq!(allow, vec!["GET,HEAD"], "{uri}");
    }
}

#[tokio::test]
async fn unknown_api_paths_are_problem_json() {
    let api = Api::new().await;
    api.problem("/api/v1/nope", StatusCode::NOT_FOUND).await;
    api.problem("/api/v1/projects/P1/nope", StatusCode::NOT_FOUND)
        .await;
}

/// Properties (at any depth) whose schema says nothing about the value:
/// no type, reference, combination or enumeration (as utoipa renders a
/// type it takes for `serde_json::Value`).
fn untyped(v: &Value, at: &str, out: &mut Vec<String>) {
    let Some(m) = v.as_object() else { return };
    if let Some(props) = m.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            let typed = ["type", "$ref", "oneOf", "anyOf", "allOf", "enum"]
                .iter()
                .any(|k| p.get(*k).is_some());
            if !typed {
                out.push(format!("{at}.{name}"));
            }
            untyped(p, &format!("{at}.{name}"), out);
        }
    }
    if let Some(items) = m.get("items") {
        untyped(items, &format!("{at}[]"), out);
    }
    for k in ["oneOf", "anyOf", "allOf"] {
        for x in m.get(k).and_then(Value::as_array).into_iter().flatten() {
            untyped(x, at, out);
        }
    }
}

/// Every `$ref` in a JSON value.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn reform_items_with_owner_links_and_status_per_year() {
    let api = Api::new().await;
    let list = api.ok("/api/v1/reform").await;
    let item = find(&list["items"], "id", "R-01");
    assert_eq!(item["title"], "事務事業の見直し");
    assert_eq!(item["department"]["id"], "D01");
    assert_eq!(item["department"]["name"], "企画部");
    assert_eq!(item["target"], "年10件");
    assert_eq!(item["target_year"]["fiscal_year"], 2024);
    assert_eq!(item["policy_items"][0]["id"], "F7-01");
    assert_eq!(item["policy_items"][0]["name"], "鶴岡地域");
    assert_eq!(item["key_initiatives"][0]["name"], "行財政改革推進事業");
    assert_eq!(item["programs"][0]["id"], "J-01");
    assert!(item["programs"][0]["name"].is_string());
    assert_eq!(item["latest"]["status"], "done");
    assert_eq!(item["latest"]["label_ja"], "完了");
    let years: Vec<(i64, &str, &str)> = item["statuses"]
        .as_array()
        .expect("statuses")
        .iter()
        .map(|s| {
            (
                s["year"]["fiscal_year"].as_i64().expect("year"),
                s["status"].as_str().expect("status"),
                s["note"].as_str().expect("note"),
            )
        })
        .collect();
    assert_eq!(years, [(2022, "in_progress", "着手"), (2023, "done", "")]);
}

#[tokio::test]
async fn the_openapi_document_describes_exactly_the_routes_served() {
    let api = Api::new().await;
    let doc = api.ok("/api/v1/openapi.json").await;
    let version = doc["openapi"].as_str().expect("openapi");
    assert!(version.starts_with("3.1."), "{version}");

    // Both ways: every documented path is served, every served path documented.
    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    let served: BTreeSet<&str> = PATHS
        .iter()
        .chain(STAFF_PATHS.iter())
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(documented, served);
    for (path, method) in STAFF_PATHS {
        let item = doc["paths"][path].as_object().expect("path item");
        let methods: Vec<&String> = item.keys().collect();
        assert_eq!(methods, vec![method], "{path}");
        let op = &item[method];
        assert!(op["security"].is_array(), "{path}: needs a token");
        assert!(op["responses"]["401"]["content"]["application/problem+json"].is_object());
        let anonymous = api.get(path).await;
        assert!(
            matches!(
                anonymous.status,
                StatusCode::UNAUTHORIZED | StatusCode::METHOD_NOT_ALLOWED
            ),
            "{path}: {}",
            anonymous.status
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    for (path, uri) in PATHS {
        let r = api.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{path} ({uri}): {}", r.text);
        let item = doc["paths"][path].as_object().expect("path item");
        let methods: Vec<&String> = item.keys().filter(|k| *k != "parameters").collect();
        assert_eq!(methods, vec!["get"], "{path}: only GET is served");
        let op = &item["get"];
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{path}: 200 without a JSON schema");
        for param in path.split('{').skip(1) {
            let name = param.split('}').next().unwrap_or("");
            let params = op["parameters"].as_array().expect("parameters");
            assert!(
                params
                    .iter()
                    .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true),
                "{path}: path parameter {name} undocumented"
            );
        }
        for (status, body) in op["responses"].as_object().expect("responses") {
            if status != "200" {
                assert!(
                    body["content"]["application/problem+json"]["schema"].is_object(),
                    "{path} {status}: errors are problem JSON"
                );
            }
        }
    }

    // The query parameters of the list endpoints.
    for path in ["/api/v1/projects", "/api/v1/indicators", "/api/v1/search"] {
        let params = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters");
        let names: BTreeSet<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
        assert!(
            names.contains("page") && names.contains("per_page"),
            "{path}"
        );
        let per_page = params
            .iter()
            .find(|p| p["name"] == "per_page")
            .expect("per_page");
        assert_eq!(per_page["schema"]["maximum"], 100, "{path}");
        assert!(
            doc["paths"][path]["get"]["responses"]["400"].is_object(),
            "{path}"
        );
    }
    let q = doc["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["name"] == "q"))
        .expect("q");
    assert_eq!(q["required"], true);
    assert_eq!(
        q["schema"]["maxLength"],
        keikaku_web::search_index::MAX_QUERY_CHARS
    );

    // Every reference resolves.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected $ref {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} does not resolve"
        );
    }
    let mut loose = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        untyped(schema, name, &mut loose);
    }
    assert!(loose.is_empty(), "properties without a schema: {loose:?}");
    assert_eq!(doc["components"]["schemas"]["PlanDiff"]["type"], "object");
    let value = &doc["components"]["schemas"]["KpiValue"];
    assert_eq!(value["properties"]["amount"]["type"], "string");
}
