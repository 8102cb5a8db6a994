//! The initiative page `budget/programs/{id}/`: links and one row per
//! published year.

use super::{Cells, Link, cells, department_name, internal, settlement_published};
use crate::error::WebError;
use crate::i18n::{Lang, texts};
use crate::pages::indicator::year_label;
use crate::pages::{PageCtx, Rendered, html};
use crate::snapshot::Snapshot;
use askama::Template;
use keikaku_model::budget::money::{MoneyError, Thousands};
use keikaku_model::budget::rollup::Totals;
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::quantity::group_thousands;

/// One year of an initiative.
struct LineRow {
    year: String,
    initial: String,
    supplementary: String,
    cells: Cells,
    /// 一般財源, 国県支出金, 地方債, その他; `None` when not given.
    funding: Option<[String; 4]>,
    /// `1.5 × 8,000`, or `―` when not given.
    personnel_basis: String,
}

#[derive(Template)]
#[template(path = "budget_program.html")]
struct ProgramPage<'a> {
    ctx: PageCtx,
    program: &'a Program,
    department: String,
    key_initiative: Option<String>,
    projects: Vec<Link>,
    directions: Vec<Link>,
    items: Vec<Link>,
    indicators: Vec<Link>,
    lines: Vec<LineRow>,
    jattr: &'static str,
}

fn line_row(snap: &Snapshot, lang: Lang, l: &BudgetLine) -> Result<LineRow, MoneyError> {
    let t = texts(lang);
    let totals = Totals::of([l])?;
    Ok(LineRow {
        year: year_label(l.year, lang),
        initial: l.initial.to_string(),
        supplementary: l.supplementary.to_string(),
        cells: cells(&totals, settlement_published(snap, l.year), t),
        funding: l
            .funding
            .map(|f| [f.general, f.grants, f.bonds, f.other].map(|x: Thousands| x.to_string())),
        personnel_basis: l.personnel.map_or_else(
            || "―".to_string(),
            |p| format!("{} × {}", group_thousands(&p.fte), p.unit_cost),
        ),
    })
}

pub(super) fn render_program(
    snap: &Snapshot,
    lang: Lang,
    program: &Program,
) -> Result<Rendered, WebError> {
    let plan = &snap.plan;
    let path = format!("budget/programs/{}/", program.id);
    let ctx = PageCtx::new(snap, lang, &path, program.name.clone(), "budget");
    let projects = program
        .projects(plan)
        .into_iter()
        .filter_map(|id| plan.project(id))
        .map(|p| Link {
            href: ctx.link(&format!("projects/{}/", p.id)),
            id: p.id.to_string(),
            text: p.name.clone(),
        })
        .collect();
    let directions = plan
        .projects
        .iter()
        .flat_map(|p| p.directions.iter().map(move |d| (p, d)))
        .filter(|(_, d)| program.links.directions.contains(&d.id))
        .map(|(p, d)| Link {
            href: format!("{}#{}", ctx.link(&format!("projects/{}/", p.id)), d.id),
            id: d.id.to_string(),
            text: d.name.clone(),
        })
        .collect();
    let items = plan
        .fields
        .iter()
        .flat_map(|f| f.items.iter().map(move |i| (f, i)))
        .filter(|(_, i)| program.links.items.contains(&i.id))
        .map(|(f, i)| Link {
            href: format!("{}#{}", ctx.link("plan/"), i.id),
            id: i.id.to_string(),
            text: format!("{} {}", f.name, i.name),
        })
        .collect();
    let indicators = program
        .links
        .indicators
        .iter()
        .filter_map(|id| plan.indicator(id))
        .map(|i| Link {
            href: ctx.link(&format!("indicators/{}/", i.id)),
            id: i.id.to_string(),
            text: i.name.clone(),
        })
        .collect();
    let key_initiative = program.key_initiative.as_ref().map(|k| {
        plan.key_initiatives
            .iter()
            .flat_map(|g| &g.initiatives)
            .find(|i| &i.id == k)
            .map_or_else(|| k.to_string(), |i| format!("{k} {}", i.name))
    });
    let mut own: Vec<&BudgetLine> = snap
        .budget
        .lines
        .iter()
        .filter(|l| l.program == program.id)
        .collect();
    own.sort_by_key(|l| l.year);
    let lines = own
        .into_iter()
        .map(|l| line_row(snap, lang, l))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| internal(lang, &e))?;
    let page = ProgramPage {
        department: department_name(snap, program),
        key_initiative,
        projects,
        directions,
        items,
        indicators,
        lines,
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        program,
        ctx,
    };
    html(&page, lang).map(Rendered::Html)
}

// ---------------------------------------------------------------------------
// Sections of the project and indicator pages.
