//! The staff workspace under `/staff/` (English under `/en/staff/`): sign
//! in, "my work", data-entry completeness, actual entry with a grade
//! preview, the PDCA workflow, plan editing, uploads, the audit view,
//! accounts and API tokens.
//!
//! Every endpoint is declared once in [`endpoints`] with its [`Access`];
//! [`router`] mounts exactly that table, each route behind [`guard`], which
//! resolves the session cookie, enforces the role, checks the CSRF token
//! and the request's origin on every POST, and marks responses `no-store`.
//! Department scope (which indicators and projects) is checked by the
//! handlers with [`keikaku_model::access::allows`]. The authorisation
//! matrix test walks [`endpoints`], so a new route cannot escape it.

mod account;
mod audit;
mod auth;
mod budget;
mod budget_line;
mod budget_program;
mod budget_season;
mod budget_upload;
mod ctx;
mod cycle;
mod form;
mod guard;
mod import;
mod indicator;
mod org;
mod pdca;
mod plan;
mod plan_indicator;
mod reform;
mod reports;
mod upload;
mod users;
mod work;

pub use ctx::StaffCtx;
pub use guard::{Signed, guard};
pub use org::this_year;

use crate::Live;
use crate::i18n::Lang;
use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use keikaku_app::auth::AuthPolicy;
use keikaku_model::access::Role;
use std::sync::Arc;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "keikaku_session";
/// The sign-in form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "keikaku_login";
/// Uploads larger than this are refused (bytes).
pub const UPLOAD_LIMIT: usize = 5 << 20;

/// Session rules and cookie settings of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AuthConfig {
    /// Expiry and throttling.
    pub policy: AuthPolicy,
    /// Always mark cookies `Secure` (also done per request behind a proxy
    /// that sends `X-Forwarded-Proto: https`).
    pub secure_cookies: bool,
}

/// Who may reach an endpoint at all (before department scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the sign-in page).
    Public,
    /// Any signed-in account.
    Staff,
    /// Only these roles.
    Only(&'static [Role]),
}

impl Access {
    /// Whether a role passes.
    pub fn admits(self, role: Role) -> bool {
        match self {
            Access::Public | Access::Staff => true,
            Access::Only(roles) => roles.contains(&role),
        }
    }
}

/// One endpoint of the workspace: method, path below `/staff`, access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Method,
    /// Path below `/staff` (and `/en/staff`), axum syntax.
    pub path: &'static str,
    /// Who may reach it.
    pub access: Access,
}

const PLANNERS: &[Role] = &[Role::Admin, Role::Planning];
const ENTERERS: &[Role] = &[Role::Admin, Role::Planning, Role::Department];
const ADMINS: &[Role] = &[Role::Admin];

type Handler = MethodRouter<Arc<Live>>;

fn ep(method: Method, path: &'static str, access: Access, h: Handler) -> (Endpoint, Handler) {
    (
        Endpoint {
            method,
            path,
            access,
        },
        h,
    )
}

/// Every endpoint with its handler.
fn table() -> Vec<(Endpoint, Handler)> {
    use Access::{Only, Public, Staff};
    use Method as M;
    vec![
        ep(M::GET, "/login/", Public, get(auth::form)),
        ep(M::POST, "/login/", Public, post(auth::login)),
        ep(M::POST, "/logout/", Staff, post(auth::logout)),
        ep(M::GET, "/", Staff, get(work::my_work)),
        ep(M::GET, "/completeness/", Staff, get(work::completeness)),
        ep(M::GET, "/indicators/{id}/", Staff, get(indicator::page)),
        ep(
            M::POST,
            "/indicators/{id}/",
            Only(ENTERERS),
            post(indicator::submit),
        ),
        ep(M::GET, "/pdca/", Staff, get(pdca::list)),
        ep(M::POST, "/pdca/", Only(PLANNERS), post(pdca::set_deadlines)),
        ep(M::GET, "/pdca/{year}/{subject}/", Staff, get(pdca::page)),
        ep(M::POST, "/pdca/{year}/{subject}/", Staff, post(pdca::act)),
        ep(M::GET, "/users/", Only(ADMINS), get(users::page)),
        ep(M::POST, "/users/", Only(ADMINS), post(users::act)),
        ep(M::GET, "/account/", Staff, get(account::page)),
        ep(M::POST, "/account/", Staff, post(account::act)),
        ep(M::GET, "/audit/", Staff, get(audit::page)),
        ep(M::GET, "/reports/", Staff, get(reports::page)),
        ep(
            M::GET,
            "/reports/council/{file}",
            Staff,
            get(reports::council),
        ),
        ep(M::GET, "/reports/plan/{file}", Staff, get(reports::plan)),
        ep(M::GET, "/plan/", Staff, get(plan::page)),
        ep(M::POST, "/plan/", Only(PLANNERS), post(plan::act)),
        ep(
            M::GET,
            "/plan/indicators/{id}/",
            Staff,
            get(plan_indicator::page),
        ),
        ep(
            M::POST,
            "/plan/indicators/{id}/",
            Only(PLANNERS),
            post(plan_indicator::save),
        ),
        ep(M::GET, "/org/", Staff, get(org::page)),
        ep(M::POST, "/org/", Only(PLANNERS), post(org::record)),
        ep(M::GET, "/import/", Staff, get(import::page)),
        ep(M::POST, "/import/", Only(ENTERERS), post(import::upload)),
        ep(M::GET, "/reform/", Staff, get(reform::page)),
        ep(
            M::POST,
            "/reform/",
            Only(PLANNERS),
            post(reform::set_status),
        ),
        ep(
            M::POST,
            "/reform/import/",
            Only(PLANNERS),
            post(reform::upload),
        ),
        ep(M::GET, "/budget/", Staff, get(budget::page)),
        ep(M::POST, "/budget/", Only(PLANNERS), post(budget::publish)),
        ep(
            M::POST,
            "/budget/upload/",
            Only(PLANNERS),
            post(budget_upload::upload),
        ),
        ep(
            M::GET,
            "/budget/programs/new/",
            Staff,
            get(budget_program::new_page),
        ),
        ep(
            M::POST,
            "/budget/programs/new/",
            Only(PLANNERS),
            post(budget_program::create),
        ),
        ep(
            M::GET,
            "/budget/programs/{program}/",
            Staff,
            get(budget_program::page),
        ),
        ep(
            M::POST,
            "/budget/programs/{program}/",
            Only(PLANNERS),
            post(budget_program::save),
        ),
        ep(M::GET, "/budget/season/", Staff, get(budget_season::page)),
        ep(
            M::POST,
            "/budget/season/",
            Only(PLANNERS),
            post(budget_season::propose),
        ),
        ep(
            M::GET,
            "/budget/{program}/{year}/",
            Staff,
            get(budget_line::page),
        ),
        ep(
            M::POST,
            "/budget/{program}/{year}/",
            Only(PLANNERS),
            post(budget_line::save),
        ),
    ]
}

/// Every endpoint of the workspace (for the authorisation matrix test).
pub fn endpoints() -> Vec<Endpoint> {
    table().into_iter().map(|(e, _)| e).collect()
}

/// The workspace's routes in both languages, each behind the guard.
pub fn router(live: &Arc<Live>) -> Router<Arc<Live>> {
    let mut router = Router::new();
    for lang in Lang::ALL {
        let prefix = format!("/{}staff", lang.prefix());
        for (e, handler) in table() {
            let state = (Arc::clone(live), e.access, lang);
            let handler = handler.route_layer(axum::middleware::from_fn_with_state(state, guard));
            router = router.route(&format!("{prefix}{}", e.path), handler);
        }
    }
    router.layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT))
}

/// The current time in Unix seconds.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
