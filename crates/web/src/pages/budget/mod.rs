//! The cost views of the portal: `budget/` (the newest published year, or
//! `budget/?year=2022`), `budget/{year}/` and the initiative page
//! `budget/programs/{id}/`; and the cost sections the project and indicator
//! pages include ([`project_cost`], [`indicator_cost`]).
//!
//! Only published figures are shown: the snapshot holds the lines of years
//! whose budget is published, with the settlement (決算) only where the
//! year's settlement is published ([`keikaku_app::budget::public_lines`]).
//! An unpublished settlement is shown as "not published", never as zero.
//! Money is in thousands of yen (千円), exact, with the unit stated in every
//! table. An initiative serving several projects, fields or policy items
//! counts in full in each (再掲), so those tables do not add up to the
//! overall total; the pages say so.

mod chart;
mod program;
mod sections;

use chart::{Bar, cost_chart};
use program::render_program;
pub(crate) use sections::{IndicatorCost, ProjectCost, indicator_cost, project_cost};

use super::indicator::year_label;
use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::{Lang, Texts, texts};
use crate::snapshot::Snapshot;
use askama::Template;
use keikaku_model::budget::Program;
use keikaku_model::budget::money::MoneyError;
use keikaku_model::budget::rollup::{Row, Totals};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ProjectId;
use keikaku_store::PublishStage;

/// Renders the budget pages; `None` for paths outside `budget/`.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    let not_found =
        || WebError::not_found(lang, format!("/{}{}/", lang.prefix(), segments.join("/")));
    let book = snap.budget.book();
    Some(match segments {
        ["budget"] => {
            let wanted = query.and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "year")
                    .map(|(_, v)| v.into_owned())
            });
            match wanted {
                None => render_year(snap, lang, "budget/", book.years().last().copied()),
                Some(y) => match published_year(snap, &y) {
                    Some(year) => render_year(snap, lang, "budget/", Some(year)),
                    None => Err(unknown_year(lang, &y)),
                },
            }
        }
        ["budget", "programs", id] => match snap.budget.program(id) {
            Some(p) => render_program(snap, lang, p),
            None => Err(not_found()),
        },
        ["budget", year] => match published_year(snap, year) {
            Some(y) => render_year(snap, lang, &format!("budget/{}/", y.year()), Some(y)),
            None => Err(unknown_year(lang, year)),
        },
        ["budget", ..] => Err(not_found()),
        _ => return None,
    })
}

/// `budget/`, every published year's page and every shown initiative's page.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    let mut out = vec!["budget/".to_string()];
    out.extend(
        snap.budget
            .book()
            .years()
            .iter()
            .map(|y| format!("budget/{}/", y.year())),
    );
    out.extend(
        snap.budget
            .programs
            .iter()
            .map(|p| format!("budget/programs/{}/", p.id)),
    );
    out
}

fn unknown_year(lang: Lang, year: &str) -> WebError {
    WebError::not_found(
        lang,
        format!("{}: {year}", texts(lang).get("budget_portal_unknown_year")),
    )
}

/// A year written as digits whose budget is published.
fn published_year(snap: &Snapshot, text: &str) -> Option<FiscalYear> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = FiscalYear::new(text.parse::<i32>().ok()?).ok()?;
    snap.budget.book().years().contains(&year).then_some(year)
}

/// Whether the public may see a year's settlement.
pub(super) fn settlement_published(snap: &Snapshot, year: FiscalYear) -> bool {
    snap.budget
        .is_published(year.year(), PublishStage::Settlement)
}

pub(super) fn internal(lang: Lang, e: &MoneyError) -> WebError {
    tracing::error!(error = %e, "budget figures do not add up");
    WebError {
        kind: crate::error::Kind::Internal,
        format: crate::error::Format::Html(lang),
    }
}

// ---------------------------------------------------------------------------
// Shared cells.

/// Money of some lines as shown: thousands of yen with separators.
pub(crate) struct Cells {
    pub(crate) initial: String,
    pub(crate) budget: String,
    /// 決算, `未公表` when the year's settlement is not published, `―` when unsettled.
    pub(crate) settlement: String,
    /// 執行率 `95.1%`, or `―`.
    pub(crate) rate: String,
    pub(crate) personnel: String,
    pub(crate) total: String,
    /// Whether the total is (wholly) on a settlement basis.
    pub(crate) settled: bool,
}

/// A rate as shown: `95.1%`.
fn rate_text(r: Option<rust_decimal::Decimal>) -> String {
    r.map_or_else(|| "―".to_string(), |r| format!("{r:.1}%"))
}

pub(super) fn cells(t: &Totals, published: bool, tx: &Texts) -> Cells {
    let settlement = if !published {
        tx.get("budget_portal_not_published").to_string()
    } else if t.settled == 0 {
        "―".to_string()
    } else {
        t.settlement.to_string()
    };
    Cells {
        initial: t.initial.to_string(),
        budget: t.budget.to_string(),
        settlement,
        rate: rate_text(t.execution_rate()),
        personnel: t.personnel.to_string(),
        total: t.total.to_string(),
        settled: t.lines > 0 && t.fully_settled(),
    }
}

/// A link with its text and an ID shown beside it.
pub(crate) struct Link {
    pub(crate) href: String,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// One year of a trend table.
pub(crate) struct TrendRow {
    pub(crate) year: String,
    pub(crate) href: String,
    pub(crate) programs: usize,
    pub(crate) cells: Cells,
}

pub(super) fn trend(
    snap: &Snapshot,
    ctx: &PageCtx,
    pick: impl Fn(&Program) -> bool + Copy,
) -> Result<Vec<TrendRow>, MoneyError> {
    let book = snap.budget.book();
    book.years()
        .into_iter()
        .map(|y| {
            let row = book.totals_where(y, pick)?;
            Ok(TrendRow {
                year: year_label(y, ctx.lang),
                href: ctx.link(&format!("budget/{}/", y.year())),
                programs: row.programs.len(),
                cells: cells(&row.totals, settlement_published(snap, y), ctx.t),
            })
        })
        .collect()
}

pub(super) fn program_link(ctx: &PageCtx, p: &Program) -> Link {
    Link {
        href: ctx.link(&format!("budget/programs/{}/", p.id)),
        id: p.id.to_string(),
        text: p.name.clone(),
    }
}

pub(super) fn department_name(snap: &Snapshot, p: &Program) -> String {
    snap.plan
        .department(&p.department)
        .map_or_else(|| p.department.to_string(), |d| d.name.clone())
}

// ---------------------------------------------------------------------------
// The overview.

/// A link to a published year.
struct YearLink {
    href: String,
    label: String,
    current: bool,
}

/// A project's, field's or policy item's cost in the year.
struct GroupRow {
    link: Link,
    programs: usize,
    cells: Cells,
}

/// An initiative's line in the year.
struct ProgramRow {
    link: Link,
    department: String,
    cells: Cells,
}

/// What a published year shows.
struct YearView {
    label: String,
    settlement_published: bool,
    overall: Cells,
    lines: usize,
    unsettled: usize,
    projects: Vec<GroupRow>,
    fields: Vec<GroupRow>,
    items: Vec<GroupRow>,
    programs: Vec<ProgramRow>,
}

#[derive(Template)]
#[template(path = "budget.html")]
struct BudgetPage {
    ctx: PageCtx,
    years: Vec<YearLink>,
    /// `None` when no year's budget is published.
    year: Option<YearView>,
    trend: Vec<TrendRow>,
    /// The trend as an SVG bar chart (empty when there is nothing to draw).
    chart: String,
    without_indicator: Vec<Link>,
    indicators_without: Vec<Link>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
}

fn group_rows<K>(
    rows: Vec<Row<K>>,
    published: bool,
    tx: &Texts,
    link: impl Fn(&K) -> Link,
) -> Vec<GroupRow> {
    rows.into_iter()
        .map(|r| GroupRow {
            link: link(&r.key),
            programs: r.programs.len(),
            cells: cells(&r.totals, published, tx),
        })
        .collect()
}

fn year_view(snap: &Snapshot, ctx: &PageCtx, year: FiscalYear) -> Result<YearView, MoneyError> {
    let book = snap.budget.book();
    let plan = &snap.plan;
    let published = settlement_published(snap, year);
    let tx = ctx.t;
    let overall = book.overall(year)?;
    let projects = group_rows(book.by_project(year)?, published, tx, |id: &ProjectId| {
        Link {
            href: ctx.link(&format!("projects/{id}/")),
            id: id.to_string(),
            text: plan
                .project(id)
                .map_or_else(String::new, |p| p.name.clone()),
        }
    });
    let fields = group_rows(book.by_field(year)?, published, tx, |id| Link {
        href: format!("{}#{id}", ctx.link("plan/")),
        id: id.to_string(),
        text: plan
            .fields
            .iter()
            .find(|f| &f.id == id)
            .map_or_else(String::new, |f| f.name.clone()),
    });
    let mut items = group_rows(book.by_item(year)?, published, tx, |id| Link {
        href: format!("{}#{id}", ctx.link("plan/")),
        id: id.to_string(),
        text: plan
            .fields
            .iter()
            .flat_map(|f| &f.items)
            .find(|i| &i.id == id)
            .map_or_else(String::new, |i| i.name.clone()),
    });
    items.retain(|r| r.programs > 0);
    let mut programs = Vec::new();
    for p in &snap.budget.programs {
        if let Some(line) = book.line(&p.id, year) {
            programs.push(ProgramRow {
                link: program_link(ctx, p),
                department: department_name(snap, p),
                cells: cells(&Totals::of([line])?, published, tx),
            });
        }
    }
    Ok(YearView {
        label: year_label(year, ctx.lang),
        settlement_published: published,
        lines: overall.lines,
        unsettled: overall.lines - overall.settled,
        overall: cells(&overall, published, tx),
        projects,
        fields,
        items,
        programs,
    })
}

fn render_year(
    snap: &Snapshot,
    lang: Lang,
    path: &str,
    year: Option<FiscalYear>,
) -> Result<Rendered, WebError> {
    let t = texts(lang);
    let title = match (year, lang) {
        (Some(y), Lang::Ja) => format!(
            "{}（{}）",
            t.get("budget_portal_title"),
            year_label(y, lang)
        ),
        (Some(y), Lang::En) => format!("{}: {}", t.get("budget_portal_title"), year_label(y, lang)),
        (None, _) => t.get("budget_portal_title").to_string(),
    };
    let ctx = PageCtx::new(snap, lang, path, title, "budget");
    let book = snap.budget.book();
    let years = book
        .years()
        .into_iter()
        .map(|y| YearLink {
            href: ctx.link(&format!("budget/{}/", y.year())),
            label: year_label(y, lang),
            current: Some(y) == year,
        })
        .collect();
    let view = year
        .map(|y| year_view(snap, &ctx, y))
        .transpose()
        .map_err(|e| internal(lang, &e))?;
    let trend = trend(snap, &ctx, |_| true).map_err(|e| internal(lang, &e))?;
    let bars = book
        .years()
        .into_iter()
        .map(|y| {
            let t = book.overall(y)?;
            Ok(Bar {
                year: year_label(y, lang),
                spending: t.total.checked_sub(t.personnel)?.get(),
                personnel: t.personnel.get(),
                total: t.total.to_string(),
            })
        })
        .collect::<Result<Vec<_>, MoneyError>>()
        .map_err(|e| internal(lang, &e))?;
    let chart = cost_chart(&bars, t);
    let without_indicator = book
        .money_without_indicator()
        .into_iter()
        .map(|p| program_link(&ctx, p))
        .collect();
    let indicators_without = if snap.budget.programs.is_empty() {
        Vec::new()
    } else {
        book.indicators_without_program()
            .into_iter()
            .map(|id| Link {
                href: ctx.link(&format!("indicators/{id}/")),
                id: id.to_string(),
                text: snap
                    .plan
                    .indicator(id)
                    .map_or_else(String::new, |i| i.name.clone()),
            })
            .collect()
    };
    let page = BudgetPage {
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
        years,
        year: view,
        trend,
        chart,
        without_indicator,
        indicators_without,
    };
    html(&page, lang).map(Rendered::Html)
}
