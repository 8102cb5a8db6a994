//! Sign-in and sign-out pages. The sign-in form is protected by a
//! double-submit token (a cookie and a hidden field that must match),
//! since there is no session yet; sign-out ends the session on the server.

use super::guard::{cookie, same_origin};
use super::{LOGIN_COOKIE, SESSION_COOKIE, Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::extract::{Extension, Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::AppError;
use keikaku_app::auth::same_secret;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    ctx: StaffCtx,
    token: String,
    next: String,
    error: String,
    name: String,
}

/// `?next=` on the sign-in page.
#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in form's fields (missing ones are empty, and then refused).
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: String,
}

/// Only workspace paths of this site are followed after sign-in.
fn safe_next(lang: Lang, next: &str) -> String {
    let ok = (next.starts_with("/staff/") || next.starts_with("/en/staff/"))
        && !next.contains("//")
        && !next.contains("..")
        && !next.contains('\\')
        && !next.starts_with("/staff/login")
        && !next.starts_with("/en/staff/login");
    if ok {
        next.to_string()
    } else {
        format!("/{}staff/", lang.prefix())
    }
}

fn secure(live: &Live, headers: &HeaderMap) -> &'static str {
    let proxied = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    if live.auth().secure_cookies || proxied {
        "; Secure"
    } else {
        ""
    }
}

fn render_form(
    lang: Lang,
    signed: Option<&Signed>,
    status: StatusCode,
    next: &str,
    error: String,
    name: String,
    secure: &str,
) -> Result<Response, WebError> {
    let token =
        keikaku_app::auth::random_hex(32).map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let page = LoginPage {
        ctx: StaffCtx::new(
            lang,
            signed,
            texts(lang).get("staff.login.title"),
            "login/",
            "login",
        ),
        token: token.clone(),
        next: next.to_string(),
        error,
        name,
    };
    let body = crate::pages::html(&page, lang)?;
    let cookie = format!("{LOGIN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
    Ok((status, [(header::SET_COOKIE, cookie)], Html(body)).into_response())
}

/// GET: the sign-in form.
pub async fn form(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    signed: Option<Extension<Signed>>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(lang, q.next.as_deref().unwrap_or(""));
    let secure = secure(&live, &headers);
    render_form(
        lang,
        signed.as_ref().map(|s| &s.0),
        StatusCode::OK,
        &next,
        String::new(),
        String::new(),
        secure,
    )
}

/// POST: signs in and redirects to `next`.
pub async fn login(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if !same_origin(&headers) || expected.is_empty() || !same_secret(&expected, &f.token) {
        return Err(WebError::forbidden(lang, t.get("staff.csrf")));
    }
    let next = safe_next(lang, &f.next);
    let secure = secure(&live, &headers);
    match live
        .app()
        .sign_in(&f.name, &f.password, live.auth().policy, super::now())
        .await
    {
        Ok(s) => {
            let cookie = format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
                s.token
            );
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                cookie
                    .parse()
                    .map_err(|_| WebError::bad_request(lang, ""))?,
            );
            Ok(res)
        }
        Err(e @ (AppError::BadCredentials | AppError::Throttled(_))) => {
            tracing::warn!(name = %f.name, outcome = %e, "staff sign-in refused");
            let status = match e {
                AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let msg = match e {
                AppError::Throttled(secs) => t
                    .get("staff.login.throttled")
                    .replace("{secs}", &secs.to_string()),
                _ => t.get("staff.login.failed").to_string(),
            };
            render_form(lang, None, status, &next, msg, f.name, secure)
        }
        Err(e) => Err(WebError::from_app(e, Format::Html(lang))),
    }
}

/// POST: ends the session on the server and clears the cookie.
pub async fn logout(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
) -> Result<Response, WebError> {
    live.app()
        .sign_out(&signed.token_hash)
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let mut res = Redirect::to(&format!("/{}staff/login/", lang.prefix())).into_response();
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = clear.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}
