//! The staff workspace's authorisation matrix: every endpoint of the route
//! table, for every role and for an anonymous visitor, is allowed or denied
//! exactly as this file says — and this file must name every endpoint, so a
//! new route cannot escape the matrix. Department scope is part of it: a
//! department may enter and self-evaluate only what its projects hold.
//! Also: CSRF and origin checks, session cookies, sign-out, throttling.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::DepartmentId;
use keikaku_web::staff::endpoints;
use keikaku_web::{Live, router};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use support::client::{Client, form, send, set_cookie, sign_in, try_sign_in};

const PASSWORD: &str = "correct horse battery";

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Admin,
    Planning,
    /// A department leading the project under test.
    Lead,
    /// A department with no part in the project under test.
    Outsider,
    Council,
    Viewer,
}

const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Admin,
    Who::Planning,
    Who::Lead,
    Who::Outsider,
    Who::Council,
    Who::Viewer,
];
const STAFF: [Who; 6] = [
    Who::Admin,
    Who::Planning,
    Who::Lead,
    Who::Outsider,
    Who::Council,
    Who::Viewer,
];

struct World {
    router: Router,
    clients: BTreeMap<Who, Client>,
    /// An indicator of the project under test.
    indicator: String,
    /// The project under test.
    project: String,
    /// An API token per account.
    tokens: BTreeMap<Who, String>,
}

fn account(name: &str, role: Role, depts: &[DepartmentId]) -> Staff {
    Staff {
        name: Username::new(name).expect("name"),
        display_name: name.to_string(),
        role,
        departments: depts.to_vec(),
    }
}

async fn world() -> World {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("code");
    let plan = app.current_plan(&code).await.expect("plan");
    let project = &plan.projects[0];
    let indicator = project.tables[0].rows[0].indicator.clone();
    let lead = project.lead[0].clone();
    let outsider = plan
        .departments
        .iter()
        .map(|d| d.id.clone())
        .find(|d| {
            !keikaku_model::scope::covers_indicator(&plan, std::slice::from_ref(d), &indicator)
                && !keikaku_model::scope::serves(project, d)
        })
        .expect("a department outside the project");
    let actor = Actor("test".into());
    let accounts = [
        (Who::Admin, account("admin", Role::Admin, &[])),
        (Who::Planning, account("kikaku", Role::Planning, &[])),
        (Who::Lead, account("lead", Role::Department, &[lead])),
        (
            Who::Outsider,
            account("outsider", Role::Department, &[outsider]),
        ),
        (Who::Council, account("council", Role::Council, &[])),
        (Who::Viewer, account("viewer", Role::Viewer, &[])),
    ];
    let mut tokens = BTreeMap::new();
    for (who, a) in &accounts {
        app.add_user(&code, a, PASSWORD, &actor).await.expect("add");
        let t = app
            .create_token(&a.name, "matrix", &actor)
            .await
            .expect("token");
        tokens.insert(*who, t.secret);
    }
    // One initiative, so the budget pages have something to show.
    let program = keikaku_model::budget::Program {
        id: keikaku_model::ids::ProgramId::new("J-01").expect("id"),
        name: "試験事業".into(),
        department: project.lead[0].clone(),
        key_initiative: None,
        links: Default::default(),
    };
    app.import_budget(&code, &[program], &[], &actor)
        .await
        .expect("budget catalogue");
    let live = Arc::new(Live::new(app, code).await.expect("live"));
    let router = router(live);
    let mut clients = BTreeMap::new();
    for (who, a) in &accounts {
        clients.insert(*who, sign_in(&router, a.name.as_str(), PASSWORD).await);
    }
    World {
        router,
        clients,
        indicator: indicator.to_string(),
        project: project.id.to_string(),
        tokens,
    }
}

/// One probe: a request to an endpoint and who may make it.
struct Probe {
    method: Method,
    /// The table's path (with `{params}`), as `endpoints()` lists it.
    pattern: &'static str,
    /// Concrete path below `/staff`.
    path: String,
    /// Form fields for POST (the CSRF token is added).
    fields: Vec<(&'static str, String)>,
    /// Who is allowed; everyone else is denied.
    allowed: Vec<Who>,
}

fn probes(w: &World) -> Vec<Probe> {
    use Who::*;
    let ind = &w.indicator;
    let p = &w.project;
    let get = |pattern: &'static str, path: String, allowed: &[Who]| Probe {
        method: Method::GET,
        pattern,
        path,
        fields: Vec::new(),
        allowed: allowed.to_vec(),
    };
    let post = |pattern: &'static str,
                path: String,
                fields: &[(&'static str, &str)],
                allowed: &[Who]| Probe {
        method: Method::POST,
        pattern,
        path,
        fields: fields.iter().map(|(k, v)| (*k, (*v).to_string())).collect(),
        allowed: allowed.to_vec(),
    };
    let entry = [
        ("year", "2024"),
        ("period", "2024年度"),
        ("value", "1"),
        ("intent", "preview"),
    ];
    vec![
        get("/login/", "/login/".into(), &EVERYONE),
        post("/login/", "/login/".into(), &[], &EVERYONE),
        post("/logout/", "/logout/".into(), &[], &STAFF),
        get("/", "/".into(), &STAFF),
        get("/completeness/", "/completeness/".into(), &STAFF),
        get("/indicators/{id}/", format!("/indicators/{ind}/"), &STAFF),
        post(
            "/indicators/{id}/",
            format!("/indicators/{ind}/"),
            &entry,
            &[Admin, Planning, Lead],
        ),
        get("/pdca/", "/pdca/".into(), &STAFF),
        post(
            "/pdca/",
            "/pdca/".into(),
            &[("year", "2024"), ("actuals", "2025-06-30")],
            &[Admin, Planning],
        ),
        get(
            "/pdca/{year}/{subject}/",
            format!("/pdca/2024/{p}/"),
            &STAFF,
        ),
        post(
            "/pdca/{year}/{subject}/",
            format!("/pdca/2024/{p}/"),
            &[
                ("action", "save_self"),
                ("version", "0"),
                ("text", "自己評価"),
            ],
            &[Admin, Planning, Lead],
        ),
        post(
            "/pdca/{year}/{subject}/",
            format!("/pdca/2024/{p}/"),
            &[("action", "council"), ("version", "0"), ("text", "意見")],
            &[Admin, Council],
        ),
        post(
            "/pdca/{year}/{subject}/",
            format!("/pdca/2024/{p}/"),
            &[("action", "publish"), ("version", "0")],
            &[Admin, Planning],
        ),
        get("/org/", "/org/?year=2024".into(), &STAFF),
        post(
            "/org/",
            "/org/".into(),
            &[("action", "noop"), ("effective", "2024")],
            &[Admin, Planning],
        ),
        get("/import/", "/import/".into(), &STAFF),
        post(
            "/import/",
            "/import/".into(),
            &[],
            &[Admin, Planning, Lead, Outsider],
        ),
        get("/reform/", "/reform/".into(), &STAFF),
        post(
            "/reform/",
            "/reform/".into(),
            &[("item", "R-99"), ("year", "2024"), ("status", "done")],
            &[Admin, Planning],
        ),
        post(
            "/reform/import/",
            "/reform/import/".into(),
            &[],
            &[Admin, Planning],
        ),
        get("/plan/", "/plan/".into(), &STAFF),
        post(
            "/plan/",
            "/plan/".into(),
            &[("action", "noop")],
            &[Admin, Planning],
        ),
        get(
            "/plan/indicators/{id}/",
            format!("/plan/indicators/{ind}/"),
            &STAFF,
        ),
        post(
            "/plan/indicators/{id}/",
            format!("/plan/indicators/{ind}/"),
            &[("action", "noop")],
            &[Admin, Planning],
        ),
        get("/audit/", "/audit/".into(), &STAFF),
        get("/reports/", "/reports/".into(), &STAFF),
        get(
            "/reports/council/{file}",
            "/reports/council/council.html?year=2024".into(),
            &STAFF,
        ),
        get(
            "/reports/plan/{file}",
            "/reports/plan/plan.html".into(),
            &STAFF,
        ),
        get("/budget/", "/budget/".into(), &STAFF),
        post(
            "/budget/",
            "/budget/".into(),
            &[("action", "noop")],
            &[Admin, Planning],
        ),
        post(
            "/budget/upload/",
            "/budget/upload/".into(),
            &[],
            &[Admin, Planning],
        ),
        get(
            "/budget/programs/new/",
            "/budget/programs/new/".into(),
            &STAFF,
        ),
        post(
            "/budget/programs/new/",
            "/budget/programs/new/".into(),
            &[("id", "J-99"), ("name", "試験"), ("department", "")],
            &[Admin, Planning],
        ),
        get(
            "/budget/programs/{program}/",
            "/budget/programs/J-01/".into(),
            &STAFF,
        ),
        post(
            "/budget/programs/{program}/",
            "/budget/programs/J-01/".into(),
            &[("name", "試験事業"), ("loaded", "stale")],
            &[Admin, Planning],
        ),
        get("/budget/season/", "/budget/season/".into(), &STAFF),
        post(
            "/budget/season/",
            "/budget/season/".into(),
            &[("program", "J-01"), ("amount", "abc")],
            &[Admin, Planning],
        ),
        get(
            "/budget/{program}/{year}/",
            "/budget/J-01/2022/".into(),
            &STAFF,
        ),
        post(
            "/budget/{program}/{year}/",
            "/budget/J-01/2022/".into(),
            &[("initial", "abc"), ("version", "0")],
            &[Admin, Planning],
        ),
        get("/users/", "/users/".into(), &[Admin]),
        post("/users/", "/users/".into(), &[("action", "noop")], &[Admin]),
        get("/account/", "/account/".into(), &STAFF),
        post(
            "/account/",
            "/account/".into(),
            &[("action", "noop")],
            &STAFF,
        ),
    ]
}

async fn ask(w: &World, who: Who, probe: &Probe) -> (StatusCode, String) {
    let uri = format!("/staff{}", probe.path);
    let reply = match (who, &probe.method) {
        (Who::Anonymous, m) if *m == Method::GET => {
            send(
                &w.router,
                Request::get(&uri).body(Body::empty()).expect("req"),
            )
            .await
        }
        (Who::Anonymous, _) => {
            let fields: Vec<(&str, &str)> =
                probe.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            send(
                &w.router,
                Request::post(&uri)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form(&fields)))
                    .expect("req"),
            )
            .await
        }
        (who, m) => {
            let c = &w.clients[&who];
            if *m == Method::GET {
                c.get(&uri).await
            } else {
                let fields: Vec<(&str, &str)> =
                    probe.fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                c.post(&uri, &fields).await
            }
        }
    };
    (reply.status, reply.location().to_string())
}

fn denied(who: Who, method: &Method, status: StatusCode, location: &str) -> bool {
    match who {
        Who::Anonymous if method == Method::GET => {
            status == StatusCode::SEE_OTHER && location.starts_with("/staff/login/")
        }
        Who::Anonymous => status == StatusCode::UNAUTHORIZED,
        _ => status == StatusCode::FORBIDDEN,
    }
}

#[tokio::test]
async fn every_endpoint_for_every_role_is_allowed_or_denied_as_specified() {
    let w = world().await;
    let probes = probes(&w);
    // The matrix names every endpoint of the table, and nothing else.
    let table: BTreeSet<(String, String)> = endpoints()
        .iter()
        .map(|e| (e.method.to_string(), e.path.to_string()))
        .collect();
    let named: BTreeSet<(String, String)> = probes
        .iter()
        .map(|p| (p.method.to_string(), p.pattern.to_string()))
        .collect();
    assert_eq!(table, named, "the matrix and the route table differ");
    let mut failures = Vec::new();
    for probe in &probes {
        for who in EVERYONE {
            // Sign-out would end the session the other probes use: last.
            if probe.pattern == "/logout/" {
                continue;
            }
            let (status, location) = ask(&w, who, probe).await;
            let is_denied = denied(who, &probe.method, status, &location);
            let should_allow = probe.allowed.contains(&who);
            let login_post = probe.pattern == "/login/" && probe.method == Method::POST;
            let ok = if login_post {
                // Without the double-submit cookie the sign-in form is refused for all.
                status == StatusCode::FORBIDDEN
            } else if should_allow {
                !is_denied && !status.is_server_error() && status != StatusCode::FORBIDDEN
            } else {
                is_denied
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {who:?}: {status} {location} (expected {})",
                    probe.method,
                    probe.path,
                    if should_allow { "allowed" } else { "denied" }
                ));
            }
        }
    }
    // Sign-out: anonymous is refused; every account signs out.
    let logout = probes
        .iter()
        .find(|p| p.pattern == "/logout/")
        .expect("logout");
    let (status, _) = ask(&w, Who::Anonymous, logout).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for who in STAFF {
        let (status, location) = ask(&w, who, logout).await;
        if status != StatusCode::SEE_OTHER || !location.contains("/staff/login/") {
            failures.push(format!("logout as {who:?}: {status} {location}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn english_routes_have_the_same_guard() {
    let w = world().await;
    let r = send(
        &w.router,
        Request::get("/en/staff/users/")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.location().starts_with("/en/staff/login/"),
        "{}",
        r.location()
    );
    let viewer = &w.clients[&Who::Viewer];
    assert_eq!(
        viewer.get("/en/staff/users/").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.clients[&Who::Admin].get("/en/staff/users/").await.status,
        StatusCode::OK
    );
    // Unknown staff paths are not found, for anyone.
    assert_eq!(
        w.clients[&Who::Admin].get("/staff/secret/").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_department_cannot_edit_another_departments_indicator() {
    let w = world().await;
    let uri = format!("/staff/indicators/{}/", w.indicator);
    let outsider = &w.clients[&Who::Outsider];
    let page = outsider.get(&uri).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("name=\"intent\""),
        "no entry form for an outsider"
    );
    let save = [
        ("year", "2024"),
        ("period", "2024年度"),
        ("value", "1"),
        ("intent", "save"),
        ("version", "0"),
    ];
    assert_eq!(
        outsider.post(&uri, &save).await.status,
        StatusCode::FORBIDDEN
    );
    let lead = &w.clients[&Who::Lead];
    assert!(lead.get(&uri).await.body.contains("name=\"intent\""));
    let r = lead.post(&uri, &save).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = lead.get(r.location()).await;
    assert!(
        after.body.contains(">lead<"),
        "the history names who recorded it"
    );
}

#[tokio::test]
async fn state_changes_need_the_sessions_csrf_token_and_this_origin() {
    let w = world().await;
    let c = &w.clients[&Who::Planning];
    let uri = "/staff/pdca/";
    let fields = form(&[("year", "2024"), ("actuals", "2025-06-30")]);
    // No token, a wrong token, another session's token.
    assert_eq!(c.post_raw(uri, &fields).await.status, StatusCode::FORBIDDEN);
    let wrong = format!("csrf={}&{fields}", "0".repeat(64));
    assert_eq!(c.post_raw(uri, &wrong).await.status, StatusCode::FORBIDDEN);
    let other = format!("csrf={}&{fields}", w.clients[&Who::Admin].csrf);
    assert_eq!(c.post_raw(uri, &other).await.status, StatusCode::FORBIDDEN);
    // A cross-site request with the right token.
    let good = format!("csrf={}&{fields}", c.csrf);
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = send(
            &w.router,
            Request::post(uri)
                .header(header::COOKIE, &c.cookie)
                .header(header::HOST, "keikaku.example")
                .header(name, value)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(good.clone()))
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    // Nothing above changed anything; the right request does.
    let pdca = c.get("/staff/pdca/?year=2024").await;
    assert!(!pdca.body.contains("2025-06-30"));
    let r = send(
        &w.router,
        Request::post(uri)
            .header(header::COOKIE, &c.cookie)
            .header(header::HOST, "keikaku.example")
            .header(header::ORIGIN, "http://keikaku.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(good))
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        c.get("/staff/pdca/?year=2024")
            .await
            .body
            .contains("2025-06-30")
    );
}

#[tokio::test]
async fn sessions_are_http_only_strict_cookies_that_end_on_sign_out() {
    let w = world().await;
    let r = try_sign_in(&w.router, "viewer", PASSWORD).await;
    let cookie = set_cookie(&r.headers, "keikaku_session").expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback");
    let c = sign_in(&w.router, "viewer", PASSWORD).await;
    let page = c.get("/staff/").await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let out = c.post("/staff/logout/", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    // The old cookie is dead on the server, not just in the browser.
    let again = c.get("/staff/").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(again.location().starts_with("/staff/login/"));
    // Behind an HTTPS proxy the cookie is Secure.
    let page = send(
        &w.router,
        Request::get("/staff/login/")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    let login = set_cookie(&page.headers, "keikaku_login").expect("login cookie");
    let token = support::client::hidden(&page.body, "token").expect("token");
    let r = send(
        &w.router,
        Request::post("/staff/login/")
            .header(header::COOKIE, login.split(';').next().expect("c"))
            .header("x-forwarded-proto", "https")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("name", "viewer"),
                ("password", PASSWORD),
                ("token", &token),
            ])))
            .expect("req"),
    )
    .await;
    let cookie = set_cookie(&r.headers, "keikaku_session").expect("cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn sign_in_refuses_forged_forms_wrong_passwords_and_then_throttles() {
    let w = world().await;
    // Without the double-submit cookie.
    let r = send(
        &w.router,
        Request::post("/staff/login/")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("name", "viewer"),
                ("password", PASSWORD),
                ("token", "x"),
            ])))
            .expect("req"),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    for _ in 0..5 {
        let r = try_sign_in(&w.router, "viewer", "not the password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(set_cookie(&r.headers, "keikaku_session").is_none());
    }
    let r = try_sign_in(&w.router, "viewer", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(set_cookie(&r.headers, "keikaku_session").is_none());
    // Another account is unaffected.
    let r = try_sign_in(&w.router, "council", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sign_in_only_follows_local_workspace_paths() {
    let w = world().await;
    for next in [
        "https://evil.example/",
        "//evil.example/",
        "/staff/../x",
        "/\\evil",
    ] {
        let page = send(
            &w.router,
            Request::get("/staff/login/")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        let login = set_cookie(&page.headers, "keikaku_login").expect("login cookie");
        let token = support::client::hidden(&page.body, "token").expect("token");
        let r = send(
            &w.router,
            Request::post("/staff/login/")
                .header(header::COOKIE, login.split(';').next().expect("c"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form(&[
                    ("name", "viewer"),
                    ("password", PASSWORD),
                    ("token", &token),
                    ("next", next),
                ])))
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            r.location().starts_with("/staff/") && !r.location().contains(".."),
            "{next} → {}",
            r.location()
        );
    }
}

/// The API: public endpoints answer everyone (they show published data
/// only); the staff endpoints need a token and apply role and scope.
#[tokio::test]
async fn api_routes_for_every_role() {
    let w = world().await;
    let doc = send(
        &w.router,
        Request::get("/api/v1/openapi.json")
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    let doc: serde_json::Value = serde_json::from_str(&doc.body).expect("openapi");
    let paths = doc["paths"].as_object().expect("paths");
    let mut failures = Vec::new();
    let mut staff_paths = BTreeSet::new();
    for (full, item) in paths {
        let path = &full.strip_prefix("/api/v1").unwrap_or(full).to_string();
        let served = path
            .replace("{id}", &w.indicator)
            .replace("{year}", "2022")
            .replace("{old}", "E2022")
            .replace("{new}", "E2022");
        let served = if path.starts_with("/projects/") {
            path.replace("{id}", &w.project)
        } else {
            served
        };
        let uri = if path == "/" || path.is_empty() {
            "/api/v1".to_string()
        } else {
            format!("/api/v1{served}")
        };
        if path.starts_with("/staff/") {
            staff_paths.insert(path.clone());
            continue;
        }
        assert!(
            item.get("get").is_some(),
            "{path}: public endpoints are GET"
        );
        let uri = if path == "/search" {
            format!("{uri}?q=%E7%A7%BB%E4%BD%8F")
        } else {
            uri
        };
        let r = send(
            &w.router,
            Request::get(&uri).body(Body::empty()).expect("req"),
        )
        .await;
        // Every public endpoint answers anonymous visitors (evaluations/2022
        // may not exist: a 404 is still an answer, not a refusal).
        if r.status == StatusCode::UNAUTHORIZED
            || r.status == StatusCode::FORBIDDEN
            || r.status.is_server_error()
        {
            failures.push(format!("GET {uri} anonymous: {}", r.status));
        }
    }
    assert_eq!(
        staff_paths,
        BTreeSet::from(["/staff/me".to_string(), "/staff/actuals".to_string()]),
        "a new staff API endpoint needs its row in this matrix"
    );
    let bearer = |who: Who| w.tokens.get(&who).map(|t| format!("Bearer {t}"));
    for who in EVERYONE {
        let mut req = Request::get("/api/v1/staff/me");
        if let Some(b) = bearer(who) {
            req = req.header(header::AUTHORIZATION, b);
        }
        let r = send(&w.router, req.body(Body::empty()).expect("req")).await;
        let expected = if who == Who::Anonymous {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        };
        if r.status != expected {
            failures.push(format!(
                "GET /api/v1/staff/me as {who:?}: {} (expected {expected})",
                r.status
            ));
        }
        let body = serde_json::json!({
            "indicator": w.indicator, "period": "2024年度", "value": "1"
        });
        let mut req =
            Request::post("/api/v1/staff/actuals").header(header::CONTENT_TYPE, "application/json");
        if let Some(b) = bearer(who) {
            req = req.header(header::AUTHORIZATION, b);
        }
        let r = send(
            &w.router,
            req.body(Body::from(body.to_string())).expect("req"),
        )
        .await;
        let expected = match who {
            Who::Anonymous => StatusCode::UNAUTHORIZED,
            Who::Admin | Who::Planning | Who::Lead => StatusCode::OK,
            Who::Outsider | Who::Council | Who::Viewer => StatusCode::FORBIDDEN,
        };
        if r.status != expected {
            failures.push(format!(
                "POST /api/v1/staff/actuals as {who:?}: {} (expected {expected}) {}",
                r.status, r.body
            ));
        }
    }
    // A session cookie is not a token.
    let c = &w.clients[&Who::Admin];
    let r = c.get("/api/v1/staff/me").await;
    if r.status != StatusCode::UNAUTHORIZED {
        failures.push(format!(
            "GET /api/v1/staff/me with a session cookie: {}",
            r.status
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The reports download as the files they claim to be; unknown files are 404.
#[tokio::test]
async fn reports_download_for_staff() {
    let w = world().await;
    let c = &w.clients[&Who::Council];
    for (uri, kind, magic) in [
        (
            "/staff/reports/council/council.pdf?year=2024",
            "application/pdf",
            &b"%PDF"[..],
        ),
        ("/staff/reports/plan/plan.pdf", "application/pdf", b"%PDF"),
        (
            "/staff/reports/council/council.xlsx?year=2024",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK",
        ),
        (
            "/staff/reports/council/council.html?year=2024",
            "text/html; charset=utf-8",
            b"<!DOCTYPE html>",
        ),
    ] {
        let r = send(
            &w.router,
            Request::get(uri)
                .header(header::COOKIE, &c.cookie)
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        assert_eq!(r.headers[header::CONTENT_TYPE], kind, "{uri}");
        assert!(
            r.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .expect("cd")
                .starts_with("attachment")
        );
        let raw = r.body.as_bytes();
        assert!(
            raw.starts_with(magic)
                || r.body
                    .starts_with(std::str::from_utf8(magic).expect("ascii")),
            "{uri}"
        );
    }
    assert_eq!(
        c.get("/staff/reports/council/council.exe?year=2024")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
