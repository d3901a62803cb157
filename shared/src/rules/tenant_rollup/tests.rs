use super::*;
use uuid::Uuid;

use Opportunity as O;
use UsageThreshold as T;

/// Owns what outcomes borrow.
struct Fixture {
    workloads: Vec<Workload>,
    skus: Vec<Sku>,
}

const NAMES: [&str; 8] = [
    "Exchange Online",
    "SharePoint Online",
    "OneDrive",
    "Teams",
    "Microsoft 365 Apps",
    "Intune",
    "Entra ID P1",
    "Viva Engage",
];

fn fixture() -> Fixture {
    Fixture {
        workloads: NAMES.iter().map(|n| Workload::new(n)).collect(),
        skus: Sku::MODELLED.to_vec(),
    }
}

fn tid(n: u128) -> TenantId {
    TenantId(Uuid::from_u128(n))
}

impl Fixture {
    /// Workload `i` of tenant `tenant` with the given SKU (0 = O365, 1 = E3, 2 = E5).
    // Positional on purpose: each fixture outcome stays one line of a table that reads
    // column by column.
    #[allow(clippy::too_many_arguments)]
    fn o(
        &self,
        tenant: u128,
        i: usize,
        sku: usize,
        mau: u64,
        pau: u64,
        threshold: T,
        opportunity: O,
        earnings: i64,
    ) -> WorkloadOutcome<'_> {
        WorkloadOutcome {
            tenant_id: tid(tenant),
            workload: &self.workloads[i],
            sku: &self.skus[sku],
            mau,
            pau,
            threshold,
            opportunity,
            potential_earnings: Some(Money(earnings)),
        }
    }

    /// A tenant's outcomes with the given thresholds, all E3, no opportunities or earnings.
    fn with_thresholds(&self, tenant: u128, thresholds: &[T]) -> Vec<WorkloadOutcome<'_>> {
        thresholds
            .iter()
            .enumerate()
            .map(|(i, &t)| self.o(tenant, i, 1, 100, 100, t, O::NotApplicable, 0))
            .collect()
    }
}

fn n_of(t: T, n: usize) -> Vec<T> {
    vec![t; n]
}

#[test]
fn upsell_needs_four_above_and_usage_two_below() {
    let f = fixture();
    let config = RulesConfig::default();
    // (thresholds, upsell, usage opportunity)
    let cases: Vec<(Vec<T>, bool, bool)> = vec![
        (n_of(T::Above, 3), false, false),
        (n_of(T::Above, 4), true, false),
        (n_of(T::Above, 5), true, false),
        (n_of(T::Below, 1), false, false),
        (n_of(T::Below, 2), false, true),
        ([n_of(T::Above, 4), n_of(T::Below, 2)].concat(), true, true),
        (
            [n_of(T::Above, 3), n_of(T::NotApplicable, 3)].concat(),
            false,
            false,
        ),
        (vec![], false, false),
    ];
    for (thresholds, upsell, usage) in cases {
        let flags = tenant_flags(&f.with_thresholds(1, &thresholds), &config);
        assert_eq!(flags.upsell.value, upsell, "{thresholds:?}");
        assert_eq!(flags.usage_opportunity.value, usage, "{thresholds:?}");
    }
    let flags = tenant_flags(&f.with_thresholds(1, &n_of(T::Above, 4)), &config);
    assert_eq!(
        flags.upsell.trace.to_string(),
        "4 workloads Above (Exchange Online, SharePoint Online, OneDrive, Teams) ≥ 4 → upsell opportunity"
    );
    let flags = tenant_flags(&f.with_thresholds(1, &n_of(T::Below, 1)), &config);
    assert_eq!(
        flags.usage_opportunity.trace.to_string(),
        "1 workload Below (Exchange Online) < 2 → no usage opportunity"
    );
}

#[test]
fn whitespace_sums_pau_minus_mau_where_positive() {
    let f = fixture();
    let outcomes = vec![
        f.o(1, 0, 1, 150, 200, T::Below, O::NotApplicable, 0),
        f.o(1, 1, 1, 300, 200, T::Above, O::NotApplicable, 0),
        f.o(1, 2, 1, 200, 200, T::Above, O::NotApplicable, 0),
        f.o(1, 3, 1, 0, 75, T::NotApplicable, O::Upsell, 0),
    ];
    let flags = tenant_flags(&outcomes, &RulesConfig::default());
    assert_eq!(flags.growth_seat_whitespace.value, 125);
    assert_eq!(
        flags.growth_seat_whitespace.trace.to_vec(),
        [
            "Exchange Online: PAU 200 − MAU 150 = 50",
            "Teams: PAU 75 − MAU 0 = 75",
            "→ growth seat whitespace 125",
        ]
    );
}

#[test]
fn majority_threshold_and_ties() {
    // (Above, Below, N/A) → column
    let cases: Vec<((usize, usize, usize), Option<T>)> = vec![
        ((3, 1, 0), Some(T::Above)),
        ((1, 3, 0), Some(T::Below)),
        ((0, 0, 3), Some(T::NotApplicable)),
        ((1, 0, 2), Some(T::NotApplicable)),
        ((2, 2, 0), Some(T::Below)),
        ((0, 2, 2), Some(T::Below)),
        ((1, 1, 1), Some(T::Below)),
        ((2, 0, 2), Some(T::Above)),
        ((2, 1, 2), Some(T::Above)),
        ((0, 0, 0), None),
    ];
    for ((above, below, not_applicable), want) in cases {
        let c = ThresholdCounts {
            above,
            below,
            not_applicable,
        };
        assert_eq!(c.majority(), want, "{c:?}");
    }
}

#[test]
fn grid_placement_uses_the_highest_sku() {
    let f = fixture();
    let config = RulesConfig::default();
    let outcomes = vec![
        f.o(1, 0, 0, 10, 200, T::Below, O::NotApplicable, 0),
        f.o(1, 1, 2, 190, 200, T::Above, O::NotApplicable, 0),
        f.o(1, 2, 1, 190, 200, T::Above, O::NotApplicable, 0),
    ];
    let flags = tenant_flags(&outcomes, &config);
    assert_eq!(
        flags.grid_cell.value,
        Some(GridCell {
            sku: Sku::E5,
            threshold: T::Above
        })
    );
    assert_eq!(
        flags.grid_cell.trace.to_string(),
        "highest SKU E5; Above 2, Below 1, N/A 0 → Above"
    );
    let tie = tenant_flags(&f.with_thresholds(1, &[T::Above, T::Below]), &config);
    assert_eq!(
        tie.grid_cell.trace.to_string(),
        "highest SKU E3; Above 1, Below 1, N/A 0 (tie → Below) → Below"
    );
    let tie = tenant_flags(
        &f.with_thresholds(1, &[T::Above, T::NotApplicable]),
        &config,
    );
    assert_eq!(tie.grid_cell.value.unwrap().threshold, T::Above);
    let other = Sku::Other("Business Premium".into());
    let lone = [WorkloadOutcome {
        sku: &other,
        ..f.o(1, 0, 0, 1, 1, T::Above, O::NotApplicable, 0)
    }];
    assert_eq!(tenant_flags(&lone, &config).grid_cell.value, None);
}

/// Four tenants:
/// 1. O365 only: 4 Above (upsell), whitespace 40.
/// 2. E3 + one O365 workload: 2 Below (usage opportunity), one Claim workload, whitespace 400.
/// 3. E5: 1 Above, 1 N/A (tie → Above), potential earnings on the Above one.
/// 4. E3: 1 Below, 1 Above, nothing else (no flag; tie → Below).
fn report(f: &Fixture) -> Vec<WorkloadOutcome<'_>> {
    let mut v = vec![];
    for i in 0..4 {
        v.push(f.o(1, i, 0, 190, 200, T::Above, O::Upsell, 0));
    }
    v.extend([
        f.o(2, 0, 1, 50, 200, T::Below, O::DriveUsage, 0),
        f.o(2, 1, 0, 50, 200, T::Below, O::DriveUsage, 0),
        f.o(2, 2, 1, 100, 200, T::Above, O::ClaimWorkload, 0),
        f.o(3, 0, 2, 500, 500, T::Above, O::ClaimIncentives, 450),
        f.o(3, 1, 2, 20, 100, T::NotApplicable, O::Upsell, 0),
        f.o(4, 0, 1, 10, 10, T::Below, O::DriveUsage, 0),
        f.o(4, 1, 1, 500, 400, T::Above, O::Upsell, 0),
    ]);
    v
}

#[test]
fn tiles_and_grid() {
    let f = fixture();
    let s = summarize(report(&f), &RulesConfig::default());
    let tiles = |t: &SummaryTiles| {
        (
            t.tenants,
            t.tenants_with_upsell_or_growth.value.unwrap(),
            t.tenants_with_upsell.value,
            t.tenants_with_usage_claim_or_incentive.value.unwrap(),
            t.workloads_below.value,
            t.workloads_with_claim_opportunity.value,
            t.workloads_with_potential_earnings.value.unwrap(),
            t.growth_seat_whitespace.value,
        )
    };
    assert_eq!(s.overall.sku, None);
    assert_eq!(tiles(&s.overall), (4, 3, 1, 2, 3, 2, 1, 40 + 400 + 80));
    let per_sku: Vec<_> = s
        .per_sku
        .iter()
        .map(|t| (t.sku.clone(), tiles(t)))
        .collect();
    assert_eq!(
        per_sku,
        [
            (Some(Sku::Office365), (1, 1, 1, 0, 0, 0, 0, 40)),
            (Some(Sku::E3), (2, 1, 0, 1, 3, 1, 0, 400)),
            (Some(Sku::E5), (1, 1, 0, 1, 0, 1, 1, 80)),
        ]
    );
    let g = &s.grid;
    assert_eq!(g.count(&Sku::Office365, T::Above), 1);
    assert_eq!(g.count(&Sku::E3, T::Below), 2);
    assert_eq!(g.count(&Sku::E5, T::Above), 1);
    assert_eq!(g.total(), 4);
    assert_eq!(g.cells, [[0, 1, 0], [2, 0, 0], [0, 1, 0]]);
    assert_eq!(g.count(&Sku::Other("x".into()), T::Above), 0);
    for (label, value, trace) in s.overall.items() {
        assert!(!label.is_empty() && value.is_some_and(|v| !v.is_empty()) && !trace.is_empty());
    }
    assert_eq!(
        s.per_sku[0].tenants_with_upsell.trace.to_string(),
        "tenants whose highest SKU is Office 365 with 4 or more workloads Above"
    );
}

#[test]
fn per_sku_tiles_add_up_to_the_overall_ones() {
    let f = fixture();
    let s = summarize(report(&f), &RulesConfig::default());
    let sum = |get: fn(&SummaryTiles) -> u64| s.per_sku.iter().map(get).sum::<u64>();
    let checks: [fn(&SummaryTiles) -> u64; 8] = [
        |t| t.tenants as u64,
        |t| t.tenants_with_upsell_or_growth.value.unwrap() as u64,
        |t| t.tenants_with_upsell.value as u64,
        |t| t.tenants_with_usage_claim_or_incentive.value.unwrap() as u64,
        |t| t.workloads_below.value as u64,
        |t| t.workloads_with_claim_opportunity.value as u64,
        |t| t.workloads_with_potential_earnings.value.unwrap() as u64,
        |t| t.growth_seat_whitespace.value,
    ];
    for get in checks {
        assert_eq!(sum(get), get(&s.overall));
    }
}

#[test]
fn the_usage_claim_or_incentive_flag_explains_itself() {
    let f = fixture();
    let outcomes = report(&f);
    let t2: Vec<_> = outcomes
        .iter()
        .copied()
        .filter(|o| o.tenant_id == tid(2))
        .collect();
    assert_eq!(
        tenant_flags(&t2, &RulesConfig::default())
            .usage_claim_or_incentive
            .trace
            .to_vec(),
        [
            "usage opportunity",
            "claim opportunities (OneDrive)",
            "→ usage, claim or incentive opportunity"
        ]
    );
    let t4: Vec<_> = outcomes
        .iter()
        .copied()
        .filter(|o| o.tenant_id == tid(4))
        .collect();
    let flags = tenant_flags(&t4, &RulesConfig::default());
    assert_eq!(flags.usage_claim_or_incentive.value, Some(false));
    assert_eq!(flags.counts.total(), 2);
}

#[test]
fn grouping_keeps_first_appearance_order() {
    let f = fixture();
    let mixed = vec![
        f.o(2, 0, 1, 1, 1, T::Above, O::Upsell, 0),
        f.o(1, 0, 1, 1, 1, T::Above, O::Upsell, 0),
        f.o(2, 1, 1, 1, 1, T::Above, O::Upsell, 0),
    ];
    let groups = group_by_tenant(mixed);
    let ids: Vec<(TenantId, usize)> = groups.iter().map(|g| (g[0].tenant_id, g.len())).collect();
    assert_eq!(ids, [(tid(2), 2), (tid(1), 1)]);
}

/// A Report viewer's rows carry no potential earnings: the flag is known where a usage or
/// claim opportunity decides it, unknown where only earnings could.
#[test]
fn withheld_earnings_leave_only_what_they_decide_unknown() {
    let f = fixture();
    let config = RulesConfig::default();
    // (outcomes of tenant 1, flag)
    let cases: Vec<(Vec<WorkloadOutcome<'_>>, Option<bool>)> = vec![
        (f.with_thresholds(1, &n_of(T::Below, 2)), Some(true)),
        (
            vec![f.o(1, 0, 1, 10, 100, T::Above, O::ClaimWorkload, 0)],
            Some(true),
        ),
        (vec![f.o(1, 0, 1, 10, 100, T::Above, O::Upsell, 0)], None),
        (vec![], Some(false)),
    ];
    for (outcomes, want) in cases {
        let outcomes: Vec<_> = outcomes
            .into_iter()
            .map(|o| WorkloadOutcome {
                potential_earnings: None,
                ..o
            })
            .collect();
        let flag = tenant_flags(&outcomes, &config).usage_claim_or_incentive;
        assert_eq!(flag.value, want, "{outcomes:?}");
        if want.is_none() {
            assert!(flag.trace.to_string().contains(NOT_FOR_VIEWERS), "{flag:?}");
        }
    }
}

#[test]
fn tiles_built_on_withheld_earnings_are_absent_and_the_others_unchanged() {
    let f = fixture();
    let config = RulesConfig::default();
    let full = summarize(report(&f), &config);
    let viewer: Vec<_> = report(&f)
        .into_iter()
        .map(|mut o| {
            o.potential_earnings = None;
            o
        })
        .collect();
    let s = summarize(viewer, &config);
    for (got, want) in s
        .per_sku
        .iter()
        .chain([&s.overall])
        .zip(full.per_sku.iter().chain([&full.overall]))
    {
        assert_eq!(got.tenants_with_upsell_or_growth.value, None);
        assert_eq!(got.tenants_with_usage_claim_or_incentive.value, None);
        assert_eq!(got.workloads_with_potential_earnings.value, None);
        assert_eq!(got.tenants_with_upsell, want.tenants_with_upsell);
        assert_eq!(got.workloads_below, want.workloads_below);
        assert_eq!(
            got.workloads_with_claim_opportunity,
            want.workloads_with_claim_opportunity
        );
        assert_eq!(got.growth_seat_whitespace, want.growth_seat_whitespace);
        let shown: Vec<&str> = got
            .items()
            .iter()
            .filter(|(_, v, _)| v.is_some())
            .map(|(l, _, _)| *l)
            .collect();
        assert_eq!(
            shown,
            [
                TILE_LABELS[1],
                TILE_LABELS[3],
                TILE_LABELS[4],
                TILE_LABELS[6]
            ]
        );
        assert!(got
            .workloads_with_potential_earnings
            .trace
            .to_string()
            .contains(NOT_FOR_VIEWERS));
    }
    assert_eq!(s.grid, full.grid, "the grid is not built on revenue");
}
