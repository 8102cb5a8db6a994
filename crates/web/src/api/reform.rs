//! Administrative reform (行財政改革): `GET /reform` — every reform item with
//! its owner department, target, links to the plan and the budget
//! catalogue, its latest status and its status per fiscal year. Reform
//! items are published plan information: all stored items are listed.

use super::snapshot;
use super::types::{FiscalYearLabel, Problem};
use crate::error::WebError;
use crate::snapshot::{Live, Snapshot};
use axum::Json;
use axum::extract::State;
use keikaku_model::reform::{ReformItem, ReformStatus};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;

/// A reference to a plan element or initiative: ID and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    /// Stable ID.
    pub id: String,
    /// Name as written; `null` when the plan or catalogue no longer has it.
    pub name: Option<String>,
}

/// A reform item's status in one fiscal year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReformYear {
    /// The fiscal year.
    pub year: FiscalYearLabel,
    /// `not_started`, `in_progress`, `done`, `revised` or `dropped`.
    #[schema(example = "in_progress")]
    pub status: String,
    /// 未着手, 実施中, 完了, 見直し or 中止.
    pub label_ja: String,
    /// Not started, In progress, Done, Revised or Dropped.
    pub label_en: String,
    /// What was done or why it changed (may be empty).
    pub note: String,
}

impl From<&ReformStatus> for ReformYear {
    fn from(s: &ReformStatus) -> Self {
        ReformYear {
            year: s.year.into(),
            status: s.status.keyword().to_owned(),
            label_ja: s.status.label_ja().to_owned(),
            label_en: s.status.label_en().to_owned(),
            note: s.note.clone(),
        }
    }
}

/// One administrative reform item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReformItemJson {
    /// Stable ID, e.g. `R-01`.
    pub id: String,
    /// The item's name.
    pub title: String,
    /// The owning department.
    pub department: Named,
    /// The target as written, e.g. `事務事業の見直し 年10件`.
    pub target: String,
    /// The fiscal year the target is due, if any.
    pub target_year: Option<FiscalYearLabel>,
    /// Policy items (中項目) it affects.
    pub policy_items: Vec<Named>,
    /// Key initiatives of section V it affects.
    pub key_initiatives: Vec<Named>,
    /// Initiatives (事業) of the budget catalogue it affects.
    pub programs: Vec<Named>,
    /// The newest status, if any.
    pub latest: Option<ReformYear>,
    /// Every status, oldest fiscal year first.
    pub statuses: Vec<ReformYear>,
}

/// Every reform item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReformList {
    /// The items, in the order they were added.
    pub items: Vec<ReformItemJson>,
}

fn item_json(snap: &Snapshot, item: &ReformItem) -> ReformItemJson {
    let plan = &snap.plan;
    let data = &snap.reform;
    let mut statuses: Vec<&ReformStatus> = data
        .statuses
        .iter()
        .map(|r| &r.status)
        .filter(|s| s.item == item.id)
        .collect();
    statuses.sort_by_key(|s| s.year);
    ReformItemJson {
        id: item.id.to_string(),
        title: item.title.clone(),
        department: Named {
            id: item.department.to_string(),
            name: plan.department(&item.department).map(|d| d.name.clone()),
        },
        target: item.target.clone(),
        target_year: item.target_year.map(Into::into),
        policy_items: item
            .items
            .iter()
            .map(|id| Named {
                id: id.to_string(),
                name: plan
                    .fields
                    .iter()
                    .flat_map(|f| &f.items)
                    .find(|i| &i.id == id)
                    .map(|i| i.name.clone()),
            })
            .collect(),
        key_initiatives: item
            .key_initiatives
            .iter()
            .map(|id| Named {
                id: id.to_string(),
                name: plan.key_initiatives.iter().find_map(|g| {
                    if &g.id == id {
                        Some(g.heading.clone())
                    } else {
                        g.initiatives
                            .iter()
                            .find(|k| &k.id == id)
                            .map(|k| k.name.clone())
                    }
                }),
            })
            .collect(),
        programs: item
            .programs
            .iter()
            .map(|id| Named {
                id: id.to_string(),
                name: data.program_name(id).map(str::to_owned),
            })
            .collect(),
        latest: statuses.last().map(|s| ReformYear::from(*s)),
        statuses: statuses.into_iter().map(ReformYear::from).collect(),
    }
}

/// Every administrative reform item with its status per fiscal year.
#[utoipa::path(
    get,
    path = "/reform",
    tag = "reform",
    operation_id = "list_reform_items",
    responses(
        (status = 200, description = "Every reform item", body = ReformList),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn reform(State(live): State<Arc<Live>>) -> Result<Json<ReformList>, WebError> {
    let snap = snapshot(&live).await?;
    Ok(Json(ReformList {
        items: snap
            .reform
            .items
            .iter()
            .map(|i| item_json(&snap, i))
            .collect(),
    }))
}
