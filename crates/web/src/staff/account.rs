//! My account: change my own password (proved with the current one, which
//! counts as a sign-in attempt: see [`keikaku_app::App::change_own_password`];
//! every session of the account ends, so the page sends me to sign in
//! again), and my API tokens for scripts: list, create (the secret is shown
//! once, on the response to the creating request, and never stored) and
//! revoke.

use super::form::{Fields, form_error, unix_time};
use super::{SESSION_COOKIE, Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::auth::NewToken;
use keikaku_app::{Actor, AppError};
use serde::Deserialize;
use std::sync::Arc;

/// A token as listed.
struct TokenView {
    id: String,
    label: String,
    created: String,
    last_used: String,
    revoked: String,
}

#[derive(Template)]
#[template(path = "staff/account.html")]
struct AccountPage {
    ctx: StaffCtx,
    tokens: Vec<TokenView>,
    new_token: Option<NewToken>,
    errors: Vec<String>,
    notice: &'static str,
}

impl AccountPage {
    fn notice_text(&self) -> &'static str {
        self.ctx.t(self.notice)
    }
}

/// `?done=` after a change: which one.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    status: StatusCode,
    errors: Vec<String>,
    new_token: Option<NewToken>,
    notice: &'static str,
) -> Result<Response, WebError> {
    let tokens = live
        .app()
        .tokens(&signed.staff.name)
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    let page = AccountPage {
        ctx: StaffCtx::new(
            lang,
            Some(signed),
            texts(lang).get("staff.account.title"),
            "account/",
            "account",
        ),
        tokens: tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                label: t.label,
                created: t.created_at,
                last_used: t.last_used.map(unix_time).unwrap_or_default(),
                revoked: t.revoked_at.unwrap_or_default(),
            })
            .collect(),
        new_token,
        errors,
        notice,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/account/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("revoked") => "staff.account.revoked",
        _ => "",
    };
    render(
        &live,
        lang,
        &signed,
        StatusCode::OK,
        Vec::new(),
        None,
        notice,
    )
    .await
}

/// After a password change every session has ended: clear the cookie and
/// sign in again with the new password.
fn signed_out(lang: Lang) -> Response {
    let next = format!("/{}staff/account/", lang.prefix());
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    let mut res =
        Redirect::to(&format!("/{}staff/login/?next={next}", lang.prefix())).into_response();
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(v) = clear.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// POST `/staff/account/`: `action` = password, token or revoke.
pub async fn act(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let app = live.app();
    let me = &signed.staff.name;
    let actor = Actor(me.to_string());
    let outcome = match f.get("action") {
        "password" => {
            let policy = live.auth().policy;
            let changed = app
                .change_own_password(me, f.get("current"), f.get("new"), policy, super::now())
                .await;
            if changed.is_ok() {
                return Ok(signed_out(lang));
            }
            changed.map(|()| None)
        }
        "token" => app.create_token(me, f.get("label"), &actor).await.map(Some),
        "revoke" => match app.revoke_token(me, f.get("id"), &actor).await {
            Ok(()) => {
                let to = format!("/{}staff/account/?done=revoked", lang.prefix());
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => Err(e),
        },
        other => Err(AppError::Invalid(vec![format!(
            "unknown action 「{other}」"
        )])),
    };
    match outcome {
        Ok(token) => {
            let notice = "staff.account.token_created";
            render(
                &live,
                lang,
                &signed,
                StatusCode::OK,
                Vec::new(),
                token,
                notice,
            )
            .await
        }
        Err(AppError::BadCredentials) => {
            let errors = vec![texts(lang).get("staff.account.wrong_current").to_owned()];
            render(
                &live,
                lang,
                &signed,
                StatusCode::BAD_REQUEST,
                errors,
                None,
                "",
            )
            .await
        }
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(&live, lang, &signed, status, errors, None, "").await
        }
    }
}
