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
    /// 401: not signed in, or the credentials are wrong (the text says which).
    Unauthorized(String),
    /// 403: signed in but not allowed (the text says what).
    Forbidden(String),
    /// 409: the data changed meanwhile, or the workflow does not allow this now.
    Conflict(String),
    /// 429: too many failed sign-ins; retry after this many seconds.
    TooManyRequests(String, i64),
    /// 503: the installation lacks something (the text says what).
    Unavailable(String),
    /// 500: a failure that the user cannot fix; details are only logged.
    Internal,
}

impl Kind {
    /// The text shown to the user (empty for internal errors).
    pub fn detail(&self) -> String {
        match self {
            Kind::NotFound(m)
            | Kind::BadRequest(m)
            | Kind::Unauthorized(m)
            | Kind::Forbidden(m)
            | Kind::Conflict(m)
            | Kind::Unavailable(m)
            | Kind::TooManyRequests(m, _) => m.clone(),
            Kind::Internal => String::new(),
        }
    }
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
    /// 403 as HTML.
    pub fn forbidden(lang: Lang, why: impl Into<String>) -> Self {
        WebError {
            kind: Kind::Forbidden(why.into()),
            format: Format::Html(lang),
        }
    }
    /// Maps an application error, logging internal details.
    pub fn from_app(e: AppError, format: Format) -> Self {
        use keikaku_store::StoreError;
        let kind = match e {
            AppError::NotFound(m) => Kind::NotFound(m),
            AppError::Invalid(m) => Kind::BadRequest(m.join("; ")),
            e @ (AppError::BadCredentials | AppError::Unauthenticated) => {
                Kind::Unauthorized(e.to_string())
            }
            e @ AppError::Throttled(secs) => Kind::TooManyRequests(e.to_string(), secs),
            AppError::Forbidden(m) => Kind::Forbidden(m),
            AppError::Store(e @ (StoreError::Conflict { .. } | StoreError::Immutable(_))) => {
                Kind::Conflict(e.to_string())
            }
            AppError::Store(StoreError::NotFound(m)) => Kind::NotFound(m),
            other => {
                tracing::error!(error = %other, "request failed");
                Kind::Internal
            }
        };
        WebError { kind, format }
    }
    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        match self.kind {
            Kind::NotFound(_) => StatusCode::NOT_FOUND,
            Kind::BadRequest(_) => StatusCode::BAD_REQUEST,
            Kind::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Kind::Forbidden(_) => StatusCode::FORBIDDEN,
            Kind::Conflict(_) => StatusCode::CONFLICT,
            Kind::TooManyRequests(..) => StatusCode::TOO_MANY_REQUESTS,
            Kind::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
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
        let detail = self.kind.detail();
        let retry = match self.kind {
            Kind::TooManyRequests(_, secs) => Some(secs.to_string()),
            _ => None,
        };
        let mut res = self.body(status, detail);
        if let Some(secs) = retry.and_then(|s| header::HeaderValue::from_str(&s).ok()) {
            res.headers_mut().insert(header::RETRY_AFTER, secs);
        }
        res
    }
}

impl WebError {
    fn body(self, status: StatusCode, detail: String) -> Response {
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
                    Kind::Unauthorized(_) => t.get("error.unauthorized"),
                    Kind::Forbidden(_) => t.get("error.forbidden"),
                    Kind::Conflict(_) => t.get("error.conflict"),
                    Kind::TooManyRequests(..) => t.get("error.too_many"),
                    Kind::Unavailable(_) => t.get("error.unavailable"),
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
