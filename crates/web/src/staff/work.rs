//! "My work" (what the signed-in person still owes for the year, with the
//! cycle's deadlines) and the planning department's completeness view
//! (data entry and self-evaluations per department).

use super::cycle::{YearQuery, load, years};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::extract::{Extension, Query, State};
use axum::response::Html;
use keikaku_app::cycle::{
    Completeness, Stage, WorkList, completeness as completeness_of, work_for,
};
use keikaku_model::plan::Plan;
use keikaku_model::workflow::Subject;
use std::sync::Arc;

/// A linked row: ID, name, link.
pub struct Item {
    /// ID shown.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// Where it links.
    pub href: String,
}

/// A deadline as shown.
pub struct Due {
    /// The stage's label.
    pub stage: &'static str,
    /// `YYYY-MM-DD`.
    pub date: String,
}

#[derive(Template)]
#[template(path = "staff/work.html")]
struct WorkPage {
    ctx: StaffCtx,
    year: i32,
    years: Vec<i32>,
    missing: Vec<Item>,
    self_evaluations: Vec<Item>,
    to_review: Vec<Item>,
    to_comment: Vec<Item>,
    to_publish: Vec<Item>,
    deadlines: Vec<Due>,
}

#[derive(Template)]
#[template(path = "staff/completeness.html")]
struct CompletenessPage {
    ctx: StaffCtx,
    year: i32,
    years: Vec<i32>,
    rows: Vec<Completeness>,
}

/// The label key of a stage.
pub fn stage_key(s: Stage) -> &'static str {
    match s {
        Stage::Actuals => "staff.stage.actuals",
        Stage::SelfEvaluation => "staff.stage.self_evaluation",
        Stage::Review => "staff.stage.review",
        Stage::Council => "staff.stage.council",
        Stage::Publish => "staff.stage.publish",
    }
}

/// The name of a PDCA subject.
pub fn subject_name(plan: &Plan, s: &Subject) -> String {
    match s {
        Subject::Project(id) => plan.project(id).map(|p| p.name.clone()),
        Subject::PolicyItem(id) => plan
            .fields
            .iter()
            .flat_map(|f| &f.items)
            .find(|i| &i.id == id)
            .map(|i| i.name.clone()),
    }
    .unwrap_or_default()
}

fn subjects(ctx: &StaffCtx, plan: &Plan, year: i32, list: &[Subject]) -> Vec<Item> {
    list.iter()
        .map(|s| Item {
            id: s.to_string(),
            name: subject_name(plan, s),
            href: ctx.link(&format!("pdca/{year}/{s}/")),
        })
        .collect()
}

fn items(ctx: &StaffCtx, plan: &Plan, year: i32, w: &WorkList) -> [Vec<Item>; 2] {
    let missing = w
        .missing_actuals
        .iter()
        .filter_map(|id| plan.indicator(id))
        .map(|i| Item {
            id: i.id.to_string(),
            name: i.name.clone(),
            href: ctx.link(&format!("indicators/{}/?year={year}", i.id)),
        })
        .collect();
    let own: Vec<Subject> = w
        .self_evaluations
        .iter()
        .map(|p| Subject::Project(p.clone()))
        .collect();
    [missing, subjects(ctx, plan, year, &own)]
}

/// GET `/staff/`: my work.
pub async fn my_work(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, WebError> {
    let c = load(&live, &q, lang).await?;
    let t = texts(lang);
    let ctx = StaffCtx::new(lang, Some(&signed), t.get("staff.work.title"), "", "work");
    let y = c.year.year();
    let w = work_for(&c.scope, &signed.staff, c.year, &c.actuals, &c.records);
    let [missing, self_evaluations] = items(&ctx, &c.plan, y, &w);
    let deadlines = live
        .app()
        .deadlines(&c.code, c.year)
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?
        .into_iter()
        .map(|(s, date)| Due {
            stage: t.get(stage_key(s)),
            date,
        })
        .collect();
    let page = WorkPage {
        to_review: subjects(&ctx, &c.plan, y, &w.to_review),
        to_comment: subjects(&ctx, &c.plan, y, &w.to_comment),
        to_publish: subjects(&ctx, &c.plan, y, &w.to_publish),
        ctx,
        year: y,
        years: years(&c.plan),
        missing,
        self_evaluations,
        deadlines,
    };
    crate::pages::html(&page, lang).map(Html)
}

/// GET `/staff/completeness/`: entry completeness per department.
pub async fn completeness(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, WebError> {
    let c = load(&live, &q, lang).await?;
    let ctx = StaffCtx::new(
        lang,
        Some(&signed),
        texts(lang).get("staff.completeness.title"),
        "completeness/",
        "completeness",
    );
    let page = CompletenessPage {
        ctx,
        year: c.year.year(),
        years: years(&c.plan),
        rows: completeness_of(&c.of_year, c.year, &c.actuals, &c.records),
    };
    crate::pages::html(&page, lang).map(Html)
}
