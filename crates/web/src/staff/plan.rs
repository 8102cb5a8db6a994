//! Plan editing: every edition with its status; for the planning department
//! (and admins), creating the next draft edition, editing the draft's texts
//! (a project's summary paragraphs, the initiatives of each policy
//! direction) and publishing it with its publication month. Indicators are
//! edited on their own page ([`super::plan_indicator`]). Everyone else
//! sees the same pages without forms. The edits themselves are the model's
//! ([`keikaku_model::edition`]), applied through
//! [`keikaku_app::App::edit_edition`], which refuses published editions.

use super::form::{Fields, form_error};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::{Actor, App, AppError};
use keikaku_model::access::{Permission, allows};
use keikaku_model::edition;
use keikaku_model::ids::{DirectionId, InitiativeId, ProjectId};
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_store::EditionRow;
use serde::Deserialize;
use std::sync::Arc;

struct EditionView {
    id: String,
    years: String,
    draft: bool,
    updated: String,
}

struct DirectionView {
    id: String,
    name: String,
    initiatives: Vec<(String, String)>,
}

struct ProjectView {
    id: String,
    name: String,
    summary: String,
    directions: Vec<DirectionView>,
}

struct IndicatorView {
    id: String,
    name: String,
    unit: String,
    href: String,
}

#[derive(Template)]
#[template(path = "staff/plan.html")]
struct PlanPage {
    ctx: StaffCtx,
    editions: Vec<EditionView>,
    draft: Option<String>,
    projects: Vec<ProjectView>,
    indicators: Vec<IndicatorView>,
    can_edit: bool,
    errors: Vec<String>,
    done: bool,
    month: String,
    planner: bool,
}

/// `?done=1` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The newest draft edition, if any: the one being edited.
pub fn newest_draft(rows: &[EditionRow]) -> Option<&EditionRow> {
    rows.iter().rev().find(|e| e.status == "draft")
}

/// The edition a plan page shows: the newest draft, else the newest edition.
pub async fn shown_edition(app: &App, code: &str) -> Result<(Vec<EditionRow>, Plan), AppError> {
    let rows = app.editions(code).await?;
    let id = newest_draft(&rows)
        .or_else(|| rows.last())
        .map(|e| e.id.clone())
        .ok_or_else(|| AppError::NotFound(format!("municipality {code} has no edition")))?;
    let plan = app.edition(code, &id).await?;
    Ok((rows, plan))
}

fn projects(plan: &Plan) -> Vec<ProjectView> {
    plan.projects
        .iter()
        .map(|p| ProjectView {
            id: p.id.to_string(),
            name: p.name.clone(),
            summary: p.summary.join("\n"),
            directions: p
                .directions
                .iter()
                .map(|d| DirectionView {
                    id: d.id.to_string(),
                    name: d.name.clone(),
                    initiatives: d
                        .initiatives
                        .iter()
                        .map(|i| (i.id.to_string(), i.text.clone()))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    status: StatusCode,
    errors: Vec<String>,
    month: String,
    done: bool,
) -> Result<Response, WebError> {
    let (rows, plan) = shown_edition(live.app(), live.code())
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let draft = newest_draft(&rows).map(|e| e.id.clone());
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        texts(lang).get("staff.plan.title"),
        "plan/",
        "plan",
    );
    let edition = plan.edition.id.to_string();
    let page = PlanPage {
        editions: rows
            .iter()
            .rev()
            .map(|e| EditionView {
                id: e.id.clone(),
                years: format!("FY{}–FY{}", e.first_year, e.last_year),
                draft: e.status == "draft",
                updated: e.updated_at.clone(),
            })
            .collect(),
        projects: projects(&plan),
        indicators: plan
            .indicators
            .iter()
            .map(|i| IndicatorView {
                id: i.id.to_string(),
                name: i.name.clone(),
                unit: i.unit.to_string(),
                href: ctx.link(&format!("plan/indicators/{}/?edition={edition}", i.id)),
            })
            .collect(),
        can_edit: draft.is_some() && allows(&signed.staff, Permission::EditPlan, &plan),
        planner: allows(&signed.staff, Permission::EditPlan, &plan),
        draft,
        errors,
        done,
        month,
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/plan/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let status = StatusCode::OK;
    render(
        &live,
        lang,
        &signed,
        status,
        Vec::new(),
        String::new(),
        q.done.is_some(),
    )
    .await
}

fn invalid(msg: String) -> AppError {
    AppError::Invalid(vec![msg])
}

fn parse<T: std::str::FromStr>(f: &Fields, field: &str) -> Result<T, AppError>
where
    T::Err: std::fmt::Display,
{
    f.get(field)
        .trim()
        .parse()
        .map_err(|e| invalid(format!("{field}: {e}")))
}

/// Summary paragraphs from a text area: one paragraph per line.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

/// Carries out one action on the draft named by the form's `edition`.
async fn apply(live: &Live, actor: &Actor, f: &Fields) -> Result<(), AppError> {
    let app = live.app();
    let code = live.code();
    let id = f.get("edition");
    match f.get("action") {
        "new" => app.new_edition(code, None, actor).await.map(drop),
        "publish" => {
            let month =
                Period::parse(f.get("month").trim()).map_err(|e| invalid(format!("month: {e}")))?;
            app.publish_edition(code, id, month, actor).await.map(drop)
        }
        "add_initiative" => {
            let direction: DirectionId = parse(f, "direction")?;
            let text = f.get("text");
            app.edit_edition(code, id, actor, |plan| {
                edition::add_initiative(plan, &direction, text).map(drop)
            })
            .await
            .map(drop)
        }
        "remove_initiative" => {
            let initiative: InitiativeId = parse(f, "initiative")?;
            app.edit_edition(code, id, actor, |plan| {
                edition::remove_initiative(plan, &initiative)
            })
            .await
            .map(drop)
        }
        "summary" => {
            let project: ProjectId = parse(f, "project")?;
            let summary = paragraphs(f.get("summary"));
            app.edit_edition(code, id, actor, |plan| {
                edition::set_project_summary(plan, &project, &summary)
            })
            .await
            .map(drop)
        }
        other => Err(invalid(format!("unknown action 「{other}」"))),
    }
}

/// POST `/staff/plan/`: `action` = new, publish, add_initiative,
/// remove_initiative or summary, on the draft `edition`.
pub async fn act(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let actor = Actor(signed.staff.name.to_string());
    match apply(&live, &actor, &f).await {
        Ok(()) => {
            let to = format!("/{}staff/plan/?done=1", lang.prefix());
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            let month = f.get("month").to_owned();
            render(&live, lang, &signed, status, errors, month, false).await
        }
    }
}
