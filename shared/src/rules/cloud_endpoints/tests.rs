use super::*;
use crate::config::CloudEndpointsConfig;
use crate::testdata::{cloud_endpoint, tenant};
use proptest::prelude::*;

fn cfg() -> CloudEndpointsConfig {
    CloudEndpointsConfig::default()
}

fn ep_with(f: impl FnOnce(&mut CloudEndpoint)) -> CloudEndpoint {
    let mut ep = cloud_endpoint(&tenant(1, "Contoso", Segment::Enterprise));
    f(&mut ep);
    ep
}

fn seats(me5: u64, me3: u64, f3: u64) -> CloudEndpoint {
    ep_with(|e| {
        e.me5_seats = me5;
        e.me3_seats = me3;
        e.f3_seats = f3;
    })
}

#[test]
fn eligible_seats_and_whitespace() {
    assert_eq!(eligible_seats(&seats(1, 20, 300)), 321);
    for (eligible, pau, want) in [(500, 0, 500), (500, 499, 1), (500, 500, 0), (500, 900, 0)] {
        let ep = ep_with(|e| {
            e.me5_seats = eligible;
            e.me3_seats = 0;
            e.f3_seats = 0;
            e.w365_pau = pau;
        });
        assert_eq!(whitespace(&ep), want, "{eligible} − {pau}");
    }
    let huge = seats(u64::MAX, u64::MAX, 1);
    assert_eq!(eligible_seats(&huge), u64::MAX, "saturates");
}

#[test]
fn utilizations_cap_and_treat_pau_zero_as_zero() {
    for (mau, pau, want) in [
        (0, 0, 0.0),
        (50, 0, 0.0),
        (0, 10, 0.0),
        (5, 10, 0.5),
        (10, 10, 1.0),
        (30, 10, 1.0),
    ] {
        assert_eq!(utilization(mau, pau), Ratio(want), "{mau}/{pau}");
    }
    let ep = ep_with(|e| {
        (e.w365_mau, e.w365_pau) = (1, 4);
        (e.intune_mau, e.intune_pau) = (9, 0);
        (e.entra_mau, e.entra_pau) = (900, 300);
    });
    assert_eq!(w365_utilization(&ep), Ratio(0.25));
    assert_eq!(intune_utilization(&ep), Ratio(0.0));
    assert_eq!(entra_utilization(&ep), Ratio(1.0));
}

#[test]
fn visibility_boundaries() {
    // (segment, M365 licenses, eligible seats, visible)
    let cases = [
        (Segment::Enterprise, 500, 100, false),
        (Segment::Enterprise, 500, 101, true),
        (Segment::Enterprise, 150, 500, false),
        (Segment::Enterprise, 151, 500, true),
        (Segment::Smc, 25, 500, false),
        (Segment::Smc, 26, 500, true),
        (Segment::Smb, 25, 500, false),
        (Segment::Smb, 26, 500, true),
        (Segment::SmeC, 25, 500, false),
        (Segment::SmeC, 26, 500, true),
        (Segment::Smb, 26, 100, false),
        (Segment::Smb, 26, 101, true),
        (Segment::Edu, 100_000, 100_000, false),
        (Segment::Gov, 100_000, 100_000, false),
    ];
    for (segment, licenses, eligible, want) in cases {
        let mut t = tenant(1, "T", segment);
        t.m365_licenses = licenses;
        let ep = seats(eligible, 0, 0);
        let d = visibility(&t, &ep, &cfg());
        assert_eq!(
            d.visible, want,
            "{segment} {licenses} licenses, {eligible} seats: {:?}",
            d.trace
        );
        assert_eq!(is_visible(&t, &ep, &cfg()), want);
        assert_eq!(d.trace.len(), 2, "both checks are always explained");
        assert_eq!(d.trace[1].ends_with("→ visible"), want, "{:?}", d.trace);
    }
}

#[test]
fn visibility_trace_reads() {
    let mut t = tenant(1, "T", Segment::Enterprise);
    t.m365_licenses = 300;
    let d = visibility(&t, &seats(60, 40, 1), &cfg());
    assert_eq!(
        d.trace,
        [
            "W365 eligible seats 101 (ME5 60 + ME3 40 + F3 1) > 100",
            "Enterprise with 300 M365 licenses > 150 → visible",
        ]
    );
    let mut edu = tenant(2, "U", Segment::Edu);
    edu.m365_licenses = 300;
    let d = visibility(&edu, &seats(100, 0, 0), &cfg());
    assert_eq!(
        d.trace,
        [
            "W365 eligible seats 100 (ME5 100 + ME3 0 + F3 0) ≤ 100 → hidden",
            "EDU is neither Enterprise nor SMC/SMB/SME&C → hidden",
        ]
    );
}

/// (Intune MAU, Intune PAU, eligible seats, F3 seats among them, W365 PAU, industry) → motion.
#[test]
fn sales_motion_boundaries() {
    use SalesMotion::*;
    let cases: &[(u64, u64, u64, u64, u64, &str, SalesMotion)] = &[
        // 1. Intune 20% exactly nurtures; 20.1% does not.
        (200, 1000, 800, 0, 100, "Banking", NurtureIntune),
        (201, 1000, 800, 0, 100, "Banking", ExpandW365),
        (0, 0, 800, 0, 100, "Banking", NurtureIntune),
        (1, 0, 800, 0, 100, "Banking", NurtureIntune),
        // 1 beats every later rule.
        (100, 1000, 400, 50, 0, "Retail", NurtureIntune),
        // 2. eligible 499 is low whitespace; 500 is not.
        (500, 1000, 499, 0, 100, "Banking", LowWhitespace),
        (500, 1000, 500, 0, 100, "Banking", ExpandW365),
        (500, 1000, 499, 0, 0, "Banking", LowWhitespace),
        // 3. W365 PAU 0 lands; 1 expands.
        (500, 1000, 800, 0, 0, "Banking", LandW365),
        (500, 1000, 800, 50, 0, "Retail", LandW365),
        (500, 1000, 800, 0, 1, "Banking", ExpandW365),
        // 4. F3 0 vs 1 in a priority industry, matched case-insensitively.
        (500, 1000, 800, 0, 100, "Retail", ExpandW365),
        (500, 1000, 800, 1, 100, "Retail", ExpandFlex),
        (500, 1000, 800, 1, 100, "  healthCARE ", ExpandFlex),
        (500, 1000, 800, 1, 100, "TRANSPORTATION", ExpandFlex),
        (500, 1000, 800, 1, 100, "Banking", ExpandW365),
        (500, 1000, 800, 1, 100, "", ExpandW365),
        (500, 1000, 800, 1, 250, "Manufacturing", ExpandFlex),
        (500, 1000, 800, 1, 251, "Manufacturing", ExpandFlexMature),
        (500, 1000, 800, 1, 251, "hospitality", ExpandFlexMature),
        // 5/6. W365 PAU 250 is not mature; 251 is.
        (500, 1000, 800, 0, 250, "Banking", ExpandW365),
        (500, 1000, 800, 0, 251, "Banking", ExpandW365Mature),
        (500, 1000, 800, 5, 251, "Banking", ExpandW365Mature),
        // W365 PAU above eligible seats still classifies (whitespace 0).
        (500, 1000, 800, 0, 5000, "Banking", ExpandW365Mature),
    ];
    for &(imau, ipau, eligible, f3, w365, industry, want) in cases {
        let ep = ep_with(|e| {
            (e.intune_mau, e.intune_pau) = (imau, ipau);
            e.me5_seats = eligible - f3;
            e.me3_seats = 0;
            e.f3_seats = f3;
            e.w365_pau = w365;
        });
        let d = sales_motion(&ep, industry, &cfg());
        assert_eq!(
            d.motion, want,
            "{imau}/{ipau} {eligible} f3 {f3} w365 {w365} {industry:?}: {:?}",
            d.trace
        );
        assert!(
            d.trace.last().unwrap().ends_with(want.label()),
            "{:?}",
            d.trace
        );
    }
}

#[test]
fn sales_motion_traces_each_check_in_order() {
    let ep = ep_with(|e| {
        (e.intune_mau, e.intune_pau) = (180, 1000);
    });
    assert_eq!(
        sales_motion(&ep, "Retail", &cfg()).trace,
        ["Intune utilization 18.0% (MAU 180 / PAU 1000) ≤ 20% → Nurture Intune"]
    );

    let ep = ep_with(|e| {
        (e.intune_mau, e.intune_pau) = (2004, 10000);
        e.f3_seats = 40;
        e.w365_pau = 300;
    });
    assert_eq!(
        sales_motion(&ep, "Retail", &cfg()).trace,
        [
            "Intune utilization 20.0% (MAU 2004 / PAU 10000) > 20% → not Nurture Intune",
            "W365 eligible seats 840 ≥ 500 → not Low Whitespace",
            "W365 PAU 300 > 0 → not Land W365",
            "F3 seats 40 > 0 and industry Retail is a priority frontline industry",
            "W365 PAU 300 > 250 → Expand to Frontline (Flex) - Mature",
        ]
    );

    let ep = ep_with(|e| e.f3_seats = 40);
    assert_eq!(
        sales_motion(&ep, "Banking", &cfg()).trace,
        [
            "Intune utilization 75.0% (MAU 600 / PAU 800) > 20% → not Nurture Intune",
            "W365 eligible seats 840 ≥ 500 → not Low Whitespace",
            "W365 PAU 100 > 0 → not Land W365",
            "F3 seats 40 > 0 but industry Banking is not a priority frontline industry → not Expand to Frontline (Flex)",
            "W365 PAU 100 ≤ 250 → Expand W365",
        ]
    );

    let ep = ep_with(|e| e.w365_pau = 0);
    assert_eq!(
        sales_motion(&ep, "Retail", &cfg()).trace[2],
        "W365 PAU 0 → Land W365"
    );
    let ep = cloud_endpoint(&tenant(1, "C", Segment::Smb));
    assert_eq!(
        sales_motion(&ep, "Retail", &cfg()).trace[3],
        "F3 seats 0 → not Expand to Frontline (Flex)"
    );
}

#[test]
fn thresholds_come_from_the_config() {
    let custom = CloudEndpointsConfig {
        visible_eligible_seats_above: 10,
        enterprise_licenses_above: 10,
        nurture_intune_at_most: Ratio(0.755),
        low_whitespace_seats_below: 50,
        mature_w365_pau_above: 5,
        priority_frontline_industries: vec!["Banking".into()],
        ..cfg()
    };
    let mut t = tenant(1, "T", Segment::Enterprise);
    t.m365_licenses = 11;
    assert!(visibility(&t, &seats(11, 0, 0), &custom).visible);
    let ep = ep_with(|e| e.f3_seats = 1);
    let d = sales_motion(&ep, "banking", &custom);
    assert_eq!(d.motion, SalesMotion::NurtureIntune, "75% ≤ 75.5%");
    assert_eq!(
        d.trace[0],
        "Intune utilization 75.0% (MAU 600 / PAU 800) ≤ 75.5% → Nurture Intune"
    );
    let custom = CloudEndpointsConfig {
        nurture_intune_at_most: Ratio(0.5),
        ..custom
    };
    assert_eq!(
        sales_motion(&ep, "banking", &custom).motion,
        SalesMotion::ExpandFlexMature
    );
    assert_eq!(
        sales_motion(&ep, "Retail", &custom).motion,
        SalesMotion::ExpandW365Mature
    );
}

#[test]
fn motion_labels_groups_and_parse() {
    use SalesMotion::*;
    let labels: Vec<&str> = SalesMotion::ALL.iter().map(|m| m.label()).collect();
    assert_eq!(
        labels,
        [
            "Nurture Intune",
            "Low Whitespace",
            "Land W365",
            "Expand to Frontline (Flex) - Mature",
            "Expand to Frontline (Flex)",
            "Expand W365 - Mature",
            "Expand W365",
        ]
    );
    for m in SalesMotion::ALL {
        assert_eq!(SalesMotion::parse(&m.to_string().to_uppercase()), Some(m));
        let groups = [m.is_land(), m.is_expand(), m.is_flex()];
        let in_one = groups.iter().filter(|&&g| g).count();
        assert_eq!(
            in_one,
            usize::from(!matches!(m, NurtureIntune | LowWhitespace)),
            "{m}"
        );
    }
    assert_eq!(SalesMotion::parse("Expand"), None);
    assert!(ExpandW365Mature.is_expand() && ExpandFlexMature.is_flex());
    assert!(ExpandW365Mature.is_mature() && !ExpandW365.is_mature());
}

#[test]
fn assessment_joins_the_traces() {
    let t = tenant(1, "T", Segment::Enterprise);
    let a = assess(&t, &cloud_endpoint(&t), &cfg());
    assert_eq!((a.eligible_seats, a.whitespace), (800, 700));
    assert_eq!(a.w365_utilization, Ratio(0.6));
    assert!(a.visibility.visible);
    // The builder's industry is Retail but it has no F3 seats.
    assert_eq!(a.sales_motion.motion, SalesMotion::ExpandW365);
    let trace = a.trace();
    assert_eq!(trace.len(), 2 + 5);
    assert_eq!(trace[0], a.visibility.trace[0]);
    assert_eq!(trace.last(), a.sales_motion.trace.last());
}

#[test]
fn renewal_period_falls_back_to_csp() {
    let ym = |s| YearMonth::parse(s);
    let mut t = tenant(1, "T", Segment::Enterprise);
    assert_eq!(renewal_period(&t), None);
    t.csp_renewal = ym("2026-09");
    assert_eq!(renewal_period(&t), ym("2026-09"));
    t.ea_renewal = ym("2027-01");
    assert_eq!(renewal_period(&t), ym("2027-01"));
}

struct Fixture {
    tenants: Vec<Tenant>,
    endpoints: Vec<CloudEndpoint>,
    motions: Vec<SalesMotion>,
}

impl Fixture {
    fn items(&self) -> impl Iterator<Item = TenantMotion<'_>> {
        self.tenants
            .iter()
            .zip(&self.endpoints)
            .zip(&self.motions)
            .map(|((tenant, endpoint), &motion)| TenantMotion {
                tenant,
                endpoint,
                motion,
            })
    }
}

fn fixture() -> Fixture {
    let ym = |s| YearMonth::parse(s);
    let mut tenants = vec![
        tenant(1, "A", Segment::Enterprise),
        tenant(2, "B", Segment::Smb),
        tenant(3, "C", Segment::Enterprise),
        tenant(4, "D", Segment::SmeC),
    ];
    tenants[0].ea_renewal = ym("2026-11");
    tenants[0].csp_renewal = ym("2026-01");
    tenants[1].csp_renewal = ym("2026-11");
    tenants[2].csp_renewal = ym("2025-12");
    let mut endpoints: Vec<CloudEndpoint> = tenants.iter().map(cloud_endpoint).collect();
    // A: 800 seats, PAU 100; B: 600 seats, PAU 0; C: 800 seats, PAU 900; D: 800, PAU 100.
    endpoints[1].me3_seats = 300;
    endpoints[1].w365_pau = 0;
    endpoints[2].w365_pau = 900;
    endpoints[0].mci_eligibility = vec!["Windows 365 Workshop".into(), "Intune Deployment".into()];
    endpoints[0].mci_estimate = Money::from_cents(100000);
    endpoints[1].mci_eligibility =
        vec!["windows 365 workshop".into(), "Windows 365 Workshop".into()];
    endpoints[1].mci_estimate = Money::from_cents(25000);
    // An estimate without a workshop still counts in the tile, never in chart E.
    endpoints[3].mci_estimate = Money::from_cents(500);
    Fixture {
        tenants,
        endpoints,
        motions: vec![
            SalesMotion::ExpandW365,
            SalesMotion::LandW365,
            SalesMotion::ExpandFlexMature,
            SalesMotion::NurtureIntune,
        ],
    }
}

#[test]
fn kpi_tiles() {
    let f = fixture();
    let k = kpis(f.items());
    assert_eq!(
        k,
        CloudEndpointKpis {
            tenants: 4,
            w365_seat_penetration: Some(Ratio(1100.0 / 3000.0)),
            // C has more W365 PAU than eligible seats: whitespace 0, not negative.
            seat_whitespace: 700 + 600 + 700,
            land: 1,
            expand: 1,
            flex: 1,
            nurture_intune: 1,
            low_whitespace: 0,
            incentive_eligible: 2,
            // Per tenant, once: 1000 + 250 + 5, although A lists two workshops.
            potential_earnings: Money::from_cents(125500),
        }
    );
    assert_eq!(k.w365_seat_penetration.unwrap().to_string(), "36.7%");
    let empty = kpis(std::iter::empty());
    assert_eq!(empty.w365_seat_penetration, None);
    assert_eq!(empty.potential_earnings, Money::ZERO);
}

#[test]
fn chart_series() {
    let f = fixture();
    let c = charts(f.items(), &cfg());
    let s = |v: &[(&str, u64)]| {
        v.iter()
            .map(|(l, n)| (l.to_string(), *n))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        c.tenants_by_segment,
        s(&[("Enterprise", 2), ("SMC", 0), ("SMB", 1), ("SME&C", 1)])
    );
    assert_eq!(
        c.w365_penetration,
        s(&[("Has W365 PAU", 3), ("No W365 PAU", 1)])
    );
    assert_eq!(
        c.tenants_by_motion,
        s(&[
            ("Nurture Intune", 1),
            ("Low Whitespace", 0),
            ("Land W365", 1),
            ("Expand to Frontline (Flex) - Mature", 1),
            ("Expand to Frontline (Flex)", 0),
            ("Expand W365 - Mature", 0),
            ("Expand W365", 1),
        ])
    );
    // A: EA 2026-11 wins over its CSP 2026-01; B: CSP 2026-11; C: CSP 2025-12; D: neither.
    assert_eq!(c.tenants_by_renewal, s(&[("2025-12", 1), ("2026-11", 2)]));
    // The full estimate under each listed workshop, once per tenant per workshop.
    assert_eq!(
        c.earnings_by_workshop,
        vec![
            ("Intune Deployment".to_string(), Money::from_cents(100000)),
            (
                "Windows 365 Workshop".to_string(),
                Money::from_cents(125000)
            ),
        ]
    );
    let chart_total: Money = c.earnings_by_workshop.iter().map(|(_, m)| *m).sum();
    assert!(
        chart_total > kpis(f.items()).potential_earnings,
        "documented: E can exceed the tile"
    );
}

#[test]
fn charts_of_nothing_keep_their_fixed_bars() {
    let c = charts(std::iter::empty(), &cfg());
    assert_eq!(c.tenants_by_segment.len(), 4);
    assert!(c.tenants_by_segment.iter().all(|(_, n)| *n == 0));
    assert_eq!(c.w365_penetration.len(), 2);
    assert_eq!(c.tenants_by_motion.len(), 7);
    assert!(c.tenants_by_renewal.is_empty() && c.earnings_by_workshop.is_empty());
    let edu = tenant(9, "U", Segment::Edu);
    let ep = cloud_endpoint(&edu);
    let item = TenantMotion {
        tenant: &edu,
        endpoint: &ep,
        motion: SalesMotion::LandW365,
    };
    let c = charts([item], &cfg());
    assert_eq!(c.tenants_by_segment.last(), Some(&("EDU".to_string(), 1)));
}

prop_compose! {
    fn any_endpoint()(
        me5 in 0u64..3000, me3 in 0u64..3000, f3 in 0u64..3000,
        w365 in (0u64..4000, 0u64..5000),
        intune in (0u64..4000, 0u64..4000),
        entra in (0u64..4000, 0u64..4000),
    ) -> CloudEndpoint {
        ep_with(|e| {
            (e.me5_seats, e.me3_seats, e.f3_seats) = (me5, me3, f3);
            (e.w365_pau, e.w365_mau) = w365;
            (e.intune_pau, e.intune_mau) = intune;
            (e.entra_pau, e.entra_mau) = entra;
        })
    }
}

fn any_segment() -> impl Strategy<Value = Segment> {
    proptest::sample::select(Segment::ALL.to_vec())
}

fn any_industry() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "Retail",
        "retail",
        "Banking",
        "",
        "Healthcare",
        "Energy",
    ])
}

proptest! {
    #[test]
    fn utilizations_stay_within_zero_and_one(ep in any_endpoint()) {
        for u in [w365_utilization(&ep), intune_utilization(&ep), entra_utilization(&ep)] {
            prop_assert!((0.0..=1.0).contains(&u.value()));
        }
    }

    #[test]
    fn whitespace_is_between_zero_and_eligible(ep in any_endpoint()) {
        prop_assert!(whitespace(&ep) <= eligible_seats(&ep));
        prop_assert_eq!(whitespace(&ep) + ep.w365_pau.min(eligible_seats(&ep)), eligible_seats(&ep));
    }

    #[test]
    fn motion_follows_the_first_matching_rule(ep in any_endpoint(), industry in any_industry()) {
        let c = cfg();
        let d = sales_motion(&ep, industry, &c);
        let nurture = intune_utilization(&ep).value() <= 0.2;
        let low = eligible_seats(&ep) < 500;
        let land = ep.w365_pau == 0;
        let flex = ep.f3_seats > 0 && c.is_priority_frontline_industry(industry);
        let mature = ep.w365_pau > 250;
        let want = if nurture { SalesMotion::NurtureIntune }
            else if low { SalesMotion::LowWhitespace }
            else if land { SalesMotion::LandW365 }
            else if flex && mature { SalesMotion::ExpandFlexMature }
            else if flex { SalesMotion::ExpandFlex }
            else if mature { SalesMotion::ExpandW365Mature }
            else { SalesMotion::ExpandW365 };
        prop_assert_eq!(d.motion, want);
        prop_assert!(d.trace.last().unwrap().ends_with(want.label()));
        // Every earlier line rejected a motion; only the last one chooses.
        let chosen = d.trace.iter().filter(|l| SalesMotion::ALL.iter().any(|m| l.ends_with(&format!("→ {m}")))).count();
        prop_assert_eq!(chosen, 1);
    }

    #[test]
    fn kpi_motion_counts_add_up_to_tenants(
        rows in proptest::collection::vec((any_endpoint(), any_segment(), any_industry(), 0i64..100_000), 0..30)
    ) {
        let c = cfg();
        let tenants: Vec<Tenant> = rows.iter().enumerate().map(|(i, (_, seg, ind, _))| {
            let mut t = tenant(i as u128, "T", *seg);
            t.industry = ind.to_string();
            t
        }).collect();
        let endpoints: Vec<CloudEndpoint> = rows.iter().map(|(ep, _, _, cents)| {
            let mut ep = ep.clone();
            ep.mci_estimate = Money::from_cents(*cents);
            ep
        }).collect();
        let motions: Vec<SalesMotion> = tenants.iter().zip(&endpoints)
            .map(|(t, ep)| sales_motion(ep, &t.industry, &c).motion).collect();
        let f = Fixture { tenants, endpoints, motions };
        let k = kpis(f.items());
        prop_assert_eq!(k.tenants, rows.len() as u64);
        prop_assert_eq!(k.land + k.expand + k.flex + k.nurture_intune + k.low_whitespace, k.tenants);
        prop_assert_eq!(k.potential_earnings.cents(), rows.iter().map(|r| r.3).sum::<i64>());
        let ch = charts(f.items(), &c);
        prop_assert_eq!(ch.tenants_by_motion.iter().map(|(_, n)| n).sum::<u64>(), k.tenants);
        prop_assert_eq!(ch.tenants_by_segment.iter().map(|(_, n)| n).sum::<u64>(), k.tenants);
        prop_assert_eq!(ch.w365_penetration.iter().map(|(_, n)| n).sum::<u64>(), k.tenants);
        if let Some(p) = k.w365_seat_penetration {
            prop_assert!(p.value() >= 0.0);
        }
    }
}
