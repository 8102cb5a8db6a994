//! Search over the current edition, with the portal's search
//! ([`crate::search_index`]): the same kinds (projects, policy directions,
//! initiatives, indicators, fields, policy items, key initiatives, current
//! issues), the same case-insensitive substring match after width folding
//! (`keikaku_model::text::fold_width`), the same order (grouped by kind,
//! plan order within a kind), paginated.

use super::paging::{MAX_PER_PAGE, Paging, encode_component, page_type};
use super::types::Problem;
use super::{API_BASE, bad_request, snapshot};
use crate::error::WebError;
use crate::search_index::{self, Document, Kind, MAX_QUERY_CHARS, Query, Segment};
use crate::snapshot::Live;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query as QueryParams, State};
use keikaku_model::plan::Plan;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// A cross-departmental project (name, summary bullets).
    Project,
    /// A policy direction of a project.
    Direction,
    /// An initiative under a policy direction.
    Initiative,
    /// An indicator (name, description).
    Indicator,
    /// A field of the basic plan (name, goal).
    Field,
    /// A policy item of the basic plan.
    PolicyItem,
    /// A key initiative (重点事業; name, description).
    KeyInitiative,
    /// A current issue (現下の情勢を踏まえた課題; title, paragraphs).
    Issue,
}

impl From<Kind> for SearchKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Project => SearchKind::Project,
            Kind::Direction => SearchKind::Direction,
            Kind::Initiative => SearchKind::Initiative,
            Kind::Indicator => SearchKind::Indicator,
            Kind::Field => SearchKind::Field,
            Kind::PolicyItem => SearchKind::PolicyItem,
            Kind::KeyInitiative => SearchKind::KeyInitiative,
            Kind::Issue => SearchKind::Issue,
        }
    }
}

/// One element that contains the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SearchHit {
    /// What the element is.
    pub kind: SearchKind,
    /// Its stable ID, e.g. `P1-D2-I3`.
    pub id: String,
    /// Its name or title (an initiative's text).
    pub title: String,
    /// Where it belongs, e.g. the project (and direction) of an
    /// initiative, the field of a policy item; `null` when none.
    pub context: Option<String>,
    /// Its other texts that contain the query (summary bullets,
    /// descriptions, paragraphs), long ones cut to an excerpt (`…`) around
    /// the first match.
    pub excerpts: Vec<String>,
    /// The API resource that shows the element (the project for a direction
    /// or initiative, `/fields` for fields and policy items); `null` for key
    /// initiatives and issues, which only the portal shows.
    pub href: Option<String>,
    /// The portal page that shows it (Japanese; English under `/en/`).
    pub page: String,
}

page_type!(
    /// A page of search hits.
    SearchPage,
    SearchHit
);

fn joined(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

/// The project that holds a direction or initiative.
fn project_of<'a>(plan: &'a Plan, doc: &Document) -> Option<&'a str> {
    plan.projects
        .iter()
        .find(|p| {
            p.directions.iter().any(|d| {
                d.id.as_str() == doc.id || d.initiatives.iter().any(|i| i.id.as_str() == doc.id)
            })
        })
        .map(|p| p.id.as_str())
}

fn api_href(plan: &Plan, doc: &Document) -> Option<String> {
    match doc.kind {
        Kind::Project => Some(format!("{API_BASE}/projects/{}", doc.id)),
        Kind::Direction | Kind::Initiative => {
            project_of(plan, doc).map(|p| format!("{API_BASE}/projects/{p}"))
        }
        Kind::Indicator => Some(format!("{API_BASE}/indicators/{}", doc.id)),
        Kind::Field | Kind::PolicyItem => Some(format!("{API_BASE}/fields")),
        Kind::KeyInitiative | Kind::Issue => None,
    }
}

/// Every element of `plan` that contains `query`, as the portal finds them.
pub fn search(plan: &Plan, query: &Query) -> Vec<SearchHit> {
    let docs = search_index::documents(plan);
    search_index::search(&docs, query)
        .into_iter()
        .map(|hit| SearchHit {
            kind: hit.doc.kind.into(),
            id: hit.doc.id.clone(),
            title: hit.doc.title.clone(),
            context: hit.doc.context.clone(),
            excerpts: hit.texts.iter().map(|t| joined(t)).collect(),
            href: api_href(plan, hit.doc),
            page: format!("/{}", hit.doc.path),
        })
        .collect()
}

/// The search query.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The text to find, 1 to 200 characters: a case-insensitive
    /// substring after width folding (no tokenising; spaces are part of it).
    #[param(required = true, value_type = String, min_length = 1, max_length = 200)]
    pub q: Option<String>,
    /// Page number, from 1. A page after the last one is empty.
    #[param(minimum = 1, default = 1)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
}

/// Finds the projects, directions, initiatives, indicators, fields, policy
/// items, key initiatives and current issues whose name or text contains `q`.
#[utoipa::path(
    get,
    path = "/search",
    tag = "search",
    operation_id = "search",
    params(SearchQuery),
    responses(
        (status = 200, description = "A page of hits", body = SearchPage),
        (status = 400, description = "q missing, empty or too long; bad page or per_page", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn search_handler(
    State(live): State<Arc<Live>>,
    params: Result<QueryParams<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchPage>, WebError> {
    let Ok(QueryParams(params)) = params else {
        return Err(bad_request(format!(
            "the query string is malformed: give q (1 to {MAX_QUERY_CHARS} characters), page (from 1) and per_page (1 to {MAX_PER_PAGE})"
        )));
    };
    let paging = Paging::new(params.page, params.per_page)?;
    let typed = params.q.unwrap_or_default();
    let query = match Query::new(&typed) {
        Ok(Some(q)) => q,
        Ok(None) => return Err(bad_request("give the text to find as q, e.g. ?q=子育て")),
        Err(_) => {
            return Err(bad_request(format!(
                "q is too long: at most {MAX_QUERY_CHARS} characters"
            )));
        }
    };
    let snap = snapshot(&live).await?;
    let hits = search(&snap.plan, &query);
    let extra = format!("q={}&", encode_component(typed.trim()));
    Ok(Json(SearchPage::of(hits, paging, "/search", &extra)))
}
