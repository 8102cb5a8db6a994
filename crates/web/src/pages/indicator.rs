//! The indicator page `indicators/{id}/` and its downloads
//! `indicators/{id}/data.csv` and `indicators/{id}/data.json`.
//!
//! The page shows the indicator's name, description, unit, better direction
//! and aggregation (each stated or inferred); the chart of the initial value,
//! actuals, trajectory and targets ([`keikaku_report::chart`]) and the same
//! figures as a table, one row per fiscal year; the grade of the latest
//! evaluated year with its explanation (formula, inputs with periods, the
//! rule that matched, or why there is no grade); the forecast; the projects
//! that print the indicator; and the downloads.
//!
//! The CSV is tidy open data (one figure per row, numbers without units or
//! separators, UTF-8 with BOM, CRLF); the JSON holds the same figures plus
//! the trajectory and the latest evaluation. Both are the same in either
//! language. The chart helpers here are shared with the project page.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::{Lang, Texts, texts};
use crate::snapshot::Snapshot;
use crate::view::{Badge, grade_badge, period_label};
use askama::Template;
use keikaku_app::evaluation::IndicatorResult;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, InputRole};
use keikaku_model::indicator::{Aggregation, Basis, Column, Indicator, KpiValue, Polarity};
use keikaku_model::period::{Period, PeriodKind};
use keikaku_model::quantity::{Bound, group_thousands};
use keikaku_model::trajectory;
use keikaku_report::chart::{ChartInput, ChartLabels, ChartSize, indicator_chart};
use rust_decimal::Decimal;

/// Content type of the CSV download.
const CSV: &str = "text/csv; charset=utf-8";
/// Content type of the JSON download.
const JSON: &str = "application/json";

/// Renders `indicators/{id}/`, `…/data.csv` and `…/data.json`; a 404 for
/// an unknown indicator or file; `None` for paths outside `indicators/{id}`.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    let (id, file) = match segments {
        ["indicators", id] => (*id, None),
        ["indicators", id, file] => (*id, Some(*file)),
        ["indicators", id, ..] => (*id, Some("")),
        _ => return None,
    };
    let path = format!("/{}{}", lang.prefix(), segments.join("/"));
    let Some(indicator) = snap.plan.indicators.iter().find(|i| i.id.as_str() == id) else {
        return Some(Err(WebError::not_found(lang, path)));
    };
    Some(match file {
        None => render(snap, lang, indicator).map(Rendered::Html),
        Some("data.csv") => Ok(Rendered::File {
            content_type: CSV,
            body: csv(snap, indicator),
        }),
        Some("data.json") => json(snap, lang, indicator).map(|body| Rendered::File {
            content_type: JSON,
            body,
        }),
        Some(_) => Err(WebError::not_found(lang, path)),
    })
}

/// The page and both downloads of every indicator.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    snap.plan
        .indicators
        .iter()
        .flat_map(|i| {
            [
                format!("indicators/{}/", i.id),
                format!("indicators/{}/data.csv", i.id),
                format!("indicators/{}/data.json", i.id),
            ]
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Shared with the project page.

/// A fiscal year as shown: `2024年度（令和6年度）` / `FY2024`.
pub(super) fn year_label(year: FiscalYear, lang: Lang) -> String {
    match lang {
        Lang::Ja => year.label_ja(),
        Lang::En => format!("FY{}", year.year()),
    }
}

/// Text in parentheses after other text: `（…）` in Japanese, ` (…)` in English.
pub(super) fn paren(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Ja => format!("（{s}）"),
        Lang::En => format!(" ({s})"),
    }
}

/// An amount as shown: `1,026,000人`, `19.0%以下`.
pub(super) fn amount_text(amount: Decimal, unit: &str, bound: Option<Bound>) -> String {
    format!(
        "{}{unit}{}",
        group_thousands(&amount),
        bound.map_or("", |b| b.suffix_ja())
    )
}

/// The chart's words from the UI strings.
pub(super) fn chart_labels(lang: Lang) -> ChartLabels {
    let t = texts(lang);
    let s = |k: &str| t.get(k).to_string();
    ChartLabels {
        initial: s("chart.initial"),
        baseline: s("chart.baseline"),
        actual: s("chart.actual"),
        trajectory: s("chart.trajectory"),
        interim: s("chart.interim"),
        target: s("chart.target"),
        year: s("chart.year"),
        unit: s("chart.unit"),
        no_actuals: s("chart.no_actuals"),
        no_data: s("chart.no_data"),
        separator: s("chart.separator"),
    }
}

/// The indicator's recorded actuals in its unit: (fiscal year, amount).
fn actual_points(snap: &Snapshot, indicator: &Indicator) -> Vec<(FiscalYear, Decimal)> {
    snap.actuals_of(&indicator.id)
        .into_iter()
        .filter(|a| a.value.quantity.unit == indicator.unit)
        .map(|a| (a.value.fiscal_year(), a.value.quantity.amount))
        .collect()
}

/// The indicator's chart; `id` makes the SVG's ids unique on the page.
pub(super) fn chart_svg(
    snap: &Snapshot,
    indicator: &Indicator,
    lang: Lang,
    size: ChartSize,
    id: &str,
) -> String {
    let title = texts(lang)
        .get("chart.title")
        .replace("{name}", &indicator.name);
    let mut input = ChartInput::for_indicator(
        indicator,
        &EvalContext::of(&snap.plan),
        &actual_points(snap, indicator),
        title,
        chart_labels(lang),
        size,
    );
    input.id = id.to_string();
    indicator_chart(&input)
}

// ---------------------------------------------------------------------------
// The page.

/// A link with its text.
struct Link {
    href: String,
    text: String,
    /// A note beside the link (the label printed in the project's table).
    note: Option<String>,
}

/// One figure in a table cell.
struct Figure {
    /// What it is (`初期値`), when the column holds several kinds.
    kind: Option<String>,
    /// The value with unit.
    value: String,
    /// The period as written, when it says more than the row's year.
    period: Option<String>,
}

/// One fiscal year of the data table.
struct YearRow {
    year: String,
    actual: Vec<Figure>,
    expected: Option<String>,
    targets: Vec<Figure>,
}

/// One input of the grade.
pub(crate) struct InputRow {
    pub(crate) role: String,
    pub(crate) value: String,
    pub(crate) period: String,
}

/// The grade of the latest evaluated year, explained.
pub(crate) struct GradeView {
    pub(crate) year: String,
    pub(crate) badge: Badge,
    pub(crate) rubric: String,
    pub(crate) formula: String,
    pub(crate) matched: String,
    pub(crate) missing: Option<String>,
    pub(crate) inputs: Vec<InputRow>,
}

/// The forecast for the plan's last year.
struct ForecastView {
    year: String,
    central: String,
    range: String,
    points: usize,
    /// (text, tone class) when the forecast can be judged against the target.
    status: Option<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage<'a> {
    ctx: PageCtx,
    indicator: &'a Indicator,
    /// Better direction, with whether it is stated or inferred.
    polarity: String,
    /// Aggregation, with whether it is stated or inferred.
    aggregation: String,
    part_of: Option<Link>,
    policy_items: Vec<Link>,
    chart: String,
    rows: Vec<YearRow>,
    grade: Option<GradeView>,
    forecast: Option<ForecastView>,
    used_by: Vec<Link>,
    csv_href: String,
    json_href: String,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
    /// An opening parenthesis after text in the page's language: `（`, ` (`.
    lp: &'static str,
    /// The closing parenthesis: `）`, `)`.
    rp: &'static str,
    /// What was spent on the linked initiatives, beside the indicator's figures.
    cost: Option<super::budget::IndicatorCost>,
}

fn render(snap: &Snapshot, lang: Lang, indicator: &Indicator) -> Result<String, WebError> {
    let plan = &snap.plan;
    let path = format!("indicators/{}/", indicator.id);
    let ctx = PageCtx::new(snap, lang, &path, indicator.name.clone(), "home");
    let t = ctx.t;
    let with_basis = |what: &str, b: Basis| {
        let basis = match b {
            Basis::Stated => t.get("indicator.stated"),
            Basis::Inferred => t.get("common.inferred"),
        };
        match lang {
            Lang::Ja => format!("{what}{basis}"),
            Lang::En => format!("{what} {}", basis.trim()),
        }
    };
    let latest = snap.latest();
    let result = latest.and_then(|e| snap.result(e.year, &indicator.id));
    let page = IndicatorPage {
        polarity: with_basis(
            t.get(match indicator.polarity {
                Polarity::Increase => "common.direction_up",
                Polarity::Decrease => "common.direction_down",
                Polarity::Unknown => "common.direction_unknown",
            }),
            indicator.polarity_basis,
        ),
        aggregation: with_basis(
            t.get(match indicator.aggregation {
                Aggregation::Annual => "indicator.aggregation_annual",
                Aggregation::Cumulative => "indicator.aggregation_cumulative",
                Aggregation::MultiYearAverage => "indicator.aggregation_average",
            }),
            indicator.aggregation_basis,
        ),
        part_of: indicator
            .part_of
            .as_ref()
            .and_then(|p| plan.indicator(p))
            .map(|p| Link {
                href: ctx.link(&format!("indicators/{}/", p.id)),
                text: p.name.clone(),
                note: None,
            }),
        policy_items: indicator
            .policy_items
            .iter()
            .filter_map(|id| {
                plan.fields
                    .iter()
                    .flat_map(|f| f.items.iter().map(move |i| (f, i)))
                    .find(|(_, i)| &i.id == id)
            })
            .map(|(f, i)| Link {
                href: format!("{}#{}", ctx.link("plan/"), i.id),
                text: format!("{} {}", f.name, i.name),
                note: None,
            })
            .collect(),
        chart: chart_svg(
            snap,
            indicator,
            lang,
            ChartSize::Full,
            indicator.id.as_str(),
        ),
        rows: year_rows(snap, indicator, lang),
        grade: result.map(|r| grade_view(&r.grade, lang, t)),
        forecast: latest
            .zip(result)
            .and_then(|(e, r)| forecast_view(r, indicator, e.final_year, lang, t)),
        used_by: plan
            .appearances(&indicator.id)
            .map(|(p, table, row)| Link {
                href: format!("{}#{}", ctx.link(&format!("projects/{}/", p.id)), table.id),
                text: p.name.clone(),
                note: (row.label != indicator.name).then(|| row.label.clone()),
            })
            .collect(),
        cost: super::budget::indicator_cost(snap, &ctx, &indicator.id),
        csv_href: ctx.link(&format!("{path}data.csv")),
        json_href: ctx.link(&format!("{path}data.json")),
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        lp: if ctx.en() { " (" } else { "（" },
        rp: if ctx.en() { ")" } else { "）" },
        indicator,
        ctx,
    };
    html(&page, lang)
}

/// The period's label when it says more than its fiscal year's label.
fn period_note(p: &Period, lang: Lang) -> Option<String> {
    match p.kind() {
        PeriodKind::FiscalYear { .. } => None,
        _ => Some(period_label(p, lang)),
    }
}

fn printed_figure(c: Column, v: &KpiValue, lang: Lang, t: &'static Texts) -> Figure {
    Figure {
        kind: Some(t.get(column_key(c)).to_string()),
        value: amount_text(v.quantity.amount, v.quantity.unit.as_str(), v.bound),
        period: period_note(&v.period, lang),
    }
}

fn column_key(c: Column) -> &'static str {
    match c {
        Column::Initial => "common.initial",
        Column::Baseline => "common.baseline",
        Column::Interim => "common.interim",
        Column::Target => "common.target",
    }
}

/// One row per fiscal year from the earliest to the latest figure.
fn year_rows(snap: &Snapshot, indicator: &Indicator, lang: Lang) -> Vec<YearRow> {
    let t = texts(lang);
    let path = trajectory::path(indicator, &EvalContext::of(&snap.plan));
    let actuals = snap.actuals_of(&indicator.id);
    let years: Vec<FiscalYear> = indicator
        .values
        .iter()
        .map(|(_, v)| v.period.fiscal_year())
        .chain(path.iter().map(|(y, _)| *y))
        .chain(actuals.iter().map(|a| a.value.fiscal_year()))
        .collect();
    let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut year = Some(*first);
    while let Some(y) = year.filter(|y| y <= last) {
        let printed = |cols: [Column; 2]| -> Vec<Figure> {
            cols.into_iter()
                .filter_map(|c| indicator.values.get(c).map(|v| (c, v)))
                .filter(|(_, v)| v.period.fiscal_year() == y)
                .map(|(c, v)| printed_figure(c, v, lang, t))
                .collect()
        };
        let mut actual = printed([Column::Initial, Column::Baseline]);
        actual.extend(
            actuals
                .iter()
                .filter(|a| a.value.fiscal_year() == y)
                .map(|a| Figure {
                    kind: None,
                    value: amount_text(
                        a.value.quantity.amount,
                        a.value.quantity.unit.as_str(),
                        None,
                    ),
                    period: period_note(&a.value.period, lang),
                }),
        );
        rows.push(YearRow {
            year: year_label(y, lang),
            actual,
            expected: path
                .iter()
                .find(|(py, _)| *py == y)
                .map(|(_, v)| amount_text(*v, indicator.unit.as_str(), None)),
            targets: printed([Column::Interim, Column::Target]),
        });
        year = y.next();
    }
    rows
}

pub(crate) fn grade_view(g: &Grade, lang: Lang, t: &'static Texts) -> GradeView {
    let e = &g.explanation;
    let inputs = e
        .inputs
        .iter()
        .map(|i| {
            let role = t.get(match i.role {
                InputRole::Actual => "indicator.role_actual",
                InputRole::Base => "indicator.role_base",
                InputRole::Target => "indicator.role_target",
                InputRole::Trajectory => "indicator.role_trajectory",
            });
            let role = match i.column {
                Some(c) => format!("{role}{}", paren(lang, t.get(column_key(c)))),
                None => role.to_string(),
            };
            let period = match Period::parse(&i.period) {
                Ok(p) if matches!(p.kind(), PeriodKind::FiscalYear { .. }) => {
                    year_label(p.fiscal_year(), lang)
                }
                Ok(p) => format!(
                    "{}{}",
                    period_label(&p, lang),
                    paren(lang, &year_label(i.fiscal_year, lang))
                ),
                Err(_) => i.period.clone(),
            };
            InputRow {
                role,
                value: amount_text(i.amount, i.unit.as_str(), None),
                period,
            }
        })
        .collect();
    let (formula, matched, missing) = match lang {
        Lang::Ja => (
            e.formula_ja.clone(),
            e.matched_ja.clone(),
            g.missing_reason_ja.clone(),
        ),
        Lang::En => (
            e.formula_en.clone(),
            e.matched.clone(),
            g.missing_reason.clone(),
        ),
    };
    GradeView {
        year: year_label(g.year, lang),
        badge: grade_badge(g, lang),
        rubric: format!("{} v{}", g.rubric, g.rubric_version),
        formula,
        matched,
        missing,
        inputs,
    }
}

fn forecast_view(
    r: &IndicatorResult,
    indicator: &Indicator,
    final_year: FiscalYear,
    lang: Lang,
    t: &'static Texts,
) -> Option<ForecastView> {
    let f = r.forecast.as_ref()?;
    let unit = indicator.unit.as_str();
    // `at_risk` is false when the forecast cannot be judged: say so instead.
    let judgeable = indicator.polarity != Polarity::Unknown
        && indicator
            .values
            .target
            .as_ref()
            .is_some_and(|v| v.quantity.unit == indicator.unit);
    Some(ForecastView {
        year: year_label(final_year, lang),
        central: amount_text(f.central, unit, None),
        range: format!(
            "{}{}{}",
            amount_text(f.low, unit, None),
            if lang == Lang::Ja { " 〜 " } else { " – " },
            amount_text(f.high, unit, None)
        ),
        points: f.points_used,
        status: judgeable.then(|| {
            if f.at_risk {
                (t.get("common.at_risk"), "tone-poor")
            } else {
                (t.get("common.on_course"), "tone-good")
            }
        }),
    })
}

// ---------------------------------------------------------------------------
// Downloads.

/// One figure of the downloads.
struct Row<'a> {
    kind: &'static str,
    period: &'a Period,
    amount: Decimal,
    unit: &'a str,
    bound: Option<Bound>,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

/// The printed values, then the actuals, oldest first.
fn data_rows<'a>(snap: &'a Snapshot, indicator: &'a Indicator) -> Vec<Row<'a>> {
    let printed = indicator.values.iter().map(|(c, v)| Row {
        kind: match c {
            Column::Initial => "initial",
            Column::Baseline => "baseline",
            Column::Interim => "interim",
            Column::Target => "target",
        },
        period: &v.period,
        amount: v.quantity.amount,
        unit: v.quantity.unit.as_str(),
        bound: v.bound,
        source: None,
        note: None,
    });
    let actuals = snap.actuals_of(&indicator.id).into_iter().map(|a| Row {
        kind: "actual",
        period: &a.value.period,
        amount: a.value.quantity.amount,
        unit: a.value.quantity.unit.as_str(),
        bound: None,
        source: a.value.source.as_deref(),
        note: a.value.note.as_deref(),
    });
    printed.chain(actuals).collect()
}

fn bound_name(b: Option<Bound>) -> &'static str {
    match b {
        Some(Bound::AtMost) => "at_most",
        Some(Bound::AtLeast) => "at_least",
        None => "",
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The tidy CSV: UTF-8 with BOM, CRLF, one figure per row.
fn csv(snap: &Snapshot, indicator: &Indicator) -> String {
    let mut out = String::from(
        "\u{FEFF}全国地方公共団体コード,indicator,name,kind,period,fiscal_year,value,unit,bound\r\n",
    );
    for r in data_rows(snap, indicator) {
        let fields = [
            snap.code.clone(),
            indicator.id.to_string(),
            indicator.name.clone(),
            r.kind.to_string(),
            r.period.written().to_string(),
            r.period.fiscal_year().year().to_string(),
            r.amount.to_string(),
            r.unit.to_string(),
            bound_name(r.bound).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The JSON download: the indicator, its figures, trajectory and latest evaluation.
fn json(snap: &Snapshot, lang: Lang, indicator: &Indicator) -> Result<String, WebError> {
    let plan = &snap.plan;
    let observations: Vec<serde_json::Value> = data_rows(snap, indicator)
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "kind": r.kind,
                "period": r.period.written(),
                "fiscal_year": r.period.fiscal_year().year(),
                "value": r.amount,
                "unit": r.unit,
                "bound": r.bound,
                "source": r.source,
                "note": r.note,
            })
        })
        .collect();
    let trajectory: Vec<serde_json::Value> = trajectory::path(indicator, &EvalContext::of(plan))
        .into_iter()
        .map(|(y, v)| serde_json::json!({ "fiscal_year": y.year(), "value": v }))
        .collect();
    let evaluation = snap.latest().and_then(|e| {
        let r = snap.result(e.year, &indicator.id)?;
        Some(serde_json::json!({
            "fiscal_year": e.year.year(),
            "edition": e.edition,
            "rubric": e.rubric,
            "rubric_version": e.rubric_version,
            "grade": r.grade,
            "expected": r.expected,
            "forecast": r.forecast.as_ref().map(|f| serde_json::json!({
                "fiscal_year": e.final_year.year(),
                "central": f.central,
                "low": f.low,
                "high": f.high,
                "method": f.method,
                "points_used": f.points_used,
                "at_risk": f.at_risk,
            })),
        }))
    });
    let body = serde_json::json!({
        "municipality": {
            "code": snap.code,
            "name": plan.municipality.name,
        },
        "edition": plan.edition.id,
        "indicator": {
            "id": indicator.id,
            "name": indicator.name,
            "description": indicator.description,
            "part_of": indicator.part_of,
            "unit": indicator.unit,
            "polarity": indicator.polarity,
            "polarity_basis": indicator.polarity_basis,
            "aggregation": indicator.aggregation,
            "aggregation_basis": indicator.aggregation_basis,
            "policy_items": indicator.policy_items,
        },
        "observations": observations,
        "trajectory": trajectory,
        "evaluation": evaluation,
    });
    serde_json::to_string_pretty(&body).map_err(|e| {
        tracing::error!(error = %e, "indicator JSON failed");
        WebError {
            kind: crate::error::Kind::Internal,
            format: crate::error::Format::Html(lang),
        }
    })
}
