//! Department scope on the shipped Tsuruoka plan: lead and related
//! departments answer for the indicators of their projects' KPI tables.

use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::Plan;
use keikaku_model::scope::{covers_indicator, indicators_of, leads};

fn plan() -> Plan {
    keikaku_ingest::shipped::tsuruoka().expect("shipped plan loads")
}

#[test]
fn lead_and_related_departments_share_the_projects_indicators() {
    let plan = plan();
    let p1 = &plan.projects[0];
    let lead = p1.lead[0].clone();
    let mine = indicators_of(&plan, std::slice::from_ref(&lead));
    assert!(!mine.is_empty());
    for (_, t) in plan.tables().filter(|(p, _)| p.id == p1.id) {
        for r in &t.rows {
            assert!(mine.contains(&r.indicator), "{} missing", r.indicator);
            assert!(covers_indicator(
                &plan,
                std::slice::from_ref(&lead),
                &r.indicator
            ));
        }
    }
    if let Some(rel) = p1.related.first() {
        assert!(covers_indicator(&plan, std::slice::from_ref(rel), &mine[0]));
        assert!(!leads(p1, std::slice::from_ref(rel)) || p1.lead.contains(rel));
    }
}

#[test]
fn a_department_outside_every_project_has_no_scope() {
    let plan = plan();
    let nobody = DepartmentId::new("D99").expect("valid id");
    assert!(indicators_of(&plan, std::slice::from_ref(&nobody)).is_empty());
    assert!(!covers_indicator(&plan, &[nobody], &plan.indicators[0].id));
}
