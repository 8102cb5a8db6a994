//! Database options shared by the commands that use storage, and opening
//! the application with them.

use anyhow::{Context, Result};
use clap::Args;
use keikaku_app::{Actor, App, DEFAULT_DATABASE_URL};

/// Where the data lives and who is acting.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: sqlite://FILE (created on first use, loaded with the
    /// shipped Tsuruoka plan) or postgres://USER@HOST:PORT/DB.
    #[arg(long, global = true, env = "KEIKAKU_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// The municipality to work on (local government code, e.g. 062031);
    /// needed only when the database holds several.
    #[arg(long, global = true, env = "KEIKAKU_MUNICIPALITY")]
    pub municipality: Option<String>,
    /// Who is acting, for the audit trail (default: cli:$USER).
    #[arg(long, global = true, env = "KEIKAKU_ACTOR")]
    pub actor: Option<String>,
}

impl DbArgs {
    /// Opens the application and resolves the municipality.
    pub async fn open(&self) -> Result<(App, String)> {
        let app = App::open(&self.database_url).await.with_context(|| {
            format!(
                "cannot open the database {}",
                keikaku_store::backend::redact(&self.database_url)
            )
        })?;
        let code = app.municipality(self.municipality.as_deref()).await?;
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
