//! Database options shared by the commands that use storage, and opening
//! the application with them.

use crate::config::FileConfig;
use anyhow::{Context, Result};
use clap::Args;
use keikaku_app::{Actor, App, DEFAULT_DATABASE_URL};

/// Where the data lives and who is acting.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: sqlite://FILE (created on first use, loaded with the
    /// shipped Tsuruoka plan) or postgres://USER@HOST:PORT/DB
    /// [default: sqlite://keikaku.db].
    #[arg(long, global = true, env = "KEIKAKU_DATABASE_URL")]
    pub database_url: Option<String>,
    /// A config file (TOML: database_url, municipality, addr, log); flags
    /// and KEIKAKU_* variables override it.
    #[arg(long, global = true, env = "KEIKAKU_CONFIG")]
    pub config: Option<std::path::PathBuf>,
    /// The municipality to work on (local government code, e.g. 062031);
    /// needed only when the database holds several.
    #[arg(long, global = true, env = "KEIKAKU_MUNICIPALITY")]
    pub municipality: Option<String>,
    /// Who is acting, for the audit trail (default: cli:$USER).
    #[arg(long, global = true, env = "KEIKAKU_ACTOR")]
    pub actor: Option<String>,
}

impl DbArgs {
    /// The settings after layering the config file under flags and environment.
    pub fn resolved(&self) -> Result<(String, Option<String>, FileConfig)> {
        let file = FileConfig::load(self.config.as_deref())?;
        let url = self
            .database_url
            .clone()
            .or_else(|| file.database_url.clone())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let municipality = self
            .municipality
            .clone()
            .or_else(|| file.municipality.clone());
        Ok((url, municipality, file))
    }

    /// Opens the application and resolves the municipality.
    pub async fn open(&self) -> Result<(App, String)> {
        let (url, municipality, _) = self.resolved()?;
        let app = App::open(&url).await.with_context(|| {
            format!(
                "cannot open the database {}",
                keikaku_store::backend::redact(&url)
            )
        })?;
        let code = app.municipality(municipality.as_deref()).await?;
        Ok((app, code))
    }

    /// The acting user.
    pub fn actor(&self) -> Actor {
        Actor(self.actor.clone().unwrap_or_else(|| {
            format!(
                "cli:{}",
                std::env::var("USER").unwrap_or_else(|_| "unknown".into())
            )
        }))
    }
}
