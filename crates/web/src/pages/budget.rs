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

use super::indicator::year_label;
use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::{Lang, Texts, texts};
use crate::snapshot::Snapshot;
use crate::view::{Badge, grade_badge};
use askama::Template;
use keikaku_model::budget::money::{MoneyError, Thousands};
use keikaku_model::budget::rollup::{Book, Row, Totals};
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{IndicatorId, ProjectId};
use keikaku_model::quantity::group_thousands;
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
fn settlement_published(snap: &Snapshot, year: FiscalYear) -> bool {
    snap.budget
        .is_published(year.year(), PublishStage::Settlement)
}

fn internal(lang: Lang, e: &MoneyError) -> WebError {
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

fn cells(t: &Totals, published: bool, tx: &Texts) -> Cells {
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

fn trend(
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

fn program_link(ctx: &PageCtx, p: &Program) -> Link {
    Link {
        href: ctx.link(&format!("budget/programs/{}/", p.id)),
        id: p.id.to_string(),
        text: p.name.clone(),
    }
}

fn department_name(snap: &Snapshot, p: &Program) -> String {
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

/// One year of the trend chart: 事業費 (settlement or budget) and 人件費 in 千円.
struct Bar {
    year: String,
    spending: i64,
    personnel: i64,
    total: String,
}

/// Pixels of a bar segment: `value` scaled to `height` against `max`, in integers.
fn scaled(value: i64, max: i64, height: i64) -> i64 {
    if max <= 0 || value <= 0 {
        return 0;
    }
    let px = i128::from(value) * i128::from(height) / i128::from(max);
    i64::try_from(px).unwrap_or(height)
}

/// The total cost per year as stacked bars (事業費 solid, 人件費 hatched,
/// each named in the legend, the total written above each bar), with
/// `<title>` and `<desc>` giving every figure; the table beside it holds the
/// same numbers. Empty when no year has any cost.
fn cost_chart(bars: &[Bar], t: &Texts) -> String {
    use keikaku_report::xml::escape;
    let max = bars
        .iter()
        .map(|b| b.spending.saturating_add(b.personnel))
        .max()
        .unwrap_or(0);
    if max <= 0 {
        return String::new();
    }
    const TOP: i64 = 56;
    const PLOT: i64 = 180;
    const STEP: i64 = 96;
    let width = (40 + STEP * i64::try_from(bars.len()).unwrap_or(1)).max(320);
    let height = TOP + PLOT + 40;
    let base = TOP + PLOT;
    let title = t.get("budget_portal_chart_title");
    let desc: Vec<String> = bars
        .iter()
        .map(|b| {
            format!(
                "{}: {} {} ({} {}, {} {})",
                b.year,
                t.get("budget_portal_total"),
                b.total,
                t.get("budget_portal_spending"),
                keikaku_model::budget::money::Thousands::new(b.spending),
                t.get("budget_portal_personnel"),
                keikaku_model::budget::money::Thousands::new(b.personnel),
            )
        })
        .collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"budget-chart-title budget-chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"budget-chart-title\">{}</title><desc id=\"budget-chart-desc\">{}</desc>\
<defs><pattern id=\"budget-chart-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#0017c1\" stroke-width=\"2\"/></pattern></defs>\
<rect x=\"20\" y=\"8\" width=\"14\" height=\"14\" fill=\"#0017c1\"/><text x=\"40\" y=\"20\" font-size=\"13\">{}</text>\
<rect x=\"20\" y=\"28\" width=\"14\" height=\"14\" fill=\"url(#budget-chart-hatch)\" stroke=\"#0017c1\"/><text x=\"40\" y=\"40\" font-size=\"13\">{}</text>\
<line x1=\"20\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#333333\"/>",
        escape(&format!("{title}{}", t.get("budget_portal_unit"))),
        escape(&desc.join("; ")),
        escape(t.get("budget_portal_spending")),
        escape(t.get("budget_portal_personnel")),
        width - 20,
    );
    for (i, b) in bars.iter().enumerate() {
        let x = 40 + STEP * i64::try_from(i).unwrap_or(0);
        let spend = scaled(b.spending, max, PLOT);
        let pers = scaled(b.personnel, max, PLOT);
        let mid = x + 24;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"48\" height=\"{spend}\" fill=\"#0017c1\"/>\
<rect x=\"{x}\" y=\"{}\" width=\"48\" height=\"{pers}\" fill=\"url(#budget-chart-hatch)\" stroke=\"#0017c1\"/>\
<text x=\"{mid}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\
<text x=\"{mid}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            base - spend,
            base - spend - pers,
            base - spend - pers - 6,
            escape(&b.total),
            base + 18,
            escape(b.year.split('（').next().unwrap_or(&b.year)),
        ));
    }
    svg.push_str("</svg>");
    svg
}

// ---------------------------------------------------------------------------
// The initiative page.

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

fn render_program(snap: &Snapshot, lang: Lang, program: &Program) -> Result<Rendered, WebError> {
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

/// A project's cost per published year and the initiatives serving it.
pub(crate) struct ProjectCost {
    pub(crate) programs: Vec<Link>,
    pub(crate) rows: Vec<TrendRow>,
}

/// The cost section of a project page; `None` when no published
/// initiative serves the project (the section then says so).
pub(crate) fn project_cost(
    snap: &Snapshot,
    ctx: &PageCtx,
    project: &ProjectId,
) -> Option<ProjectCost> {
    let plan = &snap.plan;
    let serves = |p: &Program| p.projects(plan).contains(&project);
    let programs: Vec<Link> = snap
        .budget
        .programs
        .iter()
        .filter(|p| serves(p))
        .map(|p| program_link(ctx, p))
        .collect();
    if programs.is_empty() {
        return None;
    }
    match trend(snap, ctx, serves) {
        Ok(rows) => Some(ProjectCost { programs, rows }),
        Err(e) => {
            tracing::error!(error = %e, "budget figures do not add up");
            None
        }
    }
}

/// One year of the indicator page's cost section: the cost of the linked
/// initiatives beside the indicator's published actual and grade.
pub(crate) struct SideRow {
    pub(crate) year: String,
    /// `None` when no linked initiative has a published line that year.
    pub(crate) cells: Option<Cells>,
    pub(crate) actual: Option<String>,
    pub(crate) grade: Option<Badge>,
}

/// The cost section of an indicator page.
pub(crate) struct IndicatorCost {
    pub(crate) programs: Vec<Link>,
    pub(crate) rows: Vec<SideRow>,
}

/// The indicator's linked initiatives and, per year with either published
/// money or a published actual, both side by side; `None` when no published
/// initiative is linked to it.
pub(crate) fn indicator_cost(
    snap: &Snapshot,
    ctx: &PageCtx,
    indicator: &IndicatorId,
) -> Option<IndicatorCost> {
    let book: Book<'_> = snap.budget.book();
    let linked = |p: &Program| p.links.indicators.contains(indicator);
    let programs: Vec<Link> = book
        .programs_for(indicator)
        .into_iter()
        .map(|p| program_link(ctx, p))
        .collect();
    if programs.is_empty() {
        return None;
    }
    let actuals = snap.actuals_of(indicator);
    let mut years: Vec<FiscalYear> = book
        .years()
        .into_iter()
        .chain(actuals.iter().map(|a| a.value.fiscal_year()))
        .collect();
    years.sort();
    years.dedup();
    let mut rows = Vec::new();
    for y in years {
        let row = match book.totals_where(y, linked) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "budget figures do not add up");
                return None;
            }
        };
        rows.push(SideRow {
            year: year_label(y, ctx.lang),
            cells: (row.totals.lines > 0)
                .then(|| cells(&row.totals, settlement_published(snap, y), ctx.t)),
            actual: actuals
                .iter()
                .rfind(|a| a.value.fiscal_year() == y)
                .map(|a| {
                    super::indicator::amount_text(
                        a.value.quantity.amount,
                        a.value.quantity.unit.as_str(),
                        None,
                    )
                }),
            grade: snap
                .result(y, indicator)
                .map(|r| grade_badge(&r.grade, ctx.lang)),
        });
    }
    Some(IndicatorCost { programs, rows })
}
