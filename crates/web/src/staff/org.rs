//! The organisation page `/staff/org/`: the department tree of a fiscal
//! year (with sections), the recorded reorganisations, and the department
//! accounts that need reassigning after a split. The planning department
//! and administrators record renames, merges, splits and section changes
//! here (POST, `action` = rename, merge, split or section); the rules are
//! the model's ([`keikaku_model::org`]), checked by
//! [`keikaku_app::App::record_reorganisation`] before anything is written.
//!
//! [`this_year`] is the one place the workspace reads the clock for
//! permissions: actions are decided on the organisation of the fiscal year
//! they are taken in.

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
use keikaku_app::{Actor, AppError};
use keikaku_model::access::Role;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, ProjectId};
use keikaku_model::org::{
    Assignment, Change, Organisation, Reorganisation, SectionId, SectionMove, Successor, Unit,
};
use std::sync::Arc;

/// The fiscal year of today in Japan (April–March).
pub fn this_year() -> FiscalYear {
    keikaku_app::org::fiscal_year_at(super::now())
}

/// A recorded reorganisation as listed.
struct EventRow {
    seq: i64,
    year: i32,
    kind: &'static str,
    text: String,
    actor: String,
    at: String,
}

/// An account to reassign.
struct Reassign {
    name: String,
    display_name: String,
    dissolved: String,
    remaining: String,
}

#[derive(Template)]
#[template(path = "staff/org.html")]
struct OrgPage {
    ctx: StaffCtx,
    year: i32,
    years: Vec<i32>,
    tree: Vec<Unit>,
    events: Vec<EventRow>,
    reassign: Vec<Reassign>,
    /// Departments that exist after every recorded event (form choices).
    latest: Vec<(String, String)>,
    /// Sections that exist after every recorded event (form choices).
    sections: Vec<(String, String)>,
    planner: bool,
    errors: Vec<String>,
    done: bool,
    /// The form as sent (kept on errors).
    form: Fields,
}

impl OrgPage {
    fn field(&self, name: &str) -> &str {
        self.form.get(name)
    }
}

/// `?year=` and `?done=1`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct OrgQuery {
    year: Option<String>,
    done: Option<String>,
}

fn kind_key(c: &Change) -> &'static str {
    match c {
        Change::Rename { .. } => "org_kind_rename",
        Change::Merge { .. } => "org_kind_merge",
        Change::Split { .. } => "org_kind_split",
        Change::AddSection { .. } => "org_kind_add_section",
        Change::RenameSection { .. } => "org_kind_rename_section",
        Change::MoveSection { .. } => "org_kind_move_section",
        Change::CloseSection { .. } => "org_kind_close_section",
    }
}

/// A department with its name just before `year` (or its ID alone).
fn named(org: &Organisation, id: &DepartmentId, year: FiscalYear) -> String {
    let before = FiscalYear::new(year.year() - 1).unwrap_or(year);
    match org.name_in(id, before) {
        Some(n) => format!("{n} ({id})"),
        None => id.to_string(),
    }
}

/// One line describing an event, in the page language.
fn describe(org: &Organisation, e: &Reorganisation, lang: Lang) -> String {
    let y = e.year;
    let en = lang == Lang::En;
    let list = |ids: &[DepartmentId]| {
        ids.iter()
            .map(|d| named(org, d, y))
            .collect::<Vec<_>>()
            .join(if en { ", " } else { "、" })
    };
    match &e.change {
        Change::Rename { department, name } => {
            let old = named(org, department, y);
            if en {
                format!("{old} → {name}")
            } else {
                format!("{old} を {name} に改称")
            }
        }
        Change::Merge { from, into, name } => {
            if en {
                format!("{} → {name} ({into})", list(from))
            } else {
                format!("{} を {name} ({into}) に統合", list(from))
            }
        }
        Change::Split {
            from, into, assign, ..
        } => {
            let to = into
                .iter()
                .map(|s| format!("{} ({})", s.name, s.id))
                .collect::<Vec<_>>()
                .join(if en { ", " } else { "、" });
            let who = assign
                .iter()
                .map(|a| format!("{}→{}", a.project, a.department))
                .collect::<Vec<_>>()
                .join(" ");
            if en {
                format!("{} → {to}; projects: {who}", named(org, from, y))
            } else {
                format!("{} を {to} に分割（事業: {who}）", named(org, from, y))
            }
        }
        Change::AddSection {
            id,
            department,
            name,
        } => format!("{name} ({id}) ＋ {}", named(org, department, y)),
        Change::RenameSection { id, name } => format!("{id} → {name}"),
        Change::MoveSection { id, department } => {
            format!("{id} → {}", named(org, department, y))
        }
        Change::CloseSection { id } => format!("{id} ×"),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    year: Option<FiscalYear>,
    status: StatusCode,
    errors: Vec<String>,
    done: bool,
    form: Fields,
) -> Result<Response, WebError> {
    let err = |e| WebError::from_app(e, Format::Html(lang));
    let app = live.app();
    let code = live.code();
    let plan = app.current_plan(code).await.map_err(err)?;
    let org = app.organisation_of(code, &plan).await.map_err(err)?;
    let rows = app.reorganisations(code).await.map_err(err)?;
    let now = this_year();
    let year = year.unwrap_or(now);
    let mut first = plan.edition.years.first().year().min(now.year());
    let mut last = plan.edition.years.last().year().max(now.year());
    for y in org.years() {
        first = first.min(y.year());
        last = last.max(y.year());
    }
    first = first.min(year.year());
    last = last.max(year.year());
    let reassign = app
        .accounts_to_reassign(code, year)
        .await
        .map_err(err)?
        .into_iter()
        .map(|r| Reassign {
            name: r.user.staff.name.to_string(),
            display_name: r.user.staff.display_name.clone(),
            dissolved: r
                .dissolved
                .iter()
                .map(|d| named(&org, d, year))
                .collect::<Vec<_>>()
                .join("・"),
            remaining: r
                .remaining
                .iter()
                .map(|d| {
                    org.name_in(d, year)
                        .map_or_else(|| d.to_string(), str::to_owned)
                })
                .collect::<Vec<_>>()
                .join("・"),
        })
        .collect();
    let latest_units = org.departments_in(FiscalYear::MAX);
    let t = texts(lang);
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        t.get("org_title"),
        format!("org/?year={}", year.year()),
        "org",
    );
    let page = OrgPage {
        year: year.year(),
        years: (first..=last).collect(),
        tree: org.departments_in(year).to_vec(),
        events: rows
            .iter()
            .map(|r| EventRow {
                seq: r.seq,
                year: r.event.year.year(),
                kind: t.get(kind_key(&r.event.change)),
                text: describe(&org, &r.event, lang),
                actor: r.actor.clone(),
                at: r.recorded_at.clone(),
            })
            .collect(),
        reassign,
        latest: latest_units
            .iter()
            .map(|u| (u.id.to_string(), u.name.clone()))
            .collect(),
        sections: latest_units
            .iter()
            .flat_map(|u| {
                u.sections
                    .iter()
                    .map(move |s| (s.id.to_string(), format!("{} / {}", u.name, s.name)))
            })
            .collect(),
        planner: matches!(signed.staff.role, Role::Admin | Role::Planning),
        errors,
        done,
        form,
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/org/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<OrgQuery>,
) -> Result<Response, WebError> {
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        Some(y) => Some(
            y.parse::<FiscalYear>()
                .map_err(|e| WebError::bad_request(lang, format!("year: {e}")))?,
        ),
        None => None,
    };
    render(
        &live,
        lang,
        &signed,
        year,
        StatusCode::OK,
        Vec::new(),
        q.done.is_some(),
        Fields::parse(b""),
    )
    .await
}

fn invalid(field: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Invalid(vec![format!("{field}: {e}")])
}

fn dept(f: &Fields, field: &str) -> Result<DepartmentId, AppError> {
    DepartmentId::new(f.get(field).trim()).map_err(|e| invalid(field, e))
}

fn section(f: &Fields, field: &str) -> Result<SectionId, AppError> {
    SectionId::new(f.get(field).trim()).map_err(|e| invalid(field, e))
}

/// Lines of "ID rest" from a textarea, blank lines skipped.
fn pairs<'a>(f: &'a Fields, field: &'a str) -> Result<Vec<(&'a str, &'a str)>, AppError> {
    f.get(field)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split_once(char::is_whitespace)
                .map(|(a, b)| (a.trim(), b.trim()))
                .filter(|(_, b)| !b.is_empty())
                .ok_or_else(|| {
                    invalid(field, format!("「{l}」: write an ID, a space and the rest"))
                })
        })
        .collect()
}

/// The event a form describes.
fn event(f: &Fields) -> Result<Reorganisation, AppError> {
    let year: FiscalYear = f
        .get("effective")
        .trim()
        .parse()
        .map_err(|e| invalid("effective", e))?;
    let change = match f.get("action") {
        "rename" => Change::Rename {
            department: dept(f, "department")?,
            name: f.get("name").trim().to_owned(),
        },
        "merge" => Change::Merge {
            from: f
                .all("from")
                .into_iter()
                .map(|d| DepartmentId::new(d).map_err(|e| invalid("from", e)))
                .collect::<Result<_, _>>()?,
            into: dept(f, "into")?,
            name: f.get("name").trim().to_owned(),
        },
        "split" => Change::Split {
            from: dept(f, "department")?,
            into: pairs(f, "successors")?
                .into_iter()
                .map(|(id, name)| {
                    Ok(Successor {
                        id: DepartmentId::new(id).map_err(|e| invalid("successors", e))?,
                        name: name.to_owned(),
                    })
                })
                .collect::<Result<_, AppError>>()?,
            assign: pairs(f, "assign")?
                .into_iter()
                .map(|(p, d)| {
                    Ok(Assignment {
                        project: ProjectId::new(p).map_err(|e| invalid("assign", e))?,
                        department: DepartmentId::new(d).map_err(|e| invalid("assign", e))?,
                    })
                })
                .collect::<Result<_, AppError>>()?,
            sections: pairs(f, "section_moves")?
                .into_iter()
                .map(|(s, d)| {
                    Ok(SectionMove {
                        section: SectionId::new(s).map_err(|e| invalid("section_moves", e))?,
                        department: DepartmentId::new(d)
                            .map_err(|e| invalid("section_moves", e))?,
                    })
                })
                .collect::<Result<_, AppError>>()?,
        },
        "section" => match f.get("section_action") {
            "add" => Change::AddSection {
                id: section(f, "section")?,
                department: dept(f, "department")?,
                name: f.get("name").trim().to_owned(),
            },
            "rename" => Change::RenameSection {
                id: section(f, "section")?,
                name: f.get("name").trim().to_owned(),
            },
            "move" => Change::MoveSection {
                id: section(f, "section")?,
                department: dept(f, "department")?,
            },
            "close" => Change::CloseSection {
                id: section(f, "section")?,
            },
            other => return Err(invalid("section_action", format!("unknown 「{other}」"))),
        },
        other => return Err(invalid("action", format!("unknown 「{other}」"))),
    };
    Ok(Reorganisation { year, change })
}

/// POST `/staff/org/`: records one reorganisation (planning and admins).
pub async fn record(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let actor = Actor(signed.staff.name.to_string());
    let result = match event(&f) {
        Ok(e) => {
            let y = e.year;
            live.app()
                .record_reorganisation(live.code(), e, &actor)
                .await
                .map(|_| y)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(y) => Ok(Redirect::to(&format!(
            "/{}staff/org/?year={}&done=1",
            lang.prefix(),
            y.year()
        ))
        .into_response()),
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(&live, lang, &signed, None, status, errors, false, f).await
        }
    }
}
