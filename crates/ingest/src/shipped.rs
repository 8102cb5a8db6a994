//! The plan keikaku ships with: Tsuruoka City's implementation plan
//! FY2022–FY2024, imported from the published summary edition and reviewed.
//! It is compiled into the binary and is the default dataset.

use crate::error::PlanFileError;
use crate::planfile::from_toml;
use keikaku_model::plan::Plan;

/// The shipped plan file's text.
pub const TSURUOKA_2022: &str = include_str!("../../../data/plans/tsuruoka-2022.toml");

/// The shipped Tsuruoka plan.
pub fn tsuruoka() -> Result<Plan, PlanFileError> {
    from_toml(TSURUOKA_2022)
}
