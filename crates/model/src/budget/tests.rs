//! Arithmetic of single budget lines, checked against hand-computed values.

use super::*;
use std::str::FromStr;

fn line(initial: i64, supplementary: i64, settlement: Option<i64>) -> BudgetLine {
    BudgetLine {
        program: ProgramId::new("J-1").unwrap(),
        year: FiscalYear::new(2023).unwrap(),
        initial: Thousands::new(initial),
        supplementary: Thousands::new(supplementary),
        settlement: settlement.map(Thousands::new),
        funding: None,
        personnel: None,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn current_budget_total_cost_and_execution_rate() {
    let mut l = line(12_000, -500, Some(10_925));
    l.personnel = Some(Personnel {
        fte: dec("1.5"),
        unit_cost: Thousands::new(8_123),
    });
    assert_eq!(l.current_budget(), Ok(Thousands::new(11_500)));
    // 1.5 × 8,123 = 12,184.5 → 12,185 (half up)
    assert_eq!(l.personnel_cost(), Ok(Thousands::new(12_185)));
    assert_eq!(l.total_cost(), Ok(Thousands::new(10_925 + 12_185)));
    // 10,925 / 11,500 = 95.0 %
    assert_eq!(l.execution_rate(), Ok(Some(dec("95.0"))));
    assert!(l.check().is_ok());
}

#[test]
fn before_settlement_cost_is_on_budget_basis() {
    let l = line(3_000, 250, None);
    assert_eq!(l.spending(), Ok(Thousands::new(3_250)));
    assert_eq!(l.total_cost(), Ok(Thousands::new(3_250)));
    assert_eq!(l.execution_rate(), Ok(None));
}

#[test]
fn rate_rounds_half_up_to_one_decimal() {
    // 2 / 3 = 66.666… → 66.7
    assert_eq!(
        rate(Thousands::new(2), Thousands::new(3)),
        Some(dec("66.7"))
    );
    // 1 / 8 = 12.5 exactly
    assert_eq!(
        rate(Thousands::new(1), Thousands::new(8)),
        Some(dec("12.5"))
    );
    // 1 / 16 = 6.25 → 6.3
    assert_eq!(
        rate(Thousands::new(1), Thousands::new(16)),
        Some(dec("6.3"))
    );
    assert_eq!(rate(Thousands::new(1), Thousands::ZERO), None);
    // Whole percentages keep their one decimal place.
    let whole = rate(Thousands::new(1), Thousands::new(2)).unwrap();
    assert_eq!(whole.to_string(), "50.0");
}

#[test]
fn funding_must_add_up_to_the_current_budget() {
    let mut l = line(10_000, 2_000, None);
    l.funding = Some(Funding {
        general: Thousands::new(6_000),
        grants: Thousands::new(4_000),
        bonds: Thousands::new(1_500),
        other: Thousands::new(500),
    });
    assert!(l.check().is_ok());
    l.funding.as_mut().unwrap().other = Thousands::new(499);
    assert_eq!(
        l.check(),
        Err(BudgetError::FundingMismatch {
            sources: Thousands::new(11_999),
            budget: Thousands::new(12_000)
        })
    );
}

#[test]
fn refuses_negative_budgets_and_bad_fte() {
    assert!(matches!(
        line(-1, 0, None).check(),
        Err(BudgetError::Negative { .. })
    ));
    assert!(matches!(
        line(100, -101, None).check(),
        Err(BudgetError::Negative { .. })
    ));
    assert!(matches!(
        line(100, 0, Some(-5)).check(),
        Err(BudgetError::Negative { .. })
    ));
    let mut l = line(100, 0, None);
    l.personnel = Some(Personnel {
        fte: dec("0.125"),
        unit_cost: Thousands::new(8_000),
    });
    assert_eq!(l.check(), Err(BudgetError::BadFte(dec("0.125"))));
}

#[test]
fn personnel_cost_is_exact_for_large_values() {
    let p = Personnel {
        fte: dec("999.99"),
        unit_cost: Thousands::new(9_999_999),
    };
    // 999.99 × 9,999,999 = 9,999,999,000 − 99,999.99 = 9,999,899,000.01 → 9,999,899,000
    assert_eq!(p.cost(), Ok(Thousands::new(9_999_899_000)));
}
