//! Stored XSS: a display name, a token label, an actual's source and note,
//! a self-evaluation, a review and a council comment holding `<script>` and
//! `"><img onerror>` render inert everywhere they appear — every staff page,
//! every portal page in both languages, and the static export — while the
//! text itself is still shown (escaped, not dropped).

mod support;

use keikaku_app::{Actor, App};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::actual::ActualValue;
use keikaku_model::period::Period;
use keikaku_model::quantity::{Quantity, Unit};
use keikaku_model::workflow::{Action, Decision, Subject};
use keikaku_store::Expected;
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};
use keikaku_web::{Live, Snapshot, router};
use std::sync::Arc;
use support::client::sign_in;

const PAYLOAD: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>"#;
const PASSWORD: &str = "correct horse battery";

/// Whether the payload is shown as text (escaped by the templates).
fn shown(body: &str) -> bool {
    body.contains("&#60;script&#62;alert(1)") || body.contains("&lt;script&gt;alert(1)")
}

fn inert(where_: &str, body: &str) {
    assert!(
        !body.contains("<script>alert(1)") && !body.contains("<img src=x onerror"),
        "{where_} renders the payload as markup"
    );
}

async fn seeded() -> (App, String, String, String) {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("code");
    let plan = app.current_plan(&code).await.expect("plan");
    let project = plan.projects[0].id.clone();
    let indicator = plan.projects[0].tables[0].rows[0].indicator.clone();
    let unit = plan.indicator(&indicator).expect("indicator").unit.clone();
    let actor = Actor("admin".into());
    let admin = Staff {
        name: Username::new("admin").expect("name"),
        display_name: PAYLOAD.into(),
        role: Role::Admin,
        departments: Vec::new(),
    };
    app.add_user(&code, &admin, PASSWORD, &actor)
        .await
        .expect("user");
    app.create_token(&admin.name, PAYLOAD, &actor)
        .await
        .expect("token");
    // An initiative with a hostile name and a line, for the budget pages.
    let program = keikaku_model::budget::Program {
        id: keikaku_model::ids::ProgramId::new("J-01").expect("id"),
        name: PAYLOAD.into(),
        department: plan.projects[0].lead[0].clone(),
        key_initiative: None,
        links: keikaku_model::budget::ProgramLinks {
            indicators: vec![indicator.clone()],
            ..Default::default()
        },
    };
    let line = keikaku_model::budget::BudgetLine {
        program: program.id.clone(),
        year: "2024".parse().expect("year"),
        initial: keikaku_model::budget::money::Thousands::new(1_000),
        supplementary: keikaku_model::budget::money::Thousands::ZERO,
        settlement: None,
        funding: None,
        personnel: None,
    };
    app.import_budget(&code, &[program], &[line], &actor)
        .await
        .expect("budget");
    // Published, so the portal's cost views show it too.
    app.publish_budget(
        &code,
        2024,
        keikaku_store::PublishStage::Budget,
        true,
        &actor,
    )
    .await
    .expect("publish budget");
    // A reform item with a hostile title and target and a hostile status note.
    let reform = keikaku_model::reform::ReformItem {
        id: keikaku_model::ids::ReformId::new("R-01").expect("id"),
        title: PAYLOAD.into(),
        department: plan.projects[0].lead[0].clone(),
        target: PAYLOAD.into(),
        target_year: None,
        programs: vec![keikaku_model::ids::ProgramId::new("J-01").expect("id")],
        items: vec![plan.fields[0].items[0].id.clone()],
        key_initiatives: Vec::new(),
    };
    app.put_reform_items(&code, &[reform], &actor)
        .await
        .expect("reform item");
    let status = keikaku_model::reform::ReformStatus {
        item: keikaku_model::ids::ReformId::new("R-01").expect("id"),
        year: "2024".parse().expect("year"),
        status: keikaku_model::reform::Status::InProgress,
        note: PAYLOAD.into(),
    };
    app.set_reform_status(&code, &status, &actor)
        .await
        .expect("reform status");
    // A department renamed to a hostile name (organisation pages, project
    // pages, the staff organisation page).
    app.record_reorganisation(
        &code,
        keikaku_model::org::Reorganisation {
            year: "2024".parse().expect("year"),
            change: keikaku_model::org::Change::Rename {
                department: plan.projects[0].lead[0].clone(),
                name: PAYLOAD.into(),
            },
        },
        &actor,
    )
    .await
    .expect("rename");
    let value = ActualValue {
        indicator: indicator.clone(),
        period: Period::parse("2024年度").expect("period"),
        quantity: Quantity {
            amount: "1".parse().expect("amount"),
            unit: Unit::new(unit.as_str()).expect("unit"),
        },
        source: Some(PAYLOAD.into()),
        note: Some(PAYLOAD.into()),
    };
    app.record_actual(&code, &value, Expected::Any, &actor)
        .await
        .expect("actual");
    let year = value.fiscal_year();
    for step in [
        Action::EditSelfEvaluation(PAYLOAD.into()),
        Action::Submit,
        Action::EditReview(PAYLOAD.into()),
        Action::SetDecision(Decision::Improve),
        Action::Review,
        Action::EditCouncilComment(PAYLOAD.into()),
        Action::Publish,
    ] {
        app.pdca_apply(&code, year, Subject::Project(project.clone()), step, &actor)
            .await
            .expect("workflow");
    }
    (app, code, project.to_string(), indicator.to_string())
}

#[tokio::test]
async fn staff_pages_show_hostile_text_escaped() {
    let (app, code, project, indicator) = seeded().await;
    let live = Arc::new(Live::new(app, code).await.expect("live"));
    let router = router(live);
    let admin = sign_in(&router, "admin", PASSWORD).await;
    let mut escaped_somewhere = 0;
    for e in keikaku_web::staff::endpoints() {
        if e.method != axum::http::Method::GET {
            continue;
        }
        let path = e
            .path
            .replace("{id}", &indicator)
            .replace("{program}", "J-01")
            .replace("{year}", "2024")
            .replace("{subject}", &project)
            .replace("council/{file}", "council/council.html")
            .replace("plan/{file}", "plan/plan.html");
        for prefix in ["/staff", "/en/staff"] {
            let uri = format!("{prefix}{path}");
            let r = admin.get(&uri).await;
            assert!(r.status.is_success(), "{uri}: {}", r.status);
            inert(&uri, &r.body);
            escaped_somewhere += usize::from(shown(&r.body));
        }
    }
    // The name in the header of every page, the texts on the PDCA and
    // indicator pages, the token label on the account page: shown, escaped.
    assert!(
        escaped_somewhere >= 10,
        "escaped text shown on {escaped_somewhere} pages"
    );
    let pdca = admin.get(&format!("/staff/pdca/2024/{project}/")).await;
    assert!(
        pdca.body.matches("&#60;script&#62;alert(1)").count() >= 4,
        "self-evaluation, review, comment, name"
    );
    let audit = admin.get("/staff/audit/").await;
    inert("audit", &audit.body);
    let reform = admin.get("/staff/reform/").await;
    assert!(
        reform.body.matches("&#60;script&#62;alert(1)").count() >= 4,
        "reform title, target, note and the item choice"
    );
    let org = admin.get("/staff/org/?year=2024").await;
    inert("org", &org.body);
    assert!(
        shown(&org.body),
        "the renamed department on the staff org page"
    );
}

#[tokio::test]
async fn portal_pages_and_the_export_show_hostile_text_escaped() {
    let (app, code, project, _) = seeded().await;
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let mut count = 0;
    for lang in Lang::ALL {
        for path in all_paths(&snap) {
            // Downloads (JSON, CSV) carry the text as data; pages must not run it.
            let body = match render(&snap, lang, &path, None) {
                Ok(Rendered::Html(b)) => b,
                Ok(Rendered::File { .. }) => continue,
                Err(e) => panic!("{path}: {e:?}"),
            };
            inert(&path, &body);
            count += usize::from(shown(&body));
        }
    }
    let page = match render(&snap, Lang::Ja, &format!("projects/{project}/"), None) {
        Ok(Rendered::Html(b)) => b,
        other => panic!("project page: {other:?}"),
    };
    assert!(shown(&page), "the published texts are shown");
    for path in ["budget/", "budget/2024/", "budget/programs/J-01/"] {
        for lang in Lang::ALL {
            let body = match render(&snap, lang, path, None) {
                Ok(Rendered::Html(b)) => b,
                other => panic!("{path}: {other:?}"),
            };
            assert!(shown(&body), "{path} shows the initiative's name escaped");
        }
    }
    for path in ["org/", "org/2024/"] {
        for lang in Lang::ALL {
            let body = match render(&snap, lang, path, None) {
                Ok(Rendered::Html(b)) => b,
                other => panic!("{path}: {other:?}"),
            };
            assert!(shown(&body), "{path} shows the renamed department escaped");
        }
    }
    for path in ["reform/", "plan/"] {
        for lang in Lang::ALL {
            let body = match render(&snap, lang, path, None) {
                Ok(Rendered::Html(b)) => b,
                other => panic!("{path}: {other:?}"),
            };
            assert!(shown(&body), "{path} shows the reform item escaped");
        }
    }
    assert!(count >= 2, "shown escaped on {count} pages");
    let dir = std::env::temp_dir().join(format!("keikaku-xss-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    keikaku_web::export::export(&snap, &dir).expect("export");
    let mut files = vec![dir.clone()];
    let mut checked = 0;
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(
                std::fs::read_dir(&p)
                    .expect("dir")
                    .map(|e| e.expect("entry").path()),
            );
        } else if p.extension().is_some_and(|e| e == "html") {
            let body = std::fs::read_to_string(&p).expect("file");
            inert(&p.display().to_string(), &body);
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} exported pages checked");
    let _ = std::fs::remove_dir_all(&dir);
}
