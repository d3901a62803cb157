use super::*;
use crate::model::{ClaimedBy, Segment};
use crate::testdata::{tenant, workload};
use proptest::prelude::*;

fn lic(sold: u64, assigned: u64, total: u64, active: u64) -> Licenses {
    Licenses {
        sold,
        assigned,
        total,
        active,
    }
}

fn cfg() -> AdoptionConfig {
    AdoptionConfig::default()
}

#[test]
fn usage_at_every_boundary() {
    // (active, total, Usage %, low adoption, above 100%)
    #[rustfmt::skip]
    let cases = [
        (499, 1000, "49.9%", true, false),
        (500, 1000, "50.0%", false, false),
        (1, 2, "50.0%", false, false),
        (0, 1000, "0.0%", true, false),
        (1000, 1000, "100.0%", false, false),
        (1001, 1000, "100.1%", false, true),
        (250, 100, "250.0%", false, true),
        (0, 0, "–", false, false),
        (7, 0, "–", false, false),
    ];
    for (active, total, shown, low, above) in cases {
        let a = evaluate(lic(10, 10, total, active), &cfg());
        assert_eq!(format::percent(a.usage.value), shown, "{active}/{total}");
        assert_eq!(a.low_adoption.value, low, "{active}/{total}");
        assert_eq!(a.usage_above_100, above, "{active}/{total}");
        assert_eq!(a.note().is_some(), above);
        assert_eq!(a.recommendation().is_some(), low);
    }
}

#[test]
fn deployment_is_assigned_over_sold_uncapped() {
    #[rustfmt::skip]
    let cases = [
        (100, 120, "120.0%"),
        (100, 100, "100.0%"),
        (1000, 999, "99.9%"),
        (0, 0, "–"),
        (0, 50, "–"),
    ];
    for (sold, assigned, shown) in cases {
        let a = evaluate(lic(sold, assigned, 0, 0), &cfg());
        assert_eq!(
            format::percent(a.deployment.value),
            shown,
            "{assigned}/{sold}"
        );
    }
}

#[test]
fn each_value_explains_itself() {
    let a = evaluate(lic(100, 120, 200, 90), &cfg());
    assert_eq!(
        a.deployment.trace.to_string(),
        "Deployment % = assigned 120 / sold 100 = 120.0%"
    );
    assert_eq!(
        a.usage.trace.to_string(),
        "Usage % = active 90 / total 200 = 45.0%"
    );
    assert_eq!(
        a.low_adoption.trace.to_string(),
        "Usage % 45.0% < 50% → low adoption"
    );
    assert_eq!(a.recommendation(), Some(LOW_ADOPTION_RECOMMENDATION));
    let a = evaluate(lic(0, 0, 10, 12), &cfg());
    assert_eq!(
        a.deployment.trace.to_string(),
        "sold 0 → Deployment % undefined (–)"
    );
    assert_eq!(
        a.usage.trace.to_vec(),
        [
            "Usage % = active 12 / total 10 = 120.0%",
            "above 100% → see the note on why"
        ]
    );
    assert_eq!(a.note().map(<[_]>::len), Some(4));
    let a = evaluate(lic(0, 0, 0, 3), &cfg());
    assert_eq!(
        a.low_adoption.trace.to_string(),
        "Usage % undefined → not low adoption"
    );
}

#[test]
fn the_threshold_is_configurable() {
    let c = AdoptionConfig {
        low_usage_below: Ratio(0.4),
    };
    let a = evaluate(lic(0, 0, 100, 45), &c);
    assert!(!a.low_adoption.value);
    assert_eq!(
        a.low_adoption.trace.to_string(),
        "Usage % 45.0% ≥ 40% → not low adoption"
    );
    assert!(evaluate(lic(0, 0, 1000, 399), &c).low_adoption.value);
    let partial: AdoptionConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(partial, AdoptionConfig::default());
}

/// Contoso (claimed by us, 2 tenants of one TPID), Fabrikam (CSP only, EDU), Tailspin
/// (neither), and a workload of Contoso's claimed by another partner.
fn portfolio() -> (Vec<Tenant>, Vec<WorkloadUsage>) {
    let contoso = tenant(1, "Contoso", Segment::Enterprise);
    let mut contoso2 = tenant(2, "Contoso EU", Segment::Smc);
    contoso2.tpid = contoso.tpid.clone();
    contoso2.customer_name = "Contoso".into();
    let mut fabrikam = tenant(3, "Fabrikam", Segment::Edu);
    fabrikam.csp_association = true;
    let tailspin = tenant(4, "Tailspin", Segment::Gov);
    let mut rows = vec![
        workload(&contoso, "Teams", 0, 0, Some(ClaimedBy::Us), None),
        workload(&contoso, "Exchange Online", 0, 0, None, None),
        workload(&contoso, "Intune", 0, 0, Some(ClaimedBy::Other), None),
        workload(&contoso2, "Teams", 0, 0, None, None),
        workload(&fabrikam, "Teams", 0, 0, None, None),
        workload(&tailspin, "Teams", 0, 0, None, None),
    ];
    // (sold, assigned, total, active): Contoso 1/10 and 90/90 usage; Contoso EU 0 entitlements.
    let counts = [
        (10, 10, 10, 1),
        (100, 90, 90, 90),
        (500, 500, 500, 500),
        (20, 5, 0, 0),
        (40, 40, 40, 41),
        (50, 50, 50, 10),
    ];
    for (w, (s, a, t, act)) in rows.iter_mut().zip(counts) {
        w.sold_licenses = s;
        w.assigned_licenses = a;
        w.total_entitlements = t;
        w.active_entitlements = act;
    }
    (vec![contoso, contoso2, fabrikam, tailspin], rows)
}

#[test]
fn rows_of_associated_tenants_without_other_partners_claims() {
    let (tenants, workloads) = portfolio();
    let r = report(&tenants, &workloads, &cfg());
    let got: Vec<(u32, u32)> = r.rows.iter().map(|x| (x.tenant, x.workload)).collect();
    // In: Contoso's Teams and Exchange Online (one claim of ours associates the tenant) and
    // Fabrikam's Teams (CSP association; EDU counts). Out: Contoso's Intune (claimed by
    // another partner), Contoso EU (same TPID, but neither a claim of ours nor CSP) and
    // Tailspin (no association).
    assert_eq!(got, [(0, 0), (0, 1), (2, 4)]);
    assert_eq!(r.usage_above_100_rows, 1);
    assert_eq!(r.low_adoption_rows, 1);
}

#[test]
fn customer_and_portfolio_totals_are_ratios_of_sums() {
    let (mut tenants, workloads) = portfolio();
    tenants[1].csp_association = true; // Contoso EU joins through CSP.
    let r = report(&tenants, &workloads, &cfg());
    assert_eq!(r.customers.len(), 2);
    let contoso = &r.customers[0];
    assert_eq!(contoso.customer_name, "Contoso");
    assert_eq!(contoso.tenants, [tenants[0].id, tenants[1].id]);
    assert_eq!(contoso.rows, [0, 1, 2]);
    assert_eq!(contoso.adoption.licenses, lic(130, 105, 100, 91));
    // 91 / 100 active entitlements, not the 55% average of 10% and 100% (the third row's
    // usage is undefined).
    assert_eq!(format::percent(contoso.adoption.usage.value), "91.0%");
    assert_eq!(format::percent(contoso.adoption.deployment.value), "80.8%");
    assert!(!contoso.adoption.low_adoption.value);
    assert_eq!(
        r.rows
            .iter()
            .filter_map(|x| x.adoption.usage.value)
            .map(|u| format!("{u}"))
            .collect::<Vec<_>>(),
        ["10.0%", "100.0%", "102.5%"]
    );
    assert_eq!(r.portfolio.licenses, lic(170, 145, 140, 132));
    assert_eq!(format::percent(r.portfolio.usage.value), "94.3%");
    let fabrikam = &r.customers[1];
    assert!(fabrikam.adoption.usage_above_100);
}

#[test]
fn an_empty_portfolio_shows_dashes() {
    let r = report(&[], &[], &cfg());
    assert!(r.rows.is_empty() && r.customers.is_empty());
    assert_eq!(format::percent(r.portfolio.usage.value), "–");
    assert_eq!(format::percent(r.portfolio.deployment.value), "–");
}

proptest! {
    #[test]
    fn low_adoption_is_exact(active in 0u64..100_000, total in 0u64..100_000, permille in 0u64..=1500) {
        let c = AdoptionConfig { low_usage_below: Ratio(permille as f64 / 1000.0) };
        let a = evaluate(lic(0, 0, total, active), &c);
        let exact = total > 0 && u128::from(active) * 1000 < u128::from(permille) * u128::from(total);
        prop_assert_eq!(a.low_adoption.value, exact);
        prop_assert_eq!(a.usage_above_100, total > 0 && active > total);
    }

    #[test]
    fn totals_add_up(counts in proptest::collection::vec((0u64..500, 0u64..500, 0u64..500, 0u64..500, 0u8..3), 0..30)) {
        let mut tenants = Vec::new();
        let mut workloads = Vec::new();
        for (i, (s, a, t, act, kind)) in counts.iter().enumerate() {
            let mut tn = tenant(i as u128 % 7, "T", Segment::Smb);
            tn.csp_association = *kind == 0;
            if !tenants.iter().any(|x: &Tenant| x.id == tn.id) {
                tenants.push(tn.clone());
            }
            let by = match kind { 1 => Some(ClaimedBy::Us), 2 => Some(ClaimedBy::Other), _ => None };
            let mut w = workload(&tn, "Teams", 0, 0, by, None);
            w.sold_licenses = *s;
            w.assigned_licenses = *a;
            w.total_entitlements = *t;
            w.active_entitlements = *act;
            workloads.push(w);
        }
        let r = report(&tenants, &workloads, &cfg());
        let mut sum = Licenses::default();
        for c in &r.customers {
            sum.add(c.adoption.licenses);
        }
        prop_assert_eq!(sum, r.portfolio.licenses);
        let mut rows = Licenses::default();
        for x in &r.rows {
            rows.add(x.adoption.licenses);
            prop_assert!(workloads[x.workload as usize].claimed_by != Some(ClaimedBy::Other));
        }
        prop_assert_eq!(rows, r.portfolio.licenses);
        prop_assert_eq!(r.customers.iter().map(|c| c.rows.len()).sum::<usize>(), r.rows.len());
    }
}
