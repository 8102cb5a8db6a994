//! Shared by the web tests: walks every project's evaluation of every year
//! with actuals through the PDCA workflow to publication, so the portal
//! (which shows only published evaluations) shows those actuals.

#![allow(dead_code)]

use keikaku_app::{Actor, App};
use keikaku_model::workflow::{Action, Decision, Subject};
use std::collections::BTreeSet;

/// Publishes every project's evaluation of every year that has actuals.
pub async fn publish_all(app: &App, code: &str) {
    let plan = app.current_plan(code).await.expect("plan");
    let years: BTreeSet<_> = app
        .current_actuals(code)
        .await
        .expect("actuals")
        .iter()
        .map(|a| a.value.fiscal_year())
        .collect();
    let actor = Actor("test:publisher".into());
    for year in years {
        for p in &plan.projects {
            let steps = [
                Action::EditSelfEvaluation("自己評価".into()),
                Action::Submit,
                Action::EditReview("評価".into()),
                Action::SetDecision(Decision::Continue),
                Action::Review,
                Action::Publish,
            ];
            for step in steps {
                app.pdca_apply(code, year, Subject::Project(p.id.clone()), step, &actor)
                    .await
                    .expect("workflow step");
            }
        }
    }
}

pub mod client;
