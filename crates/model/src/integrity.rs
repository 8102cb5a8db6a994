//! Referential integrity of a [`Plan`]: unique IDs and references that
//! resolve. Checked whenever a plan comes from an editable source.

use crate::plan::Plan;
use std::collections::HashSet;
use std::fmt;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a plan; returns every problem found.
pub fn check(plan: &Plan) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut unique = |kind: &str, id: &str| {
        if !seen.insert(format!("{kind}:{id}")) {
            problems.push(Problem(format!("{kind} ID {id} is used twice")));
        }
    };
    plan.departments
        .iter()
        .for_each(|d| unique("department", d.id.as_str()));
    plan.groups
        .iter()
        .for_each(|g| unique("group", g.id.as_str()));
    plan.indicators
        .iter()
        .for_each(|i| unique("indicator", i.id.as_str()));
    plan.issues
        .iter()
        .for_each(|i| unique("issue", i.id.as_str()));
    for f in &plan.fields {
        unique("field", f.id.as_str());
        f.items
            .iter()
            .for_each(|i| unique("policy item", i.id.as_str()));
    }
    for g in &plan.key_initiatives {
        unique("key initiative", g.id.as_str());
        g.initiatives
            .iter()
            .for_each(|i| unique("key initiative", i.id.as_str()));
    }
    for p in &plan.projects {
        unique("project", p.id.as_str());
        for d in &p.directions {
            unique("direction", d.id.as_str());
            d.initiatives
                .iter()
                .for_each(|i| unique("initiative", i.id.as_str()));
        }
        p.tables.iter().for_each(|t| unique("table", t.id.as_str()));
    }
    for p in &plan.projects {
        if !plan.groups.iter().any(|g| g.id == p.group) {
            problems.push(Problem(format!(
                "project {} refers to unknown group {}",
                p.id, p.group
            )));
        }
        if p.lead.is_empty() {
            problems.push(Problem(format!("project {} has no lead department", p.id)));
        }
        for d in p.lead.iter().chain(&p.related) {
            if plan.department(d).is_none() {
                problems.push(Problem(format!(
                    "project {} refers to unknown department {d}",
                    p.id
                )));
            }
        }
        for t in &p.tables {
            for r in &t.rows {
                if plan.indicator(&r.indicator).is_none() {
                    problems.push(Problem(format!(
                        "table {} refers to unknown indicator {}",
                        t.id, r.indicator
                    )));
                }
            }
        }
    }
    let goals = plan
        .projects
        .iter()
        .map(|p| (p.id.as_str(), &p.sdgs))
        .chain(
            plan.fields
                .iter()
                .flat_map(|f| &f.items)
                .map(|i| (i.id.as_str(), &i.sdgs)),
        );
    for (id, sdgs) in goals {
        if let Some(g) = sdgs.iter().find(|g| !(1..=17).contains(*g)) {
            problems.push(Problem(format!(
                "{id} refers to SDG {g}; SDGs are numbered 1 to 17"
            )));
        }
    }
    for i in &plan.indicators {
        for d in &i.directions {
            if !plan
                .projects
                .iter()
                .flat_map(|p| &p.directions)
                .any(|x| &x.id == d)
            {
                problems.push(Problem(format!(
                    "indicator {} refers to unknown policy direction {d}",
                    i.id
                )));
            }
        }
        for item in &i.policy_items {
            if !plan
                .fields
                .iter()
                .flat_map(|f| &f.items)
                .any(|p| &p.id == item)
            {
                problems.push(Problem(format!(
                    "indicator {} refers to unknown policy item {item}",
                    i.id
                )));
            }
        }
        if let Some(parent) = &i.part_of
            && plan.indicator(parent).is_none()
        {
            problems.push(Problem(format!(
                "indicator {} is part of unknown indicator {parent}",
                i.id
            )));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
