//! The server as a whole: health, redirects to canonical URLs, security
//! headers, HTML errors, language prefix, graceful shutdown on a real port,
//! and changes reaching the portal.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use keikaku_app::App;
use keikaku_web::{Live, router};
use std::sync::Arc;
use tower::ServiceExt;

async fn live() -> Arc<Live> {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    Arc::new(Live::new(app, code).await.expect("snapshot"))
}

async fn get(live: &Arc<Live>, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = router(Arc::clone(live))
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn health_reports_ok() {
    let live = live().await;
    let (status, headers, body) = get(&live, "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(body, r#"{"status":"ok"}"#);
}

#[tokio::test]
async fn home_in_both_languages_with_security_headers() {
    let live = live().await;
    let (status, headers, body) = get(&live, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="ja">"#));
    assert!(body.contains("第2次鶴岡市総合計画"));
    assert!(body.contains("毎日、おいしい。ここで、暮らしたい。"));
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp");
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.contains_key(header::REFERRER_POLICY));
    let (status, _, body) = get(&live, "/en/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="en">"#));
    assert!(body.contains("Cross-cutting projects"));
    assert!(!body.contains("<script"), "no JavaScript on the portal");
}

#[tokio::test]
async fn pages_redirect_to_their_canonical_slash_url() {
    let live = live().await;
    let (status, headers, _) = get(&live, "/en").await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers[header::LOCATION], "/en/");
    let (status, headers, _) = get(&live, "/search?q=%E7%A7%BB%E4%BD%8F").await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers[header::LOCATION], "/search/?q=%E7%A7%BB%E4%BD%8F");
}

#[tokio::test]
async fn unknown_pages_are_404_html_in_the_right_language() {
    let live = live().await;
    let (status, headers, body) = get(&live, "/no/such/page/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|c| c.starts_with("text/html"))
    );
    assert!(body.contains("ページが見つかりません"));
    let (_, _, body) = get(&live, "/en/no/such/page/").await;
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn stylesheet_is_served_locally() {
    let live = live().await;
    let (status, headers, body) = get(&live, "/assets/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|c| c.starts_with("text/css"))
    );
    assert!(
        body.contains("--color-primary: #0017c1") && !body.contains("http"),
        "no external resources"
    );
}

#[tokio::test]
async fn serves_on_port_zero_and_shuts_down_gracefully() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let live = live().await;
    let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(keikaku_web::serve(
        live,
        "127.0.0.1:0".parse().expect("addr"),
        move |a| {
            let _ = addr_tx.send(a);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = addr_rx.await.expect("bound");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    stop_tx.send(()).expect("stop");
    server.await.expect("join").expect("clean shutdown");
}

#[tokio::test]
async fn actuals_reach_the_portal_once_their_evaluation_is_published() {
    let live = live().await;
    let code = live.app().municipality(None).await.expect("code");
    let csv = "indicator,period,value\nKPI-03,2024年度,60\n";
    live.app()
        .import_actuals(&code, csv.as_bytes(), &keikaku_app::Actor("t".into()))
        .await
        .expect("import");
    live.refresh().await.expect("refresh");
    let (_, _, body) = get(&live, "/").await;
    assert!(
        !body.contains("成果指標の評価（2024年度（令和6年度））"),
        "an unpublished evaluation stays off the portal"
    );
    let (_, _, api) = get(&live, "/api/v1/indicators/KPI-03/actuals").await;
    assert!(!api.contains("2024年度"), "nor in the API: {api}");
    support::publish_all(live.app(), &code).await;
    live.refresh().await.expect("refresh");
    let (_, _, body) = get(&live, "/").await;
    assert!(
        body.contains("成果指標の評価（2024年度（令和6年度））"),
        "the published year's evaluation is shown"
    );
}

#[tokio::test]
async fn api_answers_from_memory_until_the_data_changes() {
    let live = live().await;
    let (status, headers, first) = get(&live, "/api/v1/indicators/KPI-03").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    let (_, _, again) = get(&live, "/api/v1/indicators/KPI-03").await;
    assert_eq!(first, again);
    let code = live.app().municipality(None).await.expect("code");
    let csv = "indicator,period,value\nKPI-03,2024年度,60\n";
    live.app()
        .import_actuals(&code, csv.as_bytes(), &keikaku_app::Actor("t".into()))
        .await
        .expect("import");
    support::publish_all(live.app(), &code).await;
    live.refresh().await.expect("refresh");
    let (_, _, after) = get(&live, "/api/v1/indicators/KPI-03/actuals").await;
    assert!(after.contains("2024年度"), "{after}");
    let (_, _, changed) = get(&live, "/api/v1/indicators/KPI-03").await;
    assert_ne!(first, changed, "a new snapshot answers with the new data");
    let (status, headers, _) = get(&live, "/api/v1/indicators/KPI-99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
}
