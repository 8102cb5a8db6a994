//! The PDCA workflow pages: every subject's record for a year (with the
//! cycle's deadlines, which planning sets), and one record with the forms
//! its state and the reader's role allow: the department's self-evaluation
//! and submission, planning's review, decision, return and publication,
//! the council's comment. The server re-checks every action: role, scope,
//! state, and the version the form was loaded with.

use super::cycle::{Cycle, YearQuery, load, years};
use super::form::form_error;
use super::work::{stage_key, subject_name};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use crate::view::{Badge, grade_badge};
use askama::Template;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::cycle::Stage;
use keikaku_app::evaluation::evaluate_year;
use keikaku_model::access::{Permission, allows};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{PolicyItemId, ProjectId};
use keikaku_model::plan::Plan;
use keikaku_model::workflow::{Action, Decision, PdcaRecord, State as WfState, Subject};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

fn state_label(s: WfState, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => s.label_ja(),
        Lang::En => s.label_en(),
    }
}

fn decision_label(d: Decision, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => d.label_ja(),
        Lang::En => d.label_en(),
    }
}

struct Row {
    id: String,
    name: String,
    lead: String,
    state: &'static str,
    decision: String,
    href: String,
}

#[derive(Template)]
#[template(path = "staff/pdca_list.html")]
struct ListPage {
    ctx: StaffCtx,
    year: i32,
    years: Vec<i32>,
    rows: Vec<Row>,
    deadlines: Vec<(&'static str, &'static str, String)>,
    can_set: bool,
}

fn departments(plan: &Plan, ids: &[keikaku_model::ids::DepartmentId]) -> String {
    ids.iter()
        .map(|d| {
            plan.department(d)
                .map_or_else(|| d.to_string(), |x| x.name.clone())
        })
        .collect::<Vec<_>>()
        .join("・")
}

fn record<'a>(c: &'a Cycle, s: &Subject) -> Option<&'a PdcaRecord> {
    c.records
        .iter()
        .find(|r| r.fiscal_year == c.year && &r.subject == s)
}

/// GET `/staff/pdca/`: every project's record of the year.
pub async fn list(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, WebError> {
    let c = load(&live, &q, lang).await?;
    let t = texts(lang);
    let ctx = StaffCtx::new(
        lang,
        Some(&signed),
        t.get("staff.pdca.title"),
        "pdca/",
        "pdca",
    );
    let y = c.year.year();
    let subjects = c
        .of_year
        .projects
        .iter()
        .map(|p| {
            (
                Subject::Project(p.id.clone()),
                departments(&c.of_year, &p.lead),
            )
        })
        .chain(c.plan.fields.iter().flat_map(|f| {
            f.items
                .iter()
                .map(|i| (Subject::PolicyItem(i.id.clone()), String::new()))
        }));
    let rows = subjects
        .map(|(s, lead)| {
            let r = record(&c, &s);
            Row {
                id: s.to_string(),
                name: subject_name(&c.plan, &s),
                lead,
                state: state_label(r.map_or(WfState::Draft, |r| r.state), lang),
                decision: r
                    .and_then(|r| r.decision)
                    .map(|d| decision_label(d, lang).to_string())
                    .unwrap_or_default(),
                href: ctx.link(&format!("pdca/{y}/{s}/")),
            }
        })
        .collect();
    let set: HashMap<Stage, String> = live
        .app()
        .deadlines(&c.code, c.year)
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?
        .into_iter()
        .collect();
    let page = ListPage {
        can_set: allows(&signed.staff, Permission::Review, &c.scope),
        deadlines: Stage::ALL
            .into_iter()
            .map(|s| {
                (
                    s.keyword(),
                    t.get(stage_key(s)),
                    set.get(&s).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        ctx,
        year: y,
        years: years(&c.plan),
        rows,
    };
    crate::pages::html(&page, lang).map(Html)
}

/// POST `/staff/pdca/`: sets the year's deadlines (planning).
pub async fn set_deadlines(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let q = YearQuery {
        year: form.get("year").cloned(),
    };
    let c = load(&live, &q, lang).await?;
    let actor = Actor(signed.staff.name.to_string());
    for stage in Stage::ALL {
        let Some(due) = form.get(stage.keyword()) else {
            continue;
        };
        live.app()
            .set_deadline(&c.code, c.year, stage, due, &actor)
            .await
            .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    }
    Ok(Redirect::to(&format!(
        "/{}staff/pdca/?year={}",
        lang.prefix(),
        c.year.year()
    ))
    .into_response())
}

struct GradeRow {
    id: String,
    name: String,
    badge: Badge,
    href: String,
}

#[derive(Template)]
#[template(path = "staff/pdca.html")]
struct RecordPage {
    ctx: StaffCtx,
    year: i32,
    subject: String,
    name: String,
    lead: String,
    related: String,
    state: &'static str,
    record: PdcaRecord,
    version: i64,
    decision: String,
    grades: Vec<GradeRow>,
    decisions: Vec<(&'static str, &'static str)>,
    can_self: bool,
    can_review: bool,
    can_publish: bool,
    can_comment: bool,
    errors: Vec<String>,
}

fn parse_subject(plan: &Plan, text: &str) -> Option<Subject> {
    if let Ok(id) = ProjectId::new(text)
        && plan.project(&id).is_some()
    {
        return Some(Subject::Project(id));
    }
    let id = PolicyItemId::new(text).ok()?;
    plan.fields
        .iter()
        .flat_map(|f| &f.items)
        .any(|i| i.id == id)
        .then_some(Subject::PolicyItem(id))
}

async fn load_record(
    live: &Live,
    lang: Lang,
    year: &str,
    subject: &str,
) -> Result<(Cycle, Subject), WebError> {
    let c = load(
        live,
        &YearQuery {
            year: Some(year.to_string()),
        },
        lang,
    )
    .await?;
    let s = parse_subject(&c.plan, subject)
        .ok_or_else(|| WebError::not_found(lang, subject.to_string()))?;
    Ok((c, s))
}

async fn grades(
    live: &Live,
    c: &Cycle,
    s: &Subject,
    lang: Lang,
) -> Result<Vec<GradeRow>, WebError> {
    let Subject::Project(pid) = s else {
        return Ok(Vec::new());
    };
    let rubric = live
        .app()
        .rubric(&c.code, None)
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let values: Vec<_> = c.actuals.iter().map(|a| a.value.clone()).collect();
    let eval = evaluate_year(&c.code, &c.plan, &rubric, &values, c.year);
    let ids: Vec<_> = c
        .plan
        .tables()
        .filter(|(p, _)| &p.id == pid)
        .flat_map(|(_, t)| t.rows.iter().map(|r| r.indicator.clone()))
        .collect();
    Ok(eval
        .indicators
        .iter()
        .filter(|r| ids.contains(&r.grade.indicator))
        .map(|r| GradeRow {
            id: r.grade.indicator.to_string(),
            name: r.name.clone(),
            badge: grade_badge(&r.grade, lang),
            href: format!(
                "/{}staff/indicators/{}/?year={}",
                lang.prefix(),
                r.grade.indicator,
                c.year.year()
            ),
        })
        .collect())
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    c: &Cycle,
    s: &Subject,
    errors: Vec<String>,
) -> Result<Html<String>, WebError> {
    let rec = record(c, s)
        .cloned()
        .unwrap_or_else(|| PdcaRecord::new(c.year, s.clone()));
    let (lead, related) = match s {
        Subject::Project(id) => c.of_year.project(id).map_or_else(Default::default, |p| {
            (
                departments(&c.of_year, &p.lead),
                departments(&c.of_year, &p.related),
            )
        }),
        Subject::PolicyItem(_) => Default::default(),
    };
    let who = &signed.staff;
    let reviewer = allows(who, Permission::Review, &c.scope);
    let y = c.year.year();
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        format!("{} {}", s, subject_name(&c.plan, s)),
        format!("pdca/{y}/{s}/"),
        "pdca",
    );
    let page = RecordPage {
        grades: grades(live, c, s, lang).await?,
        year: y,
        subject: s.to_string(),
        name: subject_name(&c.plan, s),
        lead,
        related,
        state: state_label(rec.state, lang),
        decision: rec
            .decision
            .map(|d| decision_label(d, lang).to_string())
            .unwrap_or_default(),
        decisions: Decision::ALL
            .into_iter()
            .map(|d| (d.label_en(), decision_label(d, lang)))
            .collect(),
        can_self: rec.state == WfState::Draft && allows(who, Permission::SelfEvaluate(s), &c.scope),
        can_review: rec.state == WfState::Submitted && reviewer,
        can_publish: rec.state == WfState::Reviewed && reviewer,
        can_comment: rec.state == WfState::Reviewed
            && allows(who, Permission::CouncilComment, &c.scope),
        version: record(c, s).map_or(0, |r| r.version),
        record: rec,
        errors,
        ctx,
    };
    crate::pages::html(&page, lang).map(Html)
}

/// GET `/staff/pdca/{year}/{subject}/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path((year, subject)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let (c, s) = load_record(&live, lang, &year, &subject).await?;
    render(&live, lang, &signed, &c, &s, Vec::new()).await
}

/// The record form's fields.
#[derive(Debug, Deserialize)]
pub struct ActForm {
    /// What to do: save_self, submit, save_review, review, return, council, publish.
    action: String,
    /// The record's version when the form was loaded (0: no record yet).
    version: i64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// What a form action needs beyond being signed in.
enum Needs {
    /// The subject's department scope (or planning).
    SelfEvaluate,
    /// The planning department's review rights.
    Review,
    /// A council member.
    Council,
}

/// The workflow actions of a form action, and what it needs.
fn plan_actions(f: &ActForm) -> Result<(Vec<Action>, Needs), String> {
    let decision = || f.decision.parse::<Decision>().map_err(|e| e.to_string());
    Ok(match f.action.as_str() {
        "save_self" => (
            vec![Action::EditSelfEvaluation(f.text.clone())],
            Needs::SelfEvaluate,
        ),
        "submit" => (
            vec![Action::EditSelfEvaluation(f.text.clone()), Action::Submit],
            Needs::SelfEvaluate,
        ),
        "save_review" => (
            vec![
                Action::EditReview(f.text.clone()),
                Action::SetDecision(decision()?),
            ],
            Needs::Review,
        ),
        "review" => (
            vec![
                Action::EditReview(f.text.clone()),
                Action::SetDecision(decision()?),
                Action::Review,
            ],
            Needs::Review,
        ),
        "return" => (
            vec![Action::ReturnToDraft {
                reason: f.reason.clone(),
            }],
            Needs::Review,
        ),
        "council" => (
            vec![Action::EditCouncilComment(f.text.clone())],
            Needs::Council,
        ),
        "publish" => (vec![Action::Publish], Needs::Review),
        other => return Err(format!("unknown action 「{other}」")),
    })
}

/// POST `/staff/pdca/{year}/{subject}/`: one workflow step.
pub async fn act(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path((year, subject)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let (c, s) = load_record(&live, lang, &year, &subject).await?;
    let (actions, needs) = plan_actions(&f).map_err(|e| WebError::bad_request(lang, e))?;
    let permission = match needs {
        Needs::SelfEvaluate => Permission::SelfEvaluate(&s),
        Needs::Review => Permission::Review,
        Needs::Council => Permission::CouncilComment,
    };
    let permitted = allows(&signed.staff, permission, &c.scope);
    if !permitted {
        return Err(WebError::forbidden(lang, t.get("staff.forbidden_scope")));
    }
    let current = record(&c, &s).map_or(0, |r| r.version);
    if current != f.version {
        let stale = vec![t.get("staff.pdca.stale").to_string()];
        let html = render(&live, lang, &signed, &c, &s, stale).await?;
        return Ok((StatusCode::CONFLICT, html).into_response());
    }
    let actor = Actor(signed.staff.name.to_string());
    let fy: FiscalYear = c.year;
    for a in actions {
        if let Err(e) = live
            .app()
            .pdca_apply(&c.code, fy, s.clone(), a, &actor)
            .await
        {
            // The workflow refusing a step in this state is a conflict.
            let (status, errors) = match form_error(e, lang)? {
                (StatusCode::BAD_REQUEST, errors) => (StatusCode::CONFLICT, errors),
                other => other,
            };
            let fresh = load(
                &live,
                &YearQuery {
                    year: Some(year.clone()),
                },
                lang,
            )
            .await?;
            let html = render(&live, lang, &signed, &fresh, &s, errors).await?;
            return Ok((status, html).into_response());
        }
    }
    Ok(Redirect::to(&format!("/{}staff/pdca/{}/{s}/", lang.prefix(), fy.year())).into_response())
}
