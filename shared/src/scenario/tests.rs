use super::*;
use crate::config::CloudEndpointsConfig;
use crate::model::{ClaimedBy, Segment, Sku, Tenant};
use crate::money::Money;
use crate::reports::{cloud_endpoints, opportunities};
use crate::rules::cloud_endpoints::SalesMotion;
use crate::rules::opportunity::{Opportunity, UsageThreshold};
use crate::rules::trace::Explain;
use crate::snapshot::Snapshot;
use crate::testdata::{cloud_endpoint, tenant, workload};
use proptest::prelude::*;

/// Contoso's Teams (E3, Enterprise: tipping point 70%) is at 65% (130 / 200), ours and
/// incentivized at $4.50 a unit above a Prior HWM of 150; its Exchange (76%) is at 50%.
/// Fabrikam's Teams is at 90%. Both have a Cloud Endpoints row landing as Expand W365.
fn snapshot() -> Snapshot {
    let contoso = tenant(1, "Contoso", Segment::Enterprise);
    let fabrikam = tenant(2, "Fabrikam", Segment::Enterprise);
    let w = |t: &Tenant, name: &str, mau| {
        let mut w = workload(t, name, mau, 200, Some(ClaimedBy::Us), None);
        w.sku = Sku::E3;
        w.incentivized = true;
        w.rate_per_unit = Some(Money::from_cents(450));
        w.prior_hwm = Some(150);
        w
    };
    Snapshot {
        workloads: vec![
            w(&contoso, "Teams", 130),
            w(&contoso, "Exchange Online", 100),
            w(&fabrikam, "Teams", 180),
        ],
        cloud_endpoints: vec![cloud_endpoint(&contoso), cloud_endpoint(&fabrikam)],
        tenants: vec![contoso, fabrikam],
        ..Snapshot::default()
    }
}

fn contoso() -> TenantId {
    tenant(1, "", Segment::Enterprise).id
}

fn teams() -> Workload {
    Workload::new("Teams")
}

fn one(change: Change, target: Target) -> Scenario {
    Scenario {
        adjustments: vec![Adjustment { change, target }],
        ..Scenario::default()
    }
}

fn rows(s: &Scenario) -> Vec<opportunities::OpportunityRow> {
    opportunities::build_rows_with(&snapshot(), &RulesConfig::default(), s, Explain::Steps)
}

#[test]
fn usage_points_move_mau_within_zero_and_pau() {
    // (MAU, PAU, points) → MAU
    for (mau, pau, points, want) in [
        (130, 200, 5, 140),
        (130, 200, 0, 130),
        (130, 200, -5, 120),
        (195, 200, 10, 200),  // at most PAU …
        (250, 200, 10, 250),  // … but a MAU above PAU is kept when usage goes up
        (250, 200, -10, 180), // down from the capped 100%
        (10, 200, -50, 0),
        (0, 0, 10, 0),
        (1, 3, 50, 3), // 1.5 users round to 2
        (0, 1000, 1, 10),
    ] {
        assert_eq!(
            mau_with_points(mau, pau, points),
            want,
            "{mau}/{pau} {points:+}"
        );
    }
}

#[test]
fn utilization_sets_mau_to_the_nearest_user() {
    for (pau, pm, want) in [
        (800, 100, 80),
        (800, 0, 0),
        (3, 500, 2),
        (0, 500, 0),
        (7, 1000, 7),
    ] {
        assert_eq!(mau_for_utilization(pau, Ratio(pm as f64 / 1000.0)), want);
    }
}

#[test]
fn the_tenants_a_scenario_touches() {
    let (a, b) = (
        tenant(1, "", Segment::Enterprise).id,
        tenant(2, "", Segment::Smc).id,
    );
    let adjust = |target: Target| Adjustment {
        change: Change::UsagePoints(5),
        target,
    };
    let with = |adjustments: Vec<Adjustment>| Scenario {
        adjustments,
        ..Scenario::default()
    };
    let mut sorted = vec![a, b];
    sorted.sort_unstable();
    for (s, want) in [
        (Scenario::default(), Some(vec![])),
        (
            with(vec![adjust(Target::tenant(b)), adjust(Target::tenant(a))]),
            Some(sorted),
        ),
        (
            with(vec![adjust(Target::tenant(a)), adjust(Target::tenant(a))]),
            Some(vec![a]),
        ),
        (
            with(vec![adjust(Target::tenant(a)), adjust(Target::all())]),
            None,
        ),
        (with(vec![adjust(Target::workload(teams()))]), None),
        (
            Scenario {
                thresholds: Thresholds {
                    min_pau: Some(10),
                    ..Thresholds::default()
                },
                ..with(vec![adjust(Target::tenant(a))])
            },
            None,
        ),
    ] {
        assert_eq!(s.tenants_touched(), want, "{s:?}");
    }
}

#[test]
fn a_known_tenant_crosses_its_tipping_point() {
    let before = rows(&Scenario::default());
    // Contoso · Exchange, Contoso · Teams, Fabrikam · Teams.
    assert_eq!(before[1].threshold(), UsageThreshold::Below);
    assert_eq!(
        before[1].opportunity(),
        Opportunity::DriveUsageAndClaimIncentives
    );
    let target = Target::tenant(contoso()).and_workload(teams());
    // 4 points: 134 / 200 = 67% < 70%; 5 points: 140 / 200 = 70% reaches it.
    for (points, threshold, opportunity, up) in [
        (
            4,
            UsageThreshold::Below,
            Opportunity::DriveUsageAndClaimIncentives,
            0,
        ),
        (5, UsageThreshold::Above, Opportunity::ClaimIncentives, 1),
        (40, UsageThreshold::Above, Opportunity::ClaimIncentives, 1),
    ] {
        let after = rows(&one(Change::UsagePoints(points), target.clone()));
        let teams = &after[1];
        assert_eq!(
            (teams.threshold(), teams.opportunity()),
            (threshold, opportunity),
            "{points:+}"
        );
        let d = opportunity_delta(&before, &after);
        // Once Teams is Above, Contoso has one workload Below: no more usage opportunity, a
        // tenant flag its Exchange row shows too.
        let changed: &[u32] = if up == 1 { &[0, 1] } else { &[1] };
        assert_eq!(d.changed_rows, changed);
        assert_eq!((d.workloads_up, d.workloads_down), (up, 0));
        assert_eq!((d.tenants_up, d.tenants_down), (up, 0));
        let moved: Vec<_> = (up == 1)
            .then_some((
                Opportunity::DriveUsageAndClaimIncentives,
                Opportunity::ClaimIncentives,
                1,
            ))
            .into_iter()
            .collect();
        assert_eq!(d.opportunity_changes, moved);
        // Usage does not move the units (PAU − Prior HWM), so nor the earnings.
        assert_eq!(d.earnings_delta(), Some(Money::ZERO));
        assert_eq!(d.earnings_before, Some(Money::from_cents(3 * 50 * 450)));
        // The row's "why?" starts with what changed, original → scenario value.
        let mau = (130 + 2 * points as u64).min(200);
        let step = format!("what-if usage +{points} points: MAU 130 → {mau}");
        assert_eq!(teams.what_if.as_ref().unwrap().to_vec(), vec![step.clone()]);
        assert_eq!(
            teams.evaluation.opportunity.trace.steps().next(),
            Some(&*step)
        );
        assert_eq!(teams.mau, mau);
        assert_eq!(
            after[0].evaluation, before[0].evaluation,
            "Contoso · Exchange's own values"
        );
        assert_eq!(after[0].what_if, None);
        assert_eq!(after[2], before[2], "Fabrikam is untouched");
    }
}

#[test]
fn pau_moves_the_units_and_the_earnings() {
    let before = rows(&Scenario::default());
    let after = rows(&one(
        Change::Pau(300),
        Target::tenant(contoso()).and_workload(teams()),
    ));
    // Units 300 − 150 = 150 instead of 50, at $4.50; usage 130 / 300 stays Below.
    assert_eq!(
        after[1].potential_earnings(),
        Some(Money::from_cents(150 * 450))
    );
    let d = opportunity_delta(&before, &after);
    assert_eq!(d.earnings_delta(), Some(Money::from_cents(100 * 450)));
    assert_eq!((d.workloads_up, d.workloads_down), (0, 0));
    assert!(d.opportunity_changes.is_empty());
    assert_eq!(d.changed_rows, [1]);
}

#[test]
fn targets_pick_their_rows() {
    let before = rows(&Scenario::default());
    let fabrikam = tenant(2, "", Segment::Enterprise).id;
    for (target, changed) in [
        (Target::all(), vec![0, 1, 2]),
        (Target::workload(teams()), vec![1, 2]),
        (Target::workload(Workload::new("TEAMS")), vec![1, 2]),
        (Target::tenant(contoso()), vec![0, 1]),
        (
            Target::tenants([fabrikam, contoso(), fabrikam]),
            vec![0, 1, 2],
        ),
        (Target::tenant(fabrikam).and_workload(teams()), vec![2]),
        (Target::workload(Workload::new("Intune")), vec![]),
    ] {
        let after = rows(&one(Change::Mau(1), target.clone()));
        assert_eq!(
            opportunity_delta(&before, &after).changed_rows,
            changed,
            "{target:?}"
        );
    }
}

#[test]
fn a_lower_tipping_point_and_the_thresholds_are_the_scenario_too() {
    let before = rows(&Scenario::default());
    let after = rows(&one(
        Change::TippingPoint(Ratio(0.6)),
        Target::workload(teams()),
    ));
    let tp_steps = after[1].evaluation.tipping_point.trace.to_vec();
    assert_eq!(
        tp_steps.last().map(String::as_str),
        Some("what-if: tipping point 70.0% → 60.0%")
    );
    let d = opportunity_delta(&before, &after);
    // Contoso's Teams (65%) crosses, so Contoso loses its usage opportunity (its Exchange row
    // shows that flag); Fabrikam's Teams (90%) stays Above but is marked.
    assert_eq!((d.workloads_up, d.tenants_up), (1, 1));
    assert_eq!(d.changed_rows, [0, 1, 2]);

    // The thresholds the old what-if menu set: PAU 200 under a minimum of 250 → Upsell.
    let s = Scenario {
        thresholds: Thresholds {
            min_pau: Some(250),
            ..Thresholds::default()
        },
        ..Scenario::default()
    };
    assert_eq!(s.rules_config(&RulesConfig::default()).min_pau, 250);
    let d = opportunity_delta(&before, &rows(&s));
    assert_eq!(d.changed_rows, [0, 1, 2]);
    assert_eq!(d.workloads_down, 1, "Fabrikam's Teams is no longer Above");
    assert_eq!(
        d.opportunity_changes,
        [
            (Opportunity::ClaimIncentives, Opportunity::Upsell, 1),
            (
                Opportunity::DriveUsageAndClaimIncentives,
                Opportunity::Upsell,
                2
            ),
        ]
    );
    assert_eq!(d.earnings_after, Some(Money::ZERO));
}

#[test]
fn intune_utilization_moves_the_sales_motion() {
    let cfg = CloudEndpointsConfig::default();
    let before = cloud_endpoints::build_rows(&snapshot(), &cfg);
    assert_eq!(before[0].sales_motion(), SalesMotion::ExpandW365);
    // Nurture Intune at or below 20%: 20.0% nurtures, 20.1% does not.
    for (pm, motion) in [
        (200, SalesMotion::NurtureIntune),
        (201, SalesMotion::ExpandW365),
    ] {
        let s = one(
            Change::IntuneUtilization(Ratio(pm as f64 / 1000.0)),
            Target::tenant(contoso()),
        );
        let after = cloud_endpoints::build_rows_with(&snapshot(), &cfg, &s);
        assert_eq!(after[0].sales_motion(), motion, "{pm}‰");
        assert_eq!(after[1], before[1]);
        let d = cloud_endpoint_delta(&before, &after);
        assert_eq!(d.changed_rows, [0]);
        let moved =
            (motion != SalesMotion::ExpandW365).then_some((SalesMotion::ExpandW365, motion, 1));
        assert_eq!(d.motion_changes, moved.into_iter().collect::<Vec<_>>());
        let mau = [(200, 160), (201, 161)]
            .into_iter()
            .find(|p| p.0 == pm)
            .unwrap()
            .1;
        assert_eq!(
            after[0].trace()[0],
            format!(
                "what-if Intune utilization {}: Intune MAU 600 → {mau}",
                Ratio(pm as f64 / 1000.0)
            )
        );
    }
    // A workload target is about workloads.csv rows: the endpoints stay as they are.
    let s = one(
        Change::W365Utilization(Ratio(0.0)),
        Target::workload(teams()),
    );
    assert!(cloud_endpoint_delta(
        &before,
        &cloud_endpoints::build_rows_with(&snapshot(), &cfg, &s)
    )
    .is_empty());
}

#[test]
fn the_csv_has_each_column_before_and_after_in_plain_forms() {
    let before = rows(&Scenario::default());
    let after = rows(&one(
        Change::Pau(1300),
        Target::tenant(contoso()).and_workload(teams()),
    ));
    let cols: Vec<_> = ["workload", "pau", "potential_earnings"]
        .iter()
        .map(|id| crate::reports::column_by_id(opportunities::COLUMNS, id).unwrap())
        .collect();
    let csv = write_before_after_csv(Vec::new(), &before, &after, &[1, 2], &cols).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(
        csv,
        "Workload,Workload (what-if),PAU,PAU (what-if),Potential earnings,Potential earnings (what-if)\n\
         Teams,Teams,200,1300,225.00,5175.00\n\
         Teams,Teams,200,200,225.00,225.00\n"
    );
}

#[test]
fn the_query_form_is_compact_and_exact() {
    let a = TenantId(uuid::Uuid::from_u128(0xab));
    let b = TenantId(uuid::Uuid::from_u128(0x1));
    let s = Scenario {
        thresholds: Thresholds {
            min_pau: Some(200),
            upsell_min_above: None,
            usage_opportunity_min_below: Some(3),
        },
        adjustments: vec![
            Adjustment {
                change: Change::UsagePoints(-10),
                target: Target::tenants([a, b]).and_workload(Workload::new("Odd_name~100%")),
            },
            Adjustment {
                change: Change::TippingPoint(Ratio(0.355)),
                target: Target::all(),
            },
        ],
    };
    let q = s.to_query().unwrap();
    assert_eq!(
        q,
        "1~n200~b3~u-10_T00000000000000000000000000000001000000000000000000000000000000ab\
         _WOdd%5Fname%7E100%25~t355"
    );
    assert_eq!(Scenario::from_query(Some(&q)), Ok(s));
    assert_eq!(Scenario::default().to_query(), None);
    assert_eq!(Scenario::from_query(None), Ok(Scenario::default()));
    assert_eq!(Scenario::from_query(Some("")), Ok(Scenario::default()));
}

#[test]
fn a_bad_query_is_refused_whole_naming_the_item() {
    for (q, want) in [
        (
            "2~u5",
            "what-if link of version `2`; this version reads version 1",
        ),
        ("1~x5", "what-if item `x5`: unknown kind"),
        ("1~u5~mx", "what-if item `mx`: not a whole number"),
        (
            "1~t1001",
            "what-if item `t1001`: not a percentage in tenths (0 to 1000)",
        ),
        (
            "1~n5_Wteams",
            "what-if item `n5_Wteams`: a threshold has no target",
        ),
        (
            "1~u5_T12",
            "what-if item `u5_T12`: unknown or repeated target",
        ),
        (
            "1~u5_Wa_Wb",
            "what-if item `u5_Wa_Wb`: unknown or repeated target",
        ),
        ("1~u5_W%41", "what-if item `u5_W%41`: not a workload name"),
        (
            "1~u5_Tzz000000000000000000000000000000",
            "what-if item `u5_Tzz000000000000000000000000000000`: a tenant ID is not 32 hex digits",
        ),
    ] {
        let err = Scenario::from_query(Some(q)).unwrap_err();
        assert_eq!(err.to_string(), want, "{q}");
    }
}

fn any_target() -> impl Strategy<Value = Target> {
    let ids = proptest::option::of(proptest::collection::vec(any::<u128>(), 1..5));
    let workload = proptest::option::of("[A-Za-z0-9_~%]([A-Za-z0-9 _~%.&-]{0,10}[A-Za-z0-9_~%])?");
    (ids, workload).prop_map(|(ids, w)| Target {
        tenants: ids.map(|ids| {
            let mut v: Vec<TenantId> = ids
                .into_iter()
                .map(|n| TenantId(uuid::Uuid::from_u128(n)))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        }),
        workload: w.map(|w| Workload::new(&w)),
    })
}

fn any_change() -> impl Strategy<Value = Change> {
    let r = || (0u16..=1000).prop_map(|pm| Ratio(f64::from(pm) / 1000.0));
    prop_oneof![
        any::<i32>().prop_map(Change::UsagePoints),
        any::<u64>().prop_map(Change::Mau),
        any::<u64>().prop_map(Change::Pau),
        r().prop_map(Change::TippingPoint),
        r().prop_map(Change::IntuneUtilization),
        r().prop_map(Change::W365Utilization),
    ]
}

proptest! {
    #[test]
    fn the_query_form_round_trips(
        min_pau in proptest::option::of(any::<u64>()),
        upsell in proptest::option::of(any::<u32>()),
        usage in proptest::option::of(any::<u32>()),
        adjustments in proptest::collection::vec((any_change(), any_target()), 0..5),
    ) {
        let s = Scenario {
            thresholds: Thresholds { min_pau, upsell_min_above: upsell, usage_opportunity_min_below: usage },
            adjustments: adjustments.into_iter().map(|(change, target)| Adjustment { change, target }).collect(),
        };
        let back = Scenario::from_query(s.to_query().as_deref());
        prop_assert_eq!(back, Ok(s));
    }

    /// Rows built quiet hold the same values as rows built with traces, and `explain_row`
    /// gives back each row with exactly the traces a full build has.
    #[test]
    fn quiet_rows_explain_to_the_traced_rows(change in any_change(), all in any::<bool>()) {
        let target = if all { Target::all() } else { Target::tenant(contoso()) };
        let s = one(change, target);
        let (data, config) = (snapshot(), RulesConfig::default());
        let traced = rows(&s);
        let quiet = opportunities::build_rows_with(&data, &config, &s, Explain::Quiet);
        prop_assert_eq!(quiet.len(), traced.len());
        for (q, t) in quiet.iter().zip(&traced) {
            for c in opportunities::COLUMNS.iter().chain(opportunities::EXPORT_COLUMNS) {
                prop_assert_eq!(c.cell(q), c.cell(t), "{}", c.id);
            }
            prop_assert!(q.evaluation.opportunity.trace.is_empty());
            prop_assert!(q.tenant.flags.upsell.trace.is_empty());
            prop_assert_eq!(q.what_if.is_some(), t.what_if.is_some());
            let explained = opportunities::explain_row(&data, &config, &s, q);
            prop_assert_eq!(explained.as_ref(), Some(t));
        }
    }

    /// A what-if applied step after step over the rows without it (in place, as the slider
    /// does) gives exactly a whole build's rows, tiles and delta at every step, whichever
    /// tenants a step touches: one, another, both, all, or a threshold (the whole report).
    #[test]
    fn what_if_steps_over_the_base_equal_a_whole_build(
        steps in proptest::collection::vec(
            (proptest::collection::vec((any_change(), 0..4u8), 0..3), any::<bool>()),
            1..4,
        ),
    ) {
        let (data, config) = (snapshot(), RulesConfig::default());
        let fabrikam = tenant(2, "", Segment::Enterprise).id;
        for explain in [Explain::Quiet, Explain::Steps] {
            let before = std::sync::Arc::new(opportunities::build_rows_with(
                &data, &config, &Scenario::default(), explain,
            ));
            let base = opportunities::WhatIfBase::new(&data, &config, explain, before.clone());
            let mut rows = before.to_vec();
            let mut built = opportunities::Built::Base;
            for (changes, thresholds) in &steps {
                let mut s = Scenario::default();
                for (change, who) in changes {
                    let target = match who {
                        0 => Target::all(),
                        1 => Target::tenant(contoso()),
                        2 => Target::tenant(fabrikam),
                        _ => Target::tenants(vec![contoso(), fabrikam]),
                    };
                    s.adjustments.push(Adjustment { change: *change, target });
                }
                if *thresholds {
                    s.thresholds.min_pau = Some(100);
                }
                built = base.apply(&mut rows, &built, &data, &s);
                let whole = opportunities::build_rows_with(&data, &config, &s, explain);
                prop_assert_eq!(&rows, &whole);
                let c = s.rules_config(&config);
                let all: Vec<u32> = (0..whole.len() as u32).collect();
                prop_assert_eq!(
                    base.summary(&rows, &built, &c),
                    opportunities::summary(&whole, &all, &c)
                );
                prop_assert_eq!(base.delta(&rows, &built), opportunity_delta(&before, &whole));
            }
        }
    }

    /// A scenario never adds, drops or reorders a row, whatever it changes.
    #[test]
    fn rows_line_up_under_any_scenario(change in any_change(), all in any::<bool>()) {
        let target = if all { Target::all() } else { Target::tenant(contoso()) };
        let before = rows(&Scenario::default());
        let after = rows(&one(change, target));
        let key = |r: &opportunities::OpportunityRow| (r.tenant.id, r.workload.clone(), r.sku.clone());
        prop_assert_eq!(before.iter().map(key).collect::<Vec<_>>(), after.iter().map(key).collect::<Vec<_>>());
    }
}
