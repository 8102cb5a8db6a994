//! The storage suite: the same scenarios on SQLite and on PostgreSQL.

mod support;

use keikaku_ingest::shipped;
use keikaku_model::actual::ActualValue;
use keikaku_model::ids::{EditionId, IndicatorId};
use keikaku_model::lgcode::LocalGovCode;
use keikaku_model::period::Period;
use keikaku_model::plan::{EditionStatus, Plan};
use keikaku_model::quantity::Quantity;
use keikaku_store::{Expected, Store, StoreError};
use sqlx::Executor;

const CODE: &str = "062031";

fn plan() -> Plan {
    shipped::tsuruoka().expect("shipped plan")
}

fn value(indicator: &str, period: &str, amount: &str) -> ActualValue {
    ActualValue {
        indicator: IndicatorId::new(indicator).expect("id"),
        period: Period::parse(period).expect("period"),
        quantity: Quantity::parse(amount).expect("quantity").0,
        source: Some("統計".into()),
        note: None,
    }
}

async fn open(url: &str) -> Store {
    let store = Store::open(url).await.expect("open");
    store.put_edition(&plan(), "test").await.expect("load plan");
    store
}

async fn editions_round_trip_and_stay_immutable(url: &str) {
    let store = open(url).await;
    let back = store.edition(CODE, "E2022").await.expect("edition");
    assert_eq!(back, plan(), "the stored edition is the plan, losslessly");
    assert_eq!(store.current_edition(CODE).await.expect("current"), plan());
    let munis = store.municipalities().await.expect("list");
    assert_eq!(munis.len(), 1);
    assert_eq!(munis[0].name, "鶴岡市");
    let mut changed = plan();
    changed.indicators[0].name.push('X');
    match store.put_edition(&changed, "test").await {
        Err(StoreError::Immutable(id)) => assert_eq!(id, "E2022"),
        other => panic!("published edition was replaced: {other:?}"),
    }
    let mut draft = plan();
    draft.edition.id = EditionId::new("E2023").expect("id");
    draft.edition.status = EditionStatus::Draft;
    store.put_edition(&draft, "test").await.expect("draft");
    draft.indicators[0].name.push('Y');
    store
        .put_edition(&draft, "test")
        .await
        .expect("a draft may change");
    let rows = store.editions(CODE).await.expect("editions");
    assert_eq!(
        rows.iter()
            .map(|r| (r.id.as_str(), r.status.as_str()))
            .collect::<Vec<_>>(),
        [("E2022", "published"), ("E2023", "draft")]
    );
    assert_eq!(
        store
            .current_edition(CODE)
            .await
            .expect("current")
            .edition
            .id
            .as_str(),
        "E2022",
        "drafts are not current"
    );
    // Opening again applies no migration twice.
    Store::open(url).await.expect("reopen");
}

async fn corrections_keep_history(url: &str) {
    let store = open(url).await;
    let first = store
        .record_actual(
            CODE,
            &value("KPI-03", "2021年度", "60件"),
            Expected::Nothing,
            "alice",
        )
        .await
        .expect("record");
    assert_eq!((first.version, first.unchanged), (1, false));
    let same = store
        .record_actual(
            CODE,
            &value("KPI-03", "2021年度", "60件"),
            Expected::Any,
            "alice",
        )
        .await
        .expect("same");
    assert!(same.unchanged);
    let fixed = store
        .record_actual(
            CODE,
            &value("KPI-03", "R3", "61件"),
            Expected::Version(1),
            "bob",
        )
        .await
        .expect("correct");
    assert_eq!(fixed.version, 2);
    let current = store.current_actuals(CODE).await.expect("current");
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].value.quantity.amount.to_string(), "61");
    assert_eq!(current[0].value.period.written(), "R3");
    assert_eq!(current[0].recorded_by, "bob");
    let history = store
        .actual_history(CODE, &IndicatorId::new("KPI-03").expect("id"))
        .await
        .expect("history");
    assert_eq!(
        history
            .iter()
            .map(|h| (h.version, h.value.quantity.amount.to_string()))
            .collect::<Vec<_>>(),
        [(1, "60".into()), (2, "61".into())]
    );
}

async fn decimals_keep_their_scale(url: &str) {
    let store = open(url).await;
    store
        .record_actual(
            CODE,
            &value("KPI-01", "2022年3月卒", "45.0%"),
            Expected::Any,
            "t",
        )
        .await
        .expect("record");
    store
        .record_actual(
            CODE,
            &value("KPI-15", "2021年度", "1,026,000人"),
            Expected::Any,
            "t",
        )
        .await
        .expect("record");
    store
        .record_actual(
            CODE,
            &value("KPI-07", "2022年3月末", "19.590%"),
            Expected::Any,
            "t",
        )
        .await
        .expect("record");
    let amounts: Vec<String> = store
        .current_actuals(CODE)
        .await
        .expect("current")
        .iter()
        .map(|a| a.value.quantity.amount.to_string())
        .collect();
    assert_eq!(amounts, ["45.0", "19.590", "1026000"]);
}

async fn stale_writer_gets_a_conflict(url: &str) {
    let store = open(url).await;
    store
        .record_actual(
            CODE,
            &value("KPI-10", "2021年度", "75ha"),
            Expected::Nothing,
            "a",
        )
        .await
        .expect("v1");
    store
        .record_actual(
            CODE,
            &value("KPI-10", "2021年度", "76ha"),
            Expected::Version(1),
            "a",
        )
        .await
        .expect("v2");
    match store
        .record_actual(
            CODE,
            &value("KPI-10", "2021年度", "77ha"),
            Expected::Version(1),
            "b",
        )
        .await
    {
        Err(StoreError::Conflict { current, .. }) => assert_eq!(current, 2),
        other => panic!("lost update: {other:?}"),
    }
    match store
        .record_actual(
            CODE,
            &value("KPI-10", "2021年度", "77ha"),
            Expected::Nothing,
            "b",
        )
        .await
    {
        Err(StoreError::Conflict { .. }) => {}
        other => panic!("lost update: {other:?}"),
    }
    assert_eq!(
        store.current_actuals(CODE).await.expect("current")[0]
            .value
            .quantity
            .amount
            .to_string(),
        "76"
    );
}

async fn concurrent_editors_one_wins(url: &str) {
    let store = open(url).await;
    store
        .record_actual(
            CODE,
            &value("KPI-11", "2021年度", "14.2億円"),
            Expected::Nothing,
            "a",
        )
        .await
        .expect("v1");
    let mut tasks = Vec::new();
    for i in 0..6 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .record_actual(
                    CODE,
                    &value("KPI-11", "2021年度", &format!("15.{i}億円")),
                    Expected::Version(1),
                    &format!("user{i}"),
                )
                .await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => wins += 1,
            Err(StoreError::Conflict { .. }) => {}
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    assert_eq!(wins, 1, "exactly one editor wins");
    let history = store
        .actual_history(CODE, &IndicatorId::new("KPI-11").expect("id"))
        .await
        .expect("history");
    assert_eq!(history.len(), 2);
}

async fn importing_twice_changes_nothing(url: &str) {
    let store = open(url).await;
    let batch = vec![
        value("KPI-03", "2021年度", "70件"),
        value("KPI-03", "2022年度", "72件"),
        value("KPI-16", "2021年度", "400万人"),
    ];
    let first = store
        .import_actuals(CODE, &batch, "import")
        .await
        .expect("import");
    assert_eq!((first.recorded, first.unchanged), (3, 0));
    let audit_before = store
        .audit_entries(None, 10_000)
        .await
        .expect("audit")
        .len();
    let second = store
        .import_actuals(CODE, &batch, "import")
        .await
        .expect("import");
    assert_eq!((second.recorded, second.unchanged), (0, 3));
    assert_eq!(
        store
            .audit_entries(None, 10_000)
            .await
            .expect("audit")
            .len(),
        audit_before
    );
}

async fn failed_import_leaves_nothing(url: &str) {
    let store = open(url).await;
    let batch = vec![
        value("KPI-03", "2021年度", "70件"),
        value("KPI-03", "2022年度", "72件"),
    ];
    // An unknown municipality violates the foreign key: the whole batch rolls back.
    assert!(
        store
            .import_actuals("019992", &batch, "import")
            .await
            .is_err()
    );
    store
        .import_actuals(CODE, &batch[..1], "import")
        .await
        .expect("import");
    assert_eq!(
        store
            .current_actuals("019992")
            .await
            .expect("current")
            .len(),
        0
    );
    assert_eq!(store.current_actuals(CODE).await.expect("current").len(), 1);
}

async fn municipalities_are_kept_apart(url: &str) {
    let store = open(url).await;
    let mut other = plan();
    other.municipality.code = Some(LocalGovCode::parse("062022").expect("code"));
    other.municipality.name = "酒田市".into();
    store
        .put_edition(&other, "test")
        .await
        .expect("second municipality");
    store
        .record_actual(
            "062022",
            &value("KPI-03", "2021年度", "10件"),
            Expected::Any,
            "t",
        )
        .await
        .expect("record");
    assert_eq!(store.municipalities().await.expect("list").len(), 2);
    assert_eq!(store.current_actuals(CODE).await.expect("current").len(), 0);
    assert_eq!(
        store
            .current_actuals("062022")
            .await
            .expect("current")
            .len(),
        1
    );
}

async fn audit_chain_detects_tampering(url: &str) {
    let store = open(url).await;
    store
        .record_actual(
            CODE,
            &value("KPI-03", "2021年度", "70件"),
            Expected::Any,
            "alice",
        )
        .await
        .expect("record");
    store
        .record_actual(
            CODE,
            &value("KPI-03", "2021年度", "71件"),
            Expected::Any,
            "bob",
        )
        .await
        .expect("record");
    let v = store.audit_verify().await.expect("verify");
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.entries, 3, "edition + two actuals");
    let entries = store
        .audit_entries(Some("KPI-03"), 100)
        .await
        .expect("entries");
    assert_eq!(entries.len(), 2);
    assert!(
        entries[1]
            .before
            .as_deref()
            .is_some_and(|b| b.contains("\"70\"")),
        "before is recorded"
    );
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .expect("connect");
    assert!(
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
            .await
            .is_err(),
        "the log refuses updates"
    );
    assert!(
        conn.execute("DELETE FROM audit_log WHERE seq = 3")
            .await
            .is_err(),
        "the log refuses deletes"
    );
    let disable = if url.starts_with("sqlite") {
        "DROP TRIGGER audit_log_no_update"
    } else {
        "ALTER TABLE audit_log DISABLE TRIGGER USER"
    };
    conn.execute(disable).await.expect("bypass the guard");
    conn.execute("UPDATE audit_log SET after = REPLACE(after, '70', '99') WHERE seq = 2")
        .await
        .expect("tamper");
    let v = store.audit_verify().await.expect("verify");
    assert!(
        v.problem
            .as_deref()
            .is_some_and(|p| p.contains("entry 2") && p.contains("altered")),
        "{v:?}"
    );
}

async fn audit_chain_detects_removal(url: &str) {
    let store = open(url).await;
    store
        .record_actual(
            CODE,
            &value("KPI-03", "2021年度", "70件"),
            Expected::Any,
            "alice",
        )
        .await
        .expect("record");
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .expect("connect");
    let disable = if url.starts_with("sqlite") {
        "DROP TRIGGER audit_log_no_delete"
    } else {
        "ALTER TABLE audit_log DISABLE TRIGGER USER"
    };
    conn.execute(disable).await.expect("bypass the guard");
    conn.execute("DELETE FROM audit_log WHERE seq = 2")
        .await
        .expect("remove");
    let v = store.audit_verify().await.expect("verify");
    assert!(
        v.problem.as_deref().is_some_and(|p| p.contains("removed")),
        "{v:?}"
    );
}

async fn custom_rubrics_are_versioned(url: &str) {
    let store = open(url).await;
    store
        .add_rubric(CODE, "city-3", 1, "name = \"city-3\"", "planner")
        .await
        .expect("add");
    store
        .add_rubric(CODE, "city-3", 2, "name = \"city-3\" # v2", "planner")
        .await
        .expect("add v2");
    assert!(matches!(
        store.add_rubric(CODE, "city-3", 2, "x", "planner").await,
        Err(StoreError::Conflict { .. })
    ));
    let rubrics = store.rubrics(CODE).await.expect("list");
    assert_eq!(rubrics.len(), 1);
    assert_eq!(rubrics[0].version, 2);
}

async fn pdca_records_move_forward_without_lost_updates(url: &str) {
    use keikaku_model::fiscal_year::FiscalYear;
    use keikaku_model::ids::ProjectId;
    use keikaku_model::workflow::{Action, PdcaRecord, State, Subject, apply};
    let store = open(url).await;
    let subject = Subject::Project(ProjectId::new("P1").expect("id"));
    let year = FiscalYear::new(2024).expect("year");
    let draft = PdcaRecord::new(year, subject.clone());
    store
        .save_pdca(CODE, &draft, "create", "dept")
        .await
        .expect("create");
    let written = apply(&draft, Action::EditSelfEvaluation("概ね順調".into())).expect("edit");
    store
        .save_pdca(CODE, &written, "edit_self_evaluation", "dept")
        .await
        .expect("save");
    // A second editor who also loaded version 1 loses.
    let stale = apply(&draft, Action::EditSelfEvaluation("別の評価".into())).expect("edit");
    assert!(matches!(
        store
            .save_pdca(CODE, &stale, "edit_self_evaluation", "other")
            .await,
        Err(StoreError::Conflict { current: 2, .. })
    ));
    let submitted = apply(&written, Action::Submit).expect("submit");
    store
        .save_pdca(CODE, &submitted, "submit", "dept")
        .await
        .expect("save");
    let back = store
        .pdca_record(CODE, 2024, &subject)
        .await
        .expect("load")
        .expect("exists");
    assert_eq!(back, submitted);
    assert_eq!(back.state, State::Submitted);
    assert_eq!(
        store
            .pdca_records(CODE, Some(2024))
            .await
            .expect("list")
            .len(),
        1
    );
    assert_eq!(
        store
            .audit_entries(Some("pdca/2024/P1"), 100)
            .await
            .expect("audit")
            .len(),
        3
    );
}

async fn audit_pages_newest_first_by_entity_prefix(url: &str) {
    let store = open(url).await;
    for (i, (id, amount)) in [("KPI-03", "70件"), ("KPI-07", "19.10%"), ("KPI-03", "71件")]
        .into_iter()
        .enumerate()
    {
        let period = if i == 2 { "2022年度" } else { "2021年度" };
        store
            .record_actual(CODE, &value(id, period, amount), Expected::Any, "alice")
            .await
            .expect("record");
    }
    let all = store.audit_page(None, None, 2).await.expect("page");
    let seqs: Vec<i64> = all.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![4, 3], "newest first, limited");
    let older = store.audit_page(None, Some(3), 10).await.expect("page");
    let seqs: Vec<i64> = older.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![2, 1], "before a sequence number");
    let kpi = store
        .audit_page(Some("KPI-03"), None, 10)
        .await
        .expect("page");
    let entities: Vec<&str> = kpi.iter().map(|e| e.entity.as_str()).collect();
    assert_eq!(entities, vec!["KPI-03/2022", "KPI-03/2021"]);
    let wildcard = store
        .audit_page(Some("KPI_0"), None, 10)
        .await
        .expect("page");
    assert!(wildcard.is_empty(), "_ is not a wildcard: {wildcard:?}");
    let lower = store
        .audit_page(Some("kpi-03"), None, 10)
        .await
        .expect("page");
    assert!(lower.is_empty(), "the prefix is exact on both backends");
}

on_both_backends!(
    pdca_records_move_forward_without_lost_updates,
    editions_round_trip_and_stay_immutable,
    corrections_keep_history,
    decimals_keep_their_scale,
    stale_writer_gets_a_conflict,
    concurrent_editors_one_wins,
    importing_twice_changes_nothing,
    failed_import_leaves_nothing,
    municipalities_are_kept_apart,
    audit_chain_detects_tampering,
    audit_chain_detects_removal,
    custom_rubrics_are_versioned,
    audit_pages_newest_first_by_entity_prefix,
);

#[tokio::test]
async fn unknown_scheme_fails_loudly() {
    match Store::open("mysql://root:secret@localhost/db").await {
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.contains("unsupported database URL") && !text.contains("secret"),
                "{text}"
            );
        }
        Ok(_) => panic!("mysql accepted"),
    }
}
