//! Accounts (admins only): every account with its role, departments and
//! status; adding one; and per account, disabling or enabling it, setting
//! its password, changing its role and departments. The rules (names,
//! password length, departments that exist and fit the role) are the
//! application's ([`keikaku_app::auth`]); this page only collects the form.
//! An admin cannot disable or demote their own account here, so the
//! workspace never loses its last way in by a slip of the mouse.

use super::form::{Fields, form_error, role_label};
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::{Actor, AppError};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::Plan;
use std::sync::Arc;

/// An account as listed.
struct Row {
    name: String,
    display_name: String,
    role: Role,
    role_label: &'static str,
    departments: Vec<String>,
    department_names: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersPage {
    ctx: StaffCtx,
    rows: Vec<Row>,
    roles: Vec<(&'static str, &'static str)>,
    departments: Vec<(String, String)>,
    errors: Vec<String>,
    done: bool,
    form: NewUser,
}

/// The add form as sent (kept on errors).
#[derive(Debug, Clone, Default)]
struct NewUser {
    name: String,
    display_name: String,
    role: String,
    departments: Vec<String>,
}

impl NewUser {
    fn from(f: &Fields) -> NewUser {
        NewUser {
            name: f.get("name").to_owned(),
            display_name: f.get("display_name").to_owned(),
            role: f.get("role").to_owned(),
            departments: f.all("department").into_iter().map(str::to_owned).collect(),
        }
    }
}

impl Row {
    fn has_role(&self, key: &str) -> bool {
        self.role.keyword() == key
    }
    fn has_department(&self, id: &str) -> bool {
        self.departments.iter().any(|d| d == id)
    }
}

impl NewUser {
    fn is_role(&self, key: &str) -> bool {
        self.role == key
    }
    fn has_department(&self, id: &str) -> bool {
        self.departments.iter().any(|d| d == id)
    }
}

fn names(plan: &Plan, ids: &[DepartmentId]) -> String {
    ids.iter()
        .map(|d| {
            plan.department(d)
                .map_or_else(|| d.to_string(), |x| x.name.clone())
        })
        .collect::<Vec<_>>()
        .join("・")
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    status: StatusCode,
    errors: Vec<String>,
    form: NewUser,
    done: bool,
) -> Result<Response, WebError> {
    let err = |e| WebError::from_app(e, Format::Html(lang));
    // The departments of this fiscal year (after any reorganisation).
    let plan = live
        .app()
        .acting_plan(live.code(), super::org::this_year())
        .await
        .map_err(err)?;
    let users = live.app().users().await.map_err(err)?;
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        texts(lang).get("staff.users.title"),
        "users/",
        "users",
    );
    let page = UsersPage {
        rows: users
            .into_iter()
            .map(|u| Row {
                name: u.staff.name.to_string(),
                display_name: u.staff.display_name.clone(),
                role: u.staff.role,
                role_label: role_label(u.staff.role, lang),
                departments: u
                    .staff
                    .departments
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                department_names: names(&plan, &u.staff.departments),
                disabled: u.disabled,
            })
            .collect(),
        roles: Role::ALL
            .into_iter()
            .map(|r| (r.keyword(), role_label(r, lang)))
            .collect(),
        departments: plan
            .departments
            .iter()
            .map(|d| (d.id.to_string(), d.name.clone()))
            .collect(),
        errors,
        done,
        form,
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// `?done=1` after a change.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// GET `/staff/users/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    axum::extract::Query(q): axum::extract::Query<DoneQuery>,
) -> Result<Response, WebError> {
    let form = NewUser {
        role: Role::Department.keyword().to_owned(),
        ..NewUser::default()
    };
    render(
        &live,
        lang,
        &signed,
        StatusCode::OK,
        Vec::new(),
        form,
        q.done.is_some(),
    )
    .await
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::Invalid(vec![msg.into()])
}

fn username(f: &Fields) -> Result<Username, AppError> {
    Username::new(f.get("name")).map_err(|e| invalid(e.to_string()))
}

fn role(f: &Fields) -> Result<Role, AppError> {
    f.get("role")
        .parse()
        .map_err(|e: keikaku_model::access::RoleError| invalid(e.to_string()))
}

fn departments(f: &Fields) -> Result<Vec<DepartmentId>, AppError> {
    f.all("department")
        .into_iter()
        .filter(|d| !d.is_empty())
        .map(|d| DepartmentId::new(d).map_err(|e| invalid(e.to_string())))
        .collect()
}

/// Refuses changes that would lock the acting admin out.
fn not_self(signed: &Signed, name: &Username, lang: Lang) -> Result<(), AppError> {
    if &signed.staff.name == name {
        return Err(invalid(texts(lang).get("staff.users.not_self")));
    }
    Ok(())
}

/// Carries out one action of the form.
async fn apply(live: &Live, signed: &Signed, lang: Lang, f: &Fields) -> Result<(), AppError> {
    let app = live.app();
    let actor = Actor(signed.staff.name.to_string());
    let name = username(f)?;
    match f.get("action") {
        "add" => {
            let staff = Staff {
                name,
                display_name: f.get("display_name").trim().to_owned(),
                role: role(f)?,
                departments: departments(f)?,
            };
            app.add_user(live.code(), &staff, f.get("password"), &actor)
                .await
        }
        "disable" => {
            not_self(signed, &name, lang)?;
            app.set_disabled(&name, true, &actor).await
        }
        "enable" => app.set_disabled(&name, false, &actor).await,
        "password" => app.set_password(&name, f.get("password"), &actor).await,
        "role" => {
            not_self(signed, &name, lang)?;
            app.set_role(live.code(), &name, role(f)?, departments(f)?, &actor)
                .await
        }
        other => Err(invalid(format!("unknown action 「{other}」"))),
    }
}

/// POST `/staff/users/`: one action (`action` = add, disable, enable,
/// password, role) on the account `name`.
pub async fn act(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    match apply(&live, &signed, lang, &f).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/{}staff/users/?done=1", lang.prefix())).into_response())
        }
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            let form = if f.get("action") == "add" {
                NewUser::from(&f)
            } else {
                NewUser::default()
            };
            render(&live, lang, &signed, status, errors, form, false).await
        }
    }
}
