//! Budgets (published figures only): `GET /budget?year=` — a year's totals
//! and its cost per project, field, policy item and initiative, with the
//! gaps between money and indicators — and `GET /budget/programs/{id}` —
//! one initiative with its links and a line per published year.
//!
//! Money is an integer of thousands of yen (千円), named in every response's
//! `unit`; rates are decimal strings (`"95.1"`, percent to one decimal). A
//! settlement (決算) the city has not published is `null`, never zero. An
//! initiative serving several projects, fields or items counts in full in
//! each (再掲), so those lists do not add up to `overall`.

use super::types::{FiscalYearLabel, Problem};
use super::{API_BASE, bad_request, internal, not_found, path_param, snapshot};
use crate::error::WebError;
use crate::snapshot::{Live, Snapshot};
use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use keikaku_model::budget::money::MoneyError;
use keikaku_model::budget::rollup::{Row, Totals};
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_store::PublishStage;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// The unit of every amount.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MoneyUnit {
    /// Always `JPY_THOUSANDS`: amounts are integers of thousands of yen.
    #[schema(example = "JPY_THOUSANDS")]
    pub code: &'static str,
    /// `千円`.
    pub label_ja: &'static str,
    /// `thousands of yen`.
    pub label_en: &'static str,
}

const UNIT: MoneyUnit = MoneyUnit {
    code: "JPY_THOUSANDS",
    label_ja: "千円",
    label_en: "thousands of yen",
};

/// Money added up over some budget lines (thousands of yen).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetTotals {
    /// Σ 当初予算 (initial budget).
    pub initial: i64,
    /// Σ 予算現額 (current budget: initial + supplementary).
    pub budget: i64,
    /// Σ 決算 (settlement) of the settled lines; `null` when no line's settlement is published.
    pub settlement: Option<i64>,
    /// 執行率 (execution rate) = settlement ÷ current budget of the settled lines, percent to one decimal.
    #[schema(example = "95.1")]
    pub execution_rate: Option<String>,
    /// Σ 人件費 (personnel cost: FTE × unit cost).
    pub personnel: i64,
    /// Σ 総事業費 (total cost: settlement, or the current budget where unsettled, plus personnel cost).
    pub total: i64,
    /// Lines added up.
    pub lines: usize,
    /// Lines with a published settlement.
    pub settled: usize,
}

impl From<&Totals> for BudgetTotals {
    fn from(t: &Totals) -> Self {
        BudgetTotals {
            initial: t.initial.get(),
            budget: t.budget.get(),
            settlement: (t.settled > 0).then_some(t.settlement.get()),
            execution_rate: t.execution_rate().map(|r| format!("{r:.1}")),
            personnel: t.personnel.get(),
            total: t.total.get(),
            lines: t.lines,
            settled: t.settled,
        }
    }
}

/// A project's, field's or policy item's cost in the year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupCost {
    /// ID, e.g. `P1`, `F2`, `F2-03`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The initiatives counted (with a published line in the year).
    pub programs: Vec<String>,
    /// Their money.
    pub totals: BudgetTotals,
}

/// An initiative's cost in the year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgramCost {
    /// ID, e.g. `J-01`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning department's ID.
    pub department: String,
    /// The line's money.
    pub totals: BudgetTotals,
    /// Link to the initiative.
    pub href: String,
}

/// A published year's cost.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetYear {
    /// The unit of every amount.
    pub unit: MoneyUnit,
    /// The fiscal years whose budget is published, ascending.
    pub years: Vec<i32>,
    /// The year shown: the one asked for, else the newest published; `null` when none is.
    pub year: Option<FiscalYearLabel>,
    /// Whether the year's settlement (決算) is published.
    pub settlement_published: bool,
    /// Every initiative counted once.
    pub overall: Option<BudgetTotals>,
    /// Per project, in plan order (再掲: an initiative counts in each project it serves).
    pub projects: Vec<GroupCost>,
    /// Per basic-plan field, in plan order (再掲).
    pub fields: Vec<GroupCost>,
    /// Per policy item with at least one initiative, in plan order (再掲).
    pub items: Vec<GroupCost>,
    /// Every initiative with a line in the year.
    pub programs: Vec<ProgramCost>,
    /// Published initiatives with money but no indicator to move.
    pub programs_without_indicator: Vec<String>,
    /// Indicators no published initiative is linked to.
    pub indicators_without_program: Vec<String>,
}

/// The query of `GET /budget`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Fiscal year (the Gregorian year it starts in), e.g. `2022`; default: the newest published.
    pub year: Option<String>,
}

fn money_error(e: &MoneyError) -> WebError {
    tracing::error!(error = %e, "budget figures do not add up");
    internal()
}

fn groups<K: ToString>(rows: Vec<Row<K>>, name: impl Fn(&K) -> String) -> Vec<GroupCost> {
    rows.into_iter()
        .map(|r| GroupCost {
            id: r.key.to_string(),
            name: name(&r.key),
            programs: r.programs.iter().map(ToString::to_string).collect(),
            totals: (&r.totals).into(),
        })
        .collect()
}

fn year_of(snap: &Snapshot, year: FiscalYear) -> Result<BudgetYear, MoneyError> {
    let book = snap.budget.book();
    let plan = &snap.plan;
    let mut items = groups(book.by_item(year)?, |id| {
        plan.fields
            .iter()
            .flat_map(|f| &f.items)
            .find(|i| &i.id == id)
            .map_or_else(String::new, |i| i.name.clone())
    });
    items.retain(|g| !g.programs.is_empty());
    let mut programs = Vec::new();
    for p in &snap.budget.programs {
        if let Some(line) = book.line(&p.id, year) {
            programs.push(ProgramCost {
                id: p.id.to_string(),
                name: p.name.clone(),
                department: p.department.to_string(),
                totals: (&Totals::of([line])?).into(),
                href: format!("{API_BASE}/budget/programs/{}", p.id),
            });
        }
    }
    Ok(BudgetYear {
        unit: UNIT,
        years: book.years().iter().map(|y| y.year()).collect(),
        year: Some(year.into()),
        settlement_published: snap
            .budget
            .is_published(year.year(), PublishStage::Settlement),
        overall: Some((&book.overall(year)?).into()),
        projects: groups(book.by_project(year)?, |id| {
            plan.project(id)
                .map_or_else(String::new, |p| p.name.clone())
        }),
        fields: groups(book.by_field(year)?, |id| {
            plan.fields
                .iter()
                .find(|f| &f.id == id)
                .map_or_else(String::new, |f| f.name.clone())
        }),
        items,
        programs,
        programs_without_indicator: book
            .money_without_indicator()
            .iter()
            .map(|p| p.id.to_string())
            .collect(),
        indicators_without_program: book
            .indicators_without_program()
            .iter()
            .map(ToString::to_string)
            .collect(),
    })
}

/// A published year's cost: overall totals, per project, field, policy item
/// and initiative, and the gaps. Without `year`, the newest published year.
#[utoipa::path(
    get,
    path = "/budget",
    tag = "budget",
    operation_id = "get_budget",
    params(YearQuery),
    responses(
        (status = 200, description = "The year's cost; `year` is null when no budget is published yet", body = BudgetYear),
        (status = 400, description = "The year is not an integer from 1868 to 2200", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The year's budget is not published", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn budget(
    State(live): State<Arc<Live>>,
    query: Result<Query<YearQuery>, QueryRejection>,
) -> Result<Json<BudgetYear>, WebError> {
    let Ok(Query(query)) = query else {
        return Err(bad_request("year must be a fiscal year such as 2022"));
    };
    let wanted = match query.year {
        None => None,
        Some(text) => Some(
            text.parse::<i32>()
                .ok()
                .and_then(|y| FiscalYear::new(y).ok())
                .ok_or_else(|| {
                    bad_request(format!(
                        "「{text}」 is not a fiscal year: write the Gregorian year it starts in, from 1868 to 2200, e.g. 2022"
                    ))
                })?,
        ),
    };
    let snap = snapshot(&live).await?;
    let years = snap.budget.book().years();
    let year = match wanted {
        Some(y) if years.contains(&y) => Some(y),
        Some(y) => {
            let known: Vec<String> = years.iter().map(|y| y.year().to_string()).collect();
            return Err(not_found(format!(
                "no budget is published for FY{}; published: {}",
                y.year(),
                if known.is_empty() {
                    "none yet".to_owned()
                } else {
                    known.join(", ")
                }
            )));
        }
        None => years.last().copied(),
    };
    match year {
        Some(y) => year_of(&snap, y).map(Json).map_err(|e| money_error(&e)),
        None => Ok(Json(BudgetYear {
            unit: UNIT,
            years: Vec::new(),
            year: None,
            settlement_published: false,
            overall: None,
            projects: Vec::new(),
            fields: Vec::new(),
            items: Vec::new(),
            programs: Vec::new(),
            programs_without_indicator: Vec::new(),
            indicators_without_program: Vec::new(),
        })),
    }
}

/// What an initiative serves and is meant to move (IDs).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgramLinks {
    /// Projects served, directly or through a policy direction.
    pub projects: Vec<String>,
    /// Policy directions (主な施策の方向).
    pub directions: Vec<String>,
    /// Policy items (中項目).
    pub items: Vec<String>,
    /// Indicators it is meant to move.
    pub indicators: Vec<String>,
}

/// 財源内訳 (funding sources) of the current budget, thousands of yen.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FundingJson {
    /// 一般財源 (general revenue).
    pub general: i64,
    /// 国県支出金 (national and prefectural grants).
    pub grants: i64,
    /// 地方債 (municipal bonds).
    pub bonds: i64,
    /// その他 (other).
    pub other: i64,
}

/// 人件費 basis.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonnelJson {
    /// FTE (人工), a decimal string, e.g. `"1.5"`.
    #[schema(example = "1.5")]
    pub fte: String,
    /// Cost per FTE (人件費単価), thousands of yen.
    pub unit_cost: i64,
}

/// An initiative's money in one published year (thousands of yen).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineJson {
    /// The fiscal year.
    pub year: FiscalYearLabel,
    /// 当初予算.
    pub initial: i64,
    /// 補正予算 (may be negative).
    pub supplementary: i64,
    /// 予算現額 = initial + supplementary.
    pub budget: i64,
    /// 決算; `null` until settled and published.
    pub settlement: Option<i64>,
    /// 執行率, percent to one decimal; `null` without a settlement.
    pub execution_rate: Option<String>,
    /// 財源内訳, when given.
    pub funding: Option<FundingJson>,
    /// 人件費 basis, when given.
    pub personnel: Option<PersonnelJson>,
    /// 人件費 = FTE × unit cost (0 when not given).
    pub personnel_cost: i64,
    /// 総事業費 = settlement (else the current budget) + personnel cost.
    pub total: i64,
}

/// One initiative with its links and its published lines.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgramDetail {
    /// The unit of every amount.
    pub unit: MoneyUnit,
    /// ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning department's ID.
    pub department: String,
    /// Its name in the plan, when the plan has it.
    pub department_name: Option<String>,
    /// The key initiative (重点事業) it is, if any.
    pub key_initiative: Option<String>,
    /// Links to the plan.
    pub links: ProgramLinks,
    /// One line per published year, oldest first.
    pub lines: Vec<LineJson>,
}

fn line_json(l: &BudgetLine) -> Result<LineJson, MoneyError> {
    Ok(LineJson {
        year: l.year.into(),
        initial: l.initial.get(),
        supplementary: l.supplementary.get(),
        budget: l.current_budget()?.get(),
        settlement: l.settlement.map(|s| s.get()),
        execution_rate: l.execution_rate()?.map(|r| format!("{r:.1}")),
        funding: l.funding.map(|f| FundingJson {
            general: f.general.get(),
            grants: f.grants.get(),
            bonds: f.bonds.get(),
            other: f.other.get(),
        }),
        personnel: l.personnel.map(|p| PersonnelJson {
            fte: p.fte.to_string(),
            unit_cost: p.unit_cost.get(),
        }),
        personnel_cost: l.personnel_cost()?.get(),
        total: l.total_cost()?.get(),
    })
}

fn ids<T: std::fmt::Display>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

fn detail(snap: &Snapshot, p: &Program) -> Result<ProgramDetail, MoneyError> {
    let plan = &snap.plan;
    let mut lines: Vec<&BudgetLine> = snap
        .budget
        .lines
        .iter()
        .filter(|l| l.program == p.id)
        .collect();
    lines.sort_by_key(|l| l.year);
    Ok(ProgramDetail {
        unit: UNIT,
        id: p.id.to_string(),
        name: p.name.clone(),
        department: p.department.to_string(),
        department_name: plan.department(&p.department).map(|d| d.name.clone()),
        key_initiative: p.key_initiative.as_ref().map(ToString::to_string),
        links: ProgramLinks {
            projects: p.projects(plan).iter().map(ToString::to_string).collect(),
            directions: ids(&p.links.directions),
            items: ids(&p.links.items),
            indicators: ids(&p.links.indicators),
        },
        lines: lines.into_iter().map(line_json).collect::<Result<_, _>>()?,
    })
}

/// One initiative: its links and its money per published year.
#[utoipa::path(
    get,
    path = "/budget/programs/{id}",
    tag = "budget",
    operation_id = "get_budget_program",
    params(("id" = String, Path, description = "Initiative ID, e.g. `J-01`")),
    responses(
        (status = 200, description = "The initiative", body = ProgramDetail),
        (status = 404, description = "No initiative with a published budget has this ID", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn program(
    State(live): State<Arc<Live>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ProgramDetail>, WebError> {
    let id = path_param(id)?;
    let snap = snapshot(&live).await?;
    let Some(p) = snap.budget.program(&id) else {
        return Err(not_found(format!(
            "no initiative {id} with a published budget: see {API_BASE}/budget for the list"
        )));
    };
    detail(&snap, p).map(Json).map_err(|e| money_error(&e))
}
