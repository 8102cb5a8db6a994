//! Editions of the rolling implementation plan and what changed between two
//! of them (`keikaku_model::diff::PlanDiff`, serialised as the model
//! defines it).

use super::plan::EditionStatus;
use super::types::{Period, Problem, Years};
use super::{API_BASE, not_found, snapshot};
use crate::error::WebError;
use crate::snapshot::Live;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use keikaku_model::diff::diff;
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// An edition in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EditionSummary {
    /// Stable ID, e.g. `E2022`.
    pub id: String,
    /// Title as written.
    pub title: String,
    /// Variant note, e.g. `概要版`.
    pub variant: Option<String>,
    /// The edition's years.
    pub years: Years,
    /// Draft or published.
    pub status: EditionStatus,
    /// Publication month, when published.
    pub published: Option<Period>,
    /// True for the current edition (the newest published one), which
    /// actuals are graded against.
    pub current: bool,
    /// Link to the changes from the previous edition; `null` for the first.
    pub diff_from_previous: Option<String>,
}

/// Every edition, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EditionList {
    /// Editions, oldest first, drafts included (marked by `status`).
    pub editions: Vec<EditionSummary>,
}

/// Every edition of the implementation plan, oldest first.
#[utoipa::path(
    get,
    path = "/editions",
    tag = "editions",
    operation_id = "list_editions",
    responses(
        (status = 200, description = "The editions", body = EditionList),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn editions(State(live): State<Arc<Live>>) -> Result<Json<EditionList>, WebError> {
    let snap = snapshot(&live).await?;
    let current = &snap.plan.edition.id;
    let mut previous: Option<&str> = None;
    let mut out = Vec::new();
    for (_, plan) in &snap.editions {
        let e = &plan.edition;
        out.push(EditionSummary {
            id: e.id.to_string(),
            title: e.title.clone(),
            variant: e.variant.clone(),
            years: e.years.into(),
            status: e.status.into(),
            published: e.published.as_ref().map(Period::from),
            current: &e.id == current,
            diff_from_previous: previous.map(|p| format!("{API_BASE}/editions/{p}/diff/{}", e.id)),
        });
        previous = Some(e.id.as_str());
    }
    Ok(Json(EditionList { editions: out }))
}

/// What changed between two editions: `keikaku_model::diff::PlanDiff` as JSON
/// (header, indicators, units, polarities, values with strengthened /
/// weakened targets, projects, directions, initiatives, KPI-table rows,
/// departments). Its shape is documented in `docs/api.md` and
/// `docs/editions.md`; the schema here is a plain object.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct PlanDiff(pub serde_json::Value);

/// What changed from edition `old` to edition `new`, element by element.
#[utoipa::path(
    get,
    path = "/editions/{old}/diff/{new}",
    tag = "editions",
    operation_id = "diff_editions",
    params(
        ("old" = String, Path, description = "The earlier edition's ID, e.g. `E2022`"),
        ("new" = String, Path, description = "The later edition's ID, e.g. `E2023`"),
    ),
    responses(
        (status = 200, description = "The differences (keikaku_model::diff::PlanDiff)", body = PlanDiff),
        (status = 404, description = "An edition does not exist", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn edition_diff(
    State(live): State<Arc<Live>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<PlanDiff>, WebError> {
    let (old, new) = match ids {
        Ok(Path(ids)) => ids,
        Err(_) => return Err(super::bad_request("malformed path")),
    };
    let snap = snapshot(&live).await?;
    let plan = |id: &str| {
        snap.editions
            .iter()
            .find(|(_, p)| p.edition.id.as_str() == id)
            .map(|(_, p)| p)
            .ok_or_else(|| not_found(format!("no edition {id}")))
    };
    let (a, b) = (plan(&old)?, plan(&new)?);
    let value = serde_json::to_value(diff(a, b)).map_err(|e| {
        tracing::error!(error = %e, "diff serialisation failed");
        super::internal()
    })?;
    Ok(Json(PlanDiff(value)))
}
