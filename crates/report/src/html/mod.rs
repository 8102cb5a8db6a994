//! The reports as self-contained HTML: one file each, `lang="ja"`, inline
//! CSS (with print rules for A4) and inline SVG charts, no external assets
//! and no scripts. Templates are askama files under `templates/report/`
//! with HTML escaping on: every text of the report model is escaped; only
//! the charts, which [`crate::chart`] writes with its own escaping, are
//! inserted as markup.

use crate::council::CouncilReport;
use crate::plan_summary::PlanSummary;
use askama::Template;

/// A template could not be rendered.
#[derive(Debug, thiserror::Error)]
#[error("cannot render the {report} as HTML: {source}")]
pub struct HtmlError {
    /// Which report.
    pub report: &'static str,
    /// What askama said.
    #[source]
    pub source: askama::Error,
}

#[derive(Template)]
#[template(path = "report/council.html")]
struct CouncilPage<'a> {
    title: &'a str,
    r: &'a CouncilReport,
}

#[derive(Template)]
#[template(path = "report/plan.html")]
struct PlanPage<'a> {
    title: &'a str,
    s: &'a PlanSummary,
}

/// The council report as one HTML document.
pub fn council(report: &CouncilReport) -> Result<String, HtmlError> {
    CouncilPage {
        title: &report.title,
        r: report,
    }
    .render()
    .map_err(|source| HtmlError {
        report: "council report",
        source,
    })
}

/// The plan summary as one HTML document.
pub fn plan_summary(summary: &PlanSummary) -> Result<String, HtmlError> {
    PlanPage {
        title: &summary.title,
        s: summary,
    }
    .render()
    .map_err(|source| HtmlError {
        report: "plan summary",
        source,
    })
}
