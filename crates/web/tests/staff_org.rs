//! The organisation page and a reorganisation through the workspace: the
//! tree renders, only planning and admins may record (others get 403 and
//! nothing is written), a split recorded with the form moves department
//! scope to the successors for this fiscal year while the PDCA page of an
//! earlier year still names the department of its time, and the account
//! left on the split department is listed for reassignment.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::{DepartmentId, IndicatorId, ProjectId};
use keikaku_model::plan::Plan;
use keikaku_model::scope::projects_printing;
use keikaku_web::{Live, router};
use std::sync::Arc;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
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

struct Browser {
    live: Arc<Live>,
    cookie: String,
    csrf: String,
}

impl Browser {
    async fn sign_in(live: &Arc<Live>, name: &str) -> Browser {
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
            ("password", PASSWORD),
            ("token", &token),
            ("next", "/staff/"),
        ]);
        let res = send(
            live,
            Request::post("/staff/login/")
                .header(header::COOKIE, format!("keikaku_login={login}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
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
}

fn indicator_only_in(plan: &Plan, only: &[&str]) -> IndicatorId {
    plan.indicators
        .iter()
        .map(|i| i.id.clone())
        .find(|id| {
            let ps: Vec<&ProjectId> = projects_printing(plan, id);
            !ps.is_empty() && ps.iter().all(|p| only.contains(&p.as_str()))
        })
        .unwrap_or_else(|| panic!("no indicator only in {only:?}"))
}

/// An entry preview for FY2024: 403 when out of scope, else 200 or 400.
async fn try_entry(b: &Browser, id: &IndicatorId) -> StatusCode {
    b.post(
        &format!("/staff/indicators/{id}/"),
        &[
            ("year", "2024"),
            ("period", "2024年度"),
            ("value", "1"),
            ("version", "0"),
            ("intent", "preview"),
        ],
    )
    .await
    .status
}

#[tokio::test]
async fn a_split_recorded_on_the_page_moves_scope_and_keeps_history() {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let live = Arc::new(Live::new(app, code).await.expect("snapshot"));
    let plan = live.app().current_plan(live.code()).await.expect("plan");
    add_user(&live, "kikaku", Role::Planning, &[]).await;
    add_user(&live, "kenko", Role::Department, &["D02"]).await;
    add_user(&live, "shoko", Role::Department, &["D03"]).await;
    let planner = Browser::sign_in(&live, "kikaku").await;
    let shoko = Browser::sign_in(&live, "shoko").await;

    // The tree renders in both languages; no event yet.
    let page = planner.get("/staff/org/?year=2024").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("健康福祉部") && page.text.contains("name=\"successors\""));
    let en = planner.get("/en/staff/org/").await;
    assert_eq!(en.status, StatusCode::OK);
    assert!(en.text.contains("Recorded reorganisations"), "{}", en.text);
    // A department account reads the page without the forms and may not record.
    let ro = shoko.get("/staff/org/").await;
    assert_eq!(ro.status, StatusCode::OK);
    assert!(!ro.text.contains("name=\"successors\""));
    let refused = shoko
        .post(
            "/staff/org/",
            &[
                ("action", "rename"),
                ("effective", "2024"),
                ("department", "D03"),
                ("name", "産業部"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        live.app()
            .reorganisations(live.code())
            .await
            .expect("list")
            .is_empty()
    );

    // A split that leaves projects unassigned is refused with the reason.
    let now = keikaku_web::staff::this_year().year();
    let now_text = now.to_string();
    let bad = planner
        .post(
            "/staff/org/",
            &[
                ("action", "split"),
                ("effective", &now_text),
                ("department", "D02"),
                ("successors", "D12 健康部\nD13 福祉部"),
                ("assign", "P2 D12"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert!(
        bad.text.contains("no successor is assigned"),
        "{}",
        bad.text
    );
    assert!(bad.text.contains("D13 福祉部"), "the form is kept");

    // The split from this fiscal year: P2 to 健康部, the rest to 福祉部.
    let d02 = DepartmentId::new("D02").expect("id");
    let assign: Vec<String> = plan
        .projects
        .iter()
        .filter(|p| p.lead.contains(&d02) || p.related.contains(&d02))
        .map(|p| {
            let to = if p.id.as_str() == "P2" { "D12" } else { "D13" };
            format!("{} {to}", p.id)
        })
        .collect();
    let assign = assign.join("\n");
    let ok = planner
        .post(
            "/staff/org/",
            &[
                ("action", "split"),
                ("effective", &now_text),
                ("department", "D02"),
                ("successors", "D12 健康部\nD13 福祉部"),
                ("assign", &assign),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let after = planner.get(&format!("/staff/org/?year={now}")).await;
    assert!(after.text.contains("健康部") && after.text.contains("福祉部"));
    assert!(after.text.contains("kenko"), "listed for reassignment");

    // Scope follows the successors.
    add_user(&live, "kenkobu", Role::Department, &["D12"]).await;
    let kenkobu = Browser::sign_in(&live, "kenkobu").await;
    let kenko = Browser::sign_in(&live, "kenko").await;
    let p2_only = indicator_only_in(&plan, &["P2"]);
    let others: Vec<&str> = plan
        .projects
        .iter()
        .filter(|p| p.id.as_str() != "P2" && p.related.contains(&d02))
        .map(|p| p.id.as_str())
        .collect();
    let d13_only = indicator_only_in(&plan, &others);
    assert_ne!(try_entry(&kenkobu, &p2_only).await, StatusCode::FORBIDDEN);
    assert_eq!(try_entry(&kenkobu, &d13_only).await, StatusCode::FORBIDDEN);
    assert_eq!(try_entry(&kenko, &p2_only).await, StatusCode::FORBIDDEN);

    // The PDCA page of FY2022 names the department of its time; this
    // year's names the successor.
    let old = kenkobu.get("/staff/pdca/2022/P2/").await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.text);
    assert!(old.text.contains("健康福祉部"), "{}", old.text);
    let new = kenkobu.get(&format!("/staff/pdca/{now}/P2/")).await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.text);
    assert!(new.text.contains("健康部") && !new.text.contains("健康福祉部"));
}
