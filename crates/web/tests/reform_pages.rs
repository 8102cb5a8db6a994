//! Administrative reform on the portal and in the staff workspace: the
//! public page shows imported items with their owner, target, links and
//! status per year in both languages (well formed, relative links), the
//! basic-plan page links to it beside the items it affects, the static
//! export lists it; in the workspace planning sets a year's status and
//! uploads a CSV (bad files are refused with line and column, nothing
//! written), while other roles are refused.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::budget::{Program, ProgramLinks};
use keikaku_model::ids::{DepartmentId, KeyInitiativeId, ProgramId};
use keikaku_model::reform::Status;
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};
use keikaku_web::{Live, Snapshot, router};
use std::sync::Arc;
use support::client::{Client, send, sign_in};

const PASSWORD: &str = "correct horse battery";

const ITEMS: &str = "id,名称,担当部,目標,目標年度,事業,中項目,重点事業
R-01,事務事業の見直し,企画部,事務事業の見直し 年10件,2024,V2-1,F7-01,V2-1
R-02,公共施設の適正配置,総務部,延床面積 5%削減,,,F7-02,
";

const STATUSES: &str = "id,年度,状況,備考
R-01,2022,実施中,12件を見直し
R-01,2023,完了,
R-02,2023,見直し,目標を改定
";

async fn app() -> (App, String) {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("code");
    let program = Program {
        id: ProgramId::new("V2-1").expect("id"),
        name: "行財政改革推進事業".into(),
        department: DepartmentId::new("D01").expect("id"),
        key_initiative: Some(KeyInitiativeId::new("V2-1").expect("id")),
        links: ProgramLinks::default(),
    };
    let actor = Actor("kikaku".into());
    app.import_budget(&code, &[program], &[], &actor)
        .await
        .expect("catalogue");
    (app, code)
}

async fn with_reform() -> (App, String) {
    let (app, code) = app().await;
    let actor = Actor("kikaku".into());
    for file in [ITEMS, STATUSES] {
        app.import_reform(&code, file.as_bytes(), &actor)
            .await
            .expect("import");
    }
    (app, code)
}

fn html(snap: &Snapshot, lang: Lang, path: &str) -> String {
    match render(snap, lang, path, None) {
        Ok(Rendered::Html(body)) => {
            check_structure(&body, lang, path);
            body
        }
        other => panic!("{path}: {other:?}"),
    }
}

fn attrs<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The page's language, one h1, no skipped heading level, relative links,
/// unique ids that labels refer to, scoped table headers.
fn check_structure(html: &str, lang: Lang, path: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{}\">", lang.code())),
        "{path}: lang"
    );
    for url in attrs(html, "href") {
        assert!(
            !url.starts_with('/') && !url.contains("://") && !url.is_empty(),
            "{path}: link {url} is not relative"
        );
    }
    let ids = attrs(html, "id");
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "{path}: duplicate id {id}");
    }
    for target in attrs(html, "aria-labelledby") {
        assert!(seen.contains(target), "{path}: aria-labelledby {target}");
    }
    let levels: Vec<u32> = html
        .match_indices("<h")
        .filter_map(|(i, _)| {
            let c = html[i + 2..].chars().next()?;
            let after = html[i + 3..].chars().next()?;
            (c.is_ascii_digit() && (after == '>' || after == ' ')).then(|| c.to_digit(10))?
        })
        .collect();
    assert_eq!(levels.first(), Some(&1), "{path}: starts with h1");
    assert_eq!(
        levels.iter().filter(|l| **l == 1).count(),
        1,
        "{path}: one h1"
    );
    for w in levels.windows(2) {
        assert!(w[1] <= w[0] + 1, "{path}: h{} after h{}", w[1], w[0]);
    }
    for (i, _) in html.match_indices("<th") {
        let tag = &html[i..i + html[i..].find('>').expect("tag end")];
        if tag != "<thead" {
            assert!(tag.contains("scope="), "{path}: {tag} without scope");
        }
    }
}

#[tokio::test]
async fn the_public_page_shows_items_with_owner_target_and_status_per_year() {
    let (app, code) = with_reform().await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    assert!(
        all_paths(&snap).contains(&"reform/".to_string()),
        "exported"
    );

    let ja = html(&snap, Lang::Ja, "reform/");
    assert!(ja.contains("<h1>行財政改革の取組</h1>"), "{ja}");
    for text in [
        "事務事業の見直し",
        "企画部",
        "総務部",
        "事務事業の見直し 年10件",
        "2024年度（令和6年度）",
        "12件を見直し",
        "目標を改定",
        "行財政改革推進事業",
    ] {
        assert!(ja.contains(text), "{text} missing");
    }
    // The status-per-year table: a column per year with a status, a cell per item.
    let table = &ja[ja.find("<table").expect("table")..ja.find("</table>").expect("end")];
    assert!(table.contains("<th scope=\"col\">2022年度（令和4年度）</th>"));
    assert!(table.contains("<th scope=\"col\">2023年度（令和5年度）</th>"));
    let r1 = &table[table.find("#R-01").expect("R-01 row")..];
    let r1 = &r1[..r1.find("</tr>").expect("row end")];
    assert!(r1.find(Status::InProgress.label_ja()) < r1.find(Status::Done.label_ja()));
    let r2 = &table[table.find("#R-02").expect("R-02 row")..];
    let r2 = &r2[..r2.find("</tr>").expect("row end")];
    assert!(r2.contains("—") && r2.contains("見直し"), "{r2}");
    // Links to the plan: policy items and key initiatives on the basic-plan page.
    assert!(ja.contains("href=\"../plan/#F7-01\""), "policy item link");
    assert!(ja.contains("href=\"../plan/#V2-1\""), "key initiative link");

    let en = html(&snap, Lang::En, "reform/");
    assert!(en.contains("<h1>Administrative reform</h1>"));
    assert!(en.contains("In progress") && en.contains("Revised"));
    assert!(en.contains("FY2023 (Reiwa 5)"));
    assert!(en.contains("<span lang=\"ja\">事務事業の見直し</span>"));
    assert!(en.contains("href=\"../../en/plan/#F7-01\""));
}

#[tokio::test]
async fn the_plan_links_to_reform_beside_what_it_affects() {
    let (app, code) = with_reform().await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let plan = html(&snap, Lang::Ja, "plan/");
    assert!(
        plan.contains("href=\"../reform/\""),
        "table of contents and section V"
    );
    // Beside policy item F7-01 and key initiative V2-1.
    let f701 = &plan[plan.find("id=\"F7-01\"").expect("F7-01")..];
    let f701 = &f701[..f701.find("<h3").unwrap_or(f701.len())];
    assert!(f701.contains("href=\"../reform/#R-01\""), "{f701}");
    let v21 = &plan[plan.find("id=\"V2-1\"").expect("V2-1")..];
    let v21 = &v21[..v21.find("</dd>").expect("dd")];
    assert!(v21.contains("href=\"../reform/#R-01\""), "{v21}");
    // The footer links it from every page.
    let home = html(&snap, Lang::En, "sdgs/");
    assert!(home.contains("<a href=\"../../en/reform/\">Administrative reform</a>"));
}

#[tokio::test]
async fn without_items_the_page_says_so() {
    let (app, code) = app().await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let ja = html(&snap, Lang::Ja, "reform/");
    assert!(ja.contains("登録されている行財政改革の取組はまだありません。"));
    assert!(!ja.contains("<table"));
}

struct Staffed {
    live: Arc<Live>,
    planning: Client,
    department: Client,
    council: Client,
}

async fn staffed() -> Staffed {
    let (app, code) = with_reform().await;
    let actor = Actor("admin".into());
    let accounts = [
        ("kikaku", Role::Planning, vec![]),
        (
            "sato",
            Role::Department,
            vec![DepartmentId::new("D01").expect("id")],
        ),
        ("shingikai", Role::Council, vec![]),
    ];
    for (name, role, departments) in &accounts {
        let s = Staff {
            name: Username::new(name).expect("name"),
            display_name: (*name).to_string(),
            role: *role,
            departments: departments.clone(),
        };
        app.add_user(&code, &s, PASSWORD, &actor)
            .await
            .expect("user");
    }
    let live = Arc::new(Live::new(app, code).await.expect("live"));
    let r = router(Arc::clone(&live));
    Staffed {
        planning: sign_in(&r, "kikaku", PASSWORD).await,
        department: sign_in(&r, "sato", PASSWORD).await,
        council: sign_in(&r, "shingikai", PASSWORD).await,
        live,
    }
}

async fn upload(c: &Client, bytes: &[u8]) -> support::client::Reply {
    let boundary = "keikaku-reform-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"reform.csv\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("/staff/reform/import/?csrf={}", c.csrf))
        .header(header::COOKIE, &c.cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request");
    send(&c.router, req).await
}

async fn status_of(live: &Live, item: &str, year: i32) -> Option<(Status, String)> {
    live.app()
        .reform(live.code())
        .await
        .expect("reform")
        .statuses
        .into_iter()
        .find(|r| r.status.item.as_str() == item && r.status.year.year() == year)
        .map(|r| (r.status.status, r.status.note))
}

#[tokio::test]
async fn planning_sets_a_status_and_other_roles_are_refused() {
    let s = staffed().await;
    let page = s.planning.get("/staff/reform/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"status\"") && page.body.contains("事務事業の見直し"));
    let fields = [
        ("item", "R-02"),
        ("year", "令和6年度"),
        ("status", "in_progress"),
        ("note", "対象施設を選定"),
    ];
    for other in [&s.department, &s.council] {
        let r = other.post("/staff/reform/", &fields).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = upload(other, ITEMS.as_bytes()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // They read the page, without the forms.
        let page = other.get("/staff/reform/").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("name=\"status\""));
    }
    assert_eq!(status_of(&s.live, "R-02", 2024).await, None);

    let r = s.planning.post("/staff/reform/", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/staff/reform/?saved=1");
    assert_eq!(
        status_of(&s.live, "R-02", 2024).await,
        Some((Status::InProgress, "対象施設を選定".into()))
    );
    let r = s.planning.post("/staff/reform/", &fields).await;
    assert_eq!(r.location(), "/staff/reform/?unchanged=1");

    // A bad form is shown again with its problems; nothing is written.
    let bad = [("item", "R-02"), ("year", "2040"), ("status", "済み")];
    let r = s.planning.post("/staff/reform/", &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("「済み」 is not a status"), "{}", r.body);
    let r = s
        .planning
        .post(
            "/staff/reform/",
            &[("item", "R-02"), ("year", "2040"), ("status", "done")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("FY2040"), "{}", r.body);
    assert_eq!(status_of(&s.live, "R-02", 2040).await, None);

    // The public page shows the new status once the snapshot is reloaded.
    s.live.refresh().await.expect("refresh");
    let snap = s.live.snapshot().await.expect("snapshot");
    let ja = html(&snap, Lang::Ja, "reform/");
    assert!(ja.contains("対象施設を選定"));
}

#[tokio::test]
async fn planning_uploads_a_csv_all_or_nothing() {
    let s = staffed().await;
    let bad = "id,年度,状況,備考\nR-01,2024,完了,\nR-02,2024,おわり,\n";
    let r = upload(&s.planning, bad.as_bytes()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("line 3, column 状況"), "{}", r.body);
    assert_eq!(
        status_of(&s.live, "R-01", 2024).await,
        None,
        "nothing written"
    );

    let good = "id,年度,状況,備考\nR-01,2024,完了,\nR-02,2024,中止,方針変更\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(good.as_bytes());
    let r = upload(&s.planning, &bom).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.location(),
        "/staff/reform/?kind=statuses&rows=2&recorded=2&unchanged_rows=0"
    );
    assert_eq!(
        status_of(&s.live, "R-02", 2024).await,
        Some((Status::Dropped, "方針変更".into()))
    );
    let page = s.planning.get(r.location()).await;
    assert!(page.body.contains("2 / 2 / 0"), "{}", page.body);
}
