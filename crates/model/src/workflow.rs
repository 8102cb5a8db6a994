//! The yearly PDCA record of a project or policy item and the workflow it
//! goes through.
//!
//! Every fiscal year each subject (a cross-cutting project or a policy item
//! of the basic plan) gets a [`PdcaRecord`]: the department writes a
//! self-evaluation (自己評価) and submits it; the planning department writes
//! its review (評価) and a [`Decision`] on the subject's future (継続, 拡充,
//! 改善, 縮小, 廃止); the council (審議会) adds its comment; then the record is
//! published and final.
//!
//! ```text
//!            Submit                Review               Publish
//!   Draft ───────────► Submitted ──────────► Reviewed ──────────► Published
//!     ▲                    │                    │
//!     └──── ReturnToDraft ─┴────────────────────┘
//! ```
//!
//! [`apply`] is the only way to change a record: it checks the action
//! against the record's [`State`] and returns the new record with its
//! `version` increased, or a [`WorkflowError`] naming the state and what is
//! allowed in it. Who may do what (roles) is not modelled here.

use crate::fiscal_year::FiscalYear;
use crate::ids::{PolicyItemId, ProjectId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a PDCA record evaluates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A cross-cutting project, e.g. `P1`.
    Project(ProjectId),
    /// A policy item (中項目) of the basic plan, e.g. `F1-03`.
    PolicyItem(PolicyItemId),
}

impl fmt::Display for Subject {
    /// Writes the subject's ID.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Project(id) => write!(f, "{id}"),
            Subject::PolicyItem(id) => write!(f, "{id}"),
        }
    }
}

/// The decision on a subject's future (今後の方向性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 継続: continue as is.
    Continue,
    /// 拡充: expand.
    Expand,
    /// 改善: improve.
    Improve,
    /// 縮小: reduce.
    Reduce,
    /// 廃止: abolish.
    Abolish,
}

impl Decision {
    /// Every decision, in the order forms list them.
    pub const ALL: [Decision; 5] = [
        Decision::Continue,
        Decision::Expand,
        Decision::Improve,
        Decision::Reduce,
        Decision::Abolish,
    ];

    /// The Japanese term: 継続, 拡充, 改善, 縮小, 廃止.
    pub fn label_ja(self) -> &'static str {
        match self {
            Decision::Continue => "継続",
            Decision::Expand => "拡充",
            Decision::Improve => "改善",
            Decision::Reduce => "縮小",
            Decision::Abolish => "廃止",
        }
    }

    /// The English keyword: continue, expand, improve, reduce, abolish.
    pub fn label_en(self) -> &'static str {
        match self {
            Decision::Continue => "continue",
            Decision::Expand => "expand",
            Decision::Improve => "improve",
            Decision::Reduce => "reduce",
            Decision::Abolish => "abolish",
        }
    }
}

impl fmt::Display for Decision {
    /// Writes the Japanese term.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_ja())
    }
}

/// Why a text is not a [`Decision`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "「{0}」 is not a decision: expected 継続/continue, 拡充/expand, 改善/improve, 縮小/reduce or 廃止/abolish"
)]
pub struct DecisionError(pub String);

impl FromStr for Decision {
    type Err = DecisionError;

    /// Accepts the Japanese term or the English keyword (any case),
    /// surrounding spaces ignored: `継続`, `continue`, `Continue`.
    fn from_str(s: &str) -> Result<Self, DecisionError> {
        let t = s.trim();
        Decision::ALL
            .into_iter()
            .find(|d| d.label_ja() == t || d.label_en().eq_ignore_ascii_case(t))
            .ok_or_else(|| DecisionError(s.to_owned()))
    }
}

/// Where a record is in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 作成中: the department writes its self-evaluation.
    Draft,
    /// 提出済: submitted; the planning department reviews and decides.
    Submitted,
    /// 評価済: reviewed; the council may comment before publication.
    Reviewed,
    /// 公表済: published; final.
    Published,
}

impl State {
    /// Every state, in workflow order.
    pub const ALL: [State; 4] = [
        State::Draft,
        State::Submitted,
        State::Reviewed,
        State::Published,
    ];

    /// The Japanese term: 作成中, 提出済, 評価済, 公表済.
    pub fn label_ja(self) -> &'static str {
        match self {
            State::Draft => "作成中",
            State::Submitted => "提出済",
            State::Reviewed => "評価済",
            State::Published => "公表済",
        }
    }

    /// The English keyword: draft, submitted, reviewed, published.
    pub fn label_en(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Reviewed => "reviewed",
            State::Published => "published",
        }
    }

    /// The actions the workflow accepts in this state (each may still
    /// refuse for missing content, e.g. Submit without a self-evaluation).
    pub fn allowed_actions(self) -> &'static [ActionKind] {
        use ActionKind::*;
        match self {
            State::Draft => &[EditSelfEvaluation, Submit],
            State::Submitted => &[EditReview, SetDecision, Review, ReturnToDraft],
            State::Reviewed => &[EditCouncilComment, Publish, ReturnToDraft],
            State::Published => &[],
        }
    }
}

impl fmt::Display for State {
    /// Writes `draft (作成中)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label_en(), self.label_ja())
    }
}

/// One fiscal year's evaluation of a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdcaRecord {
    /// The fiscal year evaluated.
    pub fiscal_year: FiscalYear,
    /// What is evaluated.
    pub subject: Subject,
    /// The department's self-evaluation (自己評価).
    pub self_evaluation: Option<String>,
    /// The planning department's review (評価).
    pub review: Option<String>,
    /// The council's comment (審議会意見).
    pub council_comment: Option<String>,
    /// The decision on the subject's future.
    pub decision: Option<Decision>,
    /// Where the record is in the workflow.
    pub state: State,
    /// Increased by one on every change; for optimistic locking in storage.
    pub version: i64,
}

impl PdcaRecord {
    /// A new, empty draft record, version 1.
    pub fn new(fiscal_year: FiscalYear, subject: Subject) -> Self {
        PdcaRecord {
            fiscal_year,
            subject,
            self_evaluation: None,
            review: None,
            council_comment: None,
            decision: None,
            state: State::Draft,
            version: 1,
        }
    }
}

/// A change to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", content = "value", rename_all = "snake_case")]
pub enum Action {
    /// Writes the self-evaluation (Draft). Blank text clears it.
    EditSelfEvaluation(String),
    /// Submits the self-evaluation (Draft → Submitted); needs one.
    Submit,
    /// Writes the review (Submitted). Blank text clears it.
    EditReview(String),
    /// Sets the decision (Submitted).
    SetDecision(Decision),
    /// Completes the review (Submitted → Reviewed); needs a review and a
    /// decision.
    Review,
    /// Sends the record back to the department (Submitted or Reviewed →
    /// Draft), with a reason, which is required. The review, decision and
    /// comment are kept; the reason is for the caller's history (the record
    /// does not hold it).
    ReturnToDraft {
        /// Why it goes back.
        reason: String,
    },
    /// Writes the council's comment (Reviewed). Blank text clears it.
    EditCouncilComment(String),
    /// Publishes the record (Reviewed → Published); final.
    Publish,
}

/// The kind of an [`Action`], without its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// [`Action::EditSelfEvaluation`].
    EditSelfEvaluation,
    /// [`Action::Submit`].
    Submit,
    /// [`Action::EditReview`].
    EditReview,
    /// [`Action::SetDecision`].
    SetDecision,
    /// [`Action::Review`].
    Review,
    /// [`Action::ReturnToDraft`].
    ReturnToDraft,
    /// [`Action::EditCouncilComment`].
    EditCouncilComment,
    /// [`Action::Publish`].
    Publish,
}

impl ActionKind {
    /// Every kind.
    pub const ALL: [ActionKind; 8] = [
        ActionKind::EditSelfEvaluation,
        ActionKind::Submit,
        ActionKind::EditReview,
        ActionKind::SetDecision,
        ActionKind::Review,
        ActionKind::ReturnToDraft,
        ActionKind::EditCouncilComment,
        ActionKind::Publish,
    ];

    /// The English name, e.g. `edit the self-evaluation`.
    pub fn label_en(self) -> &'static str {
        match self {
            ActionKind::EditSelfEvaluation => "edit the self-evaluation",
            ActionKind::Submit => "submit",
            ActionKind::EditReview => "edit the review",
            ActionKind::SetDecision => "set the decision",
            ActionKind::Review => "complete the review",
            ActionKind::ReturnToDraft => "return to draft",
            ActionKind::EditCouncilComment => "edit the council comment",
            ActionKind::Publish => "publish",
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_en())
    }
}

impl Action {
    /// The action's kind.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::EditSelfEvaluation(_) => ActionKind::EditSelfEvaluation,
            Action::Submit => ActionKind::Submit,
            Action::EditReview(_) => ActionKind::EditReview,
            Action::SetDecision(_) => ActionKind::SetDecision,
            Action::Review => ActionKind::Review,
            Action::ReturnToDraft { .. } => ActionKind::ReturnToDraft,
            Action::EditCouncilComment(_) => ActionKind::EditCouncilComment,
            Action::Publish => ActionKind::Publish,
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The action is not possible in the record's state.
    #[error("cannot {action}: the record is {state}; {}", allowed_text(*.state))]
    NotAllowed {
        /// The record's state.
        state: State,
        /// The refused action.
        action: ActionKind,
    },
    /// Submit without a self-evaluation.
    #[error("cannot submit: the self-evaluation is empty; write it first (the record stays draft)")]
    MissingSelfEvaluation,
    /// Review without review text.
    #[error(
        "cannot complete the review: the review text is empty; write it first (the record stays submitted)"
    )]
    MissingReview,
    /// Review without a decision.
    #[error(
        "cannot complete the review: no decision (継続/拡充/改善/縮小/廃止) is set; set one first (the record stays submitted)"
    )]
    MissingDecision,
    /// Return to draft without a reason.
    #[error(
        "cannot return the record to draft without a reason: say what the department should change"
    )]
    MissingReason,
    /// The version counter is exhausted.
    #[error("the record's version {0} cannot be increased")]
    VersionOverflow(i64),
}

fn allowed_text(state: State) -> String {
    let allowed = state.allowed_actions();
    if allowed.is_empty() {
        return "a published record is final and accepts no action".to_owned();
    }
    let names: Vec<&str> = allowed.iter().map(|a| a.label_en()).collect();
    format!("allowed now: {}", names.join(", "))
}

/// `Some(trimmed)` for text with content, `None` for blank text.
fn text(s: String) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else if t.len() == s.len() {
        Some(s)
    } else {
        Some(t.to_owned())
    }
}

/// Applies an action to a record and returns the changed record, version
/// increased by one; the record given is never changed.
///
/// | state | accepts |
/// |---|---|
/// | Draft | EditSelfEvaluation; Submit (needs a self-evaluation) → Submitted |
/// | Submitted | EditReview, SetDecision; Review (needs review and decision) → Reviewed; ReturnToDraft → Draft |
/// | Reviewed | EditCouncilComment; Publish → Published; ReturnToDraft → Draft |
/// | Published | nothing |
pub fn apply(record: &PdcaRecord, action: Action) -> Result<PdcaRecord, WorkflowError> {
    let kind = action.kind();
    if !record.state.allowed_actions().contains(&kind) {
        return Err(WorkflowError::NotAllowed {
            state: record.state,
            action: kind,
        });
    }
    let version = record
        .version
        .checked_add(1)
        .ok_or(WorkflowError::VersionOverflow(record.version))?;
    let mut next = record.clone();
    next.version = version;
    match action {
        Action::EditSelfEvaluation(s) => next.self_evaluation = text(s),
        Action::Submit => {
            if next.self_evaluation.is_none() {
                return Err(WorkflowError::MissingSelfEvaluation);
            }
            next.state = State::Submitted;
        }
        Action::EditReview(s) => next.review = text(s),
        Action::SetDecision(d) => next.decision = Some(d),
        Action::Review => {
            if next.review.is_none() {
                return Err(WorkflowError::MissingReview);
            }
            if next.decision.is_none() {
                return Err(WorkflowError::MissingDecision);
            }
            next.state = State::Reviewed;
        }
        Action::ReturnToDraft { reason } => {
            if reason.trim().is_empty() {
                return Err(WorkflowError::MissingReason);
            }
            next.state = State::Draft;
        }
        Action::EditCouncilComment(s) => next.council_comment = text(s),
        Action::Publish => next.state = State::Published,
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_parse_in_both_languages() {
        for d in Decision::ALL {
            assert_eq!(d.label_ja().parse::<Decision>(), Ok(d));
            assert_eq!(d.label_en().parse::<Decision>(), Ok(d));
            assert_eq!(d.label_en().to_uppercase().parse::<Decision>(), Ok(d));
        }
        assert_eq!(" 継続 ".parse::<Decision>(), Ok(Decision::Continue));
        assert!("keep".parse::<Decision>().is_err());
        assert!("".parse::<Decision>().is_err());
    }

    fn record(state: State) -> PdcaRecord {
        let subject = ProjectId::new("P1").map(Subject::Project);
        let fiscal_year = FiscalYear::new(2023);
        let (Ok(subject), Ok(fiscal_year)) = (subject, fiscal_year) else {
            panic!("test subject");
        };
        PdcaRecord {
            self_evaluation: Some("移住件数は目標を上回った。".to_owned()),
            review: Some("相談体制の成果が出ている。".to_owned()),
            decision: Some(Decision::Expand),
            state,
            version: 7,
            ..PdcaRecord::new(fiscal_year, subject)
        }
    }

    fn action(kind: ActionKind) -> Action {
        match kind {
            ActionKind::EditSelfEvaluation => Action::EditSelfEvaluation("自己評価".to_owned()),
            ActionKind::Submit => Action::Submit,
            ActionKind::EditReview => Action::EditReview("評価".to_owned()),
            ActionKind::SetDecision => Action::SetDecision(Decision::Improve),
            ActionKind::Review => Action::Review,
            ActionKind::ReturnToDraft => Action::ReturnToDraft {
                reason: "数値の根拠を追記してください".to_owned(),
            },
            ActionKind::EditCouncilComment => Action::EditCouncilComment("意見".to_owned()),
            ActionKind::Publish => Action::Publish,
        }
    }

    /// Every (state, action) pair: `Some(state after)` when allowed, `None`
    /// when refused. Written out independently of `State::allowed_actions`.
    #[test]
    fn every_state_and_action() {
        use ActionKind as A;
        use State as S;
        let table: [(S, A, Option<S>); 32] = [
            (S::Draft, A::EditSelfEvaluation, Some(S::Draft)),
            (S::Draft, A::Submit, Some(S::Submitted)),
            (S::Draft, A::EditReview, None),
            (S::Draft, A::SetDecision, None),
            (S::Draft, A::Review, None),
            (S::Draft, A::ReturnToDraft, None),
            (S::Draft, A::EditCouncilComment, None),
            (S::Draft, A::Publish, None),
            (S::Submitted, A::EditSelfEvaluation, None),
            (S::Submitted, A::Submit, None),
            (S::Submitted, A::EditReview, Some(S::Submitted)),
            (S::Submitted, A::SetDecision, Some(S::Submitted)),
            (S::Submitted, A::Review, Some(S::Reviewed)),
            (S::Submitted, A::ReturnToDraft, Some(S::Draft)),
            (S::Submitted, A::EditCouncilComment, None),
            (S::Submitted, A::Publish, None),
            (S::Reviewed, A::EditSelfEvaluation, None),
            (S::Reviewed, A::Submit, None),
            (S::Reviewed, A::EditReview, None),
            (S::Reviewed, A::SetDecision, None),
            (S::Reviewed, A::Review, None),
            (S::Reviewed, A::ReturnToDraft, Some(S::Draft)),
            (S::Reviewed, A::EditCouncilComment, Some(S::Reviewed)),
            (S::Reviewed, A::Publish, Some(S::Published)),
            (S::Published, A::EditSelfEvaluation, None),
            (S::Published, A::Submit, None),
            (S::Published, A::EditReview, None),
            (S::Published, A::SetDecision, None),
            (S::Published, A::Review, None),
            (S::Published, A::ReturnToDraft, None),
            (S::Published, A::EditCouncilComment, None),
            (S::Published, A::Publish, None),
        ];
        for state in State::ALL {
            for kind in ActionKind::ALL {
                assert!(
                    table.iter().any(|(s, a, _)| *s == state && *a == kind),
                    "{state:?} {kind:?} missing from the table"
                );
            }
        }
        for (state, kind, expected) in table {
            let before = record(state);
            let result = apply(&before, action(kind));
            match (expected, result) {
                (Some(after), Ok(next)) => {
                    assert_eq!(next.state, after, "{state:?} {kind:?}");
                    assert_eq!(next.version, 8, "{state:?} {kind:?}");
                }
                (None, Err(WorkflowError::NotAllowed { state: s, action })) => {
                    assert_eq!((s, action), (state, kind));
                }
                (expected, result) => {
                    panic!("{state:?} {kind:?}: expected {expected:?}, got {result:?}")
                }
            }
            assert_eq!(before, record(state), "the record given never changes");
        }
    }

    #[test]
    fn refusals_name_the_state_and_what_is_allowed() {
        let err = apply(&record(State::Draft), Action::Publish).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some(
                "cannot publish: the record is draft (作成中); allowed now: edit the self-evaluation, submit"
            )
        );
        let err = apply(
            &record(State::Published),
            Action::EditCouncilComment("x".into()),
        )
        .err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some(
                "cannot edit the council comment: the record is published (公表済); a published record is final and accepts no action"
            )
        );
    }

    #[test]
    fn preconditions_of_the_transitions() {
        let mut empty = record(State::Draft);
        empty.self_evaluation = None;
        assert_eq!(
            apply(&empty, Action::Submit),
            Err(WorkflowError::MissingSelfEvaluation)
        );
        let blank = apply(
            &record(State::Draft),
            Action::EditSelfEvaluation("  ".into()),
        );
        assert_eq!(
            blank.and_then(|r| apply(&r, Action::Submit)),
            Err(WorkflowError::MissingSelfEvaluation)
        );
        let mut submitted = record(State::Submitted);
        submitted.decision = None;
        assert_eq!(
            apply(&submitted, Action::Review),
            Err(WorkflowError::MissingDecision)
        );
        submitted.review = None;
        assert_eq!(
            apply(&submitted, Action::Review),
            Err(WorkflowError::MissingReview)
        );
        let reason = Action::ReturnToDraft {
            reason: " ".to_owned(),
        };
        assert_eq!(
            apply(&record(State::Reviewed), reason),
            Err(WorkflowError::MissingReason)
        );
        let mut last = record(State::Draft);
        last.version = i64::MAX;
        assert_eq!(
            apply(&last, Action::Submit),
            Err(WorkflowError::VersionOverflow(i64::MAX))
        );
    }

    #[test]
    fn the_happy_path_with_one_return() {
        let (Ok(item), Ok(fy)) = (PolicyItemId::new("F1-03"), FiscalYear::new(2023)) else {
            panic!("test IDs");
        };
        let start = PdcaRecord::new(fy, Subject::PolicyItem(item));
        assert_eq!((start.state, start.version), (State::Draft, 1));
        let steps = [
            Action::EditSelfEvaluation("目標を達成した。".to_owned()),
            Action::Submit,
            Action::EditReview("成果は十分。".to_owned()),
            Action::SetDecision(Decision::Continue),
            Action::Review,
            Action::ReturnToDraft {
                reason: "根拠を追記".to_owned(),
            },
            Action::EditSelfEvaluation("目標を達成した（統計値による）。".to_owned()),
            Action::Submit,
            Action::Review,
            Action::EditCouncilComment("妥当である。".to_owned()),
            Action::Publish,
        ];
        let mut r = start;
        for step in steps {
            r = apply(&r, step.clone()).unwrap_or_else(|e| panic!("{step:?}: {e}"));
        }
        assert_eq!(r.state, State::Published);
        assert_eq!(r.version, 12);
        assert_eq!(
            r.self_evaluation.as_deref(),
            Some("目標を達成した（統計値による）。")
        );
        assert_eq!(r.review.as_deref(), Some("成果は十分。"));
        assert_eq!(r.decision, Some(Decision::Continue));
        assert_eq!(r.council_comment.as_deref(), Some("妥当である。"));
        assert_eq!(r.subject.to_string(), "F1-03");
        for kind in ActionKind::ALL {
            assert!(
                apply(&r, action(kind)).is_err(),
                "{kind:?} after publication"
            );
        }
    }

    #[test]
    fn records_and_actions_round_trip_through_json() {
        let r = record(State::Submitted);
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(json.contains(r#""subject":{"project":"P1"}"#), "{json}");
        assert!(json.contains(r#""decision":"expand""#), "{json}");
        let back: Result<PdcaRecord, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(r));
        for kind in ActionKind::ALL {
            let a = action(kind);
            let json = serde_json::to_string(&a).unwrap_or_default();
            let back: Result<Action, _> = serde_json::from_str(&json);
            assert_eq!(back.ok(), Some(a), "{json}");
        }
    }

    #[test]
    fn blank_text_clears() {
        assert_eq!(text("  ".to_owned()), None);
        assert_eq!(text(" a ".to_owned()).as_deref(), Some("a"));
    }
}
