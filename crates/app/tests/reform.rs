//! Administrative reform on SQLite and PostgreSQL: importing items and
//! statuses per fiscal year, re-importing changes nothing, a bad file
//! changes nothing at all, setting one status, and every write in the
//! audit trail.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use keikaku_app::{Actor, App, AppError};
use keikaku_ingest::reform::ReformKind;
use keikaku_model::budget::{Program, ProgramLinks};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, KeyInitiativeId, ProgramId, ReformId};
use keikaku_model::reform::{ReformStatus, Status};

const ITEMS: &str = "id,名称,担当部,目標,目標年度,事業,中項目,重点事業
R-01,事務事業の見直し,企画部,事務事業の見直し 年10件,2024,V2-1,F7-01,行財政改革推進事業
R-02,公共施設の適正配置,総務部,延床面積 5%削減,2028,,F7-02;F7-03,V2-1
";

const STATUSES: &str = "id,年度,状況,備考
R-01,2022,実施中,12件を見直し
R-01,2023,完了,
R-02,2023,未着手,
";

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year")
}

async fn setup(url: &str) -> (App, String) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("code");
    let program = Program {
        id: ProgramId::new("V2-1").expect("id"),
        name: "行財政改革推進事業".into(),
        department: DepartmentId::new("D01").expect("id"),
        key_initiative: Some(KeyInitiativeId::new("V2-1").expect("id")),
        links: ProgramLinks::default(),
    };
    app.import_budget(&code, &[program], &[], &Actor("budget".into()))
        .await
        .expect("catalogue");
    (app, code)
}

fn invalid(e: AppError) -> Vec<String> {
    match e {
        AppError::Invalid(list) => list,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

async fn import_status_per_year_and_audit(url: &str) {
    let (app, code) = setup(url).await;
    let actor = Actor("kikaku".into());
    let first = app
        .import_reform(&code, ITEMS.as_bytes(), &actor)
        .await
        .expect("items");
    assert_eq!(first.kind, ReformKind::Items);
    assert_eq!((first.rows, first.summary.recorded), (2, 2));
    let statuses = app
        .import_reform(&code, STATUSES.as_bytes(), &actor)
        .await
        .expect("statuses");
    assert_eq!(statuses.kind, ReformKind::Statuses);
    assert_eq!(statuses.summary.recorded, 3);

    let data = app.reform(&code).await.expect("read");
    let ids: Vec<&str> = data.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["R-01", "R-02"]);
    let r1 = ReformId::new("R-01").expect("id");
    assert_eq!(data.years(), [fy(2022), fy(2023)]);
    let in_2022 = data.status_in(&r1, fy(2022)).expect("2022");
    assert_eq!(in_2022.status.status, Status::InProgress);
    assert_eq!(in_2022.status.note, "12件を見直し");
    assert_eq!(in_2022.actor, "kikaku");
    assert_eq!(
        data.latest(&r1).map(|r| r.status.status),
        Some(Status::Done)
    );
    assert_eq!(
        data.program_name(&ProgramId::new("V2-1").expect("id")),
        Some("行財政改革推進事業")
    );

    // The same files again change nothing.
    let changes = app.store().change_count().await.expect("count");
    let again = app
        .import_reform(&code, ITEMS.as_bytes(), &actor)
        .await
        .expect("again");
    assert_eq!((again.summary.recorded, again.summary.unchanged), (0, 2));
    let again = app
        .import_reform(&code, STATUSES.as_bytes(), &actor)
        .await
        .expect("again");
    assert_eq!((again.summary.recorded, again.summary.unchanged), (0, 3));
    assert_eq!(app.store().change_count().await.expect("count"), changes);

    // One status set by hand; setting it again changes nothing.
    let r2 = ReformId::new("R-02").expect("id");
    let set = ReformStatus {
        item: r2.clone(),
        year: fy(2024),
        status: Status::InProgress,
        note: "対象施設を選定".into(),
    };
    let planner = Actor("sato".into());
    assert!(
        app.set_reform_status(&code, &set, &planner)
            .await
            .expect("set")
    );
    assert!(
        !app.set_reform_status(&code, &set, &planner)
            .await
            .expect("same")
    );
    let revised = ReformStatus {
        status: Status::Revised,
        ..set.clone()
    };
    assert!(
        app.set_reform_status(&code, &revised, &planner)
            .await
            .expect("revise")
    );
    let data = app.reform(&code).await.expect("read");
    let row = data.status_in(&r2, fy(2024)).expect("2024");
    assert_eq!(
        (row.status.status, row.actor.as_str()),
        (Status::Revised, "sato")
    );

    // Every write is in the audit trail, with before and after.
    let entries = app
        .store()
        .audit_entries(Some("reform/"), 100)
        .await
        .expect("audit");
    let actions: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.entity.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("reform.put", "reform/R-01"),
            ("reform.put", "reform/R-02"),
            ("reform.status", "reform/R-01/2022"),
            ("reform.status", "reform/R-01/2023"),
            ("reform.status", "reform/R-02/2023"),
            ("reform.status", "reform/R-02/2024"),
            ("reform.status", "reform/R-02/2024"),
        ]
    );
    let last = entries.last().expect("last");
    assert_eq!(last.actor, "sato");
    assert!(
        last.before
            .as_deref()
            .is_some_and(|b| b.contains("in_progress"))
    );
    assert!(last.after.as_deref().is_some_and(|a| a.contains("revised")));
    assert!(app.store().audit_verify().await.expect("verify").ok());
}

async fn a_bad_import_changes_nothing(url: &str) {
    let (app, code) = setup(url).await;
    let actor = Actor("kikaku".into());
    app.import_reform(&code, ITEMS.as_bytes(), &actor)
        .await
        .expect("items");
    let changes = app.store().change_count().await.expect("count");
    let before = app.reform(&code).await.expect("read");

    // A valid change to R-01, a new item, and one bad row: nothing is written.
    let bad_items = "id,title,department,target,target_year,programs,items,key_initiatives
R-01,事務事業の見直し,企画部,年20件,2024,V2-1,F7-01,V2-1
R-03,新しい取組,企画部,年1件,,J-0404,,
";
    let errors = invalid(
        app.import_reform(&code, bad_items.as_bytes(), &actor)
            .await
            .expect_err("bad"),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("line 3, column programs: initiative J-0404 does not exist"),
        "{errors:?}"
    );

    let bad_statuses = "id,年度,状況,備考
R-01,2022,完了,
R-02,2023,終わった,
R-09,2023,完了,
";
    let errors = invalid(
        app.import_reform(&code, bad_statuses.as_bytes(), &actor)
            .await
            .expect_err("bad"),
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("line 3, column 状況:"), "{errors:?}");
    assert!(
        errors[1].starts_with("line 4, column id: reform item R-09"),
        "{errors:?}"
    );

    // A status for an unknown item, or outside the plan's period, set by hand.
    let unknown = ReformStatus {
        item: ReformId::new("R-09").expect("id"),
        year: fy(2030),
        status: Status::Done,
        note: String::new(),
    };
    let errors = invalid(
        app.set_reform_status(&code, &unknown, &actor)
            .await
            .expect_err("bad"),
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("id: reform item R-09 does not exist"),
        "{errors:?}"
    );
    assert!(errors[1].contains("year: FY2030"), "{errors:?}");

    let after = app.reform(&code).await.expect("read");
    assert_eq!(after.items, before.items);
    assert_eq!(after.statuses, before.statuses);
    assert_eq!(app.store().change_count().await.expect("count"), changes);
}

async fn items_given_as_values_are_validated_too(url: &str) {
    let (app, code) = setup(url).await;
    let actor = Actor("kikaku".into());
    app.import_reform(&code, ITEMS.as_bytes(), &actor)
        .await
        .expect("items");
    let mut item = app.reform(&code).await.expect("read").items[0].clone();
    item.target = "事務事業の見直し 年12件".into();
    let twice = [item.clone(), item.clone()];
    let errors = invalid(
        app.put_reform_items(&code, &twice, &actor)
            .await
            .expect_err("twice"),
    );
    assert!(errors[0].contains("listed twice"), "{errors:?}");
    let summary = app
        .put_reform_items(&code, std::slice::from_ref(&item), &actor)
        .await
        .expect("put");
    assert_eq!(summary.recorded, 1);
    let stored = app.reform(&code).await.expect("read");
    assert_eq!(stored.items[0].target, "事務事業の見直し 年12件");
    assert_eq!(stored.items.len(), 2, "replaced, not added");
}

/// The store itself is all or nothing: a status of an item that does not
/// exist (past the application's checks) rolls back the items written
/// before it in the same import.
async fn the_store_rolls_back_a_failed_import(url: &str) {
    let (app, code) = setup(url).await;
    let actor = Actor("kikaku".into());
    app.import_reform(&code, ITEMS.as_bytes(), &actor)
        .await
        .expect("items");
    let before = app.reform(&code).await.expect("read");
    let changes = app.store().change_count().await.expect("count");
    let mut changed = before.items[0].clone();
    changed.title = "変更".into();
    let orphan = ReformStatus {
        item: ReformId::new("R-99").expect("id"),
        year: fy(2023),
        status: Status::Done,
        note: String::new(),
    };
    app.store()
        .import_reform(&code, &[changed], &[orphan], "kikaku")
        .await
        .expect_err("foreign key");
    let after = app.reform(&code).await.expect("read");
    assert_eq!(after.items, before.items);
    assert!(after.statuses.is_empty());
    assert_eq!(app.store().change_count().await.expect("count"), changes);
    assert!(app.store().audit_verify().await.expect("verify").ok());
}

on_both_backends!(
    import_status_per_year_and_audit,
    a_bad_import_changes_nothing,
    items_given_as_values_are_validated_too,
    the_store_rolls_back_a_failed_import,
);
