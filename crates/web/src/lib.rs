//! keikaku's web server: the public portal (server-rendered HTML that works
//! without JavaScript, Japanese by default, English under `/en/`), the JSON
//! API under `/api/v1`, and the static export of the portal.
//!
//! The app is a library: [`router`] builds the axum router over a [`Live`]
//! snapshot, [`serve`] runs it with graceful shutdown, and tests start it on
//! port 0 or call the router with `oneshot`.

pub mod api;
pub mod error;
pub mod export;
pub mod i18n;
pub mod pages;
pub mod search_index;
pub mod snapshot;
pub mod staff;
pub mod view;

pub use snapshot::{CachedPage, Live, Snapshot};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use error::{Format, WebError};
use i18n::Lang;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// The portal's stylesheet.
pub const STYLE_CSS: &str = include_str!("../assets/style.css");

/// Builds the router: pages, assets, health, API.
pub fn router(live: Arc<Live>) -> Router {
    let csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    Router::new()
        .route("/health", get(health))
        .route("/assets/style.css", get(style))
        .route("/api/v1/", get(api::index))
        .nest(
            "/api/v1",
            api::router().layer(axum::middleware::from_fn_with_state(
                Arc::clone(&live),
                cache_api,
            )),
        )
        .merge(staff::router(&live))
        .fallback(get(page))
        .with_state(live)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Keeps successful JSON responses of GET requests per snapshot, keyed by
/// path and query, like the pages: the API then answers from memory until
/// the data changes. The token-authenticated `/staff/` endpoints are never
/// cached and answer `no-store`.
async fn cache_api(
    State(live): State<Arc<Live>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    const JSON: &str = "application/json";
    if req.uri().path().starts_with("/staff/") {
        // Token-authenticated answers are per caller: never cached.
        let mut res = next.run(req).await;
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    if req.method() != axum::http::Method::GET {
        return next.run(req).await;
    }
    let key = format!(
        "api:{}",
        req.uri().path_and_query().map_or("", |p| p.as_str())
    );
    let Ok(snap) = live.snapshot().await else {
        return next.run(req).await;
    };
    if let Some(hit) = snap.cached_page(Lang::Ja, &key) {
        return ([(header::CONTENT_TYPE, hit.content_type)], hit.body).into_response();
    }
    let res = next.run(req).await;
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == JSON);
    if res.status() != StatusCode::OK || !is_json {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, 32 << 20).await {
        Ok(bytes) => {
            snap.keep_page(
                Lang::Ja,
                &key,
                CachedPage {
                    content_type: JSON,
                    body: bytes.clone(),
                },
            );
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        Err(e) => {
            tracing::error!(error = %e, "API response could not be buffered");
            WebError {
                kind: error::Kind::Internal,
                format: Format::Json,
            }
            .into_response()
        }
    }
}

async fn health(State(live): State<Arc<Live>>) -> Response {
    match live.app().store().change_count().await {
        Ok(_) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"ok"}"#,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "application/json")],
                r#"{"status":"unavailable"}"#,
            )
                .into_response()
        }
    }
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE_CSS,
    )
        .into_response()
}

/// Splits `/en/projects/P1/` into (English, `projects/P1/`).
pub fn split_lang(path: &str) -> (Lang, &str) {
    let rest = path.trim_start_matches('/');
    match rest.strip_prefix("en/") {
        Some(r) => (Lang::En, r),
        None if rest == "en" => (Lang::En, ""),
        None => (Lang::Ja, rest),
    }
}

async fn page(State(live): State<Arc<Live>>, uri: Uri, req: Request) -> Response {
    let path = uri.path();
    let (lang, rest) = split_lang(path);
    let last = rest.rsplit('/').next().unwrap_or("");
    if !path.ends_with('/') && !last.contains('.') {
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        return Redirect::permanent(&format!("{path}/{query}")).into_response();
    }
    drop(req);
    let snap = match live.snapshot().await {
        Ok(s) => s,
        Err(e) => return WebError::from_app(e, Format::Html(lang)).into_response(),
    };
    let cacheable = uri.query().is_none();
    let page = match cacheable.then(|| snap.cached_page(lang, rest)).flatten() {
        Some(hit) => hit,
        None => match pages::render(&snap, lang, rest, uri.query()) {
            Ok(r) => {
                let page = CachedPage::from(r);
                if cacheable {
                    snap.keep_page(lang, rest, page.clone());
                }
                page
            }
            Err(e) => return e.into_response(),
        },
    };
    ([(header::CONTENT_TYPE, page.content_type)], page.body).into_response()
}

/// Serves on `addr` until `shutdown` completes; calls `ready` with the bound address.
pub async fn serve(
    live: Arc<Live>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(live))
        .with_graceful_shutdown(shutdown)
        .await
}
