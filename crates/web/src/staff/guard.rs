//! The guard in front of every staff route: resolves the session from its
//! cookie, redirects anonymous page views to the sign-in page, refuses
//! roles the route does not admit, checks the origin and the CSRF token of
//! every POST, and marks the response `no-store`.

use super::{Access, SESSION_COOKIE, UPLOAD_LIMIT};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use keikaku_app::auth::{Session, same_secret};
use keikaku_model::access::Staff;
use std::sync::Arc;

/// The signed-in account of a request, put in its extensions by the guard.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Who.
    pub staff: Staff,
    /// The session's CSRF token, for forms.
    pub csrf: String,
    /// The session's storage key (for sign-out).
    pub token_hash: String,
}

impl From<Session> for Signed {
    fn from(s: Session) -> Self {
        Signed {
            staff: s.staff,
            csrf: s.csrf,
            token_hash: s.token_hash,
        }
    }
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether a request came from this site: a cross-site `Sec-Fetch-Site`
/// or an `Origin` whose host is not the request's `Host` is refused.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, h)| h);
    origin != "null" && origin_host.is_some() && origin_host == host
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn query_field(req: &Request, name: &str) -> Option<String> {
    req.uri()
        .query()
        .and_then(|q| form_field(q.as_bytes(), name))
}

fn login_redirect(lang: Lang, req: &Request) -> Response {
    let next = req
        .uri()
        .path_and_query()
        .map_or("", |p| p.as_str())
        .to_string();
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    Redirect::to(&format!("/{}staff/login/?next={next}", lang.prefix())).into_response()
}

/// The middleware; its state is the route's access and language.
pub async fn guard(
    State((live, access, lang)): State<(Arc<Live>, Access, Lang)>,
    mut req: Request,
    next: Next,
) -> Response {
    let html = Format::Html(lang);
    let t = texts(lang);
    let session = match cookie(req.headers(), SESSION_COOKIE) {
        Some(token) => {
            match live
                .app()
                .session(&token, live.auth().policy, super::now())
                .await
            {
                Ok(s) => {
                    // Departments as the organisation stands this fiscal year.
                    let mut signed = Signed::from(s);
                    let year = super::org::this_year();
                    match live
                        .app()
                        .acting_staff(live.code(), signed.staff.clone(), year)
                        .await
                    {
                        Ok(staff) => signed.staff = staff,
                        Err(e) => return WebError::from_app(e, html).into_response(),
                    }
                    Some(signed)
                }
                Err(keikaku_app::AppError::Unauthenticated) => None,
                Err(e) => return WebError::from_app(e, html).into_response(),
            }
        }
        None => None,
    };
    if access != Access::Public {
        let Some(signed) = &session else {
            if req.method() == Method::GET {
                return login_redirect(lang, &req);
            }
            return WebError::from_app(keikaku_app::AppError::Unauthenticated, html)
                .into_response();
        };
        if !access.admits(signed.staff.role) {
            return WebError::forbidden(lang, t.get("staff.forbidden_role")).into_response();
        }
    }
    if req.method() == Method::POST {
        if !same_origin(req.headers()) {
            return WebError::forbidden(lang, t.get("staff.cross_site")).into_response();
        }
        if let Some(signed) = &session {
            let (parts, body) = req.into_parts();
            let bytes = match axum::body::to_bytes(body, UPLOAD_LIMIT).await {
                Ok(b) => b,
                Err(_) => {
                    let mut res =
                        WebError::bad_request(lang, t.get("staff.too_large")).into_response();
                    *res.status_mut() = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
                    return res;
                }
            };
            let rebuilt = Request::from_parts(parts, Body::from(bytes.clone()));
            let sent = form_field(&bytes, "csrf").or_else(|| query_field(&rebuilt, "csrf"));
            let valid = sent.is_some_and(|s| same_secret(&s, &signed.csrf));
            if access != Access::Public && !valid {
                return WebError::forbidden(lang, t.get("staff.csrf")).into_response();
            }
            req = rebuilt;
        }
    }
    req.extensions_mut().insert(lang);
    if let Some(s) = session {
        req.extensions_mut().insert(s);
    }
    let mut res = next.run(req).await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
