//! PDCA records as the council reads them, and the count of decisions.

use super::model::{DecisionCount, PdcaView};
use keikaku_model::workflow::{Decision, PdcaRecord, Subject};

/// A record's texts, state and decision. Blank texts count as absent.
pub fn pdca_view(r: &PdcaRecord) -> PdcaView {
    let text = |t: &Option<String>| t.as_ref().filter(|s| !s.trim().is_empty()).cloned();
    PdcaView {
        state: r.state.label_ja().to_owned(),
        self_evaluation: text(&r.self_evaluation),
        review: text(&r.review),
        decision: r.decision.map(|d| d.label_ja().to_owned()),
        council_comment: text(&r.council_comment),
    }
}

/// The record of a subject, if any (the last one given wins).
pub fn record_of<'a>(records: &'a [PdcaRecord], subject: &Subject) -> Option<&'a PdcaRecord> {
    records.iter().rfind(|r| &r.subject == subject)
}

/// How many records carry each decision, in [`Decision::ALL`] order.
pub fn decision_counts(records: &[PdcaRecord]) -> Vec<DecisionCount> {
    Decision::ALL
        .into_iter()
        .map(|d| DecisionCount {
            decision: d.label_ja().to_owned(),
            count: records.iter().filter(|r| r.decision == Some(d)).count(),
        })
        .collect()
}
