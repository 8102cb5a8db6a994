//! Helpers shared by the staff pages written for accounts, plan editing,
//! uploads and the audit view: urlencoded bodies with repeated fields
//! (checkbox lists), role labels, times, and turning an application error
//! into a message shown on the re-rendered form.

use crate::error::{Format, Kind, WebError};
use crate::i18n::Lang;
use axum::http::StatusCode;
use keikaku_app::AppError;
use keikaku_model::access::Role;

/// The fields of an urlencoded form body, repeated names kept in order.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Parses a body.
    pub fn parse(body: &[u8]) -> Fields {
        Fields(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }
    /// The first value of a field, or `""`.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
    /// Every value of a field, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A role's label in a language.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => role.label_ja(),
        Lang::En => role.keyword(),
    }
}

/// Unix seconds as `2025-04-01 09:30` (UTC), or empty when out of range.
pub fn unix_time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// A failed use case as the status and messages of a re-rendered form;
/// internal failures stay errors (logged, shown as the error page).
pub fn form_error(e: AppError, lang: Lang) -> Result<(StatusCode, Vec<String>), WebError> {
    let lines = |m: &str| m.lines().map(str::to_owned).collect();
    match e {
        AppError::Invalid(list) => return Ok((StatusCode::BAD_REQUEST, list)),
        AppError::Forbidden(m) => return Ok((StatusCode::FORBIDDEN, lines(&m))),
        _ => {}
    }
    let web = WebError::from_app(e, Format::Html(lang));
    let status = web.status();
    match &web.kind {
        Kind::Internal => Err(web),
        k => Ok((status, lines(&k.detail()))),
    }
}
