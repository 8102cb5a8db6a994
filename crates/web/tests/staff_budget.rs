//! Budgets in the staff workspace, through the whole router on a fresh
//! database with the fictional fixture of `tests/fixtures/budget/` (totals
//! computed by hand in its README): the year's overview and its totals,
//! editing one line (totals follow; a stale form gets 409; bad money is
//! refused next to its field and writes nothing), publication, the budget
//! season (last year's grade and decision, proposals only in a draft
//! edition), uploads (all or nothing) and who may write.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::actual::ActualValue;
use keikaku_model::ids::IndicatorId;
use keikaku_model::period::Period;
use keikaku_model::quantity::{Quantity, Unit};
use keikaku_model::workflow::{Action, Decision, Subject};
use keikaku_store::Expected;
use keikaku_web::{Live, router};
use rust_decimal::Decimal;
use std::sync::Arc;
use support::client::{Client, Reply, hidden, send, sign_in};

const PASSWORD: &str = "correct horse battery";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/budget/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct World {
    app: Arc<Live>,
    code: String,
    router: axum::Router,
    planning: Client,
    department: Client,
    viewer: Client,
}

impl World {
    fn app(&self) -> &App {
        self.app.app()
    }
}

async fn world(with_budget: bool) -> World {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let actor = Actor("test".into());
    if with_budget {
        let mut file =
            keikaku_ingest::budget::read_budget(&fixture("programs.csv"), &plan).expect("programs");
        file.extend(
            keikaku_ingest::budget::read_budget(&fixture("lines.csv"), &plan).expect("lines"),
        );
        app.import_budget(&code, &file.programs, &file.lines, &actor)
            .await
            .expect("import the fixture");
    }
    let dept = plan.departments[0].id.clone();
    for (name, role, depts) in [
        ("kikaku", Role::Planning, vec![]),
        ("bu", Role::Department, vec![dept]),
        ("viewer", Role::Viewer, vec![]),
    ] {
        let staff = Staff {
            name: Username::new(name).expect("name"),
            display_name: name.to_string(),
            role,
            departments: depts,
        };
        app.add_user(&code, &staff, PASSWORD, &actor)
            .await
            .expect("user");
    }
    let live = Arc::new(Live::new(app, code.clone()).await.expect("live"));
    let router = router(Arc::clone(&live));
    World {
        planning: sign_in(&router, "kikaku", PASSWORD).await,
        department: sign_in(&router, "bu", PASSWORD).await,
        viewer: sign_in(&router, "viewer", PASSWORD).await,
        app: live,
        code,
        router,
    }
}

/// The HTML from `start` (an exact marker) to the end of its table row.
fn row<'a>(body: &'a str, start: &str) -> &'a str {
    let i = body
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the page:\n{body}"));
    let rest = &body[i..];
    let end = rest.find("</tr>").unwrap_or(rest.len());
    &rest[..end]
}

/// The cells of a row as text (tags removed), in order.
fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|c| {
            let inner = &c[c.find('>').map_or(0, |i| i + 1)..];
            let inner = inner.split("</td>").next().unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for ch in inner.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

/// The totals row of the overview: 当初, 補正, 予算現額, 決算, 執行率, 人件費, 総事業費.
fn totals(body: &str) -> Vec<String> {
    cells(row(body, "id=\"budget-total\""))[1..].to_vec()
}

#[tokio::test]
async fn the_overview_shows_the_hand_computed_totals() {
    let w = world(true).await;
    let page = w.viewer.get("/staff/budget/?year=2022").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // Fixture README: FY2022 予算現額 90,000, 決算 85,600, 人件費 60,400, 総事業費 146,000, 95.1 %.
    // 当初 = 12,000 + 3,000 + 50,000 + 20,000 + 1,500; 補正 = 500 − 2,000 + 5,000.
    assert_eq!(
        totals(&page.body),
        [
            "86,500", "3,500", "90,000", "85,600", "95.1%", "60,400", "146,000"
        ]
    );
    // One initiative's row: J-03 with its ▲2,000 補正 and 3.25 × 8,000 人件費.
    let j03 = cells(row(&page.body, ">J-03</a>"));
    assert_eq!(
        j03[1..],
        [
            "50,000", "-2,000", "48,000", "45,600", "95.0%", "26,000", "71,600"
        ]
    );
    // Per project (re-counted): P1 = J-01 + J-02, P2 = J-03, P6 = P7 = J-04 (再掲).
    for (project, total) in [
        ("P1", "30,500"),
        ("P2", "71,600"),
        ("P6", "40,000"),
        ("P7", "40,000"),
    ] {
        let r = row(&page.body, &format!("<th scope=\"row\">{project} "));
        assert_eq!(cells(r).last().map(String::as_str), Some(total), "{r}");
    }
    assert!(row(&page.body, "<th scope=\"row\">P6 ").contains("J-04（再掲）"));
    assert!(!row(&page.body, "<th scope=\"row\">P2 ").contains("再掲"));
    // Per field: F2 = J-02 + J-03.
    let f2 = row(&page.body, "<th scope=\"row\">F2 ");
    assert_eq!(cells(f2).last().map(String::as_str), Some("78,300"));
    // Gaps: V2-1 has money but no indicator; KPI-01 has no initiative, KPI-03 has one.
    let gaps = &page.body[page.body.find("id=\"gap-money\"").expect("gap list")..];
    let money_gap = &gaps[..gaps.find("id=\"gap-indicators\"").expect("second list")];
    assert!(money_gap.contains(">V2-1</a>") && !money_gap.contains(">J-01</a>"));
    let indicator_gap = &gaps[gaps.find("id=\"gap-indicators\"").expect("list")..];
    assert!(indicator_gap.contains(">KPI-01</a>") && !indicator_gap.contains(">KPI-03</a>"));
    // FY2023: J-04 unsettled counts on a budget basis; the rate is over settled lines only.
    let page = w.viewer.get("/en/staff/budget/?year=2023").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let t = totals(&page.body);
    assert_eq!(
        (t[2].as_str(), t[4].as_str(), t[6].as_str()),
        ("35,000", "95.0%", "62,700")
    );
    assert!(page.body.contains("Only some initiatives are settled"));
    // Read-only for a viewer: no publish buttons, no upload form.
    assert!(!page.body.contains("name=\"action\" value=\"publish\""));
    assert!(!page.body.contains("type=\"file\""));
}

#[tokio::test]
async fn editing_a_line_changes_the_totals_and_a_stale_form_gets_409() {
    let w = world(true).await;
    let c = &w.planning;
    let form_page = c.get("/staff/budget/J-02/2022/").await;
    assert_eq!(form_page.status, StatusCode::OK, "{}", form_page.body);
    let version = hidden(&form_page.body, "version").expect("version field");
    assert_eq!(version, "1");
    assert_eq!(
        hidden(&form_page.body, "csrf").as_deref(),
        Some(c.csrf.as_str())
    );
    assert!(form_page.body.contains("name=\"fte\" value=\"0.5\""));
    let fields = |initial: &'static str, settlement: &'static str, version: &str| {
        vec![
            ("initial", initial.to_string()),
            ("supplementary", String::new()),
            ("settlement", settlement.to_string()),
            ("general", String::new()),
            ("grants", String::new()),
            ("bonds", String::new()),
            ("other", String::new()),
            ("fte", "0.5".to_string()),
            ("unit_cost", "８，０００".to_string()),
            ("version", version.to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| async move {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        c.post("/staff/budget/J-02/2022/", &pairs).await
    };
    let saved = post(fields("4,000", "3,500", &version)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(saved.location().starts_with("/staff/budget/?year=2022"));
    // 予算現額 90,000 + 1,000; 決算 85,600 + 800; 総事業費 146,000 + 800;
    // 執行率 86,400 ÷ 91,000 = 94.945… → 94.9 %.
    let page = c.get("/staff/budget/?year=2022").await;
    assert_eq!(
        totals(&page.body),
        [
            "87,500", "3,500", "91,000", "86,400", "94.9%", "60,400", "146,800"
        ]
    );
    // The same form again (version 1, now stale): refused, nothing overwritten.
    let stale = post(fields("9,000", "9,000", &version)).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let page = c.get("/staff/budget/?year=2022").await;
    assert_eq!(totals(&page.body)[6], "146,800");
    let rows = w.app().budget(&w.code).await.expect("budget").rows;
    let j02 = rows
        .iter()
        .find(|r| r.line.program.as_str() == "J-02" && r.line.year.year() == 2022)
        .expect("J-02");
    assert_eq!((j02.version, j02.line.initial.get()), (2, 4_000));
    // A line for a year that has none yet: version 0 creates it.
    let created = c
        .post(
            "/staff/budget/J-02/2023/",
            &[("initial", "1,000"), ("version", "0")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = c.get("/staff/budget/?year=2023").await;
    assert_eq!(totals(&page.body)[6], "63,700");
}

#[tokio::test]
async fn invalid_money_is_shown_next_to_its_field_and_nothing_is_written() {
    let w = world(true).await;
    let c = &w.planning;
    let before = w.app().budget(&w.code).await.expect("budget").rows;
    for (field, value, label) in [
        ("initial", "12.5", "当初予算"),
        ("initial", "abc", "当初予算"),
        ("settlement", "1,23", "決算"),
        ("fte", "一人", "人工"),
    ] {
        let mut f = vec![
            ("initial", "3,000"),
            ("settlement", "2,700"),
            ("fte", "0.5"),
            ("unit_cost", "8,000"),
            ("version", "1"),
        ];
        f.retain(|(k, _)| *k != field);
        f.push((field, value));
        let r = c.post("/staff/budget/J-02/2022/", &f).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}={value}");
        let error_span = format!("id=\"line-{field}-error\"");
        let at = r
            .body
            .find(&error_span)
            .unwrap_or_else(|| panic!("{}", r.body));
        let next_to_field = &r.body[at..at + 300];
        assert!(
            next_to_field.contains(label) && next_to_field.contains(value),
            "{next_to_field}"
        );
        assert!(
            r.body
                .contains(&format!("name=\"{field}\" value=\"{value}\"")),
            "the typed value stays"
        );
        assert!(r.body.contains("aria-invalid=\"true\""));
    }
    // Funding that does not add up to the current budget is the model's check.
    let r = c
        .post(
            "/staff/budget/J-02/2022/",
            &[("initial", "3,000"), ("general", "1,000"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("id=\"line-general-error\""), "{}", r.body);
    let after = w.app().budget(&w.code).await.expect("budget").rows;
    assert_eq!(before, after, "nothing written");
    let page = c.get("/staff/budget/?year=2022").await;
    assert_eq!(totals(&page.body)[6], "146,000");
}

#[tokio::test]
async fn departments_and_viewers_read_but_get_403_on_every_budget_post() {
    let w = world(true).await;
    for c in [&w.department, &w.viewer] {
        for uri in [
            "/staff/budget/?year=2022",
            "/staff/budget/J-01/2022/",
            "/staff/budget/season/",
            "/en/staff/budget/J-01/2022/",
        ] {
            assert_eq!(c.get(uri).await.status, StatusCode::OK, "{uri}");
        }
        let line = c.get("/staff/budget/J-01/2022/").await;
        assert!(
            !line.body.contains("name=\"initial\""),
            "no form to read-only roles"
        );
        for (uri, fields) in [
            (
                "/staff/budget/",
                vec![("action", "publish"), ("stage", "budget"), ("year", "2022")],
            ),
            (
                "/staff/budget/J-01/2022/",
                vec![("initial", "1"), ("version", "1")],
            ),
            (
                "/staff/budget/season/",
                vec![("edition", "E2023"), ("program", "J-01"), ("amount", "1")],
            ),
            ("/staff/budget/upload/", vec![]),
        ] {
            let r = c.post(uri, &fields).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
        }
    }
    // Nothing changed.
    let data = w.app().budget(&w.code).await.expect("budget");
    assert!(data.published.is_empty());
    assert!(data.rows.iter().all(|r| r.version == 1));
}

#[tokio::test]
async fn planning_publishes_and_withdraws_a_years_budget_and_settlement() {
    let w = world(true).await;
    let c = &w.planning;
    let page = c.get("/staff/budget/?year=2022").await;
    assert!(page.body.contains("name=\"action\" value=\"publish\""));
    let r = c
        .post(
            "/staff/budget/",
            &[("action", "publish"), ("stage", "budget"), ("year", "2022")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .post(
            "/staff/budget/",
            &[
                ("action", "publish"),
                ("stage", "settlement"),
                ("year", "2022"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let data = w.app().budget(&w.code).await.expect("budget");
    assert!(data.is_published(2022, keikaku_store::PublishStage::Budget));
    assert!(data.is_published(2022, keikaku_store::PublishStage::Settlement));
    let r = c
        .post(
            "/staff/budget/",
            &[
                ("action", "withdraw"),
                ("stage", "settlement"),
                ("year", "2022"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let data = w.app().budget(&w.code).await.expect("budget");
    assert!(!data.is_published(2022, keikaku_store::PublishStage::Settlement));
    // A year without lines cannot be published; an unknown stage is refused.
    let r = c
        .post(
            "/staff/budget/",
            &[("action", "publish"), ("stage", "budget"), ("year", "2030")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("FY2030 has no budget lines"), "{}", r.body);
    let r = c
        .post(
            "/staff/budget/",
            &[
                ("action", "publish"),
                ("stage", "everything"),
                ("year", "2022"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// FY2022: an actual for KPI-03 (J-01's indicator) and P1's review decided 拡充.
async fn last_year(w: &World) {
    let app = w.app();
    let actor = Actor("test".into());
    let value = ActualValue {
        indicator: IndicatorId::new("KPI-03").expect("id"),
        period: Period::parse("2022年度").expect("period"),
        quantity: Quantity {
            amount: Decimal::from(60),
            unit: Unit::new("件").expect("unit"),
        },
        source: None,
        note: None,
    };
    app.record_actual(&w.code, &value, Expected::Nothing, &actor)
        .await
        .expect("actual");
    let year = "2022".parse().expect("year");
    let p1 = Subject::Project("P1".parse().expect("P1"));
    for step in [
        Action::EditSelfEvaluation("自己評価".into()),
        Action::Submit,
        Action::EditReview("評価".into()),
        Action::SetDecision(Decision::Expand),
        Action::Review,
    ] {
        app.pdca_apply(&w.code, year, p1.clone(), step, &actor)
            .await
            .expect("workflow");
    }
}

/// The part of the season page about one initiative.
fn section<'a>(body: &'a str, program: &str) -> &'a str {
    let start = body
        .find(&format!("<h2 id=\"program-{program}\">"))
        .unwrap_or_else(|| panic!("no section {program}:\n{body}"));
    let rest = &body[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn budget_season_shows_last_years_grade_and_decision_and_records_proposals_in_a_draft() {
    let w = world(true).await;
    let c = &w.planning;
    // No draft edition yet: the page says how to make one.
    let page = c.get("/staff/budget/season/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("keikaku edition new"));
    assert!(!page.body.contains("name=\"amount\""));
    // My work links the season for planning, not for a department.
    assert!(
        c.get("/staff/")
            .await
            .body
            .contains("/staff/budget/season/")
    );
    assert!(
        !w.department
            .get("/staff/")
            .await
            .body
            .contains("/staff/budget/season/")
    );

    last_year(&w).await;
    w.app()
        .new_edition(&w.code, None, &Actor("test".into()))
        .await
        .expect("draft E2023");
    let page = c.get("/staff/budget/season/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("E2023"));
    let j01 = section(&page.body, "J-01");
    // The grade the evaluation gives KPI-03 for FY2022.
    let expected = w
        .app()
        .evaluate(&w.code, "2022".parse().expect("year"), None)
        .await
        .expect("evaluate");
    let grade = expected
        .indicators
        .iter()
        .find(|r| r.grade.indicator.as_str() == "KPI-03")
        .expect("KPI-03");
    assert!(!grade.grade.is_missing(), "{:?}", grade.grade);
    assert!(j01.contains(">KPI-03</a>"));
    assert!(j01.contains(&grade.grade.level.ja), "{j01}");
    // The decision of P1's FY2022 review, and the policy item without a record.
    assert!(j01.contains("<td class=\"decision\">拡充</td>"), "{j01}");
    assert!(j01.contains(">F1-05</a>") && j01.contains("評価記録なし"));
    // The cost trend: 23,800 (FY2022) and 24,500 (FY2023, 13,000 budget → settled 12,350 + 12,150).
    assert!(
        j01.contains(">23,800<") && j01.contains(">24,500<"),
        "{j01}"
    );
    // J-03 serves P2, which has no FY2022 review.
    assert!(section(&page.body, "J-03").contains("未決定"));

    let r = c
        .post(
            "/staff/budget/season/",
            &[
                ("edition", "E2023"),
                ("program", "J-01"),
                ("coming", "2023"),
                ("year", "2022"),
                ("amount", "14,000"),
                ("decision", "expand"),
                ("note", "移住相談の拡充"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let proposals = w
        .app()
        .proposals(&w.code, "E2023")
        .await
        .expect("proposals");
    assert_eq!(proposals.len(), 1);
    let p = &proposals[0];
    assert_eq!(
        (
            p.program.as_str(),
            p.year.year(),
            p.amount.get(),
            p.decision,
            p.note.as_str()
        ),
        (
            "J-01",
            2023,
            14_000,
            Some(Decision::Expand),
            "移住相談の拡充"
        )
    );
    let page = c.get(r.location().split('#').next().expect("uri")).await;
    let j01 = section(&page.body, "J-01");
    assert!(
        j01.contains("14,000") && j01.contains("移住相談の拡充"),
        "{j01}"
    );

    // Bad money: refused next to the initiative, nothing recorded.
    let r = c
        .post(
            "/staff/budget/season/",
            &[
                ("edition", "E2023"),
                ("program", "J-02"),
                ("coming", "2023"),
                ("amount", "12.5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(section(&r.body, "J-02").contains("12.5"));
    // A published edition refuses proposals.
    let r = c
        .post(
            "/staff/budget/season/",
            &[
                ("edition", "E2022"),
                ("program", "J-02"),
                ("coming", "2022"),
                ("amount", "1,000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("is published"), "{}", r.body);
    assert!(
        w.app()
            .proposals(&w.code, "E2022")
            .await
            .expect("p")
            .is_empty()
    );
    assert_eq!(
        w.app().proposals(&w.code, "E2023").await.expect("p").len(),
        1
    );
    // The published edition is shown read-only.
    let page = c.get("/staff/budget/season/?edition=E2022").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("name=\"amount\""));
}

/// A `multipart/form-data` POST of files (name, bytes) with the session.
async fn upload(w: &World, c: &Client, files: &[(&str, &[u8])]) -> Reply {
    let boundary = "----keikaku-test-boundary";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    send(
        &w.router,
        Request::post(format!("/staff/budget/upload/?csrf={}&year=2022", c.csrf))
            .header(header::COOKIE, &c.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

#[tokio::test]
async fn uploads_are_all_or_nothing() {
    let w = world(false).await;
    let c = &w.planning;
    let programs = fixture("programs.csv");
    let lines = fixture("lines.csv");
    // One bad row (line 4: J-02's 当初予算) in the lines file: nothing at all is stored.
    let text = String::from_utf8(lines.clone()).expect("utf-8");
    let bad = text.replacen("J-02,2022,\"3,000\"", "J-02,2022,abc", 1);
    assert_ne!(bad, text);
    let r = upload(
        &w,
        c,
        &[("programs.csv", &programs), ("lines.csv", bad.as_bytes())],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains("lines.csv: line 4, column 当初予算"),
        "{}",
        r.body
    );
    let data = w.app().budget(&w.code).await.expect("budget");
    assert!(data.programs.is_empty() && data.rows.is_empty());
    // Not a CSV or workbook.
    let r = upload(&w, c, &[("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")]).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    // No file.
    let r = upload(&w, c, &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Lines naming initiatives the catalogue lacks: refused by the app check, nothing stored.
    let r = upload(&w, c, &[("lines.csv", &lines)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(w.app().budget(&w.code).await.expect("b").rows.is_empty());
    // Both files valid: stored, and the overview shows the fixture's totals.
    let r = upload(&w, c, &[("programs.csv", &programs), ("lines.csv", &lines)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("imported=12-0"), "{}", r.location());
    let page = c.get(r.location()).await;
    assert!(page.body.contains("role=\"status\""));
    assert_eq!(totals(&page.body)[6], "146,000");
    // A department account may not upload.
    let r = upload(&w, &w.department, &[("programs.csv", &programs)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Without the CSRF token in the URL, refused.
    let r = send(
        &w.router,
        Request::post("/staff/budget/upload/")
            .header(header::COOKIE, &c.cookie)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
            .body(Body::from("--x--\r\n"))
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn budget_pages_are_in_the_navigation_and_unknown_initiatives_are_404() {
    let w = world(true).await;
    let home = w.viewer.get("/en/staff/").await;
    assert!(home.body.contains("href=\"/en/staff/budget/\""));
    let r = w.viewer.get("/staff/budget/NOPE/2022/").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = w.viewer.get("/staff/budget/J-01/notayear/").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
