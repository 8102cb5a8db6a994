//! The web error: one type, rendered as an HTML page for the portal or as
//! `application/problem+json` (RFC 9457) for the API. Internal details are
//! logged, never shown.

use crate::i18n::{Lang, texts};
use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use keikaku_app::AppError;

/// How the error is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An HTML page in a language.
    Html(Lang),
    /// Problem details JSON.
    Json,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// 404: the thing asked for does not exist (the text names it).
    NotFound(String),
    /// 400: the request is malformed (the text says how).
    BadRequest(String),
    /// 500: a failure that the user cannot fix; details are only logged.
    Internal,
}

/// The error of every handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebError {
    /// What went wrong.
    pub kind: Kind,
    /// How to show it.
    pub format: Format,
}

impl WebError {
    /// 404 as HTML.
    pub fn not_found(lang: Lang, what: impl Into<String>) -> Self {
        WebError {
            kind: Kind::NotFound(what.into()),
            format: Format::Html(lang),
        }
    }
    /// 400 as HTML.
    pub fn bad_request(lang: Lang, why: impl Into<String>) -> Self {
        WebError {
            kind: Kind::BadRequest(why.into()),
            format: Format::Html(lang),
        }
    }
    /// The same error shown as problem JSON.
    pub fn json(self) -> Self {
        WebError {
            format: Format::Json,
            ..self
        }
    }
    /// Maps an application error, logging internal details.
    pub fn from_app(e: AppError, format: Format) -> Self {
        let kind = match e {
            AppError::NotFound(m) => Kind::NotFound(m),
            AppError::Invalid(m) => Kind::BadRequest(m.join("; ")),
            other => {
                tracing::error!(error = %other, "request failed");
                Kind::Internal
            }
        };
        WebError { kind, format }
    }
    fn status(&self) -> StatusCode {
        match self.kind {
            Kind::NotFound(_) => StatusCode::NOT_FOUND,
            Kind::BadRequest(_) => StatusCode::BAD_REQUEST,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    lang: &'a str,
    title: &'a str,
    detail: &'a str,
    back: &'a str,
    css: &'a str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self.kind {
            Kind::NotFound(m) | Kind::BadRequest(m) => m.clone(),
            Kind::Internal => String::new(),
        };
        match self.format {
            Format::Json => {
                let body = serde_json::json!({
                    "type": "about:blank",
                    "title": status.canonical_reason().unwrap_or("error"),
                    "status": status.as_u16(),
                    "detail": detail,
                });
                (
                    status,
                    [(header::CONTENT_TYPE, "application/problem+json")],
                    body.to_string(),
                )
                    .into_response()
            }
            Format::Html(lang) => {
                let t = texts(lang);
                let title = match self.kind {
                    Kind::NotFound(_) => t.get("error.not_found"),
                    Kind::BadRequest(_) => t.get("error.bad_request"),
                    Kind::Internal => t.get("error.internal"),
                };
                let page = ErrorPage {
                    lang: lang.code(),
                    title,
                    detail: &detail,
                    back: t.get("error.back"),
                    css: "/assets/style.css",
                };
                let html = page.render().unwrap_or_else(|_| title.to_string());
                (
                    status,
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    html,
                )
                    .into_response()
            }
        }
    }
}
