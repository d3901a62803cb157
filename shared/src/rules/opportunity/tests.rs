use super::*;
use crate::ids::ClaimNumber;
use crate::model::{ClaimedBy, Segment, Sku, Workload};
use crate::testdata::{tenant, workload};
use proptest::prelude::*;

#[derive(Clone, Copy, Debug)]
enum Claim {
    Us,
    Other,
    None,
}

fn row(mau: u64, pau: u64, claim: Claim, incentivized: bool) -> WorkloadUsage {
    let t = tenant(1, "Contoso", Segment::Enterprise);
    let by = match claim {
        Claim::Us => Some(ClaimedBy::Us),
        Claim::Other => Some(ClaimedBy::Other),
        Claim::None => None,
    };
    let mut w = workload(&t, "Teams", mau, pau, by, None);
    if matches!(claim, Claim::Us) {
        w.claim_number = Some(ClaimNumber("C-1".into()));
    }
    w.incentivized = incentivized;
    w.rate_per_unit = Some(Money::parse("4.50").unwrap());
    w
}

fn tp(v: Option<f64>) -> Traced<Option<Ratio>> {
    let step = match v {
        Some(v) => format!("tipping point {}", Ratio(v)),
        None => "no tipping point".to_string(),
    };
    Traced::new(v.map(Ratio), Trace::new().with(step))
}

fn eval(w: &WorkloadUsage, t: Option<f64>) -> WorkloadEvaluation {
    evaluate(w, tp(t), &RulesConfig::default())
}

use Opportunity as O;
use UsageThreshold as T;

/// (case, MAU, PAU, claim, incentivized, tipping point, usage %, eligible, threshold, opportunity)
type BranchCase = (
    &'static str,
    u64,
    u64,
    Claim,
    bool,
    Option<f64>,
    &'static str,
    bool,
    T,
    O,
);

#[test]
fn every_boundary_and_branch() {
    #[rustfmt::skip]
    let cases: Vec<BranchCase> = vec![
        ("PAU 149", 149, 149, Claim::Us, true, Some(0.35), "100.0%", false, T::NotApplicable, O::Upsell),
        ("PAU 150", 150, 150, Claim::Us, true, Some(0.35), "100.0%", true, T::Above, O::ClaimIncentives),
        ("PAU 0 (missing)", 0, 0, Claim::Us, true, Some(0.35), "–", false, T::NotApplicable, O::Upsell),
        ("MAU without PAU", 5, 0, Claim::Us, true, Some(0.35), "–", false, T::NotApplicable, O::Upsell),
        ("usage exactly at the tipping point", 70, 200, Claim::Us, true, Some(0.35), "35.0%", true, T::Above, O::ClaimIncentives),
        ("one user short", 69, 200, Claim::Us, true, Some(0.35), "34.5%", true, T::Below, O::DriveUsageAndClaimIncentives),
        ("exactly at a tipping point f64 can't hold", 143, 500, Claim::Us, true, Some(28.6 / 100.0), "28.6%", true, T::Above, O::ClaimIncentives),
        ("MAU > PAU is capped", 300, 200, Claim::Us, true, Some(0.9), "100.0%", true, T::Above, O::ClaimIncentives),
        ("tipping point 0%", 0, 200, Claim::Us, true, Some(0.0), "0.0%", true, T::Above, O::ClaimIncentives),
        ("missing tipping point, claimed", 100, 200, Claim::Us, true, None, "50.0%", true, T::NotApplicable, O::NotApplicable),
        ("missing tipping point, not incentivized", 100, 200, Claim::Us, false, None, "50.0%", true, T::NotApplicable, O::NotApplicable),
        ("missing tipping point, ineligible", 10, 100, Claim::Us, true, None, "10.0%", false, T::NotApplicable, O::Upsell),
        ("unclaimed, eligible", 100, 200, Claim::None, true, Some(0.35), "50.0%", true, T::Above, O::ClaimWorkload),
        ("unclaimed, no tipping point", 100, 200, Claim::None, false, None, "50.0%", true, T::NotApplicable, O::ClaimWorkload),
        ("unclaimed, ineligible", 10, 100, Claim::None, true, Some(0.35), "10.0%", false, T::NotApplicable, O::Upsell),
        ("not incentivized, Below", 50, 200, Claim::Us, false, Some(0.35), "25.0%", true, T::Below, O::DriveUsage),
        ("not incentivized, Above", 150, 200, Claim::Us, false, Some(0.35), "75.0%", true, T::Above, O::Upsell),
        ("claimed by another partner", 150, 200, Claim::Other, true, Some(0.35), "75.0%", true, T::Above, O::NotApplicable),
    ];
    for (name, mau, pau, claim, inc, t, usage, eligible, threshold, opportunity) in cases {
        let e = eval(&row(mau, pau, claim, inc), t);
        assert_eq!(
            crate::format::percent(e.usage.value),
            usage,
            "{name}: usage"
        );
        assert_eq!(e.eligible.value, eligible, "{name}: eligible");
        assert_eq!(e.threshold.value, threshold, "{name}: threshold");
        assert_eq!(e.opportunity.value, opportunity, "{name}: opportunity");
        assert_eq!(
            e.opportunity.trace.last(),
            Some(format!("→ {}", opportunity.label()).as_str()),
            "{name}: the trace ends on its conclusion"
        );
    }
}

/// (case, PAU, claim, incentivized, Prior HWM, Starting HWM, units, earnings)
type HwmCase = (
    &'static str,
    u64,
    Claim,
    bool,
    Option<u64>,
    Option<u64>,
    u64,
    &'static str,
);

#[test]
fn opportunity_units_and_earnings_fall_back_through_the_hwms() {
    #[rustfmt::skip]
    let cases: Vec<HwmCase> = vec![
        ("Prior HWM is the baseline", 200, Claim::Us, true, Some(180), Some(100), 20, "90.00"),
        ("else Starting HWM", 200, Claim::Us, true, None, Some(120), 80, "360.00"),
        ("else 0", 200, Claim::Us, true, None, None, 200, "900.00"),
        ("PAU below the baseline", 200, Claim::Us, true, Some(250), None, 0, "0.00"),
        ("PAU at the baseline", 200, Claim::Us, true, Some(200), None, 0, "0.00"),
        ("unclaimed still counts", 200, Claim::None, true, Some(150), None, 50, "225.00"),
        ("claimed by another partner", 200, Claim::Other, true, Some(150), None, 0, "0.00"),
        ("not incentivized", 200, Claim::Us, false, Some(150), None, 0, "0.00"),
        ("ineligible", 149, Claim::Us, true, None, None, 0, "0.00"),
        ("PAU 150 is eligible", 150, Claim::Us, true, None, None, 150, "675.00"),
    ];
    for (name, pau, claim, inc, prior, starting, units, earnings) in cases {
        let mut w = row(100, pau, claim, inc);
        w.prior_hwm = prior;
        w.starting_hwm = starting;
        let e = eval(&w, Some(0.35));
        assert_eq!(e.opportunity_units.value, units, "{name}: units");
        assert_eq!(
            e.potential_earnings.value.unwrap().to_string(),
            earnings,
            "{name}: earnings"
        );
    }
}

#[test]
fn a_negative_rate_earns_nothing() {
    let mut w = row(100, 200, Claim::Us, true);
    w.rate_per_unit = Some(Money::parse("-1.00").unwrap());
    let e = eval(&w, Some(0.35));
    assert_eq!(e.opportunity_units.value, 200);
    assert_eq!(e.potential_earnings.value, Some(Money::ZERO));
    assert_eq!(
        e.potential_earnings.trace.last(),
        Some("rate per unit -1.00 is negative → 0.00 potential earnings")
    );
}

#[test]
fn at_risk_is_below_under_half_the_tipping_point() {
    // (case, MAU, PAU, tipping point, at risk)
    let cases: Vec<(&str, u64, u64, Option<f64>, bool)> = vec![
        ("under half", 39, 200, Some(0.4), true),
        ("exactly half", 40, 200, Some(0.4), false),
        ("Below, above half", 60, 200, Some(0.4), false),
        ("Above", 100, 200, Some(0.4), false),
        ("ineligible", 0, 100, Some(0.4), false),
        ("no tipping point", 0, 200, None, false),
        ("no usage at all", 0, 200, Some(0.4), true),
    ];
    for (name, mau, pau, t, at_risk) in cases {
        let e = eval(&row(mau, pau, Claim::Us, true), t);
        assert_eq!(e.at_risk.value, at_risk, "{name}");
    }
}

#[test]
fn traces_explain_each_value() {
    let e = eval(&row(100, 140, Claim::Us, true), Some(0.35));
    assert_eq!(
        e.opportunity.trace.to_string(),
        "PAU 140 < 150 → ineligible → Upsell"
    );
    assert_eq!(
        e.threshold.trace.to_string(),
        "PAU 140 < 150 → ineligible; threshold can't be determined → N/A"
    );
    assert_eq!(e.usage.trace.to_string(), "MAU 100 / PAU 140 = 71.4%");
    assert_eq!(
        e.opportunity_units.trace.to_string(),
        "PAU 140 < 150 → ineligible → 0 opportunity units"
    );

    let mut w = row(70, 200, Claim::Us, true);
    w.prior_hwm = Some(180);
    let e = eval(&w, Some(0.35));
    assert_eq!(
        e.opportunity.trace.to_vec(),
        [
            "PAU 200 ≥ 150 → eligible",
            "claimed by us (C-1)",
            "incentivized",
            "tipping point 35.0%",
            "usage 70/200 = 35.0% ≥ tipping point 35.0% → Above",
            "→ Claim incentives",
        ]
    );
    assert_eq!(
        e.potential_earnings.trace.to_vec(),
        [
            "PAU 200 ≥ 150 → eligible",
            "incentivized",
            "baseline = Prior HWM 180",
            "PAU 200 − 180 = 20 opportunity units",
            "20 units × 4.50 per unit = 90.00",
        ]
    );
    assert_eq!(e.tipping_point.trace.to_string(), "tipping point 35.0%");

    let e = eval(&row(0, 0, Claim::None, false), None);
    assert_eq!(e.usage.trace.to_string(), "PAU 0 → usage undefined (–)");
    assert_eq!(
        e.opportunity.trace.to_string(),
        "no PAU → ineligible → Upsell"
    );

    let e = eval(&row(100, 200, Claim::Us, true), None);
    assert_eq!(
        e.opportunity.trace.to_string(),
        "PAU 200 ≥ 150 → eligible; claimed by us (C-1); incentivized; no tipping point \
         → threshold N/A → N/A"
    );

    let e = eval(&row(300, 200, Claim::Us, true), Some(0.9));
    assert_eq!(
        e.threshold.trace.last(),
        Some("usage 100.0% (capped) ≥ tipping point 90.0% → Above")
    );

    let e = eval(&row(300, 200, Claim::None, false), None);
    assert_eq!(
        e.usage.trace.to_string(),
        "MAU 300 > PAU 200 → usage capped at 100.0%"
    );
    assert_eq!(
        e.opportunity.trace.to_string(),
        "PAU 200 ≥ 150 → eligible; not claimed → Claim workload"
    );

    let e = eval(&row(10, 200, Claim::Us, false), Some(0.4));
    assert_eq!(
        e.at_risk.trace.to_string(),
        "Below; usage 10/200 = 5.0% < 50.0% × tipping point 40.0% = 20.0% → at risk"
    );
    assert_eq!(
        e.opportunity.trace.to_string(),
        "PAU 200 ≥ 150 → eligible; claimed by us (C-1); not incentivized; tipping point 40.0%; \
         usage 10/200 = 5.0% < tipping point 40.0% → Below → Drive usage"
    );
}

#[test]
fn the_threshold_configuration_is_honoured() {
    let config = RulesConfig {
        min_pau: 100,
        at_risk_fraction: 0.25,
        ..RulesConfig::default()
    };
    let e = evaluate(&row(30, 120, Claim::Us, true), tp(Some(0.4)), &config);
    assert!(e.eligible.value);
    assert_eq!(e.threshold.value, T::Below);
    assert!(!e.at_risk.value, "25% usage is not under 25% × 40% = 10%");
    let zero_min = RulesConfig {
        min_pau: 0,
        ..RulesConfig::default()
    };
    let e = evaluate(&row(0, 0, Claim::Us, true), tp(Some(0.4)), &zero_min);
    assert!(!e.eligible.value, "no PAU is never eligible");
}

#[test]
fn evaluate_in_looks_the_tipping_point_up_by_segment_and_sku() {
    let table = TippingPointTable::default_table();
    let mut w = row(70, 200, Claim::Us, true);
    w.workload = Workload::new("teams");
    w.sku = Sku::E3;
    let e = evaluate_in(&w, Segment::Smc, &table, &RulesConfig::default());
    assert_eq!(e.tipping_point.value, Some(Ratio(0.66)));
    assert_eq!(e.threshold.value, T::Below);
    w.workload = Workload::new("Intune");
    w.sku = Sku::Office365;
    let e = evaluate_in(&w, Segment::Smc, &table, &RulesConfig::default());
    assert_eq!(e.tipping_point.value, None);
    assert_eq!(e.threshold.value, T::NotApplicable);
    assert_eq!(e.opportunity.value, O::NotApplicable);
}

#[test]
fn labels_round_trip() {
    assert_eq!(
        Opportunity::ALL.map(Opportunity::label),
        [
            "Upsell",
            "Claim workload",
            "Claim incentives",
            "Drive usage and claim incentives",
            "Drive usage",
            "N/A"
        ]
    );
    assert_eq!(
        UsageThreshold::ALL.map(UsageThreshold::label),
        ["Above", "Below", "N/A"]
    );
    for o in Opportunity::ALL {
        assert_eq!(Opportunity::parse(&o.label().to_uppercase()), Some(o));
    }
    for t in UsageThreshold::ALL {
        assert_eq!(UsageThreshold::parse(t.label()), Some(t));
    }
    assert_eq!(Opportunity::parse("nope"), None);
}

fn claim_strategy() -> impl Strategy<Value = Claim> {
    prop_oneof![Just(Claim::Us), Just(Claim::Other), Just(Claim::None)]
}

proptest! {
    #[test]
    fn invariants_hold_for_any_row(
        mau in 0u64..5_000,
        pau in 0u64..5_000,
        claim in claim_strategy(),
        incentivized: bool,
        tp_permille in proptest::option::of(0u32..=900),
        rate_cents in -1_000i64..10_000,
        prior in proptest::option::of(0u64..6_000),
        starting in proptest::option::of(0u64..6_000),
    ) {
        let mut w = row(mau, pau, claim, incentivized);
        w.rate_per_unit = Some(Money(rate_cents));
        w.prior_hwm = prior;
        w.starting_hwm = starting;
        let e = eval(&w, tp_permille.map(|p| f64::from(p) / 1000.0));
        if let Some(u) = e.usage.value {
            prop_assert!((0.0..=1.0).contains(&u.value()));
        }
        prop_assert!(e.potential_earnings.value >= Some(Money::ZERO));
        prop_assert!(e.opportunity_units.value <= pau);
        prop_assert!(Opportunity::ALL.iter().any(|o| o.label() == e.opportunity.value.label()));
        prop_assert!(["Upsell", "Claim workload", "Claim incentives",
            "Drive usage and claim incentives", "Drive usage", "N/A"]
            .contains(&e.opportunity.value.label()));
        prop_assert_eq!(e.eligible.value, pau >= 150);
        if !e.eligible.value {
            prop_assert_eq!(e.threshold.value, T::NotApplicable);
            prop_assert_eq!(e.opportunity.value, O::Upsell);
        }
        if e.at_risk.value {
            prop_assert_eq!(e.threshold.value, T::Below);
        }
        prop_assert!(!e.opportunity.trace.is_empty() && !e.threshold.trace.is_empty());
    }

    /// Exactly the integer comparison of MAU/PAU with a tipping point of whole tenths of a
    /// percent, whatever the float rounding of either.
    #[test]
    fn usage_reaches_is_exact(mau in 0u64..100_000, pau in 1u64..100_000, permille in 0u64..=1000) {
        let tp = Ratio(permille as f64 / 1000.0);
        let exact = u128::from(mau.min(pau)) * 1000 >= u128::from(permille) * u128::from(pau);
        prop_assert_eq!(usage_reaches(mau, pau, tp), Some(exact));
    }
}

#[test]
fn usage_reaches_is_undefined_without_pau() {
    assert_eq!(usage_reaches(5, 0, Ratio(0.0)), None);
    assert_eq!(usage_reaches(u64::MAX, u64::MAX, Ratio(1.0)), Some(true));
    assert_eq!(usage_reaches(1, 2, Ratio(f64::INFINITY)), Some(false));
    assert_eq!(
        usage_reaches(0, 2, Ratio(f64::NAN)),
        Some(true),
        "NaN counts as 0"
    );
}
