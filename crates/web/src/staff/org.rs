//! The organisation page `/staff/org/`: the department tree of a fiscal
//! year (with sections), the recorded reorganisations, and the department
//! accounts that need reassigning after a split. The planning department
//! and administrators record renames, merges, splits and sections here.
//!
//! [`this_year`] is the one place the workspace reads the clock for
//! permissions: actions are decided on the organisation of the fiscal year
//! they are taken in.

use keikaku_model::fiscal_year::FiscalYear;

/// The fiscal year of today in Japan (April–March).
pub fn this_year() -> FiscalYear {
    keikaku_app::org::fiscal_year_at(super::now())
}
