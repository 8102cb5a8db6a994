//! One initiative of the budget catalogue (`/staff/budget/programs/{program}/`)
//! and a new one (`/staff/budget/programs/new/`): its name, owning
//! department, key initiative and its links to the plan (projects, policy
//! directions grouped by project, policy items grouped by field,
//! indicators), for the planning department and admins; everyone signed
//! in reads.
//!
//! Saved through [`keikaku_app::App::put_program`]: validated against the
//! plan, audited as `program.put`. Every problem is shown next to its field
//! and listed above the form, the typed values are kept and nothing is
//! written. Adding an ID already in the catalogue is refused (never an
//! overwrite). The edit form carries a fingerprint of the initiative as it
//! was loaded, so saving over someone else's change answers 409; the store
//! checks both again inside its write transaction, so a change made in
//! between is a 409 too.

use super::budget::{can_edit, load};
use super::form::{Fields, form_error};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::WebError;
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::budget::BudgetData;
use keikaku_model::budget::{Program, ProgramLinks};
use keikaku_model::ids::{DepartmentId, KeyInitiativeId, ProgramId};
use serde::Deserialize;
use std::sync::Arc;

/// The ID segment that means "a new initiative" (never a stored one's).
const NEW: &str = "new";

/// The form's fields, as typed.
#[derive(Debug, Clone, Default)]
struct ProgramForm {
    id: String,
    name: String,
    department: String,
    key_initiative: String,
    projects: Vec<String>,
    directions: Vec<String>,
    items: Vec<String>,
    indicators: Vec<String>,
    /// Fingerprint of the initiative the edit form was loaded with.
    loaded: String,
}

impl ProgramForm {
    fn parse(body: &[u8]) -> ProgramForm {
        let f = Fields::parse(body);
        let all = |name: &str| f.all(name).into_iter().map(str::to_owned).collect();
        ProgramForm {
            id: f.get("id").trim().to_owned(),
            name: f.get("name").to_owned(),
            department: f.get("department").trim().to_owned(),
            key_initiative: f.get("key_initiative").trim().to_owned(),
            projects: all("projects"),
            directions: all("directions"),
            items: all("items"),
            indicators: all("indicators"),
            loaded: f.get("loaded").to_owned(),
        }
    }

    fn of(p: &Program) -> ProgramForm {
        ProgramForm {
            id: p.id.to_string(),
            name: p.name.clone(),
            department: p.department.to_string(),
            key_initiative: p
                .key_initiative
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            projects: p.links.projects.iter().map(ToString::to_string).collect(),
            directions: p.links.directions.iter().map(ToString::to_string).collect(),
            items: p.links.items.iter().map(ToString::to_string).collect(),
            indicators: p.links.indicators.iter().map(ToString::to_string).collect(),
            loaded: fingerprint(p),
        }
    }
}

/// A stable digest of an initiative as stored (for the edit form's guard).
/// SHA-256 of its stored JSON (the digest the store checks again inside
/// its write transaction), the same across builds and restarts.
fn fingerprint(p: &Program) -> String {
    keikaku_store::program_fingerprint(p).unwrap_or_default()
}

/// A problem with one field.
#[derive(Debug, Clone)]
struct FieldError {
    field: &'static str,
    message: String,
}

/// A field's label key.
fn label_key(field: &str) -> &'static str {
    match field {
        "id" => "budget_prog_id",
        "name" => "budget_prog_name",
        "department" => "budget_prog_department",
        "key_initiative" => "budget_prog_key_initiative",
        "projects" => "budget_prog_projects",
        "directions" => "budget_prog_directions",
        "items" => "budget_prog_items",
        _ => "budget_prog_indicators",
    }
}

/// Parses the form into an initiative against the plan and the stored
/// catalogue; every problem is named with its field. `editing` is the ID
/// from the path when an existing initiative is changed.
fn parse(
    data: &BudgetData,
    editing: Option<&ProgramId>,
    f: &ProgramForm,
    lang: Lang,
) -> Result<Program, Vec<FieldError>> {
    let t = texts(lang);
    let plan = &data.plan;
    let mut errors = Vec::new();
    let mut push = |field: &'static str, detail: String| {
        errors.push(FieldError {
            field,
            message: format!("{}: {detail}", t.get(label_key(field))),
        });
    };
    let id = match editing {
        Some(id) => Some(id.clone()),
        None if f.id.is_empty() => {
            push("id", t.get("budget_prog_required").to_owned());
            None
        }
        None => match ProgramId::new(f.id.as_str()) {
            Err(_) => {
                push(
                    "id",
                    format!("「{}」 {}", f.id, t.get("budget_prog_id_invalid")),
                );
                None
            }
            Ok(id) if id.as_str() == NEW => {
                push(
                    "id",
                    format!("「{}」 {}", f.id, t.get("budget_prog_id_reserved")),
                );
                None
            }
            Ok(id) if data.program(id.as_str()).is_some() => {
                push("id", format!("{id} {}", t.get("budget_prog_id_taken")));
                None
            }
            Ok(id) => Some(id),
        },
    };
    let name = f.name.trim();
    if name.is_empty() {
        push("name", t.get("budget_prog_required").to_owned());
    }
    let department = if f.department.is_empty() {
        push("department", t.get("budget_prog_required").to_owned());
        None
    } else {
        match DepartmentId::new(f.department.as_str()) {
            Ok(d) if plan.departments.iter().any(|x| x.id == d) => Some(d),
            _ => {
                push(
                    "department",
                    format!("「{}」 {}", f.department, t.get("budget_prog_unknown")),
                );
                None
            }
        }
    };
    let key_initiative = if f.key_initiative.is_empty() {
        None
    } else {
        let known = KeyInitiativeId::new(f.key_initiative.as_str())
            .ok()
            .filter(|k| {
                plan.key_initiatives
                    .iter()
                    .flat_map(|g| &g.initiatives)
                    .any(|i| &i.id == k)
            });
        if known.is_none() {
            push(
                "key_initiative",
                format!("「{}」 {}", f.key_initiative, t.get("budget_prog_unknown")),
            );
        }
        known
    };
    // Links: each must name an element of the plan (order kept, repeats dropped).
    fn links<T: PartialEq>(
        values: &[String],
        field: &'static str,
        known: impl Fn(&str) -> Option<T>,
        push: &mut dyn FnMut(&'static str, String),
        unknown: &str,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for v in values {
            match known(v.trim()) {
                Some(id) if !out.contains(&id) => out.push(id),
                Some(_) => {}
                None => push(field, format!("「{v}」 {unknown}")),
            }
        }
        out
    }
    let unknown = t.get("budget_prog_unknown");
    let projects = links(
        &f.projects,
        "projects",
        |v| {
            plan.projects
                .iter()
                .find(|p| p.id.as_str() == v)
                .map(|p| p.id.clone())
        },
        &mut push,
        unknown,
    );
    let directions = links(
        &f.directions,
        "directions",
        |v| {
            plan.projects
                .iter()
                .flat_map(|p| &p.directions)
                .find(|d| d.id.as_str() == v)
                .map(|d| d.id.clone())
        },
        &mut push,
        unknown,
    );
    let items = links(
        &f.items,
        "items",
        |v| {
            plan.fields
                .iter()
                .flat_map(|f| &f.items)
                .find(|i| i.id.as_str() == v)
                .map(|i| i.id.clone())
        },
        &mut push,
        unknown,
    );
    let indicators = links(
        &f.indicators,
        "indicators",
        |v| {
            plan.indicators
                .iter()
                .find(|i| i.id.as_str() == v)
                .map(|i| i.id.clone())
        },
        &mut push,
        unknown,
    );
    let (Some(id), Some(department), true) = (id, department, errors.is_empty()) else {
        return Err(errors);
    };
    Ok(Program {
        id,
        name: name.to_owned(),
        department,
        key_initiative,
        links: ProgramLinks {
            projects,
            directions,
            items,
            indicators,
        },
    })
}

/// A choice of a select or checkbox group.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// Checkboxes under a heading (a project's directions, a field's items).
struct ChoiceGroup {
    /// Unique within the page (an element ID suffix).
    key: String,
    label: String,
    choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "staff/budget_program.html")]
struct ProgramPage {
    ctx: StaffCtx,
    /// `None` when adding.
    program: Option<String>,
    action: String,
    form: ProgramForm,
    departments: Vec<Choice>,
    key_initiatives: Vec<ChoiceGroup>,
    projects: Vec<Choice>,
    directions: Vec<ChoiceGroup>,
    items: Vec<ChoiceGroup>,
    indicators: Vec<Choice>,
    /// Each field's error, if any.
    id_error: Option<String>,
    name_error: Option<String>,
    department_error: Option<String>,
    key_initiative_error: Option<String>,
    projects_error: Option<String>,
    directions_error: Option<String>,
    items_error: Option<String>,
    indicators_error: Option<String>,
    /// Years with a budget line and their pages.
    lines: Vec<(i32, String)>,
    can_edit: bool,
    errors: Vec<String>,
    notice: Option<String>,
    audit_href: String,
    back_href: String,
}

fn choice(value: &str, label: String, chosen: &[String]) -> Choice {
    Choice {
        value: value.to_owned(),
        label,
        selected: chosen.iter().any(|c| c.trim() == value),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    editing: Option<&ProgramId>,
    status: StatusCode,
    form: Option<ProgramForm>,
    field_errors: Vec<FieldError>,
    other_errors: Vec<String>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let data = load(live, lang).await?;
    let plan = &data.plan;
    let stored = match editing {
        Some(id) => Some(
            data.program(id.as_str())
                .ok_or_else(|| WebError::not_found(lang, format!("initiative {id}")))?,
        ),
        None => None,
    };
    let form = form.unwrap_or_else(|| stored.map(ProgramForm::of).unwrap_or_default());
    let (title, path) = match stored {
        Some(p) => (
            format!("{} {}", p.id, p.name),
            format!("budget/programs/{}/", p.id),
        ),
        None => (
            t.get("budget_prog_new_title").to_owned(),
            "budget/programs/new/".to_owned(),
        ),
    };
    let ctx = StaffCtx::new(lang, Some(signed), title, path.clone(), "budget");
    let one = std::slice::from_ref(&form.department);
    let mut departments: Vec<Choice> = plan
        .departments
        .iter()
        .map(|d| choice(d.id.as_str(), format!("{} {}", d.id, d.name), one))
        .collect();
    // A stored owner the plan no longer names stays visible (and is refused on save).
    if !form.department.is_empty() && !departments.iter().any(|c| c.selected) {
        departments.push(choice(&form.department, form.department.clone(), one));
    }
    let one = std::slice::from_ref(&form.key_initiative);
    let key_initiatives = plan
        .key_initiatives
        .iter()
        .map(|g| ChoiceGroup {
            key: g.id.to_string(),
            label: format!("{} {}", g.id, g.heading),
            choices: g
                .initiatives
                .iter()
                .map(|i| choice(i.id.as_str(), format!("{} {}", i.id, i.name), one))
                .collect(),
        })
        .collect();
    let projects = plan
        .projects
        .iter()
        .map(|p| {
            choice(
                p.id.as_str(),
                format!("{} {}", p.id, p.name),
                &form.projects,
            )
        })
        .collect();
    let directions = plan
        .projects
        .iter()
        .filter(|p| !p.directions.is_empty())
        .map(|p| ChoiceGroup {
            key: p.id.to_string(),
            label: format!("{} {}", p.id, p.name),
            choices: p
                .directions
                .iter()
                .map(|d| {
                    choice(
                        d.id.as_str(),
                        format!("{} {}", d.id, d.name),
                        &form.directions,
                    )
                })
                .collect(),
        })
        .collect();
    let items = plan
        .fields
        .iter()
        .filter(|f| !f.items.is_empty())
        .map(|f| ChoiceGroup {
            key: f.id.to_string(),
            label: format!("{} {}", f.id, f.name),
            choices: f
                .items
                .iter()
                .map(|i| choice(i.id.as_str(), format!("{} {}", i.id, i.name), &form.items))
                .collect(),
        })
        .collect();
    let indicators = plan
        .indicators
        .iter()
        .map(|i| {
            choice(
                i.id.as_str(),
                format!("{} {}", i.id, i.name),
                &form.indicators,
            )
        })
        .collect();
    let problem = |field: &str| {
        field_errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.message.clone())
            .reduce(|a, b| format!("{a} {b}"))
    };
    let lines = match stored {
        Some(p) => {
            let mut years: Vec<i32> = data
                .rows
                .iter()
                .filter(|r| r.line.program == p.id)
                .map(|r| r.line.year.year())
                .collect();
            years.sort_unstable();
            years
                .into_iter()
                .map(|y| (y, ctx.link(&format!("budget/{}/{y}/", p.id))))
                .collect()
        }
        None => Vec::new(),
    };
    let page = ProgramPage {
        program: stored.map(|p| p.id.to_string()),
        action: ctx.link(&path),
        id_error: problem("id"),
        name_error: problem("name"),
        department_error: problem("department"),
        key_initiative_error: problem("key_initiative"),
        projects_error: problem("projects"),
        directions_error: problem("directions"),
        items_error: problem("items"),
        indicators_error: problem("indicators"),
        form,
        departments,
        key_initiatives,
        projects,
        directions,
        items,
        indicators,
        lines,
        can_edit: can_edit(&signed.staff, plan),
        errors: field_errors
            .into_iter()
            .map(|e| e.message)
            .chain(other_errors)
            .collect(),
        notice,
        audit_href: ctx.link(&match stored {
            Some(p) => format!("audit/?entity=program/{}", p.id),
            None => "audit/?entity=program/".to_owned(),
        }),
        back_href: ctx.link("budget/"),
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// `?saved=` after a save.
#[derive(Debug, Default, Deserialize)]
pub struct ProgramQuery {
    saved: Option<String>,
}

/// The initiative named in the path (404 when it is not an ID at all).
fn editing(id: &str, lang: Lang) -> Result<ProgramId, WebError> {
    ProgramId::new(id).map_err(|_| WebError::not_found(lang, format!("initiative {id}")))
}

/// GET `/staff/budget/programs/{program}/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<String>,
    Query(q): Query<ProgramQuery>,
) -> Result<Response, WebError> {
    let id = editing(&id, lang)?;
    let notice = q
        .saved
        .is_some()
        .then(|| texts(lang).get("budget_prog_saved").to_owned());
    render(
        &live,
        lang,
        &signed,
        Some(&id),
        StatusCode::OK,
        None,
        Vec::new(),
        Vec::new(),
        notice,
    )
    .await
}

/// GET `/staff/budget/programs/new/`.
pub async fn new_page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
) -> Result<Response, WebError> {
    render(
        &live,
        lang,
        &signed,
        None,
        StatusCode::OK,
        None,
        Vec::new(),
        Vec::new(),
        None,
    )
    .await
}

/// POST `/staff/budget/programs/{program}/`: changes an initiative.
pub async fn save(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id = editing(&id, lang)?;
    store(&live, lang, &signed, Some(id), ProgramForm::parse(&body)).await
}

/// POST `/staff/budget/programs/new/`: adds an initiative.
pub async fn create(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    store(&live, lang, &signed, None, ProgramForm::parse(&body)).await
}

async fn store(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    editing: Option<ProgramId>,
    form: ProgramForm,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let data = load(live, lang).await?;
    if !can_edit(&signed.staff, &data.plan) {
        return Err(WebError::forbidden(lang, t.get("staff.forbidden_role")));
    }
    let editing = editing.as_ref();
    let refuse = |status, form, field_errors, other_errors| {
        render(
            live,
            lang,
            signed,
            editing,
            status,
            Some(form),
            field_errors,
            other_errors,
            None,
        )
    };
    if let Some(id) = editing {
        let stored = data
            .program(id.as_str())
            .ok_or_else(|| WebError::not_found(lang, format!("initiative {id}")))?;
        if form.loaded != fingerprint(stored) {
            let message = t.get("budget_prog_conflict").to_owned();
            return refuse(StatusCode::CONFLICT, form, Vec::new(), vec![message]).await;
        }
    }
    let program = match parse(&data, editing, &form, lang) {
        Ok(p) => p,
        Err(errors) => return refuse(StatusCode::BAD_REQUEST, form, errors, Vec::new()).await,
    };
    let actor = Actor(signed.staff.name.to_string());
    // The store checks the expectation again inside its write transaction,
    // so an ID added or an initiative changed meanwhile is a 409, never an
    // overwrite.
    let expected = match editing {
        Some(_) => keikaku_store::ProgramExpected::Fingerprint(form.loaded.clone()),
        None => keikaku_store::ProgramExpected::New,
    };
    match live
        .app()
        .put_program(live.code(), &program, &expected, &actor)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/{}staff/budget/programs/{}/?saved=1",
            lang.prefix(),
            program.id
        ))
        .into_response()),
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            refuse(status, form, Vec::new(), errors).await
        }
    }
}
