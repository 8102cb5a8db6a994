//! Status parsing and validation of reform items.

use super::*;
use crate::plan::{
    ComprehensivePlan, Department, Edition, EditionStatus, Field, KeyInitiative,
    KeyInitiativeGroup, Municipality, PolicyItem, Years,
};

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year")
}

fn plan() -> Plan {
    Plan {
        municipality: Municipality {
            name: "テスト市".into(),
            code: None,
            prefecture: None,
        },
        plan: ComprehensivePlan {
            name: "総合計画".into(),
            catchphrase: None,
            years: Years::new(fy(2019), fy(2028)).expect("years"),
            first_year_assumed: false,
        },
        edition: Edition {
            id: crate::ids::EditionId::new("E2022").expect("id"),
            title: "実施計画".into(),
            variant: None,
            years: Years::new(fy(2022), fy(2024)).expect("years"),
            baseline_year: fy(2020),
            baseline_label: "R2".into(),
            published: None,
            status: EditionStatus::Published,
        },
        sections: vec![],
        issues_intro: vec![],
        issues: vec![],
        projects_intro: vec![],
        departments: vec![Department {
            id: DepartmentId::new("D01").expect("id"),
            name: "企画部".into(),
        }],
        groups: vec![],
        projects: vec![],
        indicators: vec![],
        fields: vec![Field {
            id: crate::ids::FieldId::new("F7").expect("id"),
            number: 7,
            name: "計画の推進".into(),
            goal: "".into(),
            items: vec![PolicyItem {
                id: PolicyItemId::new("F7-02").expect("id"),
                number: 2,
                name: "効果的で効率的な行財政運営".into(),
                line: None,
                sdgs: vec![],
            }],
            line: None,
        }],
        key_initiatives: vec![KeyInitiativeGroup {
            id: KeyInitiativeId::new("V2").expect("id"),
            heading: "効果的で効率的な行財政運営".into(),
            initiatives: vec![KeyInitiative {
                id: KeyInitiativeId::new("V2-1").expect("id"),
                name: "行財政改革推進事業".into(),
                description: None,
                line: None,
            }],
            line: None,
        }],
        errata: vec![],
    }
}

fn item() -> ReformItem {
    ReformItem {
        id: ReformId::new("R-01").expect("id"),
        title: "事務事業の見直し".into(),
        department: DepartmentId::new("D01").expect("id"),
        target: "年10件".into(),
        target_year: Some(fy(2024)),
        programs: vec![ProgramId::new("J-0101").expect("id")],
        items: vec![PolicyItemId::new("F7-02").expect("id")],
        key_initiatives: vec![KeyInitiativeId::new("V2-1").expect("id")],
    }
}

fn programs() -> BTreeSet<ProgramId> {
    [ProgramId::new("J-0101").expect("id")].into()
}

#[test]
fn statuses_parse_from_japanese_keywords_and_english() {
    for st in Status::ALL {
        assert_eq!(st.label_ja().parse::<Status>(), Ok(st));
        assert_eq!(st.keyword().parse::<Status>(), Ok(st));
        assert_eq!(st.label_en().parse::<Status>(), Ok(st));
        assert_eq!(st.label_en().to_uppercase().parse::<Status>(), Ok(st));
    }
    assert_eq!(" 実施中 ".parse::<Status>(), Ok(Status::InProgress));
    assert_eq!("in-progress".parse::<Status>(), Ok(Status::InProgress));
    assert_eq!("ｄｏｎｅ".parse::<Status>(), Ok(Status::Done));
    for bad in ["", "済", "finished", "実施", "進行中"] {
        let e = bad.parse::<Status>().expect_err(bad);
        assert!(e.to_string().contains("未着手"), "{e}");
    }
}

#[test]
fn statuses_serialise_as_keywords() {
    let json = serde_json::to_string(&Status::NotStarted).expect("json");
    assert_eq!(json, "\"not_started\"");
    assert_eq!(
        serde_json::from_str::<Status>("\"dropped\"").expect("parse"),
        Status::Dropped
    );
    assert!(Status::Done.is_closed() && !Status::Revised.is_closed());
}

#[test]
fn a_valid_item_passes() {
    assert_eq!(item().check(&plan(), &programs()), Ok(()));
}

#[test]
fn every_problem_names_its_field() {
    let mut bad = item();
    bad.title = "  ".into();
    bad.department = DepartmentId::new("D99").expect("id");
    bad.target_year = Some(fy(2035));
    bad.programs.push(ProgramId::new("J-9999").expect("id"));
    bad.items = vec![
        PolicyItemId::new("F9-01").expect("id"),
        PolicyItemId::new("F7-02").expect("id"),
        PolicyItemId::new("F7-02").expect("id"),
    ];
    bad.key_initiatives = vec![KeyInitiativeId::new("V9-1").expect("id")];
    let errors = bad.check(&plan(), &programs()).expect_err("invalid");
    let fields: Vec<ReformField> = errors.iter().map(ReformError::field).collect();
    assert_eq!(
        fields,
        [
            ReformField::Title,
            ReformField::Department,
            ReformField::TargetYear,
            ReformField::Programs,
            ReformField::Items,
            ReformField::Items,
            ReformField::KeyInitiatives,
        ]
    );
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(text[0], "title: must not be empty");
    assert_eq!(
        text[1],
        "department: department D99 does not exist (known: D01)"
    );
    assert!(
        text[2].contains("FY2035") && text[2].contains("FY2019–FY2028"),
        "{}",
        text[2]
    );
    assert!(
        text[3].starts_with("programs: initiative J-9999"),
        "{}",
        text[3]
    );
    assert!(
        text[4].starts_with("items: policy item F9-01"),
        "{}",
        text[4]
    );
    assert_eq!(text[5], "items: F7-02 is listed twice");
    assert!(
        text[6].starts_with("key_initiatives: key initiative V9-1"),
        "{}",
        text[6]
    );
}

#[test]
fn an_initiative_is_unknown_without_a_catalogue() {
    let errors = item()
        .check(&plan(), &BTreeSet::new())
        .expect_err("invalid");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].to_string().contains("(none are known)"),
        "{}",
        errors[0]
    );
}

#[test]
fn statuses_need_a_known_item_and_a_year_of_the_plan() {
    let items: BTreeSet<ReformId> = [ReformId::new("R-01").expect("id")].into();
    let ok = ReformStatus {
        item: ReformId::new("R-01").expect("id"),
        year: fy(2024),
        status: Status::InProgress,
        note: String::new(),
    };
    assert_eq!(ok.check(&plan(), &items), Ok(()));
    let bad = ReformStatus {
        item: ReformId::new("R-02").expect("id"),
        year: fy(2018),
        note: "x".repeat(MAX_TEXT + 1),
        ..ok.clone()
    };
    let fields: Vec<ReformField> = bad
        .check(&plan(), &items)
        .expect_err("invalid")
        .iter()
        .map(ReformError::field)
        .collect();
    assert_eq!(
        fields,
        [ReformField::Id, ReformField::Year, ReformField::Note]
    );
}

#[test]
fn latest_and_per_year_lookups() {
    let r1 = ReformId::new("R-01").expect("id");
    let s = |y, st| ReformStatus {
        item: r1.clone(),
        year: fy(y),
        status: st,
        note: String::new(),
    };
    let all = vec![s(2023, Status::InProgress), s(2022, Status::NotStarted)];
    assert_eq!(
        latest(&all, &r1).map(|s| s.status),
        Some(Status::InProgress)
    );
    assert_eq!(
        status_in(&all, &r1, fy(2022)).map(|s| s.status),
        Some(Status::NotStarted)
    );
    assert_eq!(status_in(&all, &r1, fy(2024)), None);
    assert_eq!(years(&all), [fy(2022), fy(2023)]);
}
