//! One indicator of an edition (`?edition=`, by default the newest draft):
//! its name and its printed values per column (initial value, baseline,
//! interim and final target: amount in the indicator's unit, optionally
//! with 以上/以下, and the period as written). The planning department
//! edits them in a draft in one go: a rename, a changed value, a cleared
//! column (both fields empty) are applied together or not at all.

use super::form::{Fields, form_error};
use super::plan::shown_edition;
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::Lang;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_model::access::{Permission, allows};
use keikaku_model::edition::{EditionError, remove_value, rename_indicator, set_value};
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::{Column, Indicator, KpiValue};
use keikaku_model::period::Period;
use keikaku_model::plan::{EditionStatus, Plan};
use keikaku_model::quantity::Quantity;
use serde::Deserialize;
use std::sync::Arc;

/// A column's form fields.
struct Cell {
    key: &'static str,
    label: &'static str,
    amount: String,
    period: String,
}

#[derive(Template)]
#[template(path = "staff/plan_indicator.html")]
struct IndicatorPage {
    ctx: StaffCtx,
    edition: String,
    draft: bool,
    can_edit: bool,
    id: String,
    unit: String,
    name: String,
    cells: Vec<Cell>,
    errors: Vec<String>,
    saved: bool,
}

/// `?edition=&saved=`.
#[derive(Debug, Default, Deserialize)]
pub struct EditionQuery {
    edition: Option<String>,
    saved: Option<String>,
}

/// The form-field name of a column.
fn key(c: Column) -> &'static str {
    match c {
        Column::Initial => "initial",
        Column::Baseline => "baseline",
        Column::Interim => "interim",
        Column::Target => "target",
    }
}

fn label(c: Column, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => c.label_ja(),
        Lang::En => c.label_en(),
    }
}

/// A value as the amount field shows it: amount, unit, bound.
fn amount_text(v: &KpiValue) -> String {
    let bound = v.bound.map_or("", |b| b.suffix_ja());
    format!("{}{}{bound}", v.quantity.amount, v.quantity.unit)
}

/// What one column should become: `None` clears it.
type Wanted = (Column, Option<KpiValue>);

/// Reads a column's fields; `Ok(None)` when both are empty.
fn parse_cell(i: &Indicator, c: Column, f: &Fields) -> Result<Option<KpiValue>, Vec<String>> {
    let amount = f.get(&format!("amount_{}", key(c))).trim().to_owned();
    let period = f.get(&format!("period_{}", key(c))).trim().to_owned();
    if amount.is_empty() && period.is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let col = c.label_en();
    // A bare number is in the indicator's unit.
    let with_unit = if keikaku_model::quantity::parse_amount(&amount).is_ok() {
        format!("{amount}{}", i.unit)
    } else {
        amount.clone()
    };
    let quantity = Quantity::parse(&with_unit)
        .map_err(|e| errors.push(format!("{col} amount: {e}")))
        .ok();
    let parsed = Period::parse(&period)
        .map_err(|e| errors.push(format!("{col} period: {e}")))
        .ok();
    match (quantity, parsed) {
        (Some((quantity, bound)), Some(period)) => Ok(Some(KpiValue {
            written: format!("{with_unit} ({})", period.written()),
            quantity,
            bound,
            period,
            annotations: Vec::new(),
            line: None,
        })),
        _ => Err(errors),
    }
}

/// Whether a stored value already says what the form says.
fn same(old: Option<&KpiValue>, new: Option<&KpiValue>) -> bool {
    match (old, new) {
        (None, None) => true,
        (Some(o), Some(n)) => {
            o.quantity == n.quantity
                && o.bound == n.bound
                && o.period.written() == n.period.written()
        }
        _ => false,
    }
}

/// The changes the form asks for, or every problem in it.
fn wanted(i: &Indicator, f: &Fields) -> Result<Vec<Wanted>, Vec<String>> {
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for c in Column::ALL {
        match parse_cell(i, c, f) {
            Ok(v) if same(i.values.get(c), v.as_ref()) => {}
            Ok(v) => changes.push((c, v)),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(changes)
    } else {
        Err(errors)
    }
}

/// Applies a rename and value changes to a draft, all or nothing (the
/// model changes nothing on error and the app stores nothing).
fn edit(
    plan: &mut Plan,
    id: &IndicatorId,
    name: Option<&str>,
    changes: Vec<Wanted>,
) -> Result<(), EditionError> {
    if let Some(n) = name {
        rename_indicator(plan, id, n)?;
    }
    for (c, v) in changes {
        match v {
            Some(v) => set_value(plan, id, c, v)?,
            None => remove_value(plan, id, c)?,
        }
    }
    Ok(())
}

struct Loaded {
    plan: Plan,
    id: IndicatorId,
}

async fn load(
    live: &Live,
    lang: Lang,
    id: &str,
    edition: Option<&str>,
) -> Result<Loaded, WebError> {
    let err = |e| WebError::from_app(e, Format::Html(lang));
    let plan = match edition.filter(|e| !e.is_empty()) {
        Some(e) => live.app().edition(live.code(), e).await.map_err(err)?,
        None => shown_edition(live.app(), live.code()).await.map_err(err)?.1,
    };
    let id = IndicatorId::new(id)
        .ok()
        .filter(|i| plan.indicator(i).is_some())
        .ok_or_else(|| WebError::not_found(lang, format!("indicator {id}")))?;
    Ok(Loaded { plan, id })
}

fn render(
    lang: Lang,
    signed: &Signed,
    l: &Loaded,
    status: StatusCode,
    form: Option<&Fields>,
    errors: Vec<String>,
    saved: bool,
) -> Result<Response, WebError> {
    let i = l
        .plan
        .indicator(&l.id)
        .ok_or_else(|| WebError::not_found(lang, l.id.to_string()))?;
    let edition = l.plan.edition.id.to_string();
    let draft = l.plan.edition.status == EditionStatus::Draft;
    let field = |name: &str, stored: String| form.map_or(stored, |f| f.get(name).to_owned());
    let cells = Column::ALL
        .into_iter()
        .map(|c| {
            let v = i.values.get(c);
            Cell {
                key: key(c),
                label: label(c, lang),
                amount: field(
                    &format!("amount_{}", key(c)),
                    v.map(amount_text).unwrap_or_default(),
                ),
                period: field(
                    &format!("period_{}", key(c)),
                    v.map(|v| v.period.written().to_owned()).unwrap_or_default(),
                ),
            }
        })
        .collect();
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        format!("{} {} ({edition})", i.id, i.name),
        format!("plan/indicators/{}/?edition={edition}", i.id),
        "plan",
    );
    let page = IndicatorPage {
        can_edit: draft && allows(&signed.staff, Permission::EditPlan, &l.plan),
        draft,
        id: i.id.to_string(),
        unit: i.unit.to_string(),
        name: field("name", i.name.clone()),
        cells,
        errors,
        saved,
        edition,
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/plan/indicators/{id}/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<String>,
    Query(q): Query<EditionQuery>,
) -> Result<Response, WebError> {
    let l = load(&live, lang, &id, q.edition.as_deref()).await?;
    render(
        lang,
        &signed,
        &l,
        StatusCode::OK,
        None,
        Vec::new(),
        q.saved.is_some(),
    )
}

/// POST `/staff/plan/indicators/{id}/`: the name and the four columns.
pub async fn save(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let l = load(&live, lang, &id, Some(f.get("edition"))).await?;
    let i = l
        .plan
        .indicator(&l.id)
        .ok_or_else(|| WebError::not_found(lang, l.id.to_string()))?;
    let changes = match wanted(i, &f) {
        Ok(c) => c,
        Err(errors) => {
            return render(
                lang,
                &signed,
                &l,
                StatusCode::BAD_REQUEST,
                Some(&f),
                errors,
                false,
            );
        }
    };
    let new_name = f.get("name").trim();
    let rename = (new_name != i.name).then_some(new_name);
    let actor = Actor(signed.staff.name.to_string());
    let edition = l.plan.edition.id.to_string();
    let stored = live
        .app()
        .edit_edition(live.code(), &edition, &actor, |plan| {
            edit(plan, &l.id, rename, changes)
        })
        .await;
    match stored {
        Ok(_) => {
            let to = format!(
                "/{}staff/plan/indicators/{}/?edition={edition}&saved=1",
                lang.prefix(),
                l.id
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(lang, &signed, &l, status, Some(&f), errors, false)
        }
    }
}
