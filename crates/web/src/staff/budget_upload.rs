//! Uploading budget files on `/staff/budget/` (POST `/staff/budget/upload/?csrf=`,
//! `multipart/form-data`; the CSRF token travels in the action URL as for
//! the actuals upload): the initiative catalogue CSV, the budget-lines CSV
//! (UTF-8, UTF-8 with BOM or CP932) or the budget workbook (`.xlsx`), one
//! or several files at once. Uploads over [`super::UPLOAD_LIMIT`] are
//! refused (413), files that are neither CSV text nor a workbook too (415).
//!
//! All or nothing: every file is read with [`keikaku_ingest::budget`],
//! every problem of every file is reported with its file, line (or sheet
//! and row) and column, and only when all files are valid are their
//! initiatives and lines checked against the plan and stored in one
//! transaction ([`keikaku_app::App::import_budget`]).

use super::Signed;
use super::budget::{can_edit, render};
use super::form::form_error;
use super::upload::file_parts;
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Extension, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::uploads::{UploadKind, sniff};
use keikaku_ingest::budget::{BudgetFile, read_budget, read_budget_xlsx};
use serde::Deserialize;
use std::sync::Arc;

/// `?csrf=&year=` on the upload URL (the year the page returns to).
#[derive(Debug, Default, Deserialize)]
pub struct UploadQuery {
    year: Option<String>,
}

/// POST `/staff/budget/upload/?csrf=…`.
pub async fn upload(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<UploadQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let year = q.year.as_deref().filter(|y| {
        y.trim()
            .parse::<keikaku_model::fiscal_year::FiscalYear>()
            .is_ok()
    });
    let refuse = |status: StatusCode, errors: Vec<String>| {
        render(&live, lang, &signed, year, status, errors, None)
    };
    let plan = live
        .app()
        .plan_with_every_department(live.code())
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    if !can_edit(&signed.staff, &plan) {
        return Err(WebError::forbidden(lang, t.get("staff.forbidden_role")));
    }
    let files = match file_parts(multipart).await {
        Ok(f) => f,
        Err((status, key)) => return refuse(status, vec![t.get(key).to_owned()]).await,
    };
    let mut all = BudgetFile::default();
    let mut problems = Vec::new();
    for f in &files {
        let read = match sniff(&f.bytes) {
            Some(UploadKind::Workbook) => read_budget_xlsx(&f.bytes, &plan),
            Some(UploadKind::Csv) => read_budget(&f.bytes, &plan),
            None => {
                let wrong = format!("{}: {}", f.name, t.get("budget_staff_upload_wrong_type"));
                return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, vec![wrong]).await;
            }
        };
        match read {
            Ok(file) => all.extend(file),
            Err(e) => problems.extend(e.problems.iter().map(|p| format!("{}: {p}", f.name))),
        }
    }
    if !problems.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, problems).await;
    }
    let actor = Actor(signed.staff.name.to_string());
    match live
        .app()
        .import_budget(live.code(), &all.programs, &all.lines, &actor)
        .await
    {
        Ok(s) => {
            let back = year
                .map(|y| format!("year={}&", y.trim()))
                .unwrap_or_default();
            Ok(Redirect::to(&format!(
                "/{}staff/budget/?{back}imported={}-{}",
                lang.prefix(),
                s.recorded,
                s.unchanged
            ))
            .into_response())
        }
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            refuse(status, errors).await
        }
    }
}
