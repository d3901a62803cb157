use super::*;
use crate::config::CloudEndpointsConfig;
use crate::model::Segment;
use crate::testdata::{any_endpoint, any_industry, cloud_endpoint, tenant};
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
}
