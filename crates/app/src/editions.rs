//! Editions of the rolling implementation plan: create the next one from the
//! newest, edit the draft, publish it, compare two, follow an indicator's
//! targets across editions. Published editions never change.

use crate::{Actor, App, AppError};
use keikaku_model::diff::{TargetPoint, target_history};
use keikaku_model::edition::{EditionError, next_edition, publish};
use keikaku_model::ids::IndicatorId;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_store::EditionRow;

fn invalid(e: EditionError) -> AppError {
    AppError::Invalid(vec![e.to_string()])
}

impl App {
    /// The editions of a municipality, oldest first.
    pub async fn editions(&self, code: &str) -> Result<Vec<EditionRow>, AppError> {
        Ok(self.store().editions(code).await?)
    }

    /// One edition's plan.
    pub async fn edition(&self, code: &str, id: &str) -> Result<Plan, AppError> {
        Ok(self.store().edition(code, id).await?)
    }

    /// Stores a reviewed plan (e.g. a plan file) as an edition.
    pub async fn put_plan(&self, plan: &Plan, actor: &Actor) -> Result<(), AppError> {
        Ok(self.store().put_edition(plan, &actor.0).await?)
    }

    /// Creates the draft of the next edition from `from` (default: the newest edition).
    pub async fn new_edition(
        &self,
        code: &str,
        from: Option<&str>,
        actor: &Actor,
    ) -> Result<Plan, AppError> {
        let source = match from {
            Some(id) => id.to_string(),
            None => self
                .editions(code)
                .await?
                .last()
                .map(|e| e.id.clone())
                .ok_or_else(|| {
                    AppError::NotFound(format!("municipality {code} has no edition to start from"))
                })?,
        };
        let current = self.edition(code, &source).await?;
        let next = next_edition(&current).map_err(invalid)?;
        if self
            .editions(code)
            .await?
            .iter()
            .any(|e| e.id == next.edition.id.as_str())
        {
            return Err(AppError::Invalid(vec![format!(
                "edition {} already exists",
                next.edition.id
            )]));
        }
        self.put_plan(&next, actor).await?;
        Ok(next)
    }

    /// Applies an edit to a draft edition and stores it.
    pub async fn edit_edition(
        &self,
        code: &str,
        id: &str,
        actor: &Actor,
        edit: impl FnOnce(&mut Plan) -> Result<(), EditionError>,
    ) -> Result<Plan, AppError> {
        let mut plan = self.edition(code, id).await?;
        edit(&mut plan).map_err(invalid)?;
        self.put_plan(&plan, actor).await?;
        Ok(plan)
    }

    /// Publishes a draft edition; from then on it cannot change.
    pub async fn publish_edition(
        &self,
        code: &str,
        id: &str,
        month: Period,
        actor: &Actor,
    ) -> Result<Plan, AppError> {
        self.edit_edition(code, id, actor, |plan| publish(plan, month))
            .await
    }

    /// An indicator's interim and final targets in every edition, oldest first.
    pub async fn target_history(
        &self,
        code: &str,
        indicator: &IndicatorId,
    ) -> Result<Vec<TargetPoint>, AppError> {
        let mut plans = Vec::new();
        for e in self.editions(code).await? {
            plans.push(self.edition(code, &e.id).await?);
        }
        let refs: Vec<&Plan> = plans.iter().collect();
        Ok(target_history(&refs, indicator))
    }
}
