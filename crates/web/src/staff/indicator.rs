//! Entering an indicator's actual: its targets, every recorded version,
//! and a form that previews the grade the value would get (without saving)
//! or saves it, guarded by the version the form was loaded with so a
//! concurrent change is never overwritten. Departments may only enter the
//! indicators of their projects; everyone signed in may look.

use super::cycle::{YearQuery, load, years};
use super::form::form_error;
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use crate::pages::indicator::{GradeView, grade_view};
use crate::view::value_text;
use askama::Template;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::evaluation::evaluate_year;
use keikaku_model::access::{Permission, allows};
use keikaku_model::actual::{ActualValue, RecordedActual};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::{Column, Indicator};
use keikaku_model::period::Period;
use keikaku_model::quantity::{Quantity, Unit};
use keikaku_model::scope::projects_printing;
use keikaku_store::Expected;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;
use std::sync::Arc;

/// The entry form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EntryForm {
    year: String,
    period: String,
    value: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    note: String,
    /// The version the form was loaded with (0: none yet).
    #[serde(default)]
    version: i64,
    /// `preview` or `save`.
    intent: String,
}

/// One row of the version history.
struct VersionRow {
    year: i32,
    version: i64,
    period: String,
    value: String,
    by: String,
    at: String,
    note: String,
}

#[derive(Template)]
#[template(path = "staff/indicator.html")]
struct EntryPage {
    ctx: StaffCtx,
    id: String,
    name: String,
    unit: String,
    projects: String,
    targets: Vec<(&'static str, String)>,
    history: Vec<VersionRow>,
    can_enter: bool,
    years: Vec<i32>,
    form: EntryForm,
    preview: Option<GradeView>,
    errors: Vec<String>,
    saved: bool,
}

/// `?year=&saved=` on the entry page.
#[derive(Debug, Default, Deserialize)]
pub struct EntryQuery {
    year: Option<String>,
    saved: Option<String>,
}

fn column_key(c: Column) -> &'static str {
    match c {
        Column::Initial => "indicator.col_initial",
        Column::Baseline => "indicator.col_baseline",
        Column::Interim => "indicator.col_interim",
        Column::Target => "indicator.col_target",
    }
}

/// The form as first shown: the year's current value, or a period hint.
fn initial_form(year: FiscalYear, current: Option<&RecordedActual>) -> EntryForm {
    match current {
        Some(a) => EntryForm {
            year: year.year().to_string(),
            period: a.value.period.written().to_string(),
            value: a.value.quantity.amount.to_string(),
            source: a.value.source.clone().unwrap_or_default(),
            note: a.value.note.clone().unwrap_or_default(),
            version: a.version,
            intent: String::new(),
        },
        None => EntryForm {
            year: year.year().to_string(),
            period: format!("{}年度", year.year()),
            version: 0,
            ..EntryForm::default()
        },
    }
}

/// Parses the form into a value of the indicator; every problem is listed.
fn parse_entry(i: &Indicator, f: &EntryForm) -> Result<ActualValue, Vec<String>> {
    let mut errors = Vec::new();
    let year = FiscalYear::from_str(f.year.trim())
        .map_err(|e| errors.push(format!("年度 / year: {e}")))
        .ok();
    let period = Period::parse(f.period.trim())
        .map_err(|e| errors.push(format!("期間 / period: {e}")))
        .ok();
    let amount = Decimal::from_str(&f.value.trim().replace(',', ""))
        .map_err(|_| {
            errors.push(format!(
                "値 / value: 「{}」 is not a number (write e.g. 55.0 or 1,000)",
                f.value
            ))
        })
        .ok();
    if let (Some(y), Some(p)) = (year, &period)
        && p.fiscal_year() != y
    {
        errors.push(format!(
            "期間 / period: 「{}」 belongs to FY{}, not FY{}",
            f.period,
            p.fiscal_year().year(),
            y.year()
        ));
    }
    let unit = Unit::new(i.unit.as_str()).map_err(|e| vec![e.to_string()])?;
    match (period, amount, errors.is_empty()) {
        (Some(period), Some(amount), true) => Ok(ActualValue {
            indicator: i.id.clone(),
            period,
            quantity: Quantity { amount, unit },
            source: Some(f.source.trim().to_string()).filter(|s| !s.is_empty()),
            note: Some(f.note.trim().to_string()).filter(|s| !s.is_empty()),
        }),
        _ => Err(errors),
    }
}

struct Loaded {
    cycle: super::cycle::Cycle,
    id: IndicatorId,
}

async fn load_indicator(
    live: &Live,
    lang: Lang,
    id: &str,
    year: Option<String>,
) -> Result<Loaded, WebError> {
    let cycle = load(live, &YearQuery { year }, lang).await?;
    let id = IndicatorId::new(id)
        .ok()
        .filter(|i| cycle.plan.indicator(i).is_some())
        .ok_or_else(|| WebError::not_found(lang, format!("indicator {id}")))?;
    Ok(Loaded { cycle, id })
}

#[allow(clippy::too_many_arguments)]
async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    l: &Loaded,
    form: Option<EntryForm>,
    preview: Option<GradeView>,
    errors: Vec<String>,
    saved: bool,
) -> Result<Html<String>, WebError> {
    let t = texts(lang);
    let plan = &l.cycle.plan;
    let i = plan
        .indicator(&l.id)
        .ok_or_else(|| WebError::not_found(lang, l.id.to_string()))?;
    let history = live
        .app()
        .store()
        .actual_history(&l.cycle.code, &l.id)
        .await
        .map_err(|e| WebError::from_app(e.into(), Format::Html(lang)))?;
    let year = l.cycle.year;
    let current = l
        .cycle
        .actuals
        .iter()
        .find(|a| a.value.indicator == l.id && a.value.fiscal_year() == year);
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        format!("{} {}", i.id, i.name),
        format!("indicators/{}/?year={}", i.id, year.year()),
        "work",
    );
    let page = EntryPage {
        id: i.id.to_string(),
        name: i.name.clone(),
        unit: i.unit.to_string(),
        projects: projects_printing(plan, &l.id)
            .iter()
            .map(|p| {
                plan.project(p)
                    .map_or_else(|| p.to_string(), |x| format!("{} {}", x.id, x.name))
            })
            .collect::<Vec<_>>()
            .join(" / "),
        targets: Column::ALL
            .into_iter()
            .filter_map(|c| {
                i.values
                    .get(c)
                    .map(|v| (t.get(column_key(c)), value_text(v)))
            })
            .collect(),
        history: history
            .iter()
            .rev()
            .map(|a| VersionRow {
                year: a.value.fiscal_year().year(),
                version: a.version,
                period: a.value.period.written().to_string(),
                value: a.value.quantity.to_string(),
                by: a.recorded_by.clone(),
                at: a.recorded_at.clone(),
                note: a.value.note.clone().unwrap_or_default(),
            })
            .collect(),
        can_enter: allows(
            &signed.staff,
            Permission::RecordActual(&l.id),
            &l.cycle.scope,
        ),
        years: years(plan),
        form: form.unwrap_or_else(|| initial_form(year, current)),
        preview,
        errors,
        saved,
        ctx,
    };
    crate::pages::html(&page, lang).map(Html)
}

/// GET: the indicator's entry page.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<String>,
    Query(q): Query<EntryQuery>,
) -> Result<Html<String>, WebError> {
    let l = load_indicator(&live, lang, &id, q.year).await?;
    render(
        &live,
        lang,
        &signed,
        &l,
        None,
        None,
        Vec::new(),
        q.saved.is_some(),
    )
    .await
}

/// POST: previews or saves a value.
pub async fn submit(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<String>,
    Form(form): Form<EntryForm>,
) -> Result<Response, WebError> {
    let l = load_indicator(&live, lang, &id, Some(form.year.clone())).await?;
    let plan = &l.cycle.plan;
    if !allows(
        &signed.staff,
        Permission::RecordActual(&l.id),
        &l.cycle.scope,
    ) {
        return Err(WebError::forbidden(
            lang,
            texts(lang).get("staff.forbidden_scope"),
        ));
    }
    let i = plan
        .indicator(&l.id)
        .ok_or_else(|| WebError::not_found(lang, id.clone()))?;
    let value = match parse_entry(i, &form) {
        Ok(v) => v,
        Err(errors) => {
            let html = render(&live, lang, &signed, &l, Some(form), None, errors, false).await?;
            return Ok((StatusCode::BAD_REQUEST, html).into_response());
        }
    };
    if form.intent == "save" {
        let expected = match form.version {
            0 => Expected::Nothing,
            n => Expected::Version(n),
        };
        let actor = Actor(signed.staff.name.to_string());
        return match live
            .app()
            .record_actual(&l.cycle.code, &value, expected, &actor)
            .await
        {
            Ok(_) => Ok(Redirect::to(&format!(
                "/{}staff/indicators/{}/?year={}&saved=1",
                lang.prefix(),
                l.id,
                value.fiscal_year().year()
            ))
            .into_response()),
            Err(e) => {
                let (status, errors) = form_error(e, lang)?;
                let html =
                    render(&live, lang, &signed, &l, Some(form), None, errors, false).await?;
                Ok((status, html).into_response())
            }
        };
    }
    // Preview: grade the year with this value in place of the current one.
    let year = value.fiscal_year();
    let mut values: Vec<ActualValue> = l
        .cycle
        .actuals
        .iter()
        .filter(|a| !(a.value.indicator == l.id && a.value.fiscal_year() == year))
        .map(|a| a.value.clone())
        .collect();
    values.push(value);
    let rubric = live
        .app()
        .rubric(&l.cycle.code, None)
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let eval = evaluate_year(&l.cycle.code, plan, &rubric, &values, year);
    let preview = eval
        .indicators
        .iter()
        .find(|r| r.grade.indicator == l.id)
        .map(|r| grade_view(&r.grade, lang, texts(lang)));
    render(
        &live,
        lang,
        &signed,
        &l,
        Some(form),
        preview,
        Vec::new(),
        false,
    )
    .await
    .map(IntoResponse::into_response)
}
