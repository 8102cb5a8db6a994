//! A signed-in browser for router tests: signs in through the real form
//! (double-submit token, session cookie) and sends requests with the
//! session cookie and the session's CSRF token.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A reply: status, headers, body text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The `Location` header.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Sends one request.
pub async fn send(router: &Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The value of a `Set-Cookie` for `name`.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The `value` of the first hidden input called `name` in a page.
pub fn hidden(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_string())
}

/// URL-encodes form fields.
pub fn form(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// A signed-in session.
#[derive(Clone)]
pub struct Client {
    pub router: Router,
    pub cookie: String,
    pub csrf: String,
}

/// Signs in through the form; panics unless it succeeds.
pub async fn sign_in(router: &Router, name: &str, password: &str) -> Client {
    let r = try_sign_in(router, name, password).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "sign-in of {name}: {}",
        r.body
    );
    let session = set_cookie(&r.headers, "keikaku_session").expect("session cookie");
    let cookie = session.split(';').next().expect("cookie").to_string();
    let home = send(
        router,
        Request::get("/staff/")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    let csrf = hidden(&home.body, "csrf").expect("csrf token on the page");
    Client {
        router: router.clone(),
        cookie,
        csrf,
    }
}

/// Posts the sign-in form as a browser would; returns the reply.
pub async fn try_sign_in(router: &Router, name: &str, password: &str) -> Reply {
    let page = send(
        router,
        Request::get("/staff/login/")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    let login = set_cookie(&page.headers, "keikaku_login").expect("login cookie");
    let login = login.split(';').next().expect("cookie").to_string();
    let token = hidden(&page.body, "token").expect("token field");
    send(
        router,
        Request::post("/staff/login/")
            .header(header::COOKIE, login)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("name", name),
                ("password", password),
                ("token", &token),
                ("next", "/staff/"),
            ])))
            .expect("request"),
    )
    .await
}

impl Client {
    /// GET with the session cookie.
    pub async fn get(&self, uri: &str) -> Reply {
        send(
            &self.router,
            Request::get(uri)
                .header(header::COOKIE, &self.cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// POST a form with the session cookie and its CSRF token.
    pub async fn post(&self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        self.post_raw(uri, &form(&all)).await
    }

    /// POST an already encoded form body with the session cookie only.
    pub async fn post_raw(&self, uri: &str, body: &str) -> Reply {
        send(
            &self.router,
            Request::post(uri)
                .header(header::COOKIE, &self.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body.to_string()))
                .expect("request"),
        )
        .await
    }
}
