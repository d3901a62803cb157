use super::*;
use crate::rules::cloud_endpoints::sales_motion;
use crate::testdata::{any_endpoint, any_industry, any_segment, cloud_endpoint, tenant};
use proptest::prelude::*;

fn cfg() -> CloudEndpointsConfig {
    CloudEndpointsConfig::default()
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
    endpoints[0].mci_estimate = Some(Money::from_cents(100000));
    endpoints[1].mci_eligibility =
        vec!["windows 365 workshop".into(), "Windows 365 Workshop".into()];
    endpoints[1].mci_estimate = Some(Money::from_cents(25000));
    // An estimate without a workshop still counts in the tile, never in chart E.
    endpoints[3].mci_estimate = Some(Money::from_cents(500));
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
            potential_earnings: Some(Money::from_cents(125500)),
        }
    );
    assert_eq!(k.w365_seat_penetration.unwrap().to_string(), "36.7%");
    let empty = kpis(std::iter::empty());
    assert_eq!(empty.w365_seat_penetration, None);
    assert_eq!(empty.potential_earnings, Some(Money::ZERO));
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
        Some(vec![
            ("Intune Deployment".to_string(), Money::from_cents(100000)),
            (
                "Windows 365 Workshop".to_string(),
                Money::from_cents(125000)
            ),
        ])
    );
    let chart_total: Money = c
        .earnings_by_workshop
        .iter()
        .flatten()
        .map(|(_, m)| *m)
        .sum();
    assert!(
        Some(chart_total) > kpis(f.items()).potential_earnings,
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
    assert!(c.tenants_by_renewal.is_empty() && c.earnings_by_workshop == Some(vec![]));
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

proptest! {
    #[test]
    fn kpi_motion_counts_add_up_to_tenants(
        rows in proptest::collection::vec((any_endpoint(), any_segment(), any_industry(), 0i64..100_000), 0..30)
    ) {
        let c = cfg();
        let tenants: Vec<Tenant> = rows.iter().enumerate().map(|(i, (_, seg, ind, _))| {
            let mut t = tenant(i as u128, "T", *seg);
            t.industry = (*ind).into();
            t
        }).collect();
        let endpoints: Vec<CloudEndpoint> = rows.iter().map(|(ep, _, _, cents)| {
            let mut ep = ep.clone();
            ep.mci_estimate = Some(Money::from_cents(*cents));
            ep
        }).collect();
        let motions: Vec<SalesMotion> = tenants.iter().zip(&endpoints)
            .map(|(t, ep)| sales_motion(ep, &t.industry, &c).motion).collect();
        let f = Fixture { tenants, endpoints, motions };
        let k = kpis(f.items());
        prop_assert_eq!(k.tenants, rows.len() as u64);
        prop_assert_eq!(k.land + k.expand + k.flex + k.nurture_intune + k.low_whitespace, k.tenants);
        prop_assert_eq!(k.potential_earnings.map(Money::cents), Some(rows.iter().map(|r| r.3).sum::<i64>()));
        let ch = charts(f.items(), &c);
        prop_assert_eq!(ch.tenants_by_motion.iter().map(|(_, n)| n).sum::<u64>(), k.tenants);
        prop_assert_eq!(ch.tenants_by_segment.iter().map(|(_, n)| n).sum::<u64>(), k.tenants);
        prop_assert_eq!(ch.w365_penetration.iter().map(|(_, n)| n).sum::<u64>(), k.tenants);
        if let Some(p) = k.w365_seat_penetration {
            prop_assert!(p.value() >= 0.0);
        }
    }
}

/// A Report viewer's rows carry no MCI estimate: the earnings tile and chart E are absent,
/// every other figure is the executive's.
#[test]
fn withheld_estimates_leave_the_earnings_figures_absent_and_the_rest_unchanged() {
    let f = fixture();
    let mut viewer = Fixture {
        tenants: f.tenants.clone(),
        endpoints: f.endpoints.clone(),
        motions: f.motions.clone(),
    };
    for e in &mut viewer.endpoints {
        e.mci_estimate = None;
    }
    let (k, full) = (kpis(viewer.items()), kpis(f.items()));
    assert_eq!(k.potential_earnings, None);
    assert_eq!(
        CloudEndpointKpis {
            potential_earnings: full.potential_earnings,
            ..k
        },
        full
    );
    let (c, all) = (charts(viewer.items(), &cfg()), charts(f.items(), &cfg()));
    assert_eq!(c.earnings_by_workshop, None);
    assert_eq!(
        CloudEndpointCharts {
            earnings_by_workshop: all.earnings_by_workshop.clone(),
            ..c
        },
        all
    );
}
