//! Budgets through the application layer on SQLite and PostgreSQL, with
//! the fixture files (tests/fixtures/budget, fictional figures, totals
//! computed by hand in its README): import, what the public sees before
//! and after publication, exact totals, all-or-nothing refusals, and an
//! initiative owned by a department that only exists after a split.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use keikaku_app::{Actor, App, AppError};
use keikaku_ingest::budget::{BudgetFile, read_budget};
use keikaku_model::budget::money::Thousands;
use keikaku_model::budget::{BudgetLine, Proposal};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, EditionId, ProgramId};
use keikaku_model::org::{Assignment, Change, Reorganisation, Successor};
use keikaku_model::plan::Plan;
use keikaku_store::{Expected, PublishStage};
use std::path::PathBuf;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year")
}

fn k(n: i64) -> Thousands {
    Thousands::new(n)
}

fn actor() -> Actor {
    Actor("planner".into())
}

fn fixture(plan: &Plan, name: &str) -> BudgetFile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/budget")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    read_budget(&bytes, plan).expect("valid fixture")
}

async fn loaded(url: &str) -> (App, String) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("code");
    let plan = app.plan_with_every_department(&code).await.expect("plan");
    let mut file = fixture(&plan, "programs.csv");
    file.extend(fixture(&plan, "lines.csv"));
    let s = app
        .import_budget(&code, &file.programs, &file.lines, &actor())
        .await
        .expect("import");
    assert_eq!((s.recorded, s.unchanged), (12, 0));
    (app, code)
}

async fn public_totals_follow_publication(url: &str) {
    let (app, code) = loaded(url).await;
    let staff = app.budget(&code).await.expect("budget");
    assert_eq!(
        staff.book().overall(fy(2022)).expect("sum").total,
        k(146_000)
    );

    let public = app.public_budget(&code).await.expect("public");
    assert!(
        public.lines.is_empty(),
        "nothing is public before publication"
    );

    app.publish_budget(&code, 2022, PublishStage::Budget, true, &actor())
        .await
        .expect("publish budget");
    let public = app.public_budget(&code).await.expect("public");
    assert_eq!(public.lines.len(), 5, "FY2022 only");
    assert!(public.lines.iter().all(|l| l.settlement.is_none()));
    let t = public.book().overall(fy(2022)).expect("sum");
    // Budget basis: 予算現額 90,000 + 人件費 60,400.
    assert_eq!((t.budget, t.total, t.settled), (k(90_000), k(150_400), 0));
    assert_eq!(t.execution_rate(), None);

    app.publish_budget(&code, 2022, PublishStage::Settlement, true, &actor())
        .await
        .expect("publish settlement");
    let public = app.public_budget(&code).await.expect("public");
    let t = public.book().overall(fy(2022)).expect("sum");
    assert_eq!((t.settlement, t.total), (k(85_600), k(146_000)));
    assert_eq!(
        t.execution_rate().map(|r| r.to_string()),
        Some("95.1".into())
    );
}

async fn refused_input_changes_nothing(url: &str) {
    let (app, code) = loaded(url).await;
    let before = app.budget(&code).await.expect("budget").rows;
    let mut line: BudgetLine = before[0].line.clone();
    line.initial = k(1);
    line.funding = None;
    let ghost = BudgetLine {
        program: ProgramId::new("J-99").expect("id"),
        ..line.clone()
    };
    let err = app
        .import_budget(&code, &[], &[line.clone(), ghost], &actor())
        .await
        .expect_err("unknown initiative");
    let AppError::Invalid(msgs) = err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert_eq!(msgs.len(), 1);
    assert!(
        msgs[0].contains("no initiative J-99 in the catalogue"),
        "{msgs:?}"
    );
    assert_eq!(app.budget(&code).await.expect("budget").rows, before);

    // A stale edit is a conflict; the right version writes.
    let err = app
        .set_budget_line(&code, &line, Expected::Version(7), &actor())
        .await
        .expect_err("stale");
    assert!(matches!(err, AppError::Store(_)), "{err:?}");
    let v = app
        .set_budget_line(&code, &line, Expected::Version(before[0].version), &actor())
        .await
        .expect("edit");
    assert_eq!(v, before[0].version + 1);

    // Proposals belong in a draft edition.
    let proposal = Proposal {
        edition: EditionId::new("E2022").expect("id"),
        program: ProgramId::new("J-01").expect("id"),
        year: fy(2023),
        amount: k(14_000),
        decision: None,
        note: String::new(),
    };
    let err = app
        .set_proposal(&code, &proposal, &actor())
        .await
        .expect_err("published edition");
    assert!(err.to_string().contains("is published"), "{err}");
    assert!(
        app.proposals(&code, "E2022")
            .await
            .expect("list")
            .is_empty()
    );
}

async fn initiatives_follow_a_split(url: &str) {
    let (app, code) = loaded(url).await;
    let plan = app.current_plan(&code).await.expect("plan");
    let d02 = DepartmentId::new("D02").expect("id");
    let assign = plan
        .projects
        .iter()
        .filter(|p| p.lead.contains(&d02) || p.related.contains(&d02))
        .map(|p| Assignment {
            project: p.id.clone(),
            department: DepartmentId::new(if p.id.as_str() == "P2" { "D12" } else { "D13" })
                .expect("id"),
        })
        .collect();
    let split = Reorganisation {
        year: fy(2024),
        change: Change::Split {
            from: d02,
            into: vec![
                Successor {
                    id: DepartmentId::new("D12").expect("id"),
                    name: "健康部".into(),
                },
                Successor {
                    id: DepartmentId::new("D13").expect("id"),
                    name: "福祉部".into(),
                },
            ],
            assign,
            sections: vec![],
        },
    };
    app.record_reorganisation(&code, split, &actor())
        .await
        .expect("split");
    // The new department is known to budget files, by name too.
    let budget_plan = app.plan_with_every_department(&code).await.expect("plan");
    let file = read_budget(
        "事業ID,事業名,担当部,中項目\nJ-20,福祉総合相談事業,福祉部,F2-03\n".as_bytes(),
        &budget_plan,
    )
    .expect("福祉部 is a department now");
    app.import_budget(&code, &file.programs, &[], &actor())
        .await
        .expect("import");
    let data = app.budget(&code).await.expect("budget");
    let j20 = data.program("J-20").expect("J-20");
    assert_eq!(j20.department.as_str(), "D13");
    assert_eq!(
        data.plan
            .department(&j20.department)
            .map(|d| d.name.as_str()),
        Some("福祉部")
    );
    // The initiative owned by the dissolved department keeps its owner and name.
    let j03 = data.program("J-03").expect("J-03");
    assert_eq!(
        data.plan
            .department(&j03.department)
            .map(|d| d.name.as_str()),
        Some("健康福祉部")
    );
}

/// Adding and editing one initiative: the expectation is checked inside the
/// write transaction, so a taken ID or a stale edit is a conflict and
/// changes nothing.
async fn one_initiative_is_added_and_edited_without_lost_updates(url: &str) {
    use keikaku_store::{ProgramExpected, StoreError, program_fingerprint};
    let (app, code) = loaded(url).await;
    let mut j01 = app
        .budget(&code)
        .await
        .expect("budget")
        .program("J-01")
        .expect("J-01")
        .clone();
    let loaded_fp = program_fingerprint(&j01).expect("fingerprint");
    let conflict =
        |r: Result<(), AppError>| matches!(r, Err(AppError::Store(StoreError::Conflict { .. })));
    // J-01 exists: adding it as new is a conflict.
    assert!(conflict(
        app.put_program(&code, &j01, &ProgramExpected::New, &actor())
            .await
    ));
    // An edit with the loaded fingerprint writes…
    j01.name = "移住定住促進事業（改）".into();
    app.put_program(
        &code,
        &j01,
        &ProgramExpected::Fingerprint(loaded_fp.clone()),
        &actor(),
    )
    .await
    .expect("edit");
    // …and a second edit from the same stale form is refused.
    j01.name = "別の名前".into();
    assert!(conflict(
        app.put_program(
            &code,
            &j01,
            &ProgramExpected::Fingerprint(loaded_fp),
            &actor()
        )
        .await
    ));
    let now = app.budget(&code).await.expect("budget");
    assert_eq!(
        now.program("J-01").expect("J-01").name,
        "移住定住促進事業（改）"
    );
    // A new ID is added once; invalid links are refused before the store.
    let mut j50 = j01.clone();
    j50.id = ProgramId::new("J-50").expect("id");
    app.put_program(&code, &j50, &ProgramExpected::New, &actor())
        .await
        .expect("add");
    assert!(conflict(
        app.put_program(&code, &j50, &ProgramExpected::New, &actor())
            .await
    ));
    let mut bad = j50.clone();
    bad.id = ProgramId::new("J-51").expect("id");
    bad.links.indicators.push("KPI-99".parse().expect("id"));
    let err = app
        .put_program(&code, &bad, &ProgramExpected::New, &actor())
        .await
        .expect_err("unknown indicator");
    assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    assert!(
        app.budget(&code)
            .await
            .expect("budget")
            .program("J-51")
            .is_none()
    );
}

on_both_backends!(
    one_initiative_is_added_and_edited_without_lost_updates,
    public_totals_follow_publication,
    refused_input_changes_nothing,
    initiatives_follow_a_split,
);
