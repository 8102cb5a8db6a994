//! The organisation over time on a small hand-built plan: every kind of
//! event validated (unknown and ended departments, reused IDs, splits that
//! leave a project unassigned), names and trees per year, plans resolved
//! per year, and staff departments followed through merges and splits.

use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::*;
use keikaku_model::org::*;
use keikaku_model::period::Period;
use keikaku_model::plan::*;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("test year {y}: {e}"))
}

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Display,
{
    s.parse().unwrap_or_else(|e| panic!("test ID {s}: {e}"))
}

fn ids(list: &[&str]) -> Vec<DepartmentId> {
    list.iter().map(|s| id(s)).collect()
}

fn project(pid: &str, lead: &[&str], related: &[&str]) -> Project {
    Project {
        id: id(pid),
        name: format!("{pid} プロジェクト"),
        group: id("G1"),
        lead: ids(lead),
        related: ids(related),
        summary: vec![],
        directions: vec![],
        tables: vec![],
        line: None,
        detail_line: None,
        sdgs: vec![],
    }
}

fn plan() -> Plan {
    let dept = |d: &str, name: &str| Department {
        id: id(d),
        name: name.to_owned(),
    };
    Plan {
        municipality: Municipality {
            name: "鶴岡市".to_owned(),
            code: None,
            prefecture: Some("山形県".to_owned()),
        },
        plan: ComprehensivePlan {
            name: "第2次鶴岡市総合計画".to_owned(),
            catchphrase: None,
            years: Years::new(fy(2019), fy(2028)).unwrap_or_else(|e| panic!("{e}")),
            first_year_assumed: false,
        },
        edition: Edition {
            id: id("E2022"),
            title: "実施計画".to_owned(),
            variant: None,
            years: Years::new(fy(2022), fy(2024)).unwrap_or_else(|e| panic!("{e}")),
            baseline_year: fy(2020),
            baseline_label: "R2(2020)実績値".to_owned(),
            published: Some(Period::parse("令和4年3月").unwrap_or_else(|e| panic!("{e}"))),
            status: EditionStatus::Published,
        },
        sections: vec![],
        issues_intro: vec![],
        issues: vec![],
        projects_intro: vec![],
        departments: vec![
            dept("D01", "企画部"),
            dept("D02", "健康福祉部"),
            dept("D03", "商工観光部"),
            dept("D09", "市民部"),
            dept("D10", "藤島庁舎"),
        ],
        groups: vec![ProjectGroup {
            id: id("G1"),
            name: "社会システムを整える".to_owned(),
        }],
        projects: vec![
            project("P1", &["D01"], &["D02", "D03"]),
            project("P2", &["D02"], &["D09"]),
            project("P3", &["D03"], &["D10", "D09"]),
        ],
        indicators: vec![],
        fields: vec![],
        key_initiatives: vec![],
        errata: vec![],
    }
}

fn ev(year: i32, change: Change) -> Reorganisation {
    Reorganisation {
        year: fy(year),
        change,
    }
}

fn split_d02(year: i32) -> Reorganisation {
    ev(
        year,
        Change::Split {
            from: id("D02"),
            into: vec![
                Successor {
                    id: id("D12"),
                    name: "健康部".into(),
                },
                Successor {
                    id: id("D13"),
                    name: "福祉部".into(),
                },
            ],
            assign: vec![
                Assignment {
                    project: id("P1"),
                    department: id("D13"),
                },
                Assignment {
                    project: id("P2"),
                    department: id("D12"),
                },
            ],
            sections: vec![],
        },
    )
}

fn merge_d09_d10(year: i32) -> Reorganisation {
    ev(
        year,
        Change::Merge {
            from: ids(&["D09", "D10"]),
            into: id("D09"),
            name: "市民部".into(),
        },
    )
}

fn org(events: &[Reorganisation]) -> Result<Organisation, OrgError> {
    Organisation::new(&plan(), events)
}

#[test]
fn no_events_change_nothing() {
    let o = org(&[]).unwrap_or_else(|e| panic!("{e}"));
    let p = plan();
    assert_eq!(o.resolve(&p, fy(2024)), p);
    assert_eq!(o.name_in(&id("D02"), fy(2030)), Some("健康福祉部"));
    let s = o.staff_departments(&ids(&["D02"]), fy(2024));
    assert_eq!(s.departments, ids(&["D02"]));
    assert!(s.dissolved.is_empty());
}

#[test]
fn a_rename_keeps_the_id_and_changes_the_name_from_its_year() {
    let o = org(&[ev(
        2023,
        Change::Rename {
            department: id("D02"),
            name: " 健康福祉こども部 ".into(),
        },
    )])
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.name_in(&id("D02"), fy(2022)), Some("健康福祉部"));
    assert_eq!(o.name_in(&id("D02"), fy(2023)), Some("健康福祉こども部"));
    let r = o.resolve(&plan(), fy(2024));
    assert_eq!(r.projects[1].lead, ids(&["D02"]));
    assert_eq!(
        r.department(&id("D02")).map(|d| d.name.as_str()),
        Some("健康福祉こども部")
    );
    assert_eq!(
        o.staff_departments(&ids(&["D02"]), fy(2024)).departments,
        ids(&["D02"])
    );
}

#[test]
fn a_split_keeps_history_and_hands_each_project_to_its_successor() {
    let o = org(&[split_d02(2024)]).unwrap_or_else(|e| panic!("{e}"));
    let p = plan();
    // Before the split: unchanged, attributed to 健康福祉部.
    let r22 = o.resolve(&p, fy(2022));
    assert_eq!(r22, p);
    assert!(o.exists_in(&id("D02"), fy(2023)));
    assert!(!o.exists_in(&id("D12"), fy(2023)));
    // From the split: successors.
    let r24 = o.resolve(&p, fy(2024));
    assert_eq!(r24.projects[0].related, ids(&["D13", "D03"]));
    assert_eq!(r24.projects[1].lead, ids(&["D12"]));
    assert!(r24.department(&id("D02")).is_none());
    let names: Vec<&str> = o
        .departments_in(fy(2024))
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "企画部",
            "健康部",
            "福祉部",
            "商工観光部",
            "市民部",
            "藤島庁舎"
        ]
    );
    // Accounts of the split department resolve to nothing.
    let s = o.staff_departments(&ids(&["D02", "D03"]), fy(2024));
    assert_eq!(s.departments, ids(&["D03"]));
    assert_eq!(s.dissolved, ids(&["D02"]));
    assert_eq!(
        o.staff_departments(&ids(&["D02"]), fy(2023)).departments,
        ids(&["D02"])
    );
    // The project's responsibility over the plan years.
    let spans = o.responsibility(&p, &id("P2"), fy(2022), fy(2025));
    assert_eq!(spans.len(), 2);
    assert_eq!((spans[0].from, spans[0].to), (fy(2022), fy(2023)));
    assert_eq!(spans[0].lead[0].name, "健康福祉部");
    assert_eq!((spans[1].from, spans[1].to), (fy(2024), fy(2025)));
    assert_eq!(spans[1].lead[0].name, "健康部");
}

#[test]
fn a_split_must_assign_every_project_to_a_successor() {
    let mut e = split_d02(2024);
    if let Change::Split { assign, .. } = &mut e.change {
        assign.pop();
    }
    let err = org(&[e]).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.problem, Problem::Unassigned(vec![id("P2")]));
    assert_eq!((err.event, err.year, err.field), (1, 2024, "assign"));
    assert!(err.to_string().contains("P2"), "{err}");

    let mut e = split_d02(2024);
    if let Change::Split { assign, .. } = &mut e.change {
        assign[0].department = id("D03");
    }
    let err = org(&[e]).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.problem, Problem::NotSuccessor(id("D03")));

    let mut e = split_d02(2024);
    if let Change::Split { assign, .. } = &mut e.change {
        assign.push(Assignment {
            project: id("P3"),
            department: id("D12"),
        });
    }
    let err = org(&[e]).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.problem, Problem::NotServed(id("P3")));

    let mut e = split_d02(2024);
    if let Change::Split { into, .. } = &mut e.change {
        into[1].id = id("D03");
    }
    let err = org(&[e]).err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.problem, Problem::IdInUse("D03".into()));
    assert_eq!(err.field, "into");
}

#[test]
fn a_merge_carries_projects_sections_and_accounts_over() {
    let add = ev(
        2022,
        Change::AddSection {
            id: id("S10"),
            department: id("D10"),
            name: "産業建設課".into(),
        },
    );
    let o = org(&[merge_d09_d10(2023), add]).unwrap_or_else(|e| panic!("{e}"));
    // Events apply by year: the section exists before the merge.
    let r = o.resolve(&plan(), fy(2023));
    assert_eq!(r.projects[2].related, ids(&["D09"]), "deduplicated");
    assert_eq!(r.projects[1].related, ids(&["D09"]));
    let s = o.staff_departments(&ids(&["D10"]), fy(2023));
    assert_eq!(s.departments, ids(&["D09"]));
    assert!(s.dissolved.is_empty());
    let d09 = o
        .departments_in(fy(2023))
        .iter()
        .find(|u| u.id == id("D09"))
        .cloned()
        .unwrap_or_else(|| panic!("D09"));
    assert_eq!(d09.sections[0].name, "産業建設課");
    assert!(!o.exists_in(&id("D10"), fy(2023)));
    assert!(o.exists_in(&id("D10"), fy(2022)));
    // A merged-away department is gone for later events.
    let err = org(&[
        merge_d09_d10(2023),
        ev(
            2024,
            Change::Rename {
                department: id("D10"),
                name: "x".into(),
            },
        ),
    ])
    .err()
    .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(
        err.problem,
        Problem::DepartmentGone {
            id: id("D10"),
            year: 2024,
            ended: 2023
        }
    );
    assert_eq!((err.event, err.field), (2, "department"));
}

#[test]
fn merges_into_a_lead_drop_it_from_related() {
    let o = org(&[ev(
        2024,
        Change::Merge {
            from: ids(&["D01", "D02"]),
            into: id("D20"),
            name: "企画福祉部".into(),
        },
    )])
    .unwrap_or_else(|e| panic!("{e}"));
    let r = o.resolve(&plan(), fy(2024));
    assert_eq!(r.projects[0].lead, ids(&["D20"]));
    assert_eq!(r.projects[0].related, ids(&["D03"]));
}

#[test]
fn bad_events_are_refused_with_the_event_and_field() {
    let cases: Vec<(Reorganisation, &str, Problem)> = vec![
        (
            ev(
                2024,
                Change::Rename {
                    department: id("D99"),
                    name: "x".into(),
                },
            ),
            "department",
            Problem::UnknownDepartment(id("D99")),
        ),
        (
            ev(
                2024,
                Change::Rename {
                    department: id("D01"),
                    name: "  ".into(),
                },
            ),
            "name",
            Problem::EmptyName,
        ),
        (
            ev(
                2024,
                Change::Merge {
                    from: ids(&["D09"]),
                    into: id("D09"),
                    name: "x".into(),
                },
            ),
            "from",
            Problem::MergeTooFew,
        ),
        (
            ev(
                2024,
                Change::Merge {
                    from: ids(&["D09", "D10"]),
                    into: id("D01"),
                    name: "x".into(),
                },
            ),
            "into",
            Problem::MergeIntoOther(id("D01")),
        ),
        (
            ev(
                2024,
                Change::AddSection {
                    id: id("D01"),
                    department: id("D02"),
                    name: "x".into(),
                },
            ),
            "id",
            Problem::IdInUse("D01".into()),
        ),
        (
            ev(2024, Change::CloseSection { id: id("S1") }),
            "id",
            Problem::UnknownSection(id("S1")),
        ),
    ];
    for (e, field, problem) in cases {
        let err = org(std::slice::from_ref(&e))
            .err()
            .unwrap_or_else(|| panic!("accepted {e:?}"));
        assert_eq!((err.field, err.problem), (field, problem), "{e:?}");
    }
}

#[test]
fn sections_of_a_split_department_must_be_placed() {
    let add = ev(
        2022,
        Change::AddSection {
            id: id("S1"),
            department: id("D02"),
            name: "健康課".into(),
        },
    );
    let err = org(&[add.clone(), split_d02(2024)])
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.problem, Problem::SectionsUnassigned(vec![id("S1")]));
    let mut split = split_d02(2024);
    if let Change::Split { sections, .. } = &mut split.change {
        sections.push(SectionMove {
            section: id("S1"),
            department: id("D12"),
        });
    }
    let o = org(&[add, split]).unwrap_or_else(|e| panic!("{e}"));
    let tree = o.departments_in(fy(2024));
    let d12 = tree
        .iter()
        .find(|u| u.id == id("D12"))
        .unwrap_or_else(|| panic!("D12"));
    assert_eq!(d12.sections.len(), 1);
    let tree = o.departments_in(fy(2023));
    let d02 = tree
        .iter()
        .find(|u| u.id == id("D02"))
        .unwrap_or_else(|| panic!("D02"));
    assert_eq!(d02.sections[0].name, "健康課");
}

#[test]
fn events_round_trip_through_json_with_snake_case_kinds() {
    let e = split_d02(2024);
    let json = serde_json::to_string(&e).unwrap_or_else(|e| panic!("{e}"));
    assert!(json.contains(r#""kind":"split""#), "{json}");
    assert!(json.contains(r#""year":2024"#), "{json}");
    let back: Reorganisation = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, e);
    let add: Reorganisation = serde_json::from_str(
        r#"{"year":2023,"kind":"add_section","id":"S1","department":"D02","name":"健康課"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(add.change.keyword(), "add_section");
}

#[test]
fn replay_on_another_edition_leaves_unassigned_projects_with_nobody() {
    let events = [split_d02(2024)];
    let mut later = plan();
    later.projects.push(project("P4", &["D02"], &[]));
    assert!(Organisation::new(&later, &events).is_err());
    let o = Organisation::replay(&later, &events).unwrap_or_else(|e| panic!("{e}"));
    let r = o.resolve(&later, fy(2024));
    assert_eq!(r.projects[3].lead, ids(&["D02"]));
    assert_eq!(
        r.department(&id("D02")).map(|d| d.name.as_str()),
        Some("健康福祉部")
    );
    let s = o.staff_departments(&ids(&["D12"]), fy(2024));
    assert!(!r.projects[3].lead.iter().any(|d| s.departments.contains(d)));
}
