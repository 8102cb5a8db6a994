//! What the public may see. An actual recorded for fiscal year Y is public
//! once the evaluation of that year is published (公表) for a project whose
//! KPI tables hold the indicator: the PDCA record `(Y, project)` is in state
//! `Published`. Until then only staff see it. The portal, the open-data
//! export and the public API all apply [`only_published`] (the portal to
//! the data of its snapshot, the rest through [`App::published_actuals`]).

use crate::{App, AppError};
use keikaku_model::actual::RecordedActual;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{IndicatorId, ProjectId};
use keikaku_model::plan::Plan;
use keikaku_model::workflow::{PdcaRecord, State, Subject};
use std::collections::BTreeSet;

/// The (indicator, year) pairs whose actuals are public under `records`.
pub fn public_pairs(plan: &Plan, records: &[PdcaRecord]) -> BTreeSet<(IndicatorId, FiscalYear)> {
    let published: BTreeSet<(&ProjectId, FiscalYear)> = records
        .iter()
        .filter(|r| r.state == State::Published)
        .filter_map(|r| match &r.subject {
            Subject::Project(p) => Some((p, r.fiscal_year)),
            Subject::PolicyItem(_) => None,
        })
        .collect();
    let mut pairs = BTreeSet::new();
    for (project, year) in published {
        for (p, table) in plan.tables() {
            if &p.id == project {
                pairs.extend(table.rows.iter().map(|row| (row.indicator.clone(), year)));
            }
        }
    }
    pairs
}

/// Keeps the actuals whose (indicator, year) is public.
pub fn only_published(
    plan: &Plan,
    records: &[PdcaRecord],
    actuals: Vec<RecordedActual>,
) -> Vec<RecordedActual> {
    let public = public_pairs(plan, records);
    actuals
        .into_iter()
        .filter(|a| public.contains(&(a.value.indicator.clone(), a.value.fiscal_year())))
        .collect()
}

impl App {
    /// The current actuals the public may see: those of published evaluations.
    pub async fn published_actuals(&self, code: &str) -> Result<Vec<RecordedActual>, AppError> {
        let plan = self.current_plan(code).await?;
        let records = self.store().pdca_records(code, None).await?;
        let actuals = self.current_actuals(code).await?;
        Ok(only_published(&plan, &records, actuals))
    }
}
