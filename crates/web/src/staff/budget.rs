//! Budgets in the staff workspace: the overview of a fiscal year
//! (`/staff/budget/?year=`) with every initiative's 当初/補正/予算現額/決算/
//! 執行率/人件費/総事業費, the totals (each initiative counted once), the
//! roll-ups per project and per field (再掲: an initiative counts in every
//! project it serves), the gaps (money without an indicator, indicators
//! without an initiative), and the publication of each year's budget and
//! settlement figures, which the planning department and admins may
//! publish or withdraw. Everyone signed in reads.
//!
//! One line is edited on [`super::budget_line`], files are uploaded through
//! [`super::budget_upload`], and proposals for the coming year are recorded
//! in the budget season ([`super::budget_season`]). The figures are the
//! model's ([`keikaku_model::budget`]): exact thousands of yen, never
//! floating point.

use super::form::{Fields, form_error};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::budget::BudgetData;
use keikaku_app::{Actor, AppError};
use keikaku_model::access::{Permission, Staff, allows};
use keikaku_model::budget::money::{MoneyError, Thousands};
use keikaku_model::budget::rollup::{Book, Totals};
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ProgramId;
use keikaku_model::plan::Plan;
use keikaku_store::PublishStage;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// An amount as shown: `12,345`.
pub(super) fn money(t: Thousands) -> String {
    t.to_string()
}

/// An amount that may be missing: `12,345` or `—`.
pub(super) fn money_opt(t: Option<Thousands>) -> String {
    t.map_or_else(|| "—".to_owned(), money)
}

/// A rate (already rounded to one decimal by the model) as shown, always
/// with one decimal: `95.1%`, `95.0%`, or `—`.
pub(super) fn percent(d: Option<Decimal>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |mut d| {
            d.rescale(1);
            format!("{d}%")
        },
    )
}

/// Arithmetic on stored figures overflowed: the data is broken.
pub(super) fn money_error(e: MoneyError, lang: Lang) -> WebError {
    WebError::from_app(AppError::Internal(e.to_string()), Format::Html(lang))
}

/// Loads every budget figure (staff see all of them).
pub(super) async fn load(live: &Live, lang: Lang) -> Result<BudgetData, WebError> {
    live.app()
        .budget(live.code())
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))
}

/// Whether the signed-in account may change budgets: planning and admins.
pub(super) fn can_edit(staff: &Staff, plan: &Plan) -> bool {
    allows(staff, Permission::EditPlan, plan)
}

/// A department's name, or its ID when the plan does not name it.
pub(super) fn department_name(plan: &Plan, program: &Program) -> String {
    plan.departments
        .iter()
        .find(|d| d.id == program.department)
        .map_or_else(|| program.department.to_string(), |d| d.name.clone())
}

/// The years a budget page offers: those with lines and the edition's.
pub(super) fn budget_years(book: &Book<'_>) -> Vec<i32> {
    let years = book.plan.edition.years;
    let mut set: BTreeSet<i32> = book.years().into_iter().map(FiscalYear::year).collect();
    set.extend(years.first().year()..=years.last().year());
    set.into_iter().collect()
}

/// The year asked for, else the newest year with lines, else the edition's first.
fn chosen_year(book: &Book<'_>, asked: Option<&str>, lang: Lang) -> Result<FiscalYear, WebError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(y) => y
            .parse::<FiscalYear>()
            .map_err(|e| WebError::bad_request(lang, format!("year: {e}"))),
        None => Ok(book
            .years()
            .last()
            .copied()
            .unwrap_or_else(|| book.plan.edition.years.first())),
    }
}

/// Totals as shown.
pub(super) struct TotalsView {
    initial: String,
    supplementary: String,
    budget: String,
    settlement: String,
    rate: String,
    personnel: String,
    total: String,
    lines: usize,
    settled: usize,
}

impl TotalsView {
    fn of(t: &Totals) -> Result<TotalsView, MoneyError> {
        Ok(TotalsView {
            initial: money(t.initial),
            supplementary: money(t.budget.checked_sub(t.initial)?),
            budget: money(t.budget),
            settlement: if t.settled == 0 {
                "—".to_owned()
            } else {
                money(t.settlement)
            },
            rate: percent(t.execution_rate()),
            personnel: money(t.personnel),
            total: money(t.total),
            lines: t.lines,
            settled: t.settled,
        })
    }
}

/// One initiative's row in the year's table.
struct LineRow {
    id: String,
    name: String,
    department: String,
    href: String,
    /// The initiative's own page (name, department, links).
    program_href: String,
    line: Option<LineFigures>,
}

/// One line's figures as shown.
struct LineFigures {
    initial: String,
    supplementary: String,
    budget: String,
    settlement: String,
    rate: String,
    personnel: String,
    total: String,
    version: i64,
}

fn figures(l: &BudgetLine, version: i64) -> Result<LineFigures, MoneyError> {
    Ok(LineFigures {
        initial: money(l.initial),
        supplementary: money(l.supplementary),
        budget: money(l.current_budget()?),
        settlement: money_opt(l.settlement),
        rate: percent(l.execution_rate()?),
        personnel: money(l.personnel_cost()?),
        total: money(l.total_cost()?),
        version,
    })
}

/// A roll-up row: a project or field and its initiatives.
struct GroupRow {
    id: String,
    name: String,
    /// Initiatives counted, `J-04（再掲）` when counted elsewhere too.
    programs: String,
    totals: TotalsView,
}

/// An item of a gap list.
struct GapItem {
    id: String,
    name: String,
    href: String,
}

/// A year's publication state.
struct PubRow {
    year: i32,
    /// `(stage keyword, published)` for the budget, then the settlement.
    stages: [(&'static str, bool); 2],
}

#[derive(Template)]
#[template(path = "staff/budget.html")]
struct BudgetPage {
    ctx: StaffCtx,
    year: i32,
    years: Vec<i32>,
    rows: Vec<LineRow>,
    overall: TotalsView,
    by_project: Vec<GroupRow>,
    by_field: Vec<GroupRow>,
    money_without_indicator: Vec<GapItem>,
    indicators_without_program: Vec<GapItem>,
    publication: Vec<PubRow>,
    can_edit: bool,
    errors: Vec<String>,
    notice: Option<String>,
    upload_action: String,
}

/// `?year=&saved=&published=&imported=` on the overview.
#[derive(Debug, Default, Deserialize)]
pub struct BudgetQuery {
    year: Option<String>,
    /// An initiative whose line was just saved.
    saved: Option<String>,
    /// `publish-budget`, `withdraw-settlement`, … after a publication change.
    published: Option<String>,
    /// `RECORDED-UNCHANGED` after an upload.
    imported: Option<String>,
}

fn group_programs(ids: &[ProgramId], repeated: &BTreeSet<&ProgramId>, lang: Lang) -> String {
    let mark = texts(lang).get("budget_staff_repeated_mark");
    ids.iter()
        .map(|id| {
            if repeated.contains(id) {
                format!("{id}{mark}")
            } else {
                id.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn notice(q: &BudgetQuery, lang: Lang) -> Option<String> {
    let t = texts(lang);
    if let Some(p) = q.saved.as_deref() {
        return Some(format!("{} ({p})", t.get("budget_staff_saved")));
    }
    if let Some(p) = q.published.as_deref() {
        let key = match p {
            "publish-budget" => "budget_staff_published_budget",
            "withdraw-budget" => "budget_staff_withdrawn_budget",
            "publish-settlement" => "budget_staff_published_settlement",
            "withdraw-settlement" => "budget_staff_withdrawn_settlement",
            _ => return None,
        };
        return Some(t.get(key).to_owned());
    }
    if let Some(counts) = q.imported.as_deref() {
        let (recorded, unchanged) = counts.split_once('-')?;
        let recorded: usize = recorded.parse().ok()?;
        let unchanged: usize = unchanged.parse().ok()?;
        return Some(format!(
            "{} {}: {recorded} / {}: {unchanged}",
            t.get("budget_staff_imported"),
            t.get("budget_staff_imported_recorded"),
            t.get("budget_staff_imported_unchanged"),
        ));
    }
    None
}

/// Renders the overview of `year` with `errors` (from a refused form or upload).
pub(super) async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    asked_year: Option<&str>,
    status: StatusCode,
    errors: Vec<String>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let data = load(live, lang).await?;
    let book = data.book();
    let plan = &data.plan;
    let year = chosen_year(&book, asked_year, lang)?;
    let y = year.year();
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        texts(lang).get("budget_staff_title"),
        format!("budget/?year={y}"),
        "budget",
    );
    let versions: BTreeMap<(&str, i32), i64> = data
        .rows
        .iter()
        .map(|r| ((r.line.program.as_str(), r.line.year.year()), r.version))
        .collect();
    let err = |e| money_error(e, lang);
    let mut rows = Vec::new();
    for p in &data.programs {
        let line = match book.line(&p.id, year) {
            Some(l) => {
                let v = versions.get(&(p.id.as_str(), y)).copied().unwrap_or(0);
                Some(figures(l, v).map_err(err)?)
            }
            None => None,
        };
        rows.push(LineRow {
            id: p.id.to_string(),
            name: p.name.clone(),
            department: department_name(plan, p),
            href: ctx.link(&format!("budget/{}/{y}/", p.id)),
            program_href: ctx.link(&format!("budget/programs/{}/", p.id)),
            line,
        });
    }
    let overall = TotalsView::of(&book.overall(year).map_err(err)?).map_err(err)?;
    let projects = book.by_project(year).map_err(err)?;
    // 再掲: initiatives counted in more than one project this year.
    let mut counts: BTreeMap<&ProgramId, usize> = BTreeMap::new();
    for r in &projects {
        for id in &r.programs {
            *counts.entry(id).or_default() += 1;
        }
    }
    let repeated: BTreeSet<&ProgramId> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect();
    let mut by_project = Vec::new();
    for r in &projects {
        by_project.push(GroupRow {
            id: r.key.to_string(),
            name: plan
                .project(&r.key)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            programs: group_programs(&r.programs, &repeated, lang),
            totals: TotalsView::of(&r.totals).map_err(err)?,
        });
    }
    let mut by_field = Vec::new();
    for r in &book.by_field(year).map_err(err)? {
        by_field.push(GroupRow {
            id: r.key.to_string(),
            name: plan
                .fields
                .iter()
                .find(|f| f.id == r.key)
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            programs: group_programs(&r.programs, &BTreeSet::new(), lang),
            totals: TotalsView::of(&r.totals).map_err(err)?,
        });
    }
    let money_without_indicator = book
        .money_without_indicator()
        .into_iter()
        .map(|p| GapItem {
            id: p.id.to_string(),
            name: p.name.clone(),
            href: ctx.link(&format!("budget/{}/{y}/", p.id)),
        })
        .collect();
    let indicators_without_program = book
        .indicators_without_program()
        .into_iter()
        .filter_map(|id| plan.indicator(id))
        .map(|i| GapItem {
            id: i.id.to_string(),
            name: i.name.clone(),
            href: ctx.link(&format!("plan/indicators/{}/", i.id)),
        })
        .collect();
    let publication = book
        .years()
        .into_iter()
        .map(|fy| PubRow {
            year: fy.year(),
            stages: [PublishStage::Budget, PublishStage::Settlement]
                .map(|s| (s.keyword(), data.is_published(fy.year(), s))),
        })
        .collect();
    let page = BudgetPage {
        year: y,
        years: budget_years(&book),
        rows,
        overall,
        by_project,
        by_field,
        money_without_indicator,
        indicators_without_program,
        publication,
        can_edit: can_edit(&signed.staff, plan),
        errors,
        notice,
        upload_action: ctx.link(&format!("budget/upload/?csrf={}&year={y}", signed.csrf)),
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/budget/`: the year's budget.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<BudgetQuery>,
) -> Result<Response, WebError> {
    let notice = notice(&q, lang);
    render(
        &live,
        lang,
        &signed,
        q.year.as_deref(),
        StatusCode::OK,
        Vec::new(),
        notice,
    )
    .await
}

/// POST `/staff/budget/`: `action` = publish or withdraw, `stage` =
/// budget or settlement, `year`.
pub async fn publish(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let t = texts(lang);
    let plan = live
        .app()
        .current_plan(live.code())
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    if !can_edit(&signed.staff, &plan) {
        return Err(WebError::forbidden(lang, t.get("staff.forbidden_role")));
    }
    let asked = f.get("year").to_owned();
    let mut problems = Vec::new();
    let year = asked
        .trim()
        .parse::<FiscalYear>()
        .map_err(|e| problems.push(format!("year: {e}")))
        .ok();
    let stage = PublishStage::parse(f.get("stage"));
    if stage.is_none() {
        problems.push(format!(
            "stage: 「{}」 is neither budget nor settlement",
            f.get("stage")
        ));
    }
    let published = match f.get("action") {
        "publish" => Some(true),
        "withdraw" => Some(false),
        other => {
            problems.push(format!("unknown action 「{other}」"));
            None
        }
    };
    let (Some(year), Some(stage), Some(published), true) =
        (year, stage, published, problems.is_empty())
    else {
        let shown = Some(asked.as_str()).filter(|y| y.trim().parse::<FiscalYear>().is_ok());
        return render(
            &live,
            lang,
            &signed,
            shown,
            StatusCode::BAD_REQUEST,
            problems,
            None,
        )
        .await;
    };
    let actor = Actor(signed.staff.name.to_string());
    match live
        .app()
        .publish_budget(live.code(), year.year(), stage, published, &actor)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/{}staff/budget/?year={}&published={}-{}",
            lang.prefix(),
            year.year(),
            if published { "publish" } else { "withdraw" },
            stage.keyword()
        ))
        .into_response()),
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(
                &live,
                lang,
                &signed,
                Some(&year.year().to_string()),
                status,
                errors,
                None,
            )
            .await
        }
    }
}
