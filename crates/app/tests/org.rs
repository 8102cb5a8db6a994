//! A reorganisation mid-plan on SQLite and PostgreSQL, with the shipped
//! Tsuruoka plan: 健康福祉部 (D02) reports FY2022, is split from FY2024
//! into 健康部 (D12, takes P2) and 福祉部 (D13, takes its other projects).
//! FY2022 stays attributed to 健康福祉部; from FY2024 permissions follow
//! the successors; an account still on D02 has no write scope and is
//! listed for reassignment; a merge carries accounts over by itself; bad
//! events are refused and change nothing.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use keikaku_app::{Actor, App, AppError};
use keikaku_model::access::{Permission, Role, Staff, Username, allows};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, IndicatorId, ProjectId};
use keikaku_model::org::{Assignment, Change, Reorganisation, Successor};
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::Quantity;
use keikaku_model::scope::projects_printing;
use keikaku_model::workflow::{Action, Subject};
use keikaku_store::Expected;

const PASSWORD: &str = "correct horse battery";

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year")
}

fn dept(d: &str) -> DepartmentId {
    DepartmentId::new(d).expect("dept")
}

fn staff(name: &str, depts: &[&str]) -> Staff {
    Staff {
        name: Username::new(name).expect("name"),
        display_name: name.into(),
        role: Role::Department,
        departments: depts.iter().map(|d| dept(d)).collect(),
    }
}

fn admin() -> Actor {
    Actor("admin".into())
}

/// The split of D02 from FY2024: P2 to D12, every other project to D13.
fn split(plan: &Plan, skip: Option<&str>) -> Reorganisation {
    let d02 = dept("D02");
    let assign = plan
        .projects
        .iter()
        .filter(|p| p.lead.contains(&d02) || p.related.contains(&d02))
        .filter(|p| skip != Some(p.id.as_str()))
        .map(|p| Assignment {
            project: p.id.clone(),
            department: dept(if p.id.as_str() == "P2" { "D12" } else { "D13" }),
        })
        .collect();
    Reorganisation {
        year: fy(2024),
        change: Change::Split {
            from: d02,
            into: vec![
                Successor {
                    id: dept("D12"),
                    name: "健康部".into(),
                },
                Successor {
                    id: dept("D13"),
                    name: "福祉部".into(),
                },
            ],
            assign,
            sections: vec![],
        },
    }
}

/// An indicator printed only in projects `only` (and in at least one of them).
fn indicator_only_in(plan: &Plan, only: &[&str]) -> IndicatorId {
    plan.indicators
        .iter()
        .map(|i| i.id.clone())
        .find(|id| {
            let ps: Vec<&ProjectId> = projects_printing(plan, id);
            !ps.is_empty() && ps.iter().all(|p| only.contains(&p.as_str()))
        })
        .unwrap_or_else(|| panic!("no indicator printed only in {only:?}"))
}

fn csv(indicator: &IndicatorId) -> Vec<u8> {
    format!("indicator,period,value\n{indicator},2024年度,1\n").into_bytes()
}

async fn a_split_keeps_history_and_moves_permissions(url: &str) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("one municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    assert_eq!(
        plan.department(&dept("D02")).map(|d| d.name.as_str()),
        Some("健康福祉部")
    );
    let p2 = ProjectId::new("P2").expect("id");
    let p2_only = indicator_only_in(&plan, &["P2"]);
    let d13_projects: Vec<&str> = plan
        .projects
        .iter()
        .filter(|p| p.id != p2 && p.related.contains(&dept("D02")))
        .map(|p| p.id.as_str())
        .collect();
    let d13_only = indicator_only_in(&plan, &d13_projects);

    // FY2022 history under 健康福祉部.
    let old = staff("kenko", &["D02"]);
    app.add_user(&code, &old, PASSWORD, &admin())
        .await
        .expect("D02 account");
    let value = ActualValue {
        indicator: p2_only.clone(),
        period: Period::parse("2022年度").expect("period"),
        quantity: Quantity {
            amount: rust_decimal::Decimal::ONE,
            unit: plan.indicator(&p2_only).expect("indicator").unit.clone(),
        },
        source: None,
        note: None,
    };
    let before = app
        .acting_staff(&code, old.clone(), fy(2022))
        .await
        .expect("staff");
    assert_eq!(before, old, "nothing recorded: unchanged");
    assert!(allows(
        &before,
        Permission::RecordActual(&p2_only),
        &app.acting_plan(&code, fy(2022)).await.expect("plan")
    ));
    app.record_actual(&code, &value, Expected::Any, &Actor("kenko".into()))
        .await
        .expect("FY2022 actual");
    app.pdca_apply(
        &code,
        fy(2022),
        Subject::Project(p2.clone()),
        Action::EditSelfEvaluation("順調に推移".into()),
        &Actor("kenko".into()),
    )
    .await
    .expect("FY2022 self-evaluation");

    // The split, recorded mid-plan.
    app.record_reorganisation(&code, split(&plan, None), &admin())
        .await
        .expect("split");
    let org = app.organisation(&code).await.expect("org");

    // FY2022 is still 健康福祉部's.
    let r22 = app.acting_plan(&code, fy(2022)).await.expect("2022");
    let lead22 = &r22.project(&p2).expect("P2").lead;
    assert_eq!(lead22, &vec![dept("D02")]);
    assert_eq!(
        r22.department(&dept("D02")).map(|d| d.name.as_str()),
        Some("健康福祉部")
    );
    assert_eq!(org.name_in(&dept("D02"), fy(2023)), Some("健康福祉部"));
    let spans = org.responsibility(&plan, &p2, fy(2022), fy(2024));
    assert_eq!(spans.len(), 2);
    assert_eq!((spans[0].from, spans[0].to), (fy(2022), fy(2023)));
    assert_eq!(spans[0].lead[0].name, "健康福祉部");
    assert_eq!(spans[1].lead[0].name, "健康部");
    // The FY2022 records are untouched.
    let recs = app
        .pdca_records(&code, Some(fy(2022)))
        .await
        .expect("records");
    assert!(
        recs.iter()
            .any(|r| r.subject == Subject::Project(p2.clone()))
    );

    // FY2024 names the successors.
    let r24 = app.acting_plan(&code, fy(2024)).await.expect("2024");
    assert_eq!(r24.project(&p2).expect("P2").lead, vec![dept("D12")]);
    assert!(r24.department(&dept("D02")).is_none());
    assert_eq!(
        r24.department(&dept("D13")).map(|d| d.name.as_str()),
        Some("福祉部")
    );
    for p in &d13_projects {
        let p = r24
            .project(&ProjectId::new(*p).expect("id"))
            .expect("project");
        assert!(p.related.contains(&dept("D13")), "{}", p.id);
    }

    // Accounts of the successors: allowed in their share, refused in the other.
    let a = staff("kenkobu", &["D12"]);
    let b = staff("fukushibu", &["D13"]);
    for s in [&a, &b] {
        app.add_user(&code, s, PASSWORD, &admin())
            .await
            .expect("successor account");
    }
    let a24 = app
        .acting_staff(&code, a.clone(), fy(2024))
        .await
        .expect("a");
    assert!(allows(&a24, Permission::RecordActual(&p2_only), &r24));
    assert!(!allows(&a24, Permission::RecordActual(&d13_only), &r24));
    let b24 = app
        .acting_staff(&code, b.clone(), fy(2024))
        .await
        .expect("b");
    assert!(allows(&b24, Permission::RecordActual(&d13_only), &r24));
    assert!(!allows(&b24, Permission::RecordActual(&p2_only), &r24));
    assert!(allows(
        &a24,
        Permission::SelfEvaluate(&Subject::Project(p2.clone())),
        &r24
    ));
    assert!(!allows(
        &b24,
        Permission::SelfEvaluate(&Subject::Project(p2.clone())),
        &r24
    ));
    // The same through an upload in FY2024.
    let actor_a = Actor("kenkobu".into());
    app.import_upload(&code, &csv(&p2_only), &a, fy(2024), &actor_a)
        .await
        .expect("A records its own indicator");
    match app
        .import_upload(&code, &csv(&d13_only), &a, fy(2024), &actor_a)
        .await
    {
        Err(AppError::Forbidden(m)) => assert!(m.contains(d13_only.as_str()), "{m}"),
        other => panic!("A recorded B's indicator: {other:?}"),
    }

    // The account still on D02: no write scope from FY2024, listed for
    // reassignment; in FY2023 it still works.
    let old24 = app
        .acting_staff(&code, old.clone(), fy(2024))
        .await
        .expect("old");
    assert!(old24.departments.is_empty());
    assert!(
        r24.indicators
            .iter()
            .all(|i| !allows(&old24, Permission::RecordActual(&i.id), &r24))
    );
    match app
        .import_upload(
            &code,
            &csv(&p2_only),
            &old,
            fy(2024),
            &Actor("kenko".into()),
        )
        .await
    {
        Err(AppError::Forbidden(_)) => {}
        other => panic!("the dissolved department still writes: {other:?}"),
    }
    app.import_upload(
        &code,
        &csv(&p2_only),
        &old,
        fy(2023),
        &Actor("kenko".into()),
    )
    .await
    .expect("before the split D02 still records");
    let todo = app
        .accounts_to_reassign(&code, fy(2024))
        .await
        .expect("list");
    let names: Vec<&str> = todo.iter().map(|r| r.user.staff.name.as_str()).collect();
    assert_eq!(names, ["kenko"]);
    assert_eq!(todo[0].dissolved, vec![dept("D02")]);
    assert!(
        app.accounts_to_reassign(&code, fy(2023))
            .await
            .expect("2023")
            .is_empty()
    );
}

async fn a_merge_carries_accounts_over(url: &str) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("one municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let fujishima = staff("fujishima", &["D10"]);
    app.add_user(&code, &fujishima, PASSWORD, &admin())
        .await
        .expect("D10 account");
    let merge = Reorganisation {
        year: fy(2024),
        change: Change::Merge {
            from: vec![dept("D09"), dept("D10")],
            into: dept("D09"),
            name: "市民部".into(),
        },
    };
    app.record_reorganisation(&code, merge, &admin())
        .await
        .expect("merge");
    let s = app
        .acting_staff(&code, fujishima.clone(), fy(2024))
        .await
        .expect("staff");
    assert_eq!(s.departments, vec![dept("D09")]);
    let r24 = app.acting_plan(&code, fy(2024)).await.expect("plan");
    let d10_projects: Vec<&ProjectId> = plan
        .projects
        .iter()
        .filter(|p| p.related.contains(&dept("D10")) || p.lead.contains(&dept("D10")))
        .map(|p| &p.id)
        .collect();
    assert!(!d10_projects.is_empty());
    for p in d10_projects {
        let served = r24.project(p).expect("project");
        assert!(served.lead.contains(&dept("D09")) || served.related.contains(&dept("D09")));
        // The merged account now serves these projects (as 市民部).
        assert!(
            r24.tables()
                .filter(|(q, _)| &q.id == p)
                .flat_map(|(_, t)| &t.rows)
                .all(|row| allows(&s, Permission::RecordActual(&row.indicator), &r24))
        );
    }
    assert!(
        app.accounts_to_reassign(&code, fy(2024))
            .await
            .expect("list")
            .is_empty(),
        "merges need no reassignment"
    );
    let s23 = app
        .acting_staff(&code, fujishima.clone(), fy(2023))
        .await
        .expect("staff");
    assert_eq!(s23.departments, vec![dept("D10")]);
}

async fn bad_reorganisations_change_nothing(url: &str) {
    let app = App::open(url).await.expect("open");
    let code = app.municipality(None).await.expect("one municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let audit_before = app.store().change_count().await.expect("count");
    // A split that leaves P2 without a successor.
    match app
        .record_reorganisation(&code, split(&plan, Some("P2")), &admin())
        .await
    {
        Err(AppError::Invalid(errors)) => {
            let text = errors.join("\n");
            assert!(text.contains("P2") && text.contains("assign"), "{text}");
        }
        other => panic!("accepted: {other:?}"),
    }
    // A rename of an unknown department.
    let unknown = Reorganisation {
        year: fy(2024),
        change: Change::Rename {
            department: dept("D99"),
            name: "x".into(),
        },
    };
    assert!(matches!(
        app.record_reorganisation(&code, unknown, &admin()).await,
        Err(AppError::Invalid(_))
    ));
    // A valid split, then a later event that conflicts with it.
    app.record_reorganisation(&code, split(&plan, None), &admin())
        .await
        .expect("split");
    let gone = Reorganisation {
        year: fy(2025),
        change: Change::Rename {
            department: dept("D02"),
            name: "x".into(),
        },
    };
    match app.record_reorganisation(&code, gone, &admin()).await {
        Err(AppError::Invalid(errors)) => {
            assert!(errors[0].contains("no longer exists"), "{errors:?}")
        }
        other => panic!("accepted: {other:?}"),
    }
    // An earlier event that would invalidate the recorded split.
    let mut earlier = split(&plan, None);
    earlier.year = fy(2023);
    if let Change::Split { into, .. } = &mut earlier.change {
        into[0].id = dept("D14");
        into[1].id = dept("D15");
    }
    if let Change::Split { assign, .. } = &mut earlier.change {
        for a in assign {
            a.department = dept(if a.department.as_str() == "D12" {
                "D14"
            } else {
                "D15"
            });
        }
    }
    assert!(matches!(
        app.record_reorganisation(&code, earlier, &admin()).await,
        Err(AppError::Invalid(_))
    ));
    assert_eq!(app.reorganisations(&code).await.expect("list").len(), 1);
    assert_eq!(
        app.store().change_count().await.expect("count"),
        audit_before + 1,
        "only the valid split was written"
    );
    assert!(app.store().audit_verify().await.expect("verify").ok());
    // Accounts on unknown departments are still refused.
    assert!(
        app.add_user(&code, &staff("nobody", &["D98"]), PASSWORD, &admin())
            .await
            .is_err()
    );
}

on_both_backends!(
    a_split_keeps_history_and_moves_permissions,
    a_merge_carries_accounts_over,
    bad_reorganisations_change_nothing,
);
