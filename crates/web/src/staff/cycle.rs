//! Loading what the staff pages of a fiscal year work on: the current
//! edition, every current actual (published or not), the PDCA records and
//! the year itself (`?year=`, by default the last finished fiscal year,
//! kept within the edition's years), and the edition resolved through the
//! organisation's reorganisations for this year (permissions) and for the
//! year worked on (attribution).

use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::Lang;
use keikaku_model::actual::RecordedActual;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::plan::Plan;
use keikaku_model::workflow::PdcaRecord;
use serde::Deserialize;

/// `?year=` on staff pages.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct YearQuery {
    /// A fiscal year in any accepted form (2024, R6, 令和6年度).
    pub year: Option<String>,
}

/// A fiscal year's working data.
#[derive(Debug)]
pub struct Cycle {
    /// Municipality code.
    pub code: String,
    /// The current edition.
    pub plan: Plan,
    /// The current edition as the organisation stands this fiscal year:
    /// permissions for actions taken now are decided on it.
    pub scope: Plan,
    /// The current edition as the organisation stood in `year`: the
    /// departments a year's records are attributed to.
    pub of_year: Plan,
    /// Current actuals, all of them.
    pub actuals: Vec<RecordedActual>,
    /// PDCA records of every year.
    pub records: Vec<PdcaRecord>,
    /// The year worked on.
    pub year: FiscalYear,
}

/// The fiscal year that ended most recently (April–March).
fn last_finished_year() -> i32 {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let fy = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    fy - 1
}

/// The year asked for, or the default one.
pub fn year_of(plan: &Plan, q: &YearQuery, lang: Lang) -> Result<FiscalYear, WebError> {
    match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        Some(y) => y
            .parse::<FiscalYear>()
            .map_err(|e| WebError::bad_request(lang, format!("year: {e}"))),
        None => {
            let years = plan.edition.years;
            let y = last_finished_year().clamp(years.first().year(), years.last().year());
            FiscalYear::new(y).map_err(|e| WebError::bad_request(lang, e.to_string()))
        }
    }
}

/// Loads the working data of the year asked for.
pub async fn load(live: &Live, q: &YearQuery, lang: Lang) -> Result<Cycle, WebError> {
    let app = live.app();
    let code = live.code().to_string();
    let err = |e| WebError::from_app(e, Format::Html(lang));
    let plan = app.current_plan(&code).await.map_err(err)?;
    let year = year_of(&plan, q, lang)?;
    let org = app.organisation_of(&code, &plan).await.map_err(err)?;
    let scope = org.resolve(&plan, super::org::this_year());
    let of_year = org.resolve(&plan, year);
    let actuals = app.current_actuals(&code).await.map_err(err)?;
    let records = app.pdca_records(&code, None).await.map_err(err)?;
    Ok(Cycle {
        code,
        plan,
        scope,
        of_year,
        actuals,
        records,
        year,
    })
}

/// The fiscal years offered in year pickers: the edition's years.
pub fn years(plan: &Plan) -> Vec<i32> {
    (plan.edition.years.first().year()..=plan.edition.years.last().year()).collect()
}
