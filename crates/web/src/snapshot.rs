//! What the portal shows, loaded once and shared: the current edition, all
//! editions, current actuals and the evaluation of every year with actuals.
//! Pages render from a [`Snapshot`] in memory; [`Live`] reloads it when the
//! database has changed (checked at most once a second through the audit
//! chain's length), so a page costs no database query.

use crate::i18n::Lang;
use crate::pages::Rendered;
use keikaku_app::evaluation::{Evaluation, IndicatorResult, evaluate_year};
use keikaku_app::{App, AppError};
use keikaku_model::actual::ActualValue;
use keikaku_model::actual::RecordedActual;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::Rubric;
use keikaku_model::ids::IndicatorId;
use keikaku_model::plan::Plan;
use keikaku_store::EditionRow;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How often the database is asked whether anything changed.
const CHECK_EVERY: Duration = Duration::from_secs(1);

/// One consistent view of a municipality's data.
#[derive(Debug)]
pub struct Snapshot {
    /// The audit chain's length when loaded.
    pub changes: i64,
    /// Municipality code.
    pub code: String,
    /// The current (newest published) edition.
    pub plan: Plan,
    /// Every edition with its plan, oldest first.
    pub editions: Vec<(EditionRow, Plan)>,
    /// Current actuals of published evaluations (what the public may see).
    pub actuals: Vec<RecordedActual>,
    /// Evaluations (default rubric) of every fiscal year with at least one actual, oldest first.
    pub evaluations: Vec<Evaluation>,
    /// Published PDCA records (self-evaluation, review, decision, council comment).
    pub records: Vec<keikaku_model::workflow::PdcaRecord>,
    /// The rubric of the evaluations.
    pub rubric: Rubric,
    /// Administrative reform items with their statuses (published plan
    /// information: all of them).
    pub reform: keikaku_app::reform::ReformData,
    /// Published budget figures ([`App::public_budget`]): lines of years whose
    /// budget is published, settlements only where published, and only the
    /// initiatives with at least one such line.
    pub budget: keikaku_app::budget::BudgetData,
    /// The organisation over time: the current edition's departments and
    /// every recorded reorganisation (public structural information).
    pub org: keikaku_model::org::Organisation,
    /// The fiscal year the snapshot was loaded in (today in Japan): pages
    /// name the departments responsible this year.
    pub this_year: FiscalYear,
    /// Pages already rendered from this snapshot (query-less paths only).
    pages: Mutex<HashMap<(Lang, String), CachedPage>>,
}

/// A rendered response body kept for reuse (cloning it is a reference-count increment).
#[derive(Debug, Clone)]
pub struct CachedPage {
    /// MIME type.
    pub content_type: &'static str,
    /// The body.
    pub body: axum::body::Bytes,
}

impl From<Rendered> for CachedPage {
    fn from(r: Rendered) -> CachedPage {
        match r {
            Rendered::Html(body) => CachedPage {
                content_type: "text/html; charset=utf-8",
                body: body.into(),
            },
            Rendered::File { content_type, body } => CachedPage {
                content_type,
                body: body.into(),
            },
        }
    }
}

/// At most this many rendered pages are kept per snapshot.
const PAGE_CACHE_LIMIT: usize = 4096;

impl Snapshot {
    /// Loads everything the portal shows.
    pub async fn load(app: &App, code: &str) -> Result<Snapshot, AppError> {
        let changes = app.store().change_count().await?;
        let plan = app.current_plan(code).await?;
        let mut editions = Vec::new();
        for row in app.editions(code).await? {
            let p = app.edition(code, &row.id).await?;
            editions.push((row, p));
        }
        // Citizens see only published evaluations and their actuals.
        let records: Vec<_> = app
            .pdca_records(code, None)
            .await?
            .into_iter()
            .filter(|r| r.state == keikaku_model::workflow::State::Published)
            .collect();
        let actuals = keikaku_app::publication::only_published(
            &plan,
            &records,
            app.current_actuals(code).await?,
        );
        let years: BTreeSet<FiscalYear> = actuals.iter().map(|a| a.value.fiscal_year()).collect();
        let rubric = app.rubric(code, None).await?;
        let values: Vec<ActualValue> = actuals.iter().map(|a| a.value.clone()).collect();
        let evaluations = years
            .into_iter()
            .map(|year| evaluate_year(code, &plan, &rubric, &values, year))
            .collect();
        let mut budget = app.public_budget(code).await?;
        let shown: BTreeSet<_> = budget.lines.iter().map(|l| l.program.clone()).collect();
        budget.programs.retain(|p| shown.contains(&p.id));
        let reform = app.reform(code).await?;
        let org = app.organisation_of(code, &plan).await?;
        Ok(Snapshot {
            changes,
            code: code.to_string(),
            plan,
            editions,
            actuals,
            evaluations,
            records,
            rubric,
            reform,
            budget,
            org,
            this_year: crate::staff::this_year(),
            pages: Mutex::new(HashMap::new()),
        })
    }

    /// A page rendered earlier from this snapshot.
    pub fn cached_page(&self, lang: Lang, path: &str) -> Option<CachedPage> {
        let pages = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pages.get(&(lang, path.to_string())).cloned()
    }

    /// Keeps a rendered page for the snapshot's lifetime (bounded).
    pub fn keep_page(&self, lang: Lang, path: &str, page: CachedPage) {
        let mut pages = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pages.len() < PAGE_CACHE_LIMIT {
            pages.insert((lang, path.to_string()), page);
        }
    }

    /// The newest evaluated year.
    pub fn latest(&self) -> Option<&Evaluation> {
        self.evaluations.last()
    }

    /// The evaluation of a year.
    pub fn evaluation(&self, year: FiscalYear) -> Option<&Evaluation> {
        self.evaluations.iter().find(|e| e.year == year)
    }

    /// An indicator's result in a year's evaluation.
    pub fn result(&self, year: FiscalYear, id: &IndicatorId) -> Option<&IndicatorResult> {
        self.evaluation(year)?
            .indicators
            .iter()
            .find(|r| &r.grade.indicator == id)
    }

    /// An indicator's current actuals, oldest year first.
    pub fn actuals_of(&self, id: &IndicatorId) -> Vec<&RecordedActual> {
        let mut v: Vec<&RecordedActual> = self
            .actuals
            .iter()
            .filter(|a| &a.value.indicator == id)
            .collect();
        v.sort_by_key(|a| a.value.fiscal_year());
        v
    }
}

/// The shared, self-refreshing snapshot of one municipality.
#[derive(Debug)]
pub struct Live {
    app: App,
    code: String,
    current: RwLock<Arc<Snapshot>>,
    last_check: Mutex<Instant>,
    reload: tokio::sync::Mutex<()>,
    auth: crate::staff::AuthConfig,
}

impl Live {
    /// Loads the first snapshot.
    pub async fn new(app: App, code: String) -> Result<Live, AppError> {
        let snap = Snapshot::load(&app, &code).await?;
        Ok(Live {
            app,
            code,
            current: RwLock::new(Arc::new(snap)),
            last_check: Mutex::new(Instant::now()),
            reload: tokio::sync::Mutex::new(()),
            auth: crate::staff::AuthConfig::default(),
        })
    }

    /// The same, with the staff workspace's session rules and cookie settings.
    pub fn with_auth(mut self, auth: crate::staff::AuthConfig) -> Live {
        self.auth = auth;
        self
    }

    /// The staff workspace's session rules and cookie settings.
    pub fn auth(&self) -> crate::staff::AuthConfig {
        self.auth
    }

    /// The municipality shown.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The application underneath.
    pub fn app(&self) -> &App {
        &self.app
    }

    fn cached(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn due(&self) -> bool {
        let mut last = match self.last_check.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if last.elapsed() >= CHECK_EVERY {
            *last = Instant::now();
            true
        } else {
            false
        }
    }

    /// The current snapshot, reloaded first if the database changed.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, AppError> {
        if self.due() {
            self.refresh().await?;
        }
        Ok(self.cached())
    }

    /// Reloads now if the database changed since the snapshot was taken.
    pub async fn refresh(&self) -> Result<(), AppError> {
        let _one_at_a_time = self.reload.lock().await;
        let changes = self.app.store().change_count().await?;
        let cached = self.cached();
        // A new fiscal year changes who is responsible now: reload then too.
        if changes != cached.changes || crate::staff::this_year() != cached.this_year {
            let fresh = Arc::new(Snapshot::load(&self.app, &self.code).await?);
            match self.current.write() {
                Ok(mut g) => *g = fresh,
                Err(poisoned) => *poisoned.into_inner() = fresh,
            }
        }
        Ok(())
    }
}
