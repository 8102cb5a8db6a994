//! The staff page of administrative reform (行財政改革): every reform item
//! with its owner, target and status per fiscal year; for the planning
//! department and administrators a form to set an item's status in a year
//! and a CSV upload (items or statuses, `docs/reform.md`), sent as
//! `multipart/form-data` with the CSRF token in the action URL like the
//! actuals upload. The route table admits only planning and admin to the
//! POSTs; the handlers check [`Permission::EditPlan`] again. Errors of a
//! form or file are shown on the re-rendered page, each with its line and
//! column for files; nothing is written then.

use super::form::{Fields, form_error};
use super::upload::file_part;
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use crate::pages::reform::{StatusView, status_view};
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Extension, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::reform::ReformData;
use keikaku_ingest::reform::ReformKind;
use keikaku_model::access::{Permission, allows};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ReformId;
use keikaku_model::plan::Plan;
use keikaku_model::reform::{ReformStatus, Status};
use serde::Deserialize;
use std::sync::Arc;

/// One item's row.
struct Row {
    id: String,
    title: String,
    department: String,
    target: String,
    /// One cell per year column.
    cells: Vec<Option<(StatusView, String)>>,
}

/// What the last action did, shown after the redirect.
enum Notice {
    Saved,
    Unchanged,
    Imported {
        kind: &'static str,
        rows: usize,
        recorded: usize,
        unchanged: usize,
    },
}

#[derive(Template)]
#[template(path = "staff/reform.html")]
struct ReformPage {
    ctx: StaffCtx,
    years: Vec<i32>,
    rows: Vec<Row>,
    can_edit: bool,
    /// (ID, title, selected) for the item choice.
    choices: Vec<(String, String, bool)>,
    /// (keyword, label, selected) of every status.
    statuses: Vec<(&'static str, &'static str, bool)>,
    /// The form's values after an error (item, year, status, note).
    form: (String, String, String, String),
    notice: Option<Notice>,
    errors: Vec<String>,
    upload_action: String,
}

/// `?saved=1`, `?unchanged=1` or `?kind=&rows=&recorded=&unchanged_rows=` after an action.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    saved: Option<String>,
    unchanged: Option<String>,
    kind: Option<String>,
    rows: Option<usize>,
    recorded: Option<usize>,
    unchanged_rows: Option<usize>,
}

impl NoticeQuery {
    fn notice(&self) -> Option<Notice> {
        if self.saved.is_some() {
            return Some(Notice::Saved);
        }
        if self.unchanged.is_some() {
            return Some(Notice::Unchanged);
        }
        let kind = match self.kind.as_deref() {
            Some("items") => "items",
            Some("statuses") => "statuses",
            _ => return None,
        };
        Some(Notice::Imported {
            kind,
            rows: self.rows.unwrap_or(0),
            recorded: self.recorded.unwrap_or(0),
            unchanged: self.unchanged_rows.unwrap_or(0),
        })
    }
}

fn label(s: Status, lang: Lang) -> &'static str {
    status_view(s, lang).label
}

async fn load(live: &Live, lang: Lang) -> Result<(Plan, ReformData), WebError> {
    let html = |e| WebError::from_app(e, Format::Html(lang));
    let plan = live.app().current_plan(live.code()).await.map_err(html)?;
    let data = live.app().reform(live.code()).await.map_err(html)?;
    Ok((plan, data))
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    status: StatusCode,
    errors: Vec<String>,
    notice: Option<Notice>,
    form: (String, String, String, String),
) -> Result<Response, WebError> {
    let (plan, data) = load(live, lang).await?;
    let years = data.years();
    let rows = data
        .items
        .iter()
        .map(|i| Row {
            id: i.id.to_string(),
            title: i.title.clone(),
            department: plan
                .department(&i.department)
                .map_or_else(|| i.department.to_string(), |d| d.name.clone()),
            target: i.target.clone(),
            cells: years
                .iter()
                .map(|&y| {
                    data.status_in(&i.id, y)
                        .map(|r| (status_view(r.status.status, lang), r.status.note.clone()))
                })
                .collect(),
        })
        .collect();
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        texts(lang).get("reform_staff_title"),
        "reform/",
        "reform",
    );
    let page = ReformPage {
        years: years.iter().map(|y| y.year()).collect(),
        rows,
        can_edit: allows(&signed.staff, Permission::EditPlan, &plan),
        choices: data
            .items
            .iter()
            .map(|i| (i.id.to_string(), i.title.clone(), form.0 == i.id.as_str()))
            .collect(),
        statuses: Status::ALL
            .into_iter()
            .map(|s| (s.keyword(), label(s, lang), form.2 == s.keyword()))
            .collect(),
        form,
        notice,
        errors,
        upload_action: ctx.link(&format!("reform/import/?csrf={}", signed.csrf)),
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/reform/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let form = (String::new(), String::new(), String::new(), String::new());
    render(
        &live,
        lang,
        &signed,
        StatusCode::OK,
        Vec::new(),
        q.notice(),
        form,
    )
    .await
}

fn forbidden(lang: Lang) -> WebError {
    WebError::forbidden(lang, texts(lang).get("staff.forbidden_role"))
}

/// The status a form describes, or the problems with it.
fn parse_form(f: &Fields) -> Result<ReformStatus, Vec<String>> {
    let mut problems = Vec::new();
    let item = ReformId::new(f.get("item").trim())
        .map_err(|e| problems.push(format!("item: {e}")))
        .ok();
    let year = f
        .get("year")
        .trim()
        .parse::<FiscalYear>()
        .map_err(|e| problems.push(format!("year: {e}")))
        .ok();
    let status = f
        .get("status")
        .parse::<Status>()
        .map_err(|e| problems.push(format!("status: {e}")))
        .ok();
    match (item, year, status) {
        (Some(item), Some(year), Some(status)) if problems.is_empty() => Ok(ReformStatus {
            item,
            year,
            status,
            note: f.get("note").trim().to_string(),
        }),
        _ => Err(problems),
    }
}

/// POST `/staff/reform/`: sets an item's status in a year.
pub async fn set_status(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (plan, _) = load(&live, lang).await?;
    if !allows(&signed.staff, Permission::EditPlan, &plan) {
        return Err(forbidden(lang));
    }
    let f = Fields::parse(&body);
    let form = (
        f.get("item").to_string(),
        f.get("year").to_string(),
        f.get("status").to_string(),
        f.get("note").to_string(),
    );
    let status = match parse_form(&f) {
        Ok(s) => s,
        Err(errors) => {
            return render(
                &live,
                lang,
                &signed,
                StatusCode::BAD_REQUEST,
                errors,
                None,
                form,
            )
            .await;
        }
    };
    let actor = Actor(signed.staff.name.to_string());
    match live
        .app()
        .set_reform_status(live.code(), &status, &actor)
        .await
    {
        Ok(changed) => {
            let q = if changed { "saved=1" } else { "unchanged=1" };
            Ok(Redirect::to(&format!("/{}staff/reform/?{q}", lang.prefix())).into_response())
        }
        Err(e) => {
            let (code, errors) = form_error(e, lang)?;
            render(&live, lang, &signed, code, errors, None, form).await
        }
    }
}

/// POST `/staff/reform/import/?csrf=…`: a reform items or status CSV.
pub async fn upload(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let (plan, _) = load(&live, lang).await?;
    if !allows(&signed.staff, Permission::EditPlan, &plan) {
        return Err(forbidden(lang));
    }
    let empty = || (String::new(), String::new(), String::new(), String::new());
    let bytes = match file_part(multipart).await {
        Ok(b) => b,
        Err((status, key)) => {
            let errors = vec![texts(lang).get(key).to_owned()];
            return render(&live, lang, &signed, status, errors, None, empty()).await;
        }
    };
    let actor = Actor(signed.staff.name.to_string());
    match live.app().import_reform(live.code(), &bytes, &actor).await {
        Ok(done) => {
            let kind = match done.kind {
                ReformKind::Items => "items",
                ReformKind::Statuses => "statuses",
            };
            Ok(Redirect::to(&format!(
                "/{}staff/reform/?kind={kind}&rows={}&recorded={}&unchanged_rows={}",
                lang.prefix(),
                done.rows,
                done.summary.recorded,
                done.summary.unchanged
            ))
            .into_response())
        }
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(&live, lang, &signed, status, errors, None, empty()).await
        }
    }
}
