//! Reorganisations in storage, on SQLite and PostgreSQL: events come back
//! as recorded and in order, each append is audited in its transaction, and
//! an append validated against an outdated history is a conflict that
//! writes nothing.

mod support;

use keikaku_ingest::shipped;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::org::{Change, Reorganisation};
use keikaku_store::{Store, StoreError};

const CODE: &str = "062031";

fn rename(year: i32, dept: &str, name: &str) -> Reorganisation {
    Reorganisation {
        year: FiscalYear::new(year).expect("year"),
        change: Change::Rename {
            department: DepartmentId::new(dept).expect("id"),
            name: name.into(),
        },
    }
}

async fn reorganisations_are_appended_in_order_and_audited(url: &str) {
    let store = Store::open(url).await.expect("open");
    store
        .put_edition(&shipped::tsuruoka().expect("plan"), "test")
        .await
        .expect("load plan");
    assert!(store.reorganisations(CODE).await.expect("empty").is_empty());
    let first = rename(2024, "D02", "健康福祉こども部");
    let second = rename(2023, "D08", "総務課税部");
    assert_eq!(
        store
            .append_reorganisation(CODE, 0, &first, "planner")
            .await
            .expect("first"),
        1
    );
    assert_eq!(
        store
            .append_reorganisation(CODE, 1, &second, "planner")
            .await
            .expect("second"),
        2
    );
    // Validated against one event only: someone else recorded meanwhile.
    match store
        .append_reorganisation(CODE, 1, &rename(2025, "D01", "x"), "other")
        .await
    {
        Err(StoreError::Conflict { current, .. }) => assert_eq!(current, 2),
        other => panic!("stale append accepted: {other:?}"),
    }
    let rows = store.reorganisations(CODE).await.expect("read");
    assert_eq!(rows.len(), 2, "the conflicting append wrote nothing");
    assert_eq!((rows[0].seq, &rows[0].event), (1, &first));
    assert_eq!((rows[1].seq, &rows[1].event), (2, &second));
    assert_eq!(rows[1].actor, "planner");
    assert!(
        store
            .reorganisations("999999")
            .await
            .expect("other")
            .is_empty()
    );
    let audit = store.audit_entries(Some("org/"), 10).await.expect("audit");
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].action, "org.reorganise");
    assert!(
        audit[0]
            .after
            .as_deref()
            .is_some_and(|a| a.contains("健康福祉こども部")),
        "{:?}",
        audit[0].after
    );
    assert!(store.audit_verify().await.expect("verify").ok());
}

on_both_backends!(reorganisations_are_appended_in_order_and_audited);
