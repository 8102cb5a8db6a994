//! The project page `projects/{id}/`: name, group, lead and related
//! departments, SDG goals (linked to the SDGs page), summary bullets, policy
//! directions with their initiatives (anchors `P1-D1`, `P1-D1-I1` …), and
//! one KPI table with a row per printed indicator: the four printed values
//! with their periods, the latest actual, the grade of the latest evaluated
//! year and a compact chart. Each printed KPI table is a `<tbody>` with the
//! table's ID as anchor (`#P1-T1`), which the indicator page links to.
//!
//! English pages show the plan's Japanese texts (marked `lang="ja"`) with
//! English UI strings.

use super::indicator::{amount_text, chart_svg, year_label};
use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;
use crate::view::{Badge, grade_badge, period_label};
use askama::Template;
use keikaku_model::indicator::{Column, KpiValue};
use keikaku_model::org::Responsibility;
use keikaku_model::plan::{Plan, Project};
use keikaku_report::chart::ChartSize;

/// Renders `projects/{id}/`; a 404 for an unknown project or a deeper path;
/// `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    let not_found =
        || WebError::not_found(lang, format!("/{}{}/", lang.prefix(), segments.join("/")));
    match segments {
        ["projects", id] => Some(
            match snap.plan.projects.iter().find(|p| p.id.as_str() == *id) {
                Some(p) => render(snap, lang, p).map(Rendered::Html),
                None => Err(not_found()),
            },
        ),
        ["projects", _, ..] => Some(Err(not_found())),
        _ => None,
    }
}

/// Every project's page.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    snap.plan
        .projects
        .iter()
        .map(|p| format!("projects/{}/", p.id))
        .collect()
}

/// A value with its period, as shown in a cell.
struct Cell {
    value: String,
    period: String,
}

/// One indicator row of the KPI table.
struct KpiRow {
    href: String,
    label: String,
    /// The four printed values in column order.
    values: Vec<Option<Cell>>,
    latest: Option<Cell>,
    badge: Option<Badge>,
    chart: String,
}

/// A printed KPI table: its anchor, its heading when it says more than the
/// row labels, and its rows.
struct KpiGroup {
    id: String,
    heading: Option<String>,
    rows: Vec<KpiRow>,
}

/// A published evaluation of the project for one year.
struct Published {
    year: String,
    /// The lead departments of that year, when responsibility changed.
    lead: Option<String>,
    decision: Option<&'static str>,
    self_evaluation: Option<String>,
    review: Option<String>,
    council_comment: Option<String>,
}

fn published(
    snap: &Snapshot,
    lang: Lang,
    project: &Project,
    spans: &[Responsibility],
) -> Vec<Published> {
    use keikaku_model::workflow::Subject;
    snap.records
        .iter()
        .rev()
        .filter(|r| r.subject == Subject::Project(project.id.clone()))
        .map(|r| Published {
            year: year_label(r.fiscal_year, lang),
            lead: (spans.len() > 1)
                .then(|| {
                    spans
                        .iter()
                        .find(|s| s.from <= r.fiscal_year && r.fiscal_year <= s.to)
                        .map(|s| names(&s.lead))
                })
                .flatten(),
            decision: r.decision.map(|d| match lang {
                Lang::Ja => d.label_ja(),
                Lang::En => d.label_en(),
            }),
            self_evaluation: r.self_evaluation.clone(),
            review: r.review.clone(),
            council_comment: r.council_comment.clone(),
        })
        .collect()
}

/// An SDG goal link.
struct Sdg {
    href: String,
    number: u8,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage<'a> {
    ctx: PageCtx,
    project: &'a Project,
    group: String,
    lead: String,
    related: String,
    /// The departments responsible per span of years, when they changed.
    history: Vec<SpanView>,
    sdgs: Vec<Sdg>,
    /// Headers of the four value columns.
    columns: Vec<String>,
    /// The latest evaluated year, when there is one.
    grade_year: Option<String>,
    evaluations: Vec<Published>,
    /// Columns of the KPI table (for the group headings' colspan).
    colspan: usize,
    tables: Vec<KpiGroup>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
    /// The cost of the initiatives serving the project, per published year.
    cost: Option<super::budget::ProjectCost>,
}

/// The departments responsible for the project in a span of years.
struct SpanView {
    years: String,
    lead: String,
    related: String,
    /// Whether the span holds this fiscal year.
    now: bool,
}

fn names(depts: &[keikaku_model::plan::Department]) -> String {
    depts
        .iter()
        .map(|d| d.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// Who is responsible for the project in each span of years from the
/// edition's first year (or an earlier published evaluation) to its last
/// (or this fiscal year, if later); empty without any reorganisation.
fn responsibility(snap: &Snapshot, project: &Project) -> Vec<Responsibility> {
    use keikaku_model::workflow::Subject;
    if snap.org.events().is_empty() {
        return Vec::new();
    }
    let years = snap.plan.edition.years;
    let subject = Subject::Project(project.id.clone());
    let evaluated = snap
        .records
        .iter()
        .filter(|r| r.subject == subject)
        .map(|r| r.fiscal_year);
    let first = evaluated
        .clone()
        .chain([years.first(), snap.this_year])
        .min()
        .unwrap_or(snap.this_year);
    let last = evaluated
        .chain([years.last(), snap.this_year])
        .max()
        .unwrap_or(snap.this_year);
    snap.org
        .responsibility(&snap.plan, &project.id, first, last)
}

fn departments(plan: &Plan, ids: &[keikaku_model::ids::DepartmentId]) -> String {
    ids.iter()
        .map(|id| {
            plan.department(id)
                .map_or_else(|| id.to_string(), |d| d.name.clone())
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn cell(v: &KpiValue, lang: Lang) -> Cell {
    Cell {
        value: amount_text(v.quantity.amount, v.quantity.unit.as_str(), v.bound),
        period: period_label(&v.period, lang),
    }
}

fn render(snap: &Snapshot, lang: Lang, project: &Project) -> Result<String, WebError> {
    let plan = &snap.plan;
    let path = format!("projects/{}/", project.id);
    let ctx = PageCtx::new(snap, lang, &path, project.name.clone(), "home");
    let t = ctx.t;
    let latest = snap.latest();
    let columns = Column::ALL
        .iter()
        .map(|c| match (c, lang) {
            (Column::Baseline, Lang::Ja) => plan.edition.baseline_label.clone(),
            (Column::Baseline, Lang::En) => format!(
                "{} ({})",
                t.get("common.baseline"),
                year_label(plan.edition.baseline_year, lang)
            ),
            (Column::Initial, _) => t.get("common.initial").to_string(),
            (Column::Interim, _) => t.get("common.interim").to_string(),
            (Column::Target, _) => t.get("common.target").to_string(),
        })
        .collect::<Vec<_>>();
    let tables = project
        .tables
        .iter()
        .map(|table| {
            let rows: Vec<KpiRow> = table
                .rows
                .iter()
                .filter_map(|row| {
                    let i = plan.indicator(&row.indicator)?;
                    Some(KpiRow {
                        href: ctx.link(&format!("indicators/{}/", i.id)),
                        label: row.label.clone(),
                        values: Column::ALL
                            .iter()
                            .map(|c| i.values.get(*c).map(|v| cell(v, lang)))
                            .collect(),
                        latest: snap.actuals_of(&i.id).last().map(|a| Cell {
                            value: amount_text(
                                a.value.quantity.amount,
                                a.value.quantity.unit.as_str(),
                                None,
                            ),
                            period: period_label(&a.value.period, lang),
                        }),
                        badge: latest
                            .and_then(|e| snap.result(e.year, &i.id))
                            .map(|r| grade_badge(&r.grade, lang)),
                        chart: chart_svg(
                            snap,
                            i,
                            lang,
                            ChartSize::Compact,
                            &format!("{}-{}", table.id, i.id),
                        ),
                    })
                })
                .collect();
            let heading = table.heading.join(" ");
            let said_by_rows = rows.len() == 1 && table.rows.iter().any(|r| r.label == heading);
            KpiGroup {
                id: table.id.to_string(),
                heading: (!heading.is_empty() && !said_by_rows).then_some(heading),
                rows,
            }
        })
        .collect();
    // Departments as responsible this fiscal year; earlier (or later) spans
    // listed when they differ.
    let spans = responsibility(snap, project);
    let (lead, related) = match spans
        .iter()
        .find(|s| s.from <= snap.this_year && snap.this_year <= s.to)
    {
        Some(s) => (names(&s.lead), names(&s.related)),
        None => (
            departments(plan, &project.lead),
            departments(plan, &project.related),
        ),
    };
    let history = if spans.len() > 1 {
        spans
            .iter()
            .map(|s| SpanView {
                years: super::org::span_label(s.from, s.to, lang),
                lead: names(&s.lead),
                related: names(&s.related),
                now: s.from <= snap.this_year && snap.this_year <= s.to,
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = ProjectPage {
        group: plan
            .groups
            .iter()
            .find(|g| g.id == project.group)
            .map_or_else(|| project.group.to_string(), |g| g.name.clone()),
        lead,
        related,
        history,
        sdgs: project
            .sdgs
            .iter()
            .map(|n| Sdg {
                href: format!("{}#sdg-{n}", ctx.link("sdgs/")),
                number: *n,
            })
            .collect(),
        colspan: 4 + 3 + usize::from(latest.is_some()),
        grade_year: latest.map(|e| year_label(e.year, lang)),
        columns,
        tables,
        evaluations: published(snap, lang, project, &spans),
        cost: super::budget::project_cost(snap, &ctx, &project.id),
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        project,
        ctx,
    };
    html(&page, lang)
}
