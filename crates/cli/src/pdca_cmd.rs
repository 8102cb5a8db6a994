//! `keikaku pdca`: the yearly evaluation records of projects and policy
//! items — self-evaluation, review and decision, council comment, publication.

use crate::db::DbArgs;
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{PolicyItemId, ProjectId};
use keikaku_model::workflow::{Action, Decision, PdcaRecord, Subject};

/// Which record.
#[derive(Debug, Args)]
pub struct Target {
    /// Fiscal year evaluated, e.g. 2024.
    #[arg(long)]
    year: FiscalYear,
    /// A project, e.g. P1.
    #[arg(long, conflicts_with = "policy_item")]
    project: Option<String>,
    /// A policy item, e.g. F2-05.
    #[arg(long)]
    policy_item: Option<String>,
}

impl Target {
    fn subject(&self) -> Result<Subject> {
        Ok(match (&self.project, &self.policy_item) {
            (Some(p), None) => Subject::Project(ProjectId::new(p.clone())?),
            (None, Some(i)) => Subject::PolicyItem(PolicyItemId::new(i.clone())?),
            _ => bail!("give --project or --policy-item"),
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum PdcaCommand {
    /// List the records of a year with their state.
    List {
        /// Fiscal year.
        #[arg(long)]
        year: Option<FiscalYear>,
    },
    /// Write the department's self-evaluation (draft).
    SelfEvaluate {
        #[command(flatten)]
        target: Target,
        /// The text.
        #[arg(long)]
        text: String,
    },
    /// Submit the self-evaluation to the planning department.
    Submit {
        #[command(flatten)]
        target: Target,
    },
    /// Write the planning department's review and decision, and complete the review.
    Review {
        #[command(flatten)]
        target: Target,
        /// The review text.
        #[arg(long)]
        text: String,
        /// 継続 / 拡充 / 改善 / 縮小 / 廃止 (or continue / expand / improve / reduce / abolish).
        #[arg(long)]
        decision: Decision,
    },
    /// Send a submitted or reviewed record back to the department.
    Return {
        #[command(flatten)]
        target: Target,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Write the council's comment on a reviewed record.
    Comment {
        #[command(flatten)]
        target: Target,
        /// The comment.
        #[arg(long)]
        text: String,
    },
    /// Publish a reviewed record (final).
    Publish {
        #[command(flatten)]
        target: Target,
    },
}

fn print(r: &PdcaRecord) {
    println!(
        "FY{} {} [{}] v{}\n  自己評価: {}\n  評価: {}\n  方向性: {}\n  審議会意見: {}",
        r.fiscal_year.year(),
        r.subject,
        r.state.label_ja(),
        r.version,
        r.self_evaluation.as_deref().unwrap_or("—"),
        r.review.as_deref().unwrap_or("—"),
        r.decision.map_or("—", |d| d.label_ja()),
        r.council_comment.as_deref().unwrap_or("—"),
    );
}

pub async fn run(cmd: &PdcaCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    let actor = db.actor();
    let steps: (&Target, Vec<Action>) = match cmd {
        PdcaCommand::List { year } => {
            for r in app.pdca_records(&code, *year).await? {
                print(&r);
            }
            return Ok(());
        }
        PdcaCommand::SelfEvaluate { target, text } => {
            (target, vec![Action::EditSelfEvaluation(text.clone())])
        }
        PdcaCommand::Submit { target } => (target, vec![Action::Submit]),
        PdcaCommand::Review {
            target,
            text,
            decision,
        } => (
            target,
            vec![
                Action::EditReview(text.clone()),
                Action::SetDecision(*decision),
                Action::Review,
            ],
        ),
        PdcaCommand::Return { target, reason } => (
            target,
            vec![Action::ReturnToDraft {
                reason: reason.clone(),
            }],
        ),
        PdcaCommand::Comment { target, text } => {
            (target, vec![Action::EditCouncilComment(text.clone())])
        }
        PdcaCommand::Publish { target } => (target, vec![Action::Publish]),
    };
    let (target, actions) = steps;
    let subject = target.subject()?;
    let mut last = None;
    for action in actions {
        last = Some(
            app.pdca_apply(&code, target.year, subject.clone(), action, &actor)
                .await?,
        );
    }
    if let Some(r) = last {
        print(&r);
    }
    Ok(())
}
