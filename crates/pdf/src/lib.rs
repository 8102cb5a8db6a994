//! keikaku's PDF reports: the council report and the plan summary of
//! `keikaku-report`, typeset in-process with typst as a library, A4, with
//! Japanese fonts subset-embedded and the charts embedded as vector
//! graphics. A separate crate so that nothing else compiles typst.
//!
//! User text never becomes typst markup: the report model is handed to the
//! template as a JSON file (`/data.json`) that the template reads with
//! `json()`, and strings from it are inserted as text values. A
//! self-evaluation reading `#emph[x]` or `<script>` prints exactly that.
//!
//! ```no_run
//! fn summary_pdf(plan: &keikaku_model::plan::Plan) -> Result<Vec<u8>, keikaku_pdf::PdfError> {
//!     let fonts = keikaku_pdf::Fonts::discover()?;
//!     let summary = keikaku_report::plan_summary::build(plan);
//!     keikaku_pdf::plan_summary(&summary, &fonts)
//! }
//! ```

mod error;
mod fonts;
mod world;

pub use error::PdfError;
pub use fonts::{DEBIAN_CANDIDATES, FALLBACK_CANDIDATES, FONT_DIR_ENV, Fonts};

use keikaku_report::council::CouncilReport;
use keikaku_report::plan_summary::PlanSummary;
use serde::Serialize;
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst_layout::PagedDocument;
use world::ReportWorld;

/// Template code shared by the reports.
const COMMON: &str = include_str!("typst/common.typ");
/// The council report's template.
const COUNCIL: &str = include_str!("typst/council.typ");
/// The plan summary's template.
const PLAN: &str = include_str!("typst/plan.typ");

/// What the templates read from `/data.json`.
#[derive(Serialize)]
struct Data<'a, T: Serialize> {
    /// Font families to ask for, Japanese first.
    fonts: &'a [String],
    /// The report model.
    report: &'a T,
}

/// The council report as PDF bytes.
pub fn council(report: &CouncilReport, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render("council report", COUNCIL, report, fonts)
}

/// The plan summary as PDF bytes.
pub fn plan_summary(summary: &PlanSummary, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    render("plan summary", PLAN, summary, fonts)
}

fn render<T: Serialize>(
    report: &'static str,
    template: &str,
    data: &T,
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    let json = serde_json::to_vec(&Data {
        fonts: fonts.families(),
        report: data,
    })?;
    let typeset = |message: String| PdfError::Typeset { report, message };
    let world = ReportWorld::new(
        fonts,
        template,
        &[("/common.typ", COMMON)],
        vec![("/data.json", json)],
    )
    .map_err(|e| typeset(e.to_string()))?;
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|d| typeset(diagnostics(&world, &d)))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("keikaku-{report}")),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|d| typeset(diagnostics(&world, &d)))
}

/// The diagnostics as text: message, position in the template, hints.
fn diagnostics(world: &ReportWorld, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let at = world
                .range(d.span)
                .map(|r| format!(" (template bytes {}..{})", r.start, r.end))
                .unwrap_or_default();
            let hints: String = d.hints.iter().map(|h| format!("; hint: {}", h.v)).collect();
            format!("{}{at}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
