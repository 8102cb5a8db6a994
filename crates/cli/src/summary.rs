//! The readable plain-text summary of a plan printed by `plan import` and
//! `plan show`.

use keikaku_model::indicator::{Indicator, KpiValue};
use keikaku_model::plan::Plan;
use std::fmt::Write;

fn value(v: Option<&KpiValue>) -> String {
    v.map(|v| {
        let bound = v.bound.map(|b| b.suffix_ja()).unwrap_or("");
        format!("{}{bound} ({})", v.quantity, v.period.written())
    })
    .unwrap_or_else(|| "—".into())
}

fn indicator_line(out: &mut String, i: &Indicator, label: &str) {
    let _ = writeln!(
        out,
        "      {} {label}\n        初期値 {} / 実績値 {} / 期間設定値 {} / 成果指標 {}",
        i.id,
        value(i.values.initial.as_ref()),
        value(i.values.baseline.as_ref()),
        value(i.values.interim.as_ref()),
        value(i.values.target.as_ref()),
    );
}

/// Renders the summary.
pub fn plan(plan: &Plan) -> String {
    let mut out = String::new();
    let m = &plan.municipality;
    let code = m.code.map(|c| format!(" ({c})")).unwrap_or_default();
    let _ = writeln!(out, "{}{code} — {}", m.name, plan.plan.name);
    if let Some(c) = &plan.plan.catchphrase {
        let _ = writeln!(out, "  {c}");
    }
    let years = plan.plan.years;
    let assumed = if plan.plan.first_year_assumed {
        " (first year assumed)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  plan period: {} – {}{assumed}",
        years.first().label_ja(),
        years.last().label_ja()
    );
    let e = &plan.edition;
    let _ = writeln!(
        out,
        "  edition {}: {} {} – {}, published {}",
        e.id,
        e.title,
        e.years.first().label_ja(),
        e.years.last().label_ja(),
        e.published.as_ref().map_or("—".into(), |p| p.label_ja())
    );
    let _ = writeln!(
        out,
        "  {} fields, {} policy items, {} projects, {} KPI tables, {} indicators, {} departments, {} key initiatives\n",
        plan.fields.len(),
        plan.policy_item_count(),
        plan.projects.len(),
        plan.tables().count(),
        plan.indicators.len(),
        plan.departments.len(),
        plan.key_initiatives
            .iter()
            .map(|g| g.initiatives.len())
            .sum::<usize>()
    );
    for g in &plan.groups {
        let _ = writeln!(out, "{} {}", g.id, g.name);
        for p in plan.projects.iter().filter(|p| p.group == g.id) {
            let names = |ids: &[keikaku_model::ids::DepartmentId]| {
                ids.iter()
                    .filter_map(|d| plan.department(d).map(|d| d.name.as_str()))
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let _ = writeln!(
                out,
                "  {} {}\n    主管部: {}  関係部: {}",
                p.id,
                p.name,
                names(&p.lead),
                names(&p.related)
            );
            for d in &p.directions {
                let _ = writeln!(
                    out,
                    "    {} {} ({} initiatives)",
                    d.id,
                    d.name,
                    d.initiatives.len()
                );
            }
            for t in &p.tables {
                let _ = writeln!(out, "    {}", t.id);
                for r in &t.rows {
                    if let Some(i) = plan.indicator(&r.indicator) {
                        indicator_line(&mut out, i, &r.label);
                    }
                }
            }
        }
    }
    let _ = writeln!(out);
    for f in &plan.fields {
        let _ = writeln!(out, "{} {} ({} policy items)", f.id, f.name, f.items.len());
    }
    out
}
