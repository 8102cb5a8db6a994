//! keikaku's use cases, shared by the command line and the web server:
//! open the database (seeding it with the shipped plan on first start),
//! record and import actuals, grade them, manage editions and PDCA records,
//! and read the audit trail. Each use case validates its input against the
//! plan before anything is written; storage keeps each write atomic.

pub mod actuals;
pub mod auth;
pub mod budget;
pub mod cycle;
pub mod editions;
pub mod error;
pub mod evaluation;
pub mod org;
pub mod pdca;
pub mod publication;
pub mod reform;
pub mod reports;
pub mod uploads;

pub use error::AppError;

use keikaku_ingest::shipped;
use keikaku_model::plan::Plan;
use keikaku_store::Store;

/// The database used when none is configured: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://keikaku.db";

/// Who is acting, for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

/// The application: a store and the municipality it works on.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
}

impl App {
    /// Opens the database at `url`, migrating it; an empty database is loaded
    /// with the shipped Tsuruoka plan.
    pub async fn open(url: &str) -> Result<App, AppError> {
        let store = Store::open(url).await?;
        if store.municipalities().await?.is_empty() {
            let plan = shipped::tsuruoka()
                .map_err(|e| AppError::Internal(format!("the shipped plan is invalid: {e}")))?;
            store.put_edition(&plan, "system:seed").await?;
        }
        Ok(App { store })
    }

    /// The store underneath.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Resolves the municipality to work on: the given code, or the only one in the database.
    pub async fn municipality(&self, code: Option<&str>) -> Result<String, AppError> {
        let all = self.store.municipalities().await?;
        match code {
            Some(c) => all
                .iter()
                .find(|m| m.code == c)
                .map(|m| m.code.clone())
                .ok_or_else(|| {
                    AppError::NotFound(format!(
                        "municipality {c} is not in the database (known: {})",
                        list(&all)
                    ))
                }),
            None if all.len() == 1 => Ok(all[0].code.clone()),
            None => Err(AppError::Invalid(vec![format!(
                "the database holds several municipalities ({}); choose one with --municipality CODE",
                list(&all)
            )])),
        }
    }

    /// The edition actuals are graded against: the newest published one.
    pub async fn current_plan(&self, code: &str) -> Result<Plan, AppError> {
        Ok(self.store.current_edition(code).await?)
    }
}

fn list(all: &[keikaku_store::MunicipalityRow]) -> String {
    all.iter()
        .map(|m| format!("{} {}", m.code, m.name))
        .collect::<Vec<_>>()
        .join(", ")
}
