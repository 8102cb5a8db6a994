//! PDCA records: the department's self-evaluation, the planning
//! department's review and decision, the council's comment, publication.
//! The workflow's rules live in `keikaku_model::workflow`; this applies an
//! action to the stored record and saves the result atomically.

use crate::{Actor, App, AppError};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::workflow::{Action, PdcaRecord, Subject, apply};

fn action_name(a: &Action) -> &'static str {
    match a {
        Action::EditSelfEvaluation(_) => "edit_self_evaluation",
        Action::Submit => "submit",
        Action::EditReview(_) => "edit_review",
        Action::SetDecision(_) => "set_decision",
        Action::Review => "review",
        Action::ReturnToDraft { .. } => "return_to_draft",
        Action::EditCouncilComment(_) => "edit_council_comment",
        Action::Publish => "publish",
    }
}

impl App {
    /// Applies a workflow action to the record of a subject and year (creating
    /// the draft record on first use) and saves it.
    pub async fn pdca_apply(
        &self,
        code: &str,
        year: FiscalYear,
        subject: Subject,
        action: Action,
        actor: &Actor,
    ) -> Result<PdcaRecord, AppError> {
        let plan = self.current_plan(code).await?;
        let known = match &subject {
            Subject::Project(id) => plan.project(id).is_some(),
            Subject::PolicyItem(id) => plan
                .fields
                .iter()
                .flat_map(|f| &f.items)
                .any(|i| &i.id == id),
        };
        if !known {
            return Err(AppError::NotFound(format!(
                "{subject} is not a project or policy item of edition {}",
                plan.edition.id
            )));
        }
        let name = action_name(&action);
        let current = self
            .store()
            .pdca_record(code, year.year(), &subject)
            .await?;
        let base = match current {
            Some(r) => r,
            None => {
                let fresh = PdcaRecord::new(year, subject);
                self.store()
                    .save_pdca(code, &fresh, "create", &actor.0)
                    .await?;
                fresh
            }
        };
        let next = apply(&base, action).map_err(|e| AppError::Invalid(vec![e.to_string()]))?;
        self.store().save_pdca(code, &next, name, &actor.0).await?;
        Ok(next)
    }

    /// The records of a year.
    pub async fn pdca_records(
        &self,
        code: &str,
        year: Option<FiscalYear>,
    ) -> Result<Vec<PdcaRecord>, AppError> {
        Ok(self
            .store()
            .pdca_records(code, year.map(FiscalYear::year))
            .await?)
    }
}
