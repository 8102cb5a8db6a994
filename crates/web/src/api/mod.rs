//! The JSON API under `/api/v1`: read-only views of the current snapshot
//! (municipality and plan, projects, indicators with actuals and grades,
//! the basic plan, evaluations, editions and their differences, search),
//! and the OpenAPI 3.1 document generated from the same handlers and types
//! ([`ApiDoc`]). Errors are `application/problem+json` (RFC 9457) through
//! [`WebError::json`]. Documented for people in `docs/api.md`.
//!
//! Each area has its module: [`plan`], [`indicators`], [`evaluations`],
//! [`editions`], [`search`], and [`staff`] (token-authenticated, for
//! staff scripts); [`types`] holds the shared JSON types and
//! [`paging`] the pagination.

pub mod budget;
pub mod editions;
pub mod evaluations;
pub mod indicators;
pub mod paging;
pub mod plan;
pub mod reform;
pub mod search;
pub mod staff;
pub mod types;

use crate::error::{Format, Kind, WebError};
use crate::i18n::Lang;
use crate::snapshot::{Live, Snapshot};
use axum::extract::Path;
use axum::extract::State;
use axum::extract::rejection::PathRejection;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use staff::BearerAuth;
use std::sync::{Arc, LazyLock};
use types::Problem;
use utoipa::{OpenApi, ToSchema};

/// Where the API is mounted; links in responses start with it.
pub const API_BASE: &str = "/api/v1";

/// The OpenAPI description of the API, generated from the handlers and
/// types with paths relative to [`API_BASE`]; [`openapi`] gives the
/// document as served, with the paths where they are served.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "keikaku API",
        version = "1.0.0",
        description = "JSON API of a municipality's comprehensive plan and its results: projects, indicators (KPIs) with printed values, actuals, trajectories, explained grades and forecasts, the basic plan, evaluations, editions and their differences. Exact decimals are strings; fiscal years are integers with Japanese and English labels; IDs are the plan's stable IDs. Errors are application/problem+json (RFC 9457). Everything is public and read-only except the staff endpoints under /staff/, which need an API token of a staff account (Authorization: Bearer kk_…).",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        index,
        openapi_json,
        plan::municipality,
        plan::projects,
        plan::project,
        indicators::indicators,
        indicators::indicator,
        indicators::actuals,
        plan::fields,
        evaluations::evaluations,
        evaluations::evaluation,
        editions::editions,
        editions::edition_diff,
        search::search_handler,
        budget::budget,
        budget::program,
        reform::reform,
        staff::me,
        staff::record_actual,
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "meta", description = "The API itself"),
        (name = "plan", description = "The municipality, projects and the basic plan"),
        (name = "indicators", description = "Indicators (KPIs), actuals, trajectories, grades, forecasts"),
        (name = "evaluations", description = "Graded fiscal years"),
        (name = "editions", description = "Editions of the rolling implementation plan and their differences"),
        (name = "search", description = "Search by name and text"),
        (name = "budget", description = "Published budgets of the plan's initiatives: cost per year, project, field and policy item, in integers of thousands of yen (千円)"),
        (name = "reform", description = "Administrative reform items (行財政改革): owner department, target, links to the plan, status per fiscal year"),
        (name = "staff", description = "For staff scripts, with an API token (`Authorization: Bearer kk_…`): who the token is, recording actuals"),
    )
)]
pub struct ApiDoc;

/// The API routes (relative to `/api/v1`); anything else under it is a
/// problem-JSON 404, any method but GET (and HEAD) a problem-JSON 405.
pub fn router() -> Router<Arc<Live>> {
    Router::new()
        .route("/", get(index))
        .route("/openapi.json", get(openapi_json))
        .route("/municipality", get(plan::municipality))
        .route("/projects", get(plan::projects))
        .route("/projects/{id}", get(plan::project))
        .route("/indicators", get(indicators::indicators))
        .route("/indicators/{id}", get(indicators::indicator))
        .route("/indicators/{id}/actuals", get(indicators::actuals))
        .route("/fields", get(plan::fields))
        .route("/evaluations", get(evaluations::evaluations))
        .route("/evaluations/{year}", get(evaluations::evaluation))
        .route("/editions", get(editions::editions))
        .route("/editions/{old}/diff/{new}", get(editions::edition_diff))
        .route("/search", get(search::search_handler))
        .route("/budget", get(budget::budget))
        .route("/budget/programs/{id}", get(budget::program))
        .route("/reform", get(reform::reform))
        .route("/staff/me", get(staff::me))
        .route(
            "/staff/actuals",
            post(staff::record_actual).fallback(staff::post_only),
        )
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(unknown)
}

/// A 404 shown as problem JSON.
pub fn not_found(what: impl Into<String>) -> WebError {
    WebError::not_found(Lang::En, what).json()
}

/// A 400 shown as problem JSON.
pub fn bad_request(why: impl Into<String>) -> WebError {
    WebError::bad_request(Lang::En, why).json()
}

/// A 500 shown as problem JSON (the details belong in the log).
pub fn internal() -> WebError {
    WebError {
        kind: Kind::Internal,
        format: Format::Json,
    }
}

/// The current snapshot, or a 500 (logged) when it cannot be loaded.
async fn snapshot(live: &Live) -> Result<Arc<Snapshot>, WebError> {
    live.snapshot()
        .await
        .map_err(|e| WebError::from_app(e, Format::Json))
}

/// A single path parameter, or 400 when it cannot be read (bad encoding).
fn path_param(p: Result<Path<String>, PathRejection>) -> Result<String, WebError> {
    match p {
        Ok(Path(s)) => Ok(s),
        Err(_) => Err(bad_request("malformed path")),
    }
}

/// 405 as problem JSON: every endpoint is read-only.
async fn method_not_allowed() -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": "Method Not Allowed",
        "status": 405,
        "detail": "the API is read-only: use GET",
    });
    (
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        [
            (header::CONTENT_TYPE, "application/problem+json"),
            (header::ALLOW, "GET,HEAD"),
        ],
        body.to_string(),
    )
        .into_response()
}

async fn unknown() -> WebError {
    not_found(
        "no such API endpoint: see /api/v1/ for the list and /api/v1/openapi.json for the description",
    )
}

/// A link of the index.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Link {
    /// What the link is, e.g. `projects`.
    pub rel: String,
    /// The path; `{…}` marks a parameter to fill in.
    pub href: String,
    /// True when `href` has parameters to fill in.
    pub templated: bool,
    /// What it returns.
    pub title: String,
}

/// The API's entry point.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Index {
    /// The API's name.
    pub name: String,
    /// The API version, `v1`.
    pub version: String,
    /// The municipality served (code).
    pub municipality: String,
    /// The current edition's ID.
    pub edition: String,
    /// Every endpoint.
    pub links: Vec<Link>,
}

const LINKS: [(&str, &str, &str); 19] = [
    ("self", "/", "This index"),
    (
        "openapi",
        "/openapi.json",
        "The OpenAPI 3.1 description of the API",
    ),
    (
        "municipality",
        "/municipality",
        "The municipality, its comprehensive plan and the current edition",
    ),
    ("projects", "/projects", "Projects (paginated)"),
    ("project", "/projects/{id}", "One project"),
    ("indicators", "/indicators", "Indicators (paginated)"),
    (
        "indicator",
        "/indicators/{id}",
        "One indicator with values, actuals, trajectory, grade and forecast",
    ),
    (
        "indicator_actuals",
        "/indicators/{id}/actuals",
        "An indicator's current actuals",
    ),
    (
        "fields",
        "/fields",
        "The basic plan's fields and policy items",
    ),
    ("evaluations", "/evaluations", "The evaluated fiscal years"),
    (
        "evaluation",
        "/evaluations/{year}",
        "One evaluated fiscal year",
    ),
    (
        "editions",
        "/editions",
        "Editions of the implementation plan",
    ),
    (
        "edition_diff",
        "/editions/{old}/diff/{new}",
        "Changes between two editions",
    ),
    ("search", "/search?q={q}", "Search (paginated)"),
    (
        "budget",
        "/budget?year={year}",
        "A published year's cost (thousands of yen): totals, per project, field, policy item and initiative",
    ),
    (
        "budget_program",
        "/budget/programs/{id}",
        "One initiative with its links and money per published year",
    ),
    (
        "reform",
        "/reform",
        "Administrative reform items with owner, target, links and status per fiscal year",
    ),
    (
        "staff_me",
        "/staff/me",
        "The account of an API token (Authorization: Bearer)",
    ),
    (
        "staff_actuals",
        "/staff/actuals",
        "POST: record an actual with an API token, within the account's scope",
    ),
];

/// The entry point: what this API serves, with a link to every endpoint.
/// Served at `/api/v1` (no trailing slash).
#[utoipa::path(
    get,
    path = "/",
    tag = "meta",
    operation_id = "index",
    responses(
        (status = 200, description = "The index", body = Index),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn index(State(live): State<Arc<Live>>) -> Result<Json<Index>, WebError> {
    let snap = snapshot(&live).await?;
    Ok(Json(Index {
        name: "keikaku API".to_owned(),
        version: "v1".to_owned(),
        municipality: snap.code.clone(),
        edition: snap.plan.edition.id.to_string(),
        links: LINKS
            .iter()
            .map(|(rel, path, title)| Link {
                rel: (*rel).to_owned(),
                href: served_path(path),
                templated: path.contains('{'),
                title: (*title).to_owned(),
            })
            .collect(),
    }))
}

/// Where a route of [`router`] is served: `/` is [`API_BASE`] itself (axum
/// nests the root of a router at the prefix without a trailing slash),
/// everything else is below it.
pub fn served_path(route: &str) -> String {
    if route == "/" {
        API_BASE.to_owned()
    } else {
        format!("{API_BASE}{route}")
    }
}

/// The OpenAPI 3.1 document as served: [`ApiDoc`] with every path moved to
/// where the router serves it ([`served_path`]).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(route, item)| (served_path(&route), item))
        .collect();
    doc
}

/// The OpenAPI document as JSON, made once.
static OPENAPI_JSON: LazyLock<Result<String, String>> =
    LazyLock::new(|| openapi().to_json().map_err(|e| e.to_string()));

/// The OpenAPI 3.1 document of this API, generated from its handlers and types.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    operation_id = "openapi",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document", body = Object),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn openapi_json() -> Response {
    match OPENAPI_JSON.as_ref() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "OpenAPI document failed");
            internal().into_response()
        }
    }
}
