//! Report downloads in the staff workspace: the council's evaluation report
//! for a fiscal year (HTML, PDF, Excel) and the plan summary (HTML, PDF).
//! The council report includes unpublished figures and records in every
//! workflow state, as the council reads drafts under review — which is why
//! it is here and not on the public portal. PDFs are typeset in-process by
//! `keikaku-pdf`; its fonts are loaded once per server.

use super::cycle::{YearQuery, load, years};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, Kind, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::extract::{Extension, Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use keikaku_pdf::Fonts;
use std::sync::{Arc, OnceLock};

#[derive(Template)]
#[template(path = "staff/reports.html")]
struct ReportsPage {
    ctx: StaffCtx,
    year: i32,
    years: Vec<i32>,
}

/// GET `/staff/reports/`: the downloads.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, WebError> {
    let c = load(&live, &q, lang).await?;
    let ctx = StaffCtx::new(
        lang,
        Some(&signed),
        texts(lang).get("staff.reports.title"),
        "reports/",
        "reports",
    );
    let page = ReportsPage {
        ctx,
        year: c.year.year(),
        years: years(&c.plan),
    };
    crate::pages::html(&page, lang).map(Html)
}

/// The PDF fonts, found once; the error text says where they were looked for.
fn fonts() -> Result<&'static Fonts, String> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| Fonts::discover().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

fn unavailable(lang: Lang, why: String) -> WebError {
    tracing::error!(error = %why, "a PDF report cannot be made");
    WebError {
        kind: Kind::Unavailable(format!("{} {why}", texts(lang).get("staff.reports.no_pdf"))),
        format: Format::Html(lang),
    }
}

fn download(content_type: &'static str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

const HTML: &str = "text/html; charset=utf-8";
const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// GET `/staff/reports/council/{file}`: `council.html`, `.pdf` or `.xlsx` for `?year=`.
pub async fn council(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Path(file): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let c = load(&live, &q, lang).await?;
    let app_err = |e| WebError::from_app(e, Format::Html(lang));
    let data = live
        .app()
        .council_data(&c.code, c.year, None)
        .await
        .map_err(app_err)?;
    let y = c.year.year();
    let internal = |e: String| {
        tracing::error!(error = %e, "council report failed");
        WebError {
            kind: Kind::Internal,
            format: Format::Html(lang),
        }
    };
    match file.as_str() {
        "council.html" => {
            let html = keikaku_report::html::council(&data.report())
                .map_err(|e| internal(e.to_string()))?;
            Ok(download(
                HTML,
                &format!("council-{y}.html"),
                html.into_bytes(),
            ))
        }
        "council.pdf" => {
            let fonts = fonts().map_err(|e| unavailable(lang, e))?;
            let pdf =
                keikaku_pdf::council(&data.report(), fonts).map_err(|e| internal(e.to_string()))?;
            Ok(download(PDF, &format!("council-{y}.pdf"), pdf))
        }
        "council.xlsx" => {
            let book = data.workbook().map_err(app_err)?;
            Ok(download(XLSX, &format!("council-{y}.xlsx"), book))
        }
        other => Err(WebError::not_found(lang, other.to_string())),
    }
}

/// GET `/staff/reports/plan/{file}`: the plan summary, `plan.html` or `plan.pdf`.
pub async fn plan(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let plan = live
        .app()
        .current_plan(live.code())
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let summary = keikaku_report::plan_summary::build(&plan);
    let internal = |e: String| {
        tracing::error!(error = %e, "plan summary failed");
        WebError {
            kind: Kind::Internal,
            format: Format::Html(lang),
        }
    };
    match file.as_str() {
        "plan.html" => {
            let html = keikaku_report::html::plan_summary(&summary)
                .map_err(|e| internal(e.to_string()))?;
            Ok(download(HTML, "plan-summary.html", html.into_bytes()))
        }
        "plan.pdf" => {
            let fonts = fonts().map_err(|e| unavailable(lang, e))?;
            let pdf =
                keikaku_pdf::plan_summary(&summary, fonts).map_err(|e| internal(e.to_string()))?;
            Ok(download(PDF, "plan-summary.pdf", pdf))
        }
        other => Err(WebError::not_found(lang, other.to_string())),
    }
}
