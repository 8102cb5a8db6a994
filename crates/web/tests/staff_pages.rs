//! The staff pages for accounts, my account and API tokens, the audit
//! trail, plan editing and uploads, and the token API, called through the
//! whole router with `oneshot`: signing in with the real sign-in form,
//! posting forms with the session's CSRF token, and checking what the
//! application stored.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::{DepartmentId, IndicatorId};
use keikaku_model::scope::covers_indicator;
use keikaku_web::{Live, router};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

async fn live() -> Arc<Live> {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    Arc::new(Live::new(app, code).await.expect("snapshot"))
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
}

async fn send(live: &Arc<Live>, req: Request<Body>) -> Reply {
    let res = router(Arc::clone(live))
        .oneshot(req)
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        headers,
        text: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The value of the first `name="…" value="…"` input in a page.
fn input(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no input {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap_or("").to_owned()
}

fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// A signed-in browser: its session cookie and CSRF token.
struct Browser {
    live: Arc<Live>,
    cookie: String,
    csrf: String,
}

async fn add_user(live: &Live, name: &str, role: Role, departments: &[&str]) {
    let staff = Staff {
        name: Username::new(name).expect("name"),
        display_name: format!("{name} さん"),
        role,
        departments: departments
            .iter()
            .map(|d| DepartmentId::new(*d).expect("department"))
            .collect(),
    };
    live.app()
        .add_user(live.code(), &staff, PASSWORD, &Actor("test".into()))
        .await
        .expect("add user");
}

async fn try_sign_in(live: &Arc<Live>, name: &str, password: &str) -> Reply {
    let page = send(
        live,
        Request::get("/staff/login/")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let login = set_cookie(&page.headers, "keikaku_login").expect("login cookie");
    let token = input(&page.text, "token");
    let body = form(&[
        ("name", name),
        ("password", password),
        ("token", &token),
        ("next", "/staff/"),
    ]);
    send(
        live,
        Request::post("/staff/login/")
            .header(header::COOKIE, format!("keikaku_login={login}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

impl Browser {
    async fn sign_in(live: &Arc<Live>, name: &str) -> Browser {
        let res = try_sign_in(live, name, PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
        let cookie = set_cookie(&res.headers, "keikaku_session").expect("session cookie");
        let mut b = Browser {
            live: Arc::clone(live),
            cookie,
            csrf: String::new(),
        };
        let home = b.get("/staff/").await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.text);
        b.csrf = input(&home.text, "csrf");
        b
    }

    async fn get(&self, uri: &str) -> Reply {
        let req = Request::get(uri)
            .header(header::COOKIE, format!("keikaku_session={}", self.cookie))
            .body(Body::empty())
            .expect("request");
        send(&self.live, req).await
    }

    async fn post(&self, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(pairs);
        let req = Request::post(uri)
            .header(header::COOKIE, format!("keikaku_session={}", self.cookie))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&all)))
            .expect("request");
        send(&self.live, req).await
    }

    async fn upload(&self, bytes: &[u8], with_csrf: bool) -> Reply {
        let boundary = "keikaku-test-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"actuals.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let uri = if with_csrf {
            format!("/staff/import/?csrf={}", self.csrf)
        } else {
            "/staff/import/".to_owned()
        };
        let req = Request::post(uri)
            .header(header::COOKIE, format!("keikaku_session={}", self.cookie))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        send(&self.live, req).await
    }
}

async fn actual_count(live: &Live) -> usize {
    live.app()
        .current_actuals(live.code())
        .await
        .expect("actuals")
        .len()
}

/// An indicator in the department's scope and one outside it.
async fn in_and_out(live: &Live, dept: &str) -> (IndicatorId, IndicatorId) {
    let plan = live.app().current_plan(live.code()).await.expect("plan");
    let d = [DepartmentId::new(dept).expect("department")];
    let find = |inside: bool| {
        plan.indicators
            .iter()
            .find(|i| covers_indicator(&plan, &d, &i.id) == inside)
            .map(|i| i.id.clone())
            .expect("indicator")
    };
    (find(true), find(false))
}

#[tokio::test]
async fn an_admin_adds_refuses_bad_input_and_disables_accounts() {
    let live = live().await;
    add_user(&live, "root", Role::Admin, &[]).await;
    let admin = Browser::sign_in(&live, "root").await;
    let page = admin.get("/staff/users/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("root さん"));

    let add = |name: &'static str, password: &'static str, dept: &'static str| {
        [
            ("action", "add"),
            ("name", name),
            ("display_name", "佐藤 <花子>"),
            ("role", "department"),
            ("department", dept),
            ("password", password),
        ]
    };
    let res = admin
        .post("/staff/users/", &add("sato", PASSWORD, "D02"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let sato = live
        .app()
        .user(&Username::new("sato").expect("name"))
        .await
        .expect("sato");
    assert_eq!(sato.staff.role, Role::Department);
    assert_eq!(sato.staff.departments[0].as_str(), "D02");
    let list = admin.get("/staff/users/").await;
    assert!(
        list.text.contains("佐藤 &#60;花子&#62;") && !list.text.contains("<花子>"),
        "escaped display name"
    );

    for (pairs, why) in [
        (add("sato", PASSWORD, "D02"), "taken"),
        (add("suzuki", "short", "D02"), "10 to 1024"),
        (add("suzuki", PASSWORD, "D99"), "D99"),
    ] {
        let res = admin.post("/staff/users/", &pairs).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{why}");
        assert!(res.text.contains(why), "{why}: {}", res.text);
        assert!(
            res.text.contains("name=\"csrf\""),
            "the form is shown again"
        );
    }
    assert!(
        live.app()
            .user(&Username::new("suzuki").expect("name"))
            .await
            .is_err()
    );

    let res = admin
        .post("/staff/users/", &[("action", "disable"), ("name", "root")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "not oneself");
    let res = admin
        .post("/staff/users/", &[("action", "disable"), ("name", "sato")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let refused = try_sign_in(&live, "sato", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let res = admin
        .post("/staff/users/", &[("action", "enable"), ("name", "sato")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let sato = Browser::sign_in(&live, "sato").await;
    assert_eq!(
        sato.get("/staff/users/").await.status,
        StatusCode::FORBIDDEN
    );
    let res = sato
        .post("/staff/users/", &[("action", "disable"), ("name", "root")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_department_upload_with_a_row_out_of_scope_records_nothing() {
    let live = live().await;
    add_user(&live, "kenko", Role::Department, &["D02"]).await;
    let (inside, outside) = in_and_out(&live, "D02").await;
    let dept = Browser::sign_in(&live, "kenko").await;
    let page = dept.get("/staff/import/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("enctype=\"multipart/form-data\""));
    assert!(page.text.contains(inside.as_str()), "the scope is listed");

    let csv = format!("indicator,period,value\n{inside},2024年度,1\n{outside},2024年度,2\n");
    let res = dept.upload(csv.as_bytes(), true).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert!(
        res.text.contains(&format!("line 3: {outside}")),
        "{}",
        res.text
    );
    assert!(!res.text.contains("line 2:"), "the row in scope is fine");
    assert_eq!(actual_count(&live).await, 0, "all or nothing");

    let bad = format!("indicator,period,value\n{inside},2024年度,abc\n");
    let res = dept.upload(bad.as_bytes(), true).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text.contains("line 2, column value"), "{}", res.text);

    let ok = format!("indicator,period,value\n{inside},2024年度,1\n");
    let res = dept.upload(ok.as_bytes(), true).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(res.location().contains("inserted=1"), "{}", res.location());
    assert_eq!(actual_count(&live).await, 1);
    let done = dept.get(res.location()).await;
    assert!(done.text.contains("role=\"status\""));
    let again = dept.upload(ok.as_bytes(), true).await;
    assert!(
        again.location().contains("unchanged=1"),
        "{}",
        again.location()
    );
}

#[tokio::test]
async fn oversized_wrong_type_and_unprotected_uploads_are_refused() {
    let live = live().await;
    add_user(&live, "kikaku", Role::Planning, &[]).await;
    let planner = Browser::sign_in(&live, "kikaku").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let res = planner.upload(png, true).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(res.text.contains("CSV"), "{}", res.text);
    let big = vec![b'a'; keikaku_web::staff::UPLOAD_LIMIT + 1];
    let res = planner.upload(&big, true).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    let csv = "indicator,period,value\nKPI-03,2024年度,60\n";
    let res = planner.upload(csv.as_bytes(), false).await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "the CSRF token is needed"
    );
    assert_eq!(actual_count(&live).await, 0);
    let res = planner.upload(csv.as_bytes(), true).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(actual_count(&live).await, 1);

    add_user(&live, "etsuran", Role::Viewer, &[]).await;
    let viewer = Browser::sign_in(&live, "etsuran").await;
    let page = viewer.get("/staff/import/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("type=\"file\""), "no form for viewers");
    let res = viewer.upload(csv.as_bytes(), true).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn api(
    live: &Arc<Live>,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    send(live, req.body(body).expect("request")).await
}

#[tokio::test]
async fn the_token_api_answers_for_its_account_within_its_scope() {
    let live = live().await;
    add_user(&live, "kenko", Role::Department, &["D02"]).await;
    let (inside, outside) = in_and_out(&live, "D02").await;
    let dept = Browser::sign_in(&live, "kenko").await;
    let created = dept
        .post(
            "/staff/account/",
            &[("action", "token"), ("label", "集計スクリプト")],
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let start = created.text.find("kk_").expect("secret shown once");
    let secret = format!(
        "kk_{}",
        created.text[start + 3..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect::<String>()
    );
    assert!(secret.len() > 60);
    let account = dept.get("/staff/account/").await;
    assert!(account.text.contains("集計スクリプト"));
    assert!(
        !account.text.contains(&secret),
        "the secret is not shown again"
    );

    let me = api(&live, "GET", "/api/v1/staff/me", Some(&secret), None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json()["name"], "kenko");
    assert_eq!(me.json()["departments"][0], "D02");
    assert_eq!(me.headers[header::CACHE_CONTROL], "no-store");

    let record = |id: &IndicatorId, value: &str, expected: Option<i64>| {
        let mut v =
            serde_json::json!({"indicator": id.as_str(), "period": "2024年度", "value": value});
        if let Some(e) = expected {
            v["expected_version"] = e.into();
        }
        v
    };
    let res = api(
        &live,
        "POST",
        "/api/v1/staff/actuals",
        Some(&secret),
        Some(record(&inside, "12.50", Some(0))),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["version"], 1);
    assert_eq!(res.json()["value"], "12.50", "precision kept");
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
    let stale = api(
        &live,
        "POST",
        "/api/v1/staff/actuals",
        Some(&secret),
        Some(record(&inside, "13", Some(0))),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    let out = api(
        &live,
        "POST",
        "/api/v1/staff/actuals",
        Some(&secret),
        Some(record(&outside, "1", None)),
    )
    .await;
    assert_eq!(out.status, StatusCode::FORBIDDEN, "{}", out.text);
    assert_eq!(
        out.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let bad = serde_json::json!({"indicator": "KPI-999", "period": "いつか", "value": "1.2.3"});
    let bad = api(
        &live,
        "POST",
        "/api/v1/staff/actuals",
        Some(&secret),
        Some(bad),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    let fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(fields, ["indicator", "period", "value"]);
    assert_eq!(actual_count(&live).await, 1);

    let anonymous = api(&live, "GET", "/api/v1/staff/me", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.headers.contains_key(header::WWW_AUTHENTICATE));
    let cookie_only = send(
        &live,
        Request::get("/api/v1/staff/me")
            .header(header::COOKIE, format!("keikaku_session={}", dept.cookie))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(
        cookie_only.status,
        StatusCode::UNAUTHORIZED,
        "cookies do not count"
    );
    let wrong = api(&live, "GET", "/api/v1/staff/me", Some("kk_0000"), None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let id = input(&account.text, "id");
    let revoked = dept
        .post("/staff/account/", &[("action", "revoke"), ("id", &id)])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let me = api(&live, "GET", "/api/v1/staff/me", Some(&secret), None).await;
    assert_eq!(
        me.status,
        StatusCode::UNAUTHORIZED,
        "a revoked token is refused"
    );
    let get = api(&live, "GET", "/api/v1/staff/actuals", Some(&secret), None).await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn changing_my_password_needs_the_current_one_and_signs_me_out() {
    let live = live().await;
    add_user(&live, "sato", Role::Council, &[]).await;
    let me = Browser::sign_in(&live, "sato").await;
    let wrong = me
        .post(
            "/staff/account/",
            &[
                ("action", "password"),
                ("current", "nope"),
                ("new", "a new long password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let ok = me
        .post(
            "/staff/account/",
            &[
                ("action", "password"),
                ("current", PASSWORD),
                ("new", "a new long password"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert!(ok.location().starts_with("/staff/login/"));
    let after = me.get("/staff/").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "the old session ended");
    let again = try_sign_in(&live, "sato", "a new long password").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_audit_trail_shows_who_changed_an_indicator_newest_first() {
    let live = live().await;
    add_user(&live, "etsuran", Role::Viewer, &[]).await;
    let csv = "indicator,period,value\nKPI-03,2023年度,55\nKPI-07,2024年3月末,19.20\n";
    live.app()
        .import_actuals(live.code(), csv.as_bytes(), &Actor("tanaka".into()))
        .await
        .expect("import");
    let viewer = Browser::sign_in(&live, "etsuran").await;
    let page = viewer.get("/staff/audit/?entity=KPI-03").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("tanaka"), "{}", page.text);
    assert!(page.text.contains("actual.record"));
    assert!(
        page.text
            .contains("href=\"/staff/indicators/KPI-03/?year=2023\"")
    );
    assert!(!page.text.contains("KPI-07/"), "filtered by entity");
    let all = viewer.get("/staff/audit/").await;
    let newest = all.text.find("KPI-07/2023").expect("KPI-07");
    let older = all.text.find("KPI-03/2023").expect("KPI-03");
    assert!(newest < older, "newest first");
    assert!(all.text.contains("user.create"), "account changes too");
    let seq = live.app().store().change_count().await.expect("count");
    let before = viewer.get(&format!("/staff/audit/?before={seq}")).await;
    assert!(!before.text.contains("KPI-07/2023"), "paged back");
    assert!(before.text.contains("KPI-03/2023"));
    let bad = viewer.get("/staff/audit/?before=x").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn planning_drafts_renames_edits_texts_and_publishes_an_edition() {
    let live = live().await;
    add_user(&live, "kikaku", Role::Planning, &[]).await;
    add_user(&live, "etsuran", Role::Viewer, &[]).await;
    let planner = Browser::sign_in(&live, "kikaku").await;
    let viewer = Browser::sign_in(&live, "etsuran").await;
    let page = planner.get("/staff/plan/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("value=\"new\""));
    let res = planner.post("/staff/plan/", &[("action", "new")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let code = live.code().to_owned();
    let draft = live.app().edition(&code, "E2023").await.expect("E2023");
    assert!(draft.edition.published.is_none());

    let uri = "/staff/plan/indicators/KPI-03/?edition=E2023";
    let form = planner.get(uri).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let mut fields: Vec<(String, String)> = vec![
        ("edition".into(), "E2023".into()),
        ("name".into(), "移住定住施策による移住件数".into()),
    ];
    for col in ["initial", "baseline", "interim", "target"] {
        for kind in ["amount", "period"] {
            let name = format!("{kind}_{col}");
            let value = input(&form.text, &name);
            fields.push((name, value));
        }
    }
    let target = fields
        .iter()
        .position(|(k, _)| k == "amount_target")
        .expect("target");
    fields[target].1 = "abc".into();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let bad = planner.post("/staff/plan/indicators/KPI-03/", &pairs).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text.contains("target amount"), "{}", bad.text);
    fields[target].1 = "70".into();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let ok = planner.post("/staff/plan/indicators/KPI-03/", &pairs).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let draft = live.app().edition(&code, "E2023").await.expect("E2023");
    let kpi = draft
        .indicator(&IndicatorId::new("KPI-03").expect("id"))
        .expect("KPI-03");
    assert_eq!(kpi.name, "移住定住施策による移住件数");
    let old = live.app().edition(&code, "E2022").await.expect("E2022");
    let before = old.indicator(&kpi.id).expect("KPI-03");
    assert_eq!(
        kpi.values.interim, before.values.interim,
        "untouched columns stay"
    );
    assert_eq!(
        kpi.values
            .target
            .as_ref()
            .map(|v| v.quantity.amount.to_string()),
        Some("70".to_owned())
    );

    let res = planner
        .post(
            "/staff/plan/",
            &[
                ("action", "add_initiative"),
                ("edition", "E2023"),
                ("direction", "P1-D1"),
                ("text", "新しい取組"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let res = planner
        .post(
            "/staff/plan/",
            &[
                ("action", "summary"),
                ("edition", "E2023"),
                ("project", "P1"),
                ("summary", "一段落目\n\n二段落目"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let draft = live.app().edition(&code, "E2023").await.expect("E2023");
    let p1 = &draft.projects[0];
    assert_eq!(p1.summary, ["一段落目", "二段落目"]);
    assert!(
        p1.directions[0]
            .initiatives
            .iter()
            .any(|i| i.text == "新しい取組")
    );

    let read = viewer.get("/staff/plan/").await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(
        !read.text.contains("value=\"publish\""),
        "read-only for viewers"
    );
    let read = viewer.get(uri).await;
    assert!(read.text.contains("移住定住施策による移住件数"));
    assert!(!read.text.contains("name=\"amount_target\""));
    let refused = viewer
        .post(
            "/staff/plan/",
            &[
                ("action", "publish"),
                ("edition", "E2023"),
                ("month", "2023年3月"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let bad_month = planner
        .post(
            "/staff/plan/",
            &[
                ("action", "publish"),
                ("edition", "E2023"),
                ("month", "2023年度"),
            ],
        )
        .await;
    assert_eq!(
        bad_month.status,
        StatusCode::BAD_REQUEST,
        "{}",
        bad_month.text
    );
    let res = planner
        .post(
            "/staff/plan/",
            &[
                ("action", "publish"),
                ("edition", "E2023"),
                ("month", "2023年3月"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let published = live.app().edition(&code, "E2023").await.expect("E2023");
    assert_eq!(
        published
            .edition
            .published
            .as_ref()
            .map(|p| p.written().to_owned()),
        Some("2023年3月".to_owned())
    );
    let frozen = planner.post("/staff/plan/indicators/KPI-03/", &pairs).await;
    assert_eq!(
        frozen.status,
        StatusCode::CONFLICT,
        "a published edition never changes"
    );
    assert!(
        frozen.text.contains("name=\"csrf\""),
        "the form is shown again"
    );
}

#[tokio::test]
async fn every_new_page_renders_for_every_role() {
    let live = live().await;
    let roles = [
        ("a", Role::Admin, vec![]),
        ("p", Role::Planning, vec![]),
        ("d", Role::Department, vec!["D02"]),
        ("c", Role::Council, vec![]),
        ("v", Role::Viewer, vec![]),
    ];
    for (name, role, depts) in &roles {
        add_user(&live, name, *role, depts).await;
    }
    for (name, role, _) in &roles {
        let b = Browser::sign_in(&live, name).await;
        for path in [
            "/staff/account/",
            "/staff/audit/",
            "/staff/plan/",
            "/staff/plan/indicators/KPI-03/",
            "/staff/import/",
            "/en/staff/account/",
            "/en/staff/plan/",
            "/en/staff/import/",
            "/en/staff/audit/",
        ] {
            let res = b.get(path).await;
            assert_eq!(res.status, StatusCode::OK, "{name} {path}");
            assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
        }
        let users = b.get("/staff/users/").await;
        let expected = if *role == Role::Admin {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(users.status, expected, "{name} users");
        let none = b.get("/staff/plan/indicators/NOPE/").await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
    }
}
