//! The council report's cost section (事業費の状況) for the report's year:
//! the overall totals (予算現額, 決算, 執行率, 人件費, 総事業費), the cost per
//! project and per field, every initiative's line, and the gaps between
//! money and indicators (initiatives with money but no indicator, indicators
//! no initiative is meant to move).
//!
//! Built from a [`Book`] of every budget figure (the council is staff and
//! reads unpublished figures too). Money stays exact: each amount is kept as
//! an integer of thousands of yen beside its formatted text, so the HTML and
//! PDF writers print the text and the workbook writes the integer.

use keikaku_model::budget::money::{MoneyError, Thousands};
use keikaku_model::budget::rollup::{Book, Totals};
use keikaku_model::fiscal_year::FiscalYear;
use rust_decimal::Decimal;
use serde::Serialize;

/// An amount in thousands of yen with its text (`146,000`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    /// Thousands of yen, exact.
    pub thousands: i64,
    /// The amount with thousands separators, e.g. `146,000`.
    pub text: String,
}

impl From<Thousands> for Money {
    fn from(t: Thousands) -> Money {
        Money {
            thousands: t.get(),
            text: t.to_string(),
        }
    }
}

/// Money added up over some initiatives' lines of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostTotals {
    /// Σ 当初予算.
    pub initial: Money,
    /// Σ 予算現額.
    pub budget: Money,
    /// Σ 決算 over the settled lines; `None` when no line is settled.
    pub settlement: Option<Money>,
    /// Σ 人件費.
    pub personnel: Money,
    /// Σ 総事業費 (決算, or 予算現額 where unsettled, plus 人件費).
    pub total: Money,
    /// 執行率 over the settled lines, percent to one decimal.
    pub rate: Option<Decimal>,
    /// The rate as printed, e.g. `95.1%`; empty when there is none.
    pub rate_text: String,
    /// Lines counted.
    pub lines: usize,
    /// Lines with a settlement.
    pub settled: usize,
    /// Formatted amounts, in the order 当初, 予算現額, 決算 (`―` when none), 人件費, 総事業費.
    pub texts: Vec<String>,
}

impl From<&Totals> for CostTotals {
    fn from(t: &Totals) -> CostTotals {
        let settlement = (t.settled > 0).then_some(t.settlement);
        let rate = t.execution_rate();
        CostTotals {
            initial: t.initial.into(),
            budget: t.budget.into(),
            settlement: settlement.map(Money::from),
            personnel: t.personnel.into(),
            total: t.total.into(),
            rate,
            rate_text: rate.map(|r| format!("{r:.1}%")).unwrap_or_default(),
            lines: t.lines,
            settled: t.settled,
            texts: vec![
                t.initial.to_string(),
                t.budget.to_string(),
                settlement.map_or_else(|| "―".to_owned(), |m| m.to_string()),
                t.personnel.to_string(),
                t.total.to_string(),
            ],
        }
    }
}

/// A project's or field's cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostRow {
    /// ID, e.g. `P1`, `F2`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Initiatives counted (with a line in the year).
    pub programs: usize,
    /// Their money.
    pub totals: CostTotals,
}

/// One initiative's line of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramRow {
    /// ID, e.g. `J-01`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owning department's name.
    pub department: String,
    /// Projects served (IDs), e.g. `P6、P7`; `―` when none.
    pub projects: String,
    /// Indicators meant to move (IDs); `―` when none.
    pub indicators: String,
    /// The line's money.
    pub totals: CostTotals,
}

/// Something missing its counterpart: an initiative without an indicator,
/// or an indicator without an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// ID.
    pub id: String,
    /// Name.
    pub name: String,
}

/// The cost section of the council report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostSection {
    /// The year, e.g. `2022年度（令和4年度）`.
    pub year: String,
    /// Column headings of the money columns (with the unit).
    pub headings: Vec<String>,
    /// Every initiative counted once.
    pub overall: CostTotals,
    /// Per project, in plan order (an initiative counts in each project it serves).
    pub projects: Vec<CostRow>,
    /// Per field, in plan order (through the initiatives' policy items).
    pub fields: Vec<CostRow>,
    /// Every initiative with a line in the year, in catalogue order.
    pub programs: Vec<ProgramRow>,
    /// Initiatives with money (in any year) but no indicator to move.
    pub without_indicator: Vec<Gap>,
    /// Indicators no initiative is linked to.
    pub indicators_without_program: Vec<Gap>,
    /// How to read the section.
    pub notes: Vec<String>,
}

/// The money columns' headings (unit 千円), in [`CostTotals::texts`] order.
pub const HEADINGS: [&str; 5] = ["当初予算", "予算現額", "決算", "人件費", "総事業費"];

/// Builds the cost section of `year` from every budget figure.
pub fn build(book: &Book, year: FiscalYear) -> Result<CostSection, MoneyError> {
    let plan = book.plan;
    let overall = book.overall(year)?;
    let projects = book
        .by_project(year)?
        .iter()
        .map(|r| CostRow {
            id: r.key.to_string(),
            name: plan
                .project(&r.key)
                .map_or_else(String::new, |p| p.name.clone()),
            programs: r.programs.len(),
            totals: (&r.totals).into(),
        })
        .collect();
    let fields = book
        .by_field(year)?
        .iter()
        .map(|r| CostRow {
            id: r.key.to_string(),
            name: plan
                .fields
                .iter()
                .find(|f| f.id == r.key)
                .map_or_else(String::new, |f| format!("{} {}", f.number, f.name)),
            programs: r.programs.len(),
            totals: (&r.totals).into(),
        })
        .collect();
    let ids = |v: Vec<String>| {
        if v.is_empty() {
            "―".to_owned()
        } else {
            v.join("、")
        }
    };
    let mut programs = Vec::new();
    for p in book.programs {
        let Some(line) = book.line(&p.id, year) else {
            continue;
        };
        programs.push(ProgramRow {
            id: p.id.to_string(),
            name: p.name.clone(),
            department: plan
                .department(&p.department)
                .map_or_else(|| p.department.to_string(), |d| d.name.clone()),
            projects: ids(p.projects(plan).iter().map(|x| x.to_string()).collect()),
            indicators: ids(p.links.indicators.iter().map(|x| x.to_string()).collect()),
            totals: (&Totals::of([line])?).into(),
        });
    }
    let without_indicator = book
        .money_without_indicator()
        .into_iter()
        .map(|p| Gap {
            id: p.id.to_string(),
            name: p.name.clone(),
        })
        .collect();
    let indicators_without_program = book
        .indicators_without_program()
        .into_iter()
        .map(|id| Gap {
            id: id.to_string(),
            name: plan
                .indicator(id)
                .map_or_else(String::new, |i| i.name.clone()),
        })
        .collect();
    let mut notes = vec![
        "金額の単位は千円です。予算現額 = 当初予算 + 補正予算、総事業費 = 決算（未確定の事業は予算現額）+ 人件費（人工 × 人件費単価）。".to_owned(),
        "執行率 = 決算 ÷ 予算現額（決算が確定した事業のみ、小数第1位に四捨五入）。".to_owned(),
        "複数のプロジェクト・分野に関係する事業は、それぞれに全額を再掲しています。プロジェクト別・分野別の合計は全体の合計と一致しません。".to_owned(),
        "未公表の予算・決算を含みます（審議会資料）。".to_owned(),
    ];
    if overall.lines > 0 && !overall.fully_settled() {
        notes.push(format!(
            "{} 件中 {} 件の事業は決算が確定していません。",
            overall.lines,
            overall.lines - overall.settled
        ));
    }
    Ok(CostSection {
        year: year.label_ja(),
        headings: HEADINGS.iter().map(|h| format!("{h}（千円）")).collect(),
        overall: (&overall).into(),
        projects,
        fields,
        programs,
        without_indicator,
        indicators_without_program,
        notes,
    })
}
