//! Uploading an actuals file: a CSV (UTF-8 or Shift_JIS/CP932) or a
//! department's entry workbook (`.xlsx`), sent as `multipart/form-data`
//! (the CSRF token travels in the form's action URL, `?csrf=`, since the
//! guard does not read multipart bodies). Uploads over
//! [`super::UPLOAD_LIMIT`] are refused (413), files that are neither CSV
//! text nor a workbook too (415). Everything else is
//! [`keikaku_app::App::import_upload`]'s: every row read and checked, every
//! row outside a department account's scope named with its line, and only
//! then all values stored at once. The result page shows the counts.

use super::form::form_error;
use super::upload::file_part;
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Extension, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::uploads::{UploadKind, UploadSummary, sniff};
use keikaku_model::access::Role;
use keikaku_model::scope::indicators_of;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The counts of a finished import, as shown after the redirect.
struct Done {
    kind: &'static str,
    rows: u64,
    inserted: u64,
    updated: u64,
    unchanged: u64,
}

#[derive(Template)]
#[template(path = "staff/import.html")]
struct ImportPage {
    ctx: StaffCtx,
    can_upload: bool,
    scope: Option<Vec<(String, String)>>,
    done: Option<Done>,
    errors: Vec<String>,
    action: String,
}

/// `?kind=&rows=&inserted=&updated=&unchanged=` after an import.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl DoneQuery {
    fn count(&self, name: &str) -> u64 {
        self.fields
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
    fn done(&self) -> Option<Done> {
        let kind = match self.fields.get("kind").map(String::as_str) {
            Some("csv") => "CSV",
            Some("xlsx") => "Excel (.xlsx)",
            _ => return None,
        };
        Some(Done {
            kind,
            rows: self.count("rows"),
            inserted: self.count("inserted"),
            updated: self.count("updated"),
            unchanged: self.count("unchanged"),
        })
    }
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    status: StatusCode,
    errors: Vec<String>,
    done: Option<Done>,
) -> Result<Response, WebError> {
    let staff = &signed.staff;
    let scope = if staff.role == Role::Department {
        let plan = live
            .app()
            .acting_plan(live.code(), super::org::this_year())
            .await
            .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
        let ids = indicators_of(&plan, &staff.departments);
        Some(
            ids.iter()
                .filter_map(|id| plan.indicator(id))
                .map(|i| (i.id.to_string(), i.name.clone()))
                .collect(),
        )
    } else {
        None
    };
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        texts(lang).get("staff.import.title"),
        "import/",
        "import",
    );
    let page = ImportPage {
        can_upload: super::ENTERERS.contains(&staff.role),
        action: ctx.link(&format!("import/?csrf={}", signed.csrf)),
        scope,
        done,
        errors,
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/import/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    render(&live, lang, &signed, StatusCode::OK, Vec::new(), q.done()).await
}

fn done_link(lang: Lang, s: &UploadSummary) -> String {
    let kind = match s.kind {
        UploadKind::Csv => "csv",
        UploadKind::Workbook => "xlsx",
    };
    format!(
        "/{}staff/import/?kind={kind}&rows={}&inserted={}&updated={}&unchanged={}",
        lang.prefix(),
        s.rows,
        s.inserted,
        s.updated,
        s.unchanged
    )
}

/// POST `/staff/import/?csrf=…`: the upload.
pub async fn upload(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let bytes = match file_part(multipart).await {
        Ok(b) => b,
        Err((status, key)) => {
            return render(
                &live,
                lang,
                &signed,
                status,
                vec![t.get(key).to_owned()],
                None,
            )
            .await;
        }
    };
    if sniff(&bytes).is_none() {
        let status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        let errors = vec![t.get("staff.import.wrong_type").to_owned()];
        return render(&live, lang, &signed, status, errors, None).await;
    }
    let actor = Actor(signed.staff.name.to_string());
    match live
        .app()
        .import_upload(
            live.code(),
            &bytes,
            &signed.staff,
            super::org::this_year(),
            &actor,
        )
        .await
    {
        Ok(summary) => Ok(Redirect::to(&done_link(lang, &summary)).into_response()),
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(&live, lang, &signed, status, errors, None).await
        }
    }
}
