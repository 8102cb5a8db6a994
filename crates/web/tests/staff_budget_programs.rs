//! Editing and adding budget initiatives in the staff workspace
//! (`/staff/budget/programs/{id}/`, `/staff/budget/programs/new/`), through
//! the whole router on a fresh database with the fictional fixture of
//! `tests/fixtures/budget/`: links changed and followed by the overview's
//! gaps, a new initiative, refusals next to their fields with nothing
//! written, who may write, CSRF and the audit trail.

mod support;

use axum::http::StatusCode;
use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::budget::Program;
use keikaku_web::{Live, router};
use std::sync::Arc;
use support::client::{Client, form, hidden, sign_in};

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
    planning: Client,
    department: Client,
}

impl World {
    fn app(&self) -> &App {
        self.app.app()
    }
    async fn programs(&self) -> Vec<Program> {
        self.app()
            .budget(&self.code)
            .await
            .expect("budget")
            .programs
    }
}

async fn world() -> World {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let actor = Actor("test".into());
    let mut file =
        keikaku_ingest::budget::read_budget(&fixture("programs.csv"), &plan).expect("programs");
    file.extend(keikaku_ingest::budget::read_budget(&fixture("lines.csv"), &plan).expect("lines"));
    app.import_budget(&code, &file.programs, &file.lines, &actor)
        .await
        .expect("import the fixture");
    let dept = plan.departments[0].id.clone();
    for (name, role, depts) in [
        ("kikaku", Role::Planning, vec![]),
        ("bu", Role::Department, vec![dept]),
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
        app: live,
        code,
    }
}

/// The "indicators without an initiative" list of the overview.
fn indicator_gap(body: &str) -> &str {
    let i = body.find("id=\"gap-indicators\"").expect("gap list");
    let rest = &body[i..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// Asserts that a page has one `<h1>` and no element ID twice (what axe
/// checks too), and that every text input and select has its label.
fn well_formed(body: &str) {
    assert_eq!(body.matches("<h1").count(), 1, "one h1");
    let mut seen = std::collections::BTreeSet::new();
    for part in body.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').expect("closing quote")];
        assert!(seen.insert(id.to_string()), "id {id} twice");
    }
    for id in ["prog-name", "prog-department", "prog-key"] {
        if seen.contains(id) {
            assert!(body.contains(&format!("<label for=\"{id}\">")), "{id}");
        }
    }
}

/// The form fields of an initiative (checkbox groups as repeated fields).
fn fields_of(p: &Program) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("name", p.name.clone()),
        ("department", p.department.to_string()),
        (
            "key_initiative",
            p.key_initiative
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
    ];
    f.extend(p.links.projects.iter().map(|i| ("projects", i.to_string())));
    f.extend(
        p.links
            .directions
            .iter()
            .map(|i| ("directions", i.to_string())),
    );
    f.extend(p.links.items.iter().map(|i| ("items", i.to_string())));
    f.extend(
        p.links
            .indicators
            .iter()
            .map(|i| ("indicators", i.to_string())),
    );
    f
}

async fn post(c: &Client, uri: &str, fields: &[(&'static str, String)]) -> support::client::Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post(uri, &pairs).await
}

#[tokio::test]
async fn planning_changes_an_initiatives_links_and_the_gaps_follow() {
    let w = world().await;
    let c = &w.planning;
    let overview = c.get("/staff/budget/?year=2022").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(indicator_gap(&overview.body).contains(">KPI-01</a>"));
    // The overview links each initiative and the add page.
    assert!(
        overview
            .body
            .contains("href=\"/staff/budget/programs/J-01/\""),
        "{}",
        overview.body
    );
    assert!(
        overview
            .body
            .contains("href=\"/staff/budget/programs/new/\"")
    );

    let page = c.get("/staff/budget/programs/J-01/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("移住定住促進事業"));
    assert!(
        page.body.contains("value=\"KPI-03\" checked"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<legend>"));
    well_formed(&page.body);
    let loaded = hidden(&page.body, "loaded").expect("fingerprint");

    let before = w.programs().await;
    let old_j01 = before
        .iter()
        .find(|p| p.id.as_str() == "J-01")
        .expect("J-01");
    let mut fields = fields_of(old_j01);
    fields.push(("indicators", "KPI-01".into()));
    fields.push(("loaded", loaded.clone()));
    let r = post(c, "/staff/budget/programs/J-01/", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/staff/budget/programs/J-01/?saved=1");

    let after = w.programs().await;
    let j01 = after
        .iter()
        .find(|p| p.id.as_str() == "J-01")
        .expect("J-01");
    let indicators: Vec<&str> = j01.links.indicators.iter().map(|i| i.as_str()).collect();
    assert_eq!(indicators, ["KPI-03", "KPI-01"]);
    assert_eq!(j01.links.directions, old_j01.links.directions, "kept");
    assert_eq!(after.len(), before.len());

    let saved = c.get(r.location()).await;
    assert!(saved.body.contains("role=\"status\""), "{}", saved.body);
    assert!(saved.body.contains("value=\"KPI-01\" checked"));
    let overview = c.get("/staff/budget/?year=2022").await;
    assert!(!indicator_gap(&overview.body).contains(">KPI-01</a>"));

    // Audited as program.put.
    let audit = w
        .app()
        .store()
        .audit_entries(Some("program/J-01"), 100)
        .await
        .expect("audit");
    let last = audit.last().expect("an entry");
    assert_eq!(last.action, "program.put");
    assert_eq!(last.actor, "kikaku");
    assert!(last.after.as_deref().unwrap_or("").contains("KPI-01"));

    // The same form again is stale: 409, nothing written.
    let old = before
        .iter()
        .find(|p| p.id.as_str() == "J-01")
        .expect("J-01");
    let mut stale_fields = fields_of(old);
    stale_fields.push(("loaded", loaded));
    let stale = post(c, "/staff/budget/programs/J-01/", &stale_fields).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(w.programs().await, after, "nothing written");
}

#[tokio::test]
async fn planning_adds_an_initiative_that_appears_on_the_overview() {
    let w = world().await;
    let c = &w.planning;
    let page = c.get("/en/staff/budget/programs/new/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("name=\"id\""));
    well_formed(&page.body);
    let plan = w.app().current_plan(&w.code).await.expect("plan");
    let department = plan.departments[1].id.to_string();
    let fields = vec![
        ("id", "J-50".to_string()),
        ("name", "新規試験事業".to_string()),
        ("department", department.clone()),
        ("key_initiative", String::new()),
        ("directions", "P1-D1".to_string()),
        ("items", "F1-05".to_string()),
        ("indicators", "KPI-01".to_string()),
    ];
    let r = post(c, "/en/staff/budget/programs/new/", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/en/staff/budget/programs/J-50/?saved=1");
    let programs = w.programs().await;
    let j50 = programs
        .iter()
        .find(|p| p.id.as_str() == "J-50")
        .expect("added");
    assert_eq!(j50.name, "新規試験事業");
    assert_eq!(j50.department.as_str(), department);
    assert_eq!(j50.links.indicators.len(), 1);
    let overview = c.get("/staff/budget/?year=2022").await;
    assert!(
        overview
            .body
            .contains("href=\"/staff/budget/programs/J-50/\""),
        "{}",
        overview.body
    );
    assert!(overview.body.contains("新規試験事業"));
    assert!(!indicator_gap(&overview.body).contains(">KPI-01</a>"));
    let edit = c.get("/staff/budget/programs/J-50/").await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(
        !edit.body.contains("name=\"id\""),
        "the ID is fixed once added"
    );
}

#[tokio::test]
async fn adding_an_existing_id_is_refused_and_changes_nothing() {
    let w = world().await;
    let before = w.programs().await;
    let audit_before = w
        .app()
        .store()
        .audit_entries(None, 10_000)
        .await
        .expect("audit")
        .len();
    let plan = w.app().current_plan(&w.code).await.expect("plan");
    let fields = vec![
        ("id", "J-01".to_string()),
        ("name", "上書きの試み".to_string()),
        ("department", plan.departments[0].id.to_string()),
    ];
    let r = post(&w.planning, "/staff/budget/programs/new/", &fields).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"prog-id-error\""), "{}", r.body);
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(
        r.body.contains("value=\"上書きの試み\""),
        "typed values kept"
    );
    assert_eq!(w.programs().await, before, "nothing written");
    let audit_after = w
        .app()
        .store()
        .audit_entries(None, 10_000)
        .await
        .expect("audit")
        .len();
    assert_eq!(audit_before, audit_after);
}

#[tokio::test]
async fn an_unknown_department_or_a_bad_id_is_refused_next_to_its_field() {
    let w = world().await;
    let c = &w.planning;
    let before = w.programs().await;
    let plan = w.app().current_plan(&w.code).await.expect("plan");
    let department = plan.departments[0].id.to_string();
    // An unknown department on the edit page.
    let page = c.get("/staff/budget/programs/J-02/").await;
    let loaded = hidden(&page.body, "loaded").expect("fingerprint");
    let r = post(
        c,
        "/staff/budget/programs/J-02/",
        &[
            ("name", "結婚支援事業".into()),
            ("department", "DEPT-NOPE".into()),
            ("loaded", loaded),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains("id=\"prog-department-error\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("DEPT-NOPE"));
    assert!(r.body.contains("id=\"form-errors\""));
    // An invalid ID and a blank name when adding.
    let r = post(
        c,
        "/staff/budget/programs/new/",
        &[
            ("id", "1 bad".into()),
            ("name", " ".into()),
            ("department", department),
            ("indicators", "KPI-999".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"prog-id-error\""), "{}", r.body);
    assert!(r.body.contains("id=\"prog-name-error\""));
    assert!(r.body.contains("id=\"prog-indicators-error\""));
    assert!(r.body.contains("value=\"1 bad\""), "typed values kept");
    well_formed(&r.body);
    // "new" names the add page, never an initiative.
    let r = post(
        c,
        "/staff/budget/programs/new/",
        &[("id", "new".into()), ("name", "x".into())],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(w.programs().await, before, "nothing written");
    // An unknown initiative is 404.
    assert_eq!(
        c.get("/staff/budget/programs/J-77/").await.status,
        StatusCode::NOT_FOUND
    );
    let r = post(
        c,
        "/staff/budget/programs/J-77/",
        &[("name", "x".into()), ("department", "D01".into())],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(w.programs().await, before, "nothing written");
}

#[tokio::test]
async fn departments_read_but_get_403_and_a_missing_csrf_token_is_refused() {
    let w = world().await;
    let before = w.programs().await;
    let d = &w.department;
    for uri in [
        "/staff/budget/programs/J-01/",
        "/staff/budget/programs/new/",
        "/en/staff/budget/programs/J-01/",
    ] {
        let r = d.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(
            !r.body.contains("name=\"name\""),
            "no form to read-only roles"
        );
    }
    assert!(
        d.get("/staff/budget/programs/J-01/")
            .await
            .body
            .contains("KPI-03")
    );
    let fields = [
        ("id", "J-51".to_string()),
        ("name", "x".to_string()),
        ("department", "D01".to_string()),
    ];
    for uri in [
        "/staff/budget/programs/new/",
        "/staff/budget/programs/J-01/",
    ] {
        assert_eq!(post(d, uri, &fields).await.status, StatusCode::FORBIDDEN);
        // Planning without the CSRF token.
        let body = form(&[("id", "J-51"), ("name", "x"), ("department", "D01")]);
        let r = w.planning.post_raw(uri, &body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
    }
    assert_eq!(w.programs().await, before, "nothing written");
}
