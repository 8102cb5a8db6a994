//! The audit view: who changed what and when, newest first, 50 entries a
//! page (`?before=SEQ` pages back), optionally only the entities starting
//! with `?entity=` (an indicator such as `KPI-03`, `user/sato`, `pdca/2024`).
//! Each entry shows its before and after JSON (escaped like every text);
//! an actual's entity links to the indicator's entry page for that year.

use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::extract::{Extension, Query, State};
use axum::response::Html;
use keikaku_store::audit::Entry;
use serde::Deserialize;
use std::sync::Arc;

/// Entries per page.
pub const PAGE: i64 = 50;

/// `?before=&entity=`.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    before: Option<String>,
    entity: Option<String>,
}

/// An entry as shown.
struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    href: Option<String>,
    before: String,
    after: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    ctx: StaffCtx,
    entity: String,
    rows: Vec<Row>,
    older: Option<String>,
    newest: Option<String>,
}

/// The staff page of an actual's entity (`KPI-03/2024`).
fn actual_link(ctx: &StaffCtx, e: &Entry) -> Option<String> {
    if !e.action.starts_with("actual.") {
        return None;
    }
    let (id, year) = e.entity.split_once('/')?;
    let year: i32 = year.parse().ok()?;
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    Some(ctx.link(&format!("indicators/{id}/?year={year}")))
}

/// JSON text indented for reading, or as stored when it is not JSON.
fn pretty(json: Option<&str>) -> String {
    let Some(text) = json else {
        return String::new();
    };
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

fn query_link(ctx: &StaffCtx, entity: &str, before: Option<i64>) -> String {
    ctx.link(&query_link_path(entity, before))
}

/// GET `/staff/audit/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    let before = match q.before.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => Some(b.parse::<i64>().map_err(|_| {
            WebError::bad_request(lang, format!("before: 「{b}」 is not a sequence number"))
        })?),
        None => None,
    };
    let entity = q.entity.as_deref().unwrap_or("").trim().to_owned();
    let prefix = Some(entity.as_str()).filter(|e| !e.is_empty());
    let mut entries = live
        .app()
        .store()
        .audit_page(prefix, before, PAGE + 1)
        .await
        .map_err(|e| WebError::from_app(e.into(), Format::Html(lang)))?;
    let more = entries.len() > usize::try_from(PAGE).unwrap_or(usize::MAX);
    entries.truncate(usize::try_from(PAGE).unwrap_or(usize::MAX));
    let path = query_link_path(&entity, before);
    let ctx = StaffCtx::new(
        lang,
        Some(&signed),
        texts(lang).get("staff.audit.title"),
        path,
        "audit",
    );
    let older = entries
        .last()
        .filter(|_| more)
        .map(|e| query_link(&ctx, &entity, Some(e.seq)));
    let newest = before.map(|_| query_link(&ctx, &entity, None));
    let rows = entries
        .iter()
        .map(|e| Row {
            seq: e.seq,
            at: e.at.clone(),
            actor: e.actor.clone(),
            action: e.action.clone(),
            entity: e.entity.clone(),
            href: actual_link(&ctx, e),
            before: pretty(e.before.as_deref()),
            after: pretty(e.after.as_deref()),
        })
        .collect();
    let page = AuditPage {
        ctx,
        entity,
        rows,
        older,
        newest,
    };
    crate::pages::html(&page, lang).map(Html)
}

/// This page's path below `/staff/` (for the language switch).
fn query_link_path(entity: &str, before: Option<i64>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if !entity.is_empty() {
        q.append_pair("entity", entity);
    }
    if let Some(b) = before {
        q.append_pair("before", &b.to_string());
    }
    let q = q.finish();
    if q.is_empty() {
        "audit/".to_owned()
    } else {
        format!("audit/?{q}")
    }
}
