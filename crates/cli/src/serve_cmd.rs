//! `keikaku serve` (the portal and API) and `keikaku site export` (the same
//! portal as static files).

use crate::db::DbArgs;
use anyhow::{Context, Result};
use keikaku_web::{Live, export};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// Where `keikaku serve` listens when nothing is configured.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

/// The staff workspace's session settings from the config file and
/// `KEIKAKU_SECURE_COOKIES`.
fn auth_config(file: &crate::config::FileConfig) -> keikaku_web::staff::AuthConfig {
    let mut policy = keikaku_app::auth::AuthPolicy::default();
    if let Some(m) = file.session_idle_minutes {
        policy.idle = i64::from(m.max(1)) * 60;
    }
    if let Some(h) = file.session_max_hours {
        policy.absolute = i64::from(h.max(1)) * 3600;
    }
    let env = std::env::var("KEIKAKU_SECURE_COOKIES")
        .ok()
        .map(|v| matches!(v.as_str(), "1" | "true" | "yes"));
    keikaku_web::staff::AuthConfig {
        policy,
        secure_cookies: env.or(file.secure_cookies).unwrap_or(false),
    }
}

/// `keikaku serve`.
pub async fn serve(addr: Option<&str>, db: &DbArgs) -> Result<()> {
    let (_, _, file) = db.resolved()?;
    let log = std::env::var("KEIKAKU_LOG")
        .ok()
        .or(file.log.clone())
        .unwrap_or_else(|| "info".into());
    init_logging(&log);
    let addr: SocketAddr = addr
        .map(str::to_string)
        .or(file.addr.clone())
        .unwrap_or_else(|| DEFAULT_ADDR.to_string())
        .parse()
        .context("--addr must be HOST:PORT, e.g. 127.0.0.1:8080")?;
    let (app, code) = db.open().await?;
    let live = Arc::new(Live::new(app, code).await?.with_auth(auth_config(&file)));
    keikaku_web::serve(
        live,
        addr,
        |bound| {
            println!("keikaku is serving on http://{bound}/ (English: http://{bound}/en/) — Ctrl-C to stop");
            tracing::info!(%bound, "listening");
        },
        shutdown_signal(),
    )
    .await
    .with_context(|| format!("cannot serve on {addr}"))
}

/// `keikaku site export`.
pub async fn export_site(dir: &Path, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    let snap = keikaku_web::Snapshot::load(&app, &code).await?;
    let summary = export::export(&snap, dir)
        .with_context(|| format!("cannot write the site to {}", dir.display()))?;
    println!(
        "wrote {} pages and {} files to {}",
        summary.pages,
        summary.files,
        dir.display()
    );
    Ok(())
}
