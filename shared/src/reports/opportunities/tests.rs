use super::*;
use crate::ids::ClaimNumber;
use crate::model::{
    ClaimState, ClaimedBy, Segment, Sku, Tenant, TippingPoint, Workload, WorkloadUsage,
};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::reports::{column_by_id, sort_indices, RowFilter, SortDir};
use crate::rules::opportunity::{Opportunity, UsageThreshold};
use crate::rules::tenant_rollup::GridCell;
use crate::snapshot::Snapshot;
use crate::testdata::{tenant, workload};
use proptest::prelude::*;
use std::sync::Arc;

/// A workload row of the fixture. Positional on purpose: each row of `snapshot` stays one
/// line of a table that reads column by column.
#[allow(clippy::too_many_arguments)]
fn wl(
    t: &Tenant,
    name: &str,
    sku: Sku,
    mau: u64,
    pau: u64,
    claimed_by: Option<ClaimedBy>,
    claim_number: Option<&str>,
    incentivized: bool,
) -> WorkloadUsage {
    let mut w = workload(t, name, mau, pau, claimed_by, None);
    w.sku = sku;
    w.claim_number = claim_number.map(ClaimNumber::from);
    w.incentivized = incentivized;
    w
}

/// Tenants in and out of the report, each for a reason:
/// - Adatum (SMC): keys missing from the default table (Intune, Defender for Endpoint on O365).
/// - Contoso (Enterprise): every kind of row; Intune claimed by another partner and a
///   non-modelled SKU are left out.
/// - contoso (Enterprise): same name, later tenant ID.
/// - Woodgrove (Enterprise): associated only through a claim on a non-modelled SKU.
/// - Fabrikam (EDU), Northwind (SMC, nothing claimed), Litware (SMC, claimed by another
///   partner only): not in the report.
fn snapshot() -> Snapshot {
    let contoso = tenant(1, "Contoso", Segment::Enterprise);
    let fabrikam = tenant(2, "Fabrikam", Segment::Edu);
    let northwind = tenant(3, "Northwind", Segment::Smc);
    let adatum = tenant(4, "Adatum", Segment::Smc);
    let contoso2 = tenant(5, "contoso", Segment::Enterprise);
    let woodgrove = tenant(6, "Woodgrove", Segment::Enterprise);
    let litware = tenant(7, "Litware", Segment::Smc);
    let us = Some(ClaimedBy::Us);
    let other = Some(ClaimedBy::Other);
    let bp = || Sku::Other("Business Premium".into());

    let mut teams = wl(&contoso, "Teams", Sku::E3, 140, 200, us, Some("C-1"), true);
    teams.rate_per_unit = Some(Money::parse("4.50").unwrap());
    teams.prior_hwm = Some(180);
    teams.starting_hwm = Some(120);
    teams.resources = "https://aka.ms/teams".into();
    let mut exchange = wl(
        &contoso,
        "Exchange Online",
        Sku::E3,
        100,
        200,
        None,
        None,
        true,
    );
    exchange.rate_per_unit = Some(Money::parse("2").unwrap());
    exchange.starting_hwm = Some(150);

    #[rustfmt::skip]
    let workloads = vec![
        teams,
        exchange,
        wl(&contoso, "SharePoint Online", Sku::E3, 50, 200, None, Some("C-2"), false),
        wl(&contoso, "OneDrive", Sku::E3, 140, 140, us, Some("C-3"), true),
        wl(&contoso, "Viva Engage", Sku::E3, 0, 0, us, None, false),
        wl(&contoso, "Intune", Sku::E3, 10, 200, other, Some("X-9"), true),
        wl(&contoso, "Business Apps", bp(), 10, 200, us, Some("C-4"), true),
        wl(&fabrikam, "Teams", Sku::E3, 100, 200, us, Some("F-1"), true),
        wl(&northwind, "Teams", Sku::E3, 100, 200, None, None, true),
        wl(&adatum, "Intune", Sku::Office365, 100, 300, us, Some("A-1"), true),
        wl(&adatum, "Defender for Endpoint", Sku::Office365, 300, 300, None, None, true),
        wl(&contoso2, "Teams", Sku::E5, 300, 400, us, Some("K-1"), false),
        wl(&woodgrove, "Business Apps", bp(), 10, 200, us, Some("W-1"), true),
        wl(&woodgrove, "Teams", Sku::E3, 200, 200, None, None, false),
        wl(&litware, "Teams", Sku::E3, 100, 200, other, Some("L-1"), true),
    ];
    Snapshot {
        tenants: vec![
            contoso, fabrikam, northwind, adatum, contoso2, woodgrove, litware,
        ],
        workloads,
        ..Default::default()
    }
}

pub(super) fn rows() -> Vec<OpportunityRow> {
    build_rows(&snapshot(), &RulesConfig::default())
}

fn label(r: &OpportunityRow) -> String {
    format!("{}/{}", r.tenant.name, r.workload)
}

fn labels(rows: &[OpportunityRow], idx: &[u32]) -> Vec<String> {
    idx.iter().map(|&i| label(&rows[i as usize])).collect()
}

pub(super) fn all(rows: &[OpportunityRow]) -> Vec<u32> {
    (0..rows.len() as u32).collect()
}

#[test]
fn holds_the_right_rows_in_export_order() {
    let rows = rows();
    assert_eq!(
        labels(&rows, &all(&rows)),
        [
            "Adatum/Defender for Endpoint",
            "Adatum/Intune",
            "Contoso/Exchange Online",
            "Contoso/OneDrive",
            "Contoso/SharePoint Online",
            "Contoso/Teams",
            "Contoso/Viva Engage",
            "contoso/Teams",
            "Woodgrove/Teams",
        ]
    );
    assert!(rows
        .iter()
        .all(|r| r.claim_state != ClaimState::ClaimedByOther));
    assert_eq!(export_order(&rows), all(&rows));
    let reversed: Vec<OpportunityRow> = rows.iter().rev().cloned().collect();
    let order = export_order(&reversed);
    assert_eq!(labels(&reversed, &order), labels(&rows, &all(&rows)));
}

#[test]
fn evaluates_each_row() {
    let rows = rows();
    let find = |l: &str| rows.iter().find(|r| label(r) == l).unwrap();
    // (row, usage, tipping point, threshold, opportunity, earnings)
    #[rustfmt::skip]
    let cases = [
        ("Adatum/Defender for Endpoint", "100.0%", "–", "N/A", "Claim workload", "0.00"),
        ("Adatum/Intune", "33.3%", "–", "N/A", "N/A", "0.00"),
        ("Contoso/Exchange Online", "50.0%", "76.0%", "Below", "Claim workload", "100.00"),
        ("Contoso/OneDrive", "100.0%", "52.0%", "N/A", "Upsell", "0.00"),
        ("Contoso/SharePoint Online", "25.0%", "45.0%", "Below", "Drive usage", "0.00"),
        ("Contoso/Teams", "70.0%", "70.0%", "Above", "Claim incentives", "90.00"),
        ("Contoso/Viva Engage", "–", "12.5%", "N/A", "Upsell", "0.00"),
        ("contoso/Teams", "75.0%", "75.0%", "Above", "Upsell", "0.00"),
        ("Woodgrove/Teams", "100.0%", "70.0%", "Above", "Claim workload", "0.00"),
    ];
    let cell = |r: &OpportunityRow, id: &str| column_by_id(COLUMNS, id).unwrap().cell(r);
    for (l, usage, tp, threshold, opportunity, earnings) in cases {
        let r = find(l);
        assert_eq!(cell(r, "usage"), usage, "{l}");
        assert_eq!(cell(r, "tipping_point"), tp, "{l}");
        assert_eq!(cell(r, "threshold"), threshold, "{l}");
        assert_eq!(cell(r, "opportunity"), opportunity, "{l}");
        assert_eq!(cell(r, "potential_earnings"), earnings, "{l}");
    }
    let contoso = find("Contoso/Teams");
    assert!(!contoso.tenant_upsell());
    assert!(
        contoso.tenant_usage_opportunity(),
        "Exchange Online and SharePoint are Below"
    );
    assert!(Arc::ptr_eq(
        &contoso.tenant,
        &find("Contoso/OneDrive").tenant
    ));
    assert!(
        find("Contoso/SharePoint Online").claimed_by_us(),
        "a claim number alone is ours"
    );
}

#[test]
fn an_imported_table_replaces_the_default() {
    let mut snap = snapshot();
    snap.tipping_points = vec![TippingPoint {
        workload: Workload::new("teams"),
        segment: Segment::Enterprise,
        sku: Sku::E3,
        tipping_point: Ratio(0.71),
    }];
    let rows = build_rows(&snap, &RulesConfig::default());
    let teams = rows.iter().find(|r| label(r) == "Contoso/Teams").unwrap();
    assert_eq!(teams.threshold(), UsageThreshold::Below);
    assert!(teams
        .evaluation
        .tipping_point
        .trace
        .to_string()
        .contains("imported table"));
    let exchange = rows
        .iter()
        .find(|r| label(r) == "Contoso/Exchange Online")
        .unwrap();
    assert_eq!(
        exchange.tipping_point(),
        None,
        "no fallback to the default table"
    );
}

#[test]
fn the_configured_segments_and_skus_scope_the_report() {
    let config = RulesConfig {
        opportunity_segments: vec![Segment::Smc],
        opportunity_skus: vec![Sku::Office365],
        ..RulesConfig::default()
    };
    let rows = build_rows(&snapshot(), &config);
    assert_eq!(
        labels(&rows, &all(&rows)),
        ["Adatum/Defender for Endpoint", "Adatum/Intune"]
    );
}

#[test]
fn export_has_the_data_contract_columns() {
    let rows = rows();
    let csv = export_csv(&rows);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Tenant ID,Tenant name,TPID,Workload,SKU,MAU,PAU,Usage %,Usage tipping point,\
         Usage threshold,Opportunity,CPOR claim #,Starting HWM,Prior HWM,Potential earnings,\
         Tenant upsell,Tenant usage opportunity"
    );
    let lines: Vec<&str> = lines.collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(
        lines[1],
        "00000000-0000-0000-0000-000000000004,Adatum,1004,Intune,Office 365,100,300,33.3%,–,N/A,N/A,A-1,,,0.00,No,No"
    );
    assert_eq!(
        lines[5],
        "00000000-0000-0000-0000-000000000001,Contoso,1001,Teams,E3,140,200,70.0%,70.0%,Above,Claim incentives,C-1,120,180,90.00,No,Yes"
    );
    assert_eq!(
        lines[6],
        "00000000-0000-0000-0000-000000000001,Contoso,1001,Viva Engage,E3,0,0,–,12.5%,N/A,Upsell,,,,0.00,No,Yes"
    );
}

#[test]
fn table_columns_are_the_seeds() {
    let headers: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    assert_eq!(
        headers,
        [
            "TPID",
            "Tenant ID",
            "Tenant name",
            "Workload",
            "SKU",
            "MAU",
            "PAU",
            "Usage %",
            "Usage threshold",
            "Usage tipping point",
            "Opportunity",
            "CPOR claim #",
            "Starting HWM",
            "Prior HWM",
            "Potential earnings",
            "Resources",
        ]
    );
    let ids: std::collections::HashSet<&str> =
        COLUMNS.iter().chain(EXPORT_COLUMNS).map(|c| c.id).collect();
    assert_eq!(ids.len(), 18, "ids are unique per column");
    let rows = rows();
    let teams = rows.iter().find(|r| label(r) == "Contoso/Teams").unwrap();
    assert_eq!(
        column_by_id(COLUMNS, "resources").unwrap().cell(teams),
        "https://aka.ms/teams"
    );
}

#[test]
fn filters_by_search_and_each_dimension() {
    let rows = rows();
    let f = |f: OpportunityFilter| labels(&rows, &f.apply(&rows, &all(&rows)));
    let d = OpportunityFilter::default;
    assert_eq!(f(d()).len(), 9);
    assert_eq!(
        f(OpportunityFilter {
            search: "ADATUM".into(),
            ..d()
        }),
        ["Adatum/Defender for Endpoint", "Adatum/Intune"]
    );
    assert_eq!(
        f(OpportunityFilter {
            search: "00000000-0000-0000-0000-000000000005".into(),
            ..d()
        }),
        ["contoso/Teams"]
    );
    assert_eq!(
        f(OpportunityFilter {
            search: "woodgrove teams".into(),
            ..d()
        }),
        ["Woodgrove/Teams"]
    );
    assert_eq!(
        f(OpportunityFilter {
            search: "teams".into(),
            ..d()
        }),
        ["Contoso/Teams", "contoso/Teams", "Woodgrove/Teams"]
    );
    assert_eq!(
        f(OpportunityFilter {
            workloads: vec![" intune ".into(), "OneDrive".into()],
            ..d()
        }),
        ["Adatum/Intune", "Contoso/OneDrive"]
    );
    assert_eq!(
        f(OpportunityFilter {
            skus: vec![Sku::E5],
            ..d()
        }),
        ["contoso/Teams"]
    );
    assert_eq!(
        f(OpportunityFilter {
            thresholds: vec![UsageThreshold::Below],
            ..d()
        }),
        ["Contoso/Exchange Online", "Contoso/SharePoint Online"]
    );
    assert_eq!(
        f(OpportunityFilter {
            claims: vec![ClaimFilter::Unclaimed],
            ..d()
        }),
        [
            "Adatum/Defender for Endpoint",
            "Contoso/Exchange Online",
            "Woodgrove/Teams"
        ]
    );
    assert_eq!(
        f(OpportunityFilter {
            claims: ClaimFilter::ALL.to_vec(),
            ..d()
        })
        .len(),
        9
    );
    assert_eq!(
        f(OpportunityFilter {
            search: "contoso".into(),
            opportunities: vec![Opportunity::Upsell],
            ..d()
        }),
        ["Contoso/OneDrive", "Contoso/Viva Engage", "contoso/Teams"]
    );
    assert_eq!(
        f(OpportunityFilter {
            opportunities: vec![Opportunity::ClaimIncentives, Opportunity::NotApplicable],
            claims: vec![ClaimFilter::Claimed],
            ..d()
        }),
        ["Adatum/Intune", "Contoso/Teams"]
    );
    assert_eq!(
        ClaimFilter::parse("unclaimed"),
        Some(ClaimFilter::Unclaimed)
    );
    assert_eq!(workload_names(&rows).len(), 7);
}

#[test]
fn sorts_every_column_both_ways_with_missing_last() {
    let rows = rows();
    for col in COLUMNS.iter().chain(EXPORT_COLUMNS) {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let mut idx = sort_indices(&rows, col, dir);
            idx.sort();
            assert_eq!(idx, all(&rows), "{} is a permutation", col.id);
        }
    }
    let tp = column_by_id(COLUMNS, "tipping_point").unwrap();
    for dir in [SortDir::Asc, SortDir::Desc] {
        let idx = sort_indices(&rows, tp, dir);
        let tail = labels(&rows, &idx[idx.len() - 2..]);
        assert_eq!(
            tail,
            ["Adatum/Defender for Endpoint", "Adatum/Intune"],
            "{dir:?}"
        );
    }
    let earnings = column_by_id(COLUMNS, "potential_earnings").unwrap();
    let idx = sort_indices(&rows, earnings, SortDir::Desc);
    assert_eq!(
        labels(&rows, &idx[..2]),
        ["Contoso/Exchange Online", "Contoso/Teams"]
    );
}

#[test]
fn summary_matches_the_rows_flags() {
    let rows = rows();
    let config = RulesConfig::default();
    let s = summary(&rows, &all(&rows), &config);
    assert_eq!(s.overall.tenants, 4);
    assert_eq!(
        s.overall.tenants_with_usage_claim_or_incentive.value,
        Some(3)
    );
    assert_eq!(s.overall.workloads_below.value, 2);
    assert_eq!(s.overall.workloads_with_claim_opportunity.value, 4);
    assert_eq!(s.overall.workloads_with_potential_earnings.value, Some(2));
    assert_eq!(s.grid.total(), 4);
    // Adatum (O365: N/A ×2), Contoso (E3: Above 1, Below 2, N/A 2 → Below),
    // contoso (E5: Above), Woodgrove (E3: Above).
    assert_eq!(s.grid.cells, [[0, 0, 1], [1, 1, 0], [0, 1, 0]]);
    let upsell_tenants = rows
        .iter()
        .filter(|r| r.tenant_upsell())
        .map(|r| r.tenant.id)
        .collect::<std::collections::HashSet<_>>()
        .len();
    assert_eq!(s.overall.tenants_with_upsell.value, upsell_tenants);
    // Counted along the tenants' adjacent rows, the same figures.
    assert_eq!(summary_counts(&rows, &config).summary(&config), s);
}

proptest! {
    #[test]
    fn filtered_rows_are_a_subset_in_order(
        search in "[a-z0-9 -]{0,6}",
        picks in proptest::collection::vec(0usize..6, 0..4),
        order in Just((0u32..9).collect::<Vec<u32>>()).prop_shuffle(),
        keep in 0usize..=9,
    ) {
        let rows = rows();
        let order = &order[..keep];
        let mut f = OpportunityFilter { search, ..Default::default() };
        for p in picks {
            match p {
                0 => f.workloads.push("Teams".into()),
                1 => f.skus.push(Sku::E3),
                2 => f.thresholds.push(UsageThreshold::Above),
                3 => f.claims.push(ClaimFilter::Claimed),
                4 => f.opportunities.push(Opportunity::Upsell),
                _ => f.opportunities.push(Opportunity::ClaimWorkload),
            }
        }
        let out = f.apply(&rows, order);
        let mut it = order.iter();
        for i in &out {
            prop_assert!(it.any(|o| o == i), "{i} is in order, after the previous one");
        }
        prop_assert!(OpportunityFilter::default().apply(&rows, order) == order);
    }
}

/// Clicking a tile or a grid cell must show exactly what the figure counts, in every SKU tab.
#[test]
fn every_tile_and_grid_cell_filters_to_what_it_counts() {
    let rows = rows();
    let config = RulesConfig::default();
    let s = summary(&rows, &all(&rows), &config);
    let tabs = std::iter::once((None, &s.overall))
        .chain(Sku::MODELLED.into_iter().map(Some).zip(s.per_sku.iter()));
    let mut checked = 0;
    for (scope, tiles) in tabs {
        let scoped = OpportunityFilter {
            scope: scope.clone(),
            ..Default::default()
        }
        .apply(&rows, &all(&rows));
        assert_eq!(tenant_count(&rows, &scoped), tiles.tenants, "{scope:?}");
        for (focus, (label, value, _)) in Focus::TILES.iter().zip(tiles.items()) {
            assert_eq!(focus.label(), label);
            let shown = OpportunityFilter {
                scope: scope.clone(),
                focus: Some(focus.clone()),
                ..Default::default()
            }
            .apply(&rows, &all(&rows));
            let got = match focus {
                Focus::Whitespace => shown
                    .iter()
                    .map(|&i| rows[i as usize].pau - rows[i as usize].mau)
                    .sum::<u64>() as usize,
                f if f.counts_tenants() => tenant_count(&rows, &shown),
                _ => shown.len(),
            };
            assert_eq!(
                Some(crate::format::grouped(got as u64)),
                value,
                "{scope:?} {label}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 28);
    for sku in Sku::MODELLED {
        for threshold in UsageThreshold::ALL {
            let cell = Focus::Grid(GridCell {
                sku: sku.clone(),
                threshold,
            });
            assert_eq!(Focus::parse(&cell.key()), Some(cell.clone()));
            let shown = OpportunityFilter {
                focus: Some(cell),
                ..Default::default()
            }
            .apply(&rows, &all(&rows));
            assert_eq!(tenant_count(&rows, &shown), s.grid.count(&sku, threshold));
        }
    }
}

#[test]
fn focus_and_sku_keys_round_trip_and_reject_junk() {
    for f in Focus::TILES {
        assert_eq!(Focus::parse(&f.key()), Some(f.clone()));
    }
    for junk in ["", "grid:", "grid:e4:below", "grid:e3:sideways", "Upsell"] {
        assert_eq!(Focus::parse(junk), None, "{junk}");
    }
    for sku in Sku::MODELLED {
        assert_eq!(parse_sku_key(sku_key(&sku)), Some(sku));
    }
    assert_eq!(parse_sku_key("other"), None);
}

proptest! {
    /// The per-tenant search shortcut keeps exactly the rows the row-by-row rule keeps.
    #[test]
    fn fast_search_equals_row_by_row_search(
        search in "(con|teams|o|ex|wood|[0-9a-f]{1,2}| |adatum|online){0,5}",
        claimed in any::<bool>(),
        keyed in any::<bool>(),
        reversed in any::<bool>(),
    ) {
        let rows = rows();
        let f = OpportunityFilter {
            search,
            claims: if claimed { vec![ClaimFilter::Claimed] } else { vec![] },
            keys: keyed.then(|| std::sync::Arc::new(SearchKeys::of(&rows))),
            ..Default::default()
        };
        let terms = crate::reports::search_terms(&f.search);
        // In the rows' order and in another (a sorted view).
        let mut order = all(&rows);
        if reversed {
            order.reverse();
        }
        let slow: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&i| f.matches(&rows[i as usize], &terms))
            .collect();
        let shown = f.apply(&rows, &order);
        prop_assert_eq!(&shown, &slow);
        let tenants: std::collections::HashSet<_> =
            shown.iter().map(|&i| rows[i as usize].tenant.id).collect();
        prop_assert_eq!(tenant_count(&rows, &shown), tenants.len());
    }
}

proptest! {
    /// The rows do not depend on the order of the workload records: a tenant's records
    /// together (found by their runs) or apart (grouped by counting) give the same rows.
    #[test]
    fn rows_do_not_depend_on_the_order_of_the_records(
        order in Just((0..snapshot().workloads.len()).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let mut shuffled = snapshot();
        shuffled.workloads = order.iter().map(|&i| snapshot().workloads[i].clone()).collect();
        prop_assert_eq!(build_rows(&shuffled, &RulesConfig::default()), rows());
    }
}
