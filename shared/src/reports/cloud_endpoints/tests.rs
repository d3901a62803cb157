use super::*;
use crate::import::{tenant_record, ImportFile};
use crate::money::Money;
use crate::reports::{column_by_id, rows_to_csv, sort_indices, SortDir};
use crate::testdata::{cloud_endpoint, tenant};
use proptest::prelude::*;

fn ym(s: &str) -> Option<YearMonth> {
    YearMonth::parse(s)
}

/// Four visible tenants (Northwind, Contoso ×2, Fabrikam) and three that are not in the report.
fn snapshot() -> Snapshot {
    let mut contoso = tenant(1, "Contoso", Segment::Enterprise);
    contoso.ea_renewal = ym("2026-06");
    contoso.cpor_association = true;
    let mut contoso2 = tenant(7, "contoso", Segment::Smc);
    contoso2.domain = "contoso-eu.example".into();
    contoso2.csp_renewal = ym("2026-03");
    contoso2.cpor_association = false;
    contoso2.csp_association = true;
    let mut fabrikam = tenant(2, "Fabrikam", Segment::Smb);
    fabrikam.industry = "Banking".into();
    fabrikam.csp_renewal = ym("2026-06");
    fabrikam.cpor_association = false;
    fabrikam.csp_association = true;
    fabrikam.csp_tier = Some(crate::model::CspTier::T2);
    fabrikam.t2_reseller = "Reseller, Inc.".into();
    let mut northwind = tenant(3, "Northwind", Segment::Enterprise);
    northwind.industry = "retail".into();
    let edu = tenant(4, "Adatum University", Segment::Edu);
    let small = tenant(5, "Small Seats", Segment::Enterprise);
    let no_endpoint = tenant(6, "No Endpoint", Segment::Enterprise);

    let mut eps = vec![
        cloud_endpoint(&contoso),
        cloud_endpoint(&contoso2),
        cloud_endpoint(&fabrikam),
        cloud_endpoint(&northwind),
        cloud_endpoint(&edu),
        cloud_endpoint(&small),
    ];
    eps[0].mci_eligibility = vec!["W365 Workshop".into(), "Intune Workshop".into()];
    eps[0].mci_estimate = Some(Money::from_cents(150000));
    eps[0].w365_pau = 0;
    eps[1].intune_mau = 8;
    eps[2].mci_eligibility = vec!["w365 workshop".into()];
    eps[2].mci_estimate = Some(Money::from_cents(2050));
    eps[2].w365_pau = 300;
    eps[2].w365_mau = 900;
    eps[3].f3_seats = 200;
    (eps[5].me5_seats, eps[5].me3_seats) = (50, 50);
    // A second row for Contoso is ignored: the first one counts.
    let mut dup = cloud_endpoint(&contoso);
    dup.w365_pau = 999;
    eps.push(dup);

    Snapshot {
        tenants: vec![
            no_endpoint,
            northwind,
            fabrikam,
            small,
            edu,
            contoso2,
            contoso,
        ],
        cloud_endpoints: eps,
        ..Default::default()
    }
}

fn rows() -> Vec<CloudEndpointRow> {
    build_rows(&snapshot(), &CloudEndpointsConfig::default())
}

fn all(rows: &[CloudEndpointRow]) -> Vec<u32> {
    (0..rows.len() as u32).collect()
}

#[test]
fn holds_visible_tenants_with_an_endpoint_in_name_order() {
    let rows = rows();
    let names: Vec<(&str, u128)> = rows
        .iter()
        .map(|r| (&*r.tenant.name, r.tenant.id.0.as_u128()))
        .collect();
    assert_eq!(
        names,
        [
            ("Contoso", 1),
            ("contoso", 7),
            ("Fabrikam", 2),
            ("Northwind", 3)
        ]
    );
    let motions: Vec<SalesMotion> = rows.iter().map(|r| r.sales_motion()).collect();
    assert_eq!(
        motions,
        [
            SalesMotion::LandW365,
            SalesMotion::NurtureIntune,
            SalesMotion::ExpandW365Mature,
            SalesMotion::ExpandFlex,
        ]
    );
    assert_eq!(
        rows[0].endpoint.w365_pau, 0,
        "the first endpoint row of a tenant counts"
    );
    for r in &rows {
        assert!(r.assessment.visibility.visible);
        let trace = r.trace();
        assert!(trace[1].ends_with("→ visible"), "{trace:?}");
        assert!(
            trace.last().unwrap().ends_with(r.sales_motion().label()),
            "{trace:?}"
        );
    }
}

#[test]
fn filters_each_facet() {
    let rows = rows();
    let f = CloudEndpointFilter::default;
    let cases: Vec<(CloudEndpointFilter, Vec<u32>)> = vec![
        (f(), vec![0, 1, 2, 3]),
        (
            CloudEndpointFilter {
                search: "CONTOSO".into(),
                ..f()
            },
            vec![0, 1],
        ),
        (
            CloudEndpointFilter {
                search: "contoso-eu".into(),
                ..f()
            },
            vec![1],
        ),
        (
            CloudEndpointFilter {
                search: "00000000-0000-0000-0000-000000000002".into(),
                ..f()
            },
            vec![2],
        ),
        (
            CloudEndpointFilter {
                search: "north example".into(),
                ..f()
            },
            vec![3],
        ),
        (
            CloudEndpointFilter {
                segments: vec![Segment::Enterprise],
                ..f()
            },
            vec![0, 3],
        ),
        (
            CloudEndpointFilter {
                segments: vec![Segment::Smc, Segment::Smb],
                ..f()
            },
            vec![1, 2],
        ),
        (
            CloudEndpointFilter {
                sales_motions: vec![SalesMotion::ExpandFlex],
                ..f()
            },
            vec![3],
        ),
        (
            CloudEndpointFilter {
                sales_motions: vec![SalesMotion::LandW365, SalesMotion::NurtureIntune],
                ..f()
            },
            vec![0, 1],
        ),
        (
            CloudEndpointFilter {
                mci_workshops: vec!["W365 WORKSHOP".into()],
                ..f()
            },
            vec![0, 2],
        ),
        (
            CloudEndpointFilter {
                mci_workshops: vec!["Intune Workshop".into()],
                ..f()
            },
            vec![0],
        ),
        (
            CloudEndpointFilter {
                mci_workshops: vec!["Nope".into()],
                ..f()
            },
            vec![],
        ),
        // Contoso's EA 2026-06 and Fabrikam's CSP 2026-06 are the same period.
        (
            CloudEndpointFilter {
                renewal_periods: ym("2026-06").into_iter().collect(),
                ..f()
            },
            vec![0, 2],
        ),
        (
            CloudEndpointFilter {
                renewal_periods: ym("2026-03").into_iter().collect(),
                ..f()
            },
            vec![1],
        ),
        (
            CloudEndpointFilter {
                associations: vec![Association::Cpor],
                ..f()
            },
            vec![0, 3],
        ),
        (
            CloudEndpointFilter {
                associations: vec![Association::Csp],
                ..f()
            },
            vec![1, 2],
        ),
        (
            CloudEndpointFilter {
                associations: Association::ALL.to_vec(),
                ..f()
            },
            vec![0, 1, 2, 3],
        ),
        (
            CloudEndpointFilter {
                search: "contoso".into(),
                associations: vec![Association::Csp],
                ..f()
            },
            vec![1],
        ),
    ];
    for (filter, want) in cases {
        assert_eq!(filter.apply(&rows, &all(&rows)), want, "{filter:?}");
    }
    let reversed: Vec<u32> = all(&rows).into_iter().rev().collect();
    let f = CloudEndpointFilter {
        segments: vec![Segment::Enterprise],
        ..f()
    };
    assert_eq!(
        f.apply(&rows, &reversed),
        vec![3, 0],
        "keeps the given order"
    );
}

#[test]
fn filter_choices() {
    let rows = rows();
    assert_eq!(mci_workshops(&rows), ["Intune Workshop", "W365 Workshop"]);
    assert_eq!(
        renewal_periods(&rows),
        [ym("2026-03").unwrap(), ym("2026-06").unwrap()]
    );
}

#[test]
fn columns_are_the_seeds() {
    let headers = |visible: bool| -> Vec<&str> {
        COLUMNS
            .iter()
            .filter(|c| c.default_visible == visible)
            .map(|c| c.header)
            .collect()
    };
    assert_eq!(
        headers(true),
        [
            "Tenant Name",
            "Tenant ID",
            "Tenant Domain",
            "Tenant Country/Region",
            "Tenant Segment",
            "TPID",
            "Customer Name",
            "EA Renewal",
            "Largest Seat CSP Renewal",
            "W365 Eligible Seats",
            "W365 Whitespace",
            "Sales Motion",
            "W365 PAU",
            "W365 MAU",
            "W365 Utilization",
            "Intune MAU",
            "Intune Utilization",
            "Entra ID MAU",
            "Entra ID Utilization",
            "MCI Eligibility",
            "Intune CPOR Eligibility",
            "W365 CPOR Eligibility",
            "Potential Earnings",
            "Partner Name",
            "Partner Center ID (MPN)",
            "CPOR Association",
            "CSP Association",
            "CSP Tier",
            "T2 Reseller Name",
        ]
    );
    assert_eq!(
        headers(false),
        [
            "Customer Sub-Segment",
            "Industry/Vertical",
            "ME5 Seats",
            "ME3 Seats",
            "F3 Seats",
            "Windows PAU"
        ]
    );
    let mut ids: Vec<&str> = COLUMNS.iter().map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), COLUMNS.len(), "ids are unique");
}

#[test]
fn cells_read_as_the_spec_formats() {
    let rows = rows();
    let cell = |row: usize, id: &str| column_by_id(COLUMNS, id).unwrap().cell(&rows[row]);
    assert_eq!(cell(0, "mci_eligibility"), "W365 Workshop; Intune Workshop");
    assert_eq!(cell(0, "potential_earnings"), "1500.00");
    assert_eq!(cell(0, "ea_renewal"), "2026-06");
    assert_eq!(cell(0, "csp_renewal"), "");
    assert_eq!(cell(0, "sales_motion"), "Land W365");
    assert_eq!(
        cell(2, "w365_utilization"),
        "100.0%",
        "MAU above PAU is capped"
    );
    assert_eq!(cell(2, "whitespace"), "500");
    assert_eq!(cell(2, "csp_tier"), "T2");
    assert_eq!(cell(1, "intune_utilization"), "1.0%");
    assert_eq!(cell(3, "eligible_seats"), "1000");
    assert_eq!(cell(3, "entra_utilization"), "87.5%");
    assert_eq!(cell(3, "intune_cpor"), "Yes");
    assert_eq!(cell(3, "w365_cpor"), "No");
}

#[test]
fn sorts_every_column_both_ways() {
    let rows = rows();
    for col in COLUMNS {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let mut idx = sort_indices(&rows, col, dir);
            idx.sort();
            assert_eq!(idx, all(&rows), "{} is a permutation", col.id);
        }
    }
    let motion = column_by_id(COLUMNS, "sales_motion").unwrap();
    assert_eq!(
        sort_indices(&rows, motion, SortDir::Asc),
        [1, 0, 3, 2],
        "in the spec's order"
    );
    let ea = column_by_id(COLUMNS, "ea_renewal").unwrap();
    assert_eq!(
        sort_indices(&rows, ea, SortDir::Desc),
        [0, 1, 2, 3],
        "missing renewals last"
    );
    let earnings = column_by_id(COLUMNS, "potential_earnings").unwrap();
    assert_eq!(sort_indices(&rows, earnings, SortDir::Desc)[..2], [0, 2]);
}

#[test]
fn table_csv_is_the_view() {
    let rows = rows();
    let cols: Vec<_> = COLUMNS
        .iter()
        .filter(|c| ["tenant_name", "t2_reseller", "w365_utilization"].contains(&c.id))
        .collect();
    assert_eq!(
        rows_to_csv(&rows, &[2], &cols),
        "Tenant Name,W365 Utilization,T2 Reseller Name\nFabrikam,100.0%,\"Reseller, Inc.\"\n"
    );
}

#[test]
fn export_has_the_data_contract_columns() {
    let headers: Vec<&str> = EXPORT_COLUMNS.iter().map(|c| c.header).collect();
    assert_eq!(
        headers[..14],
        [
            "Tenant ID",
            "Tenant name",
            "W365 eligible seats",
            "W365 whitespace",
            "Sales motion",
            "W365 PAU",
            "W365 MAU",
            "W365 utilization",
            "Intune MAU",
            "Intune utilization",
            "Entra ID MAU",
            "Entra ID utilization",
            "MCI eligibility",
            "Potential earnings",
        ]
    );
    assert_eq!(
        headers[14..],
        ImportFile::Tenants.columns()[2..],
        "then the tenant columns"
    );
    let rows = rows();
    let rec: Vec<String> = EXPORT_COLUMNS.iter().map(|c| c.cell(&rows[0])).collect();
    let field = |h: &str| rec[headers.iter().position(|x| *x == h).unwrap()].as_str();
    assert_eq!(field("Tenant ID"), "00000000-0000-0000-0000-000000000001");
    assert_eq!(field("Sales motion"), "Land W365");
    assert_eq!(field("W365 utilization"), "0.0%", "PAU 0 is 0%");
    assert_eq!(field("MCI eligibility"), "W365 Workshop; Intune Workshop");
    assert_eq!(field("Potential earnings"), "1500.00");
    assert_eq!(field("Tenant segment"), "Enterprise");
    assert_eq!(field("EA renewal"), "2026-06");
    assert_eq!(field("CPOR association"), "Yes");

    // The tenant columns are `tenants.csv`'s fields, so the export re-imports as one.
    for r in &rows {
        let cells: Vec<String> = EXPORT_COLUMNS[14..].iter().map(|c| c.cell(r)).collect();
        assert_eq!(cells, tenant_record(&r.tenant)[2..], "{}", r.tenant.name);
    }

    let csv = export_csv(&rows, &all(&rows));
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), headers.join(","));
    assert_eq!(lines.count(), rows.len());
}

#[test]
fn tiles_and_charts_over_rows() {
    let rows = rows();
    let k = kpis(rows.iter().map(CloudEndpointRow::tenant_motion));
    assert_eq!(k.tenants, 4);
    assert_eq!((k.land, k.expand, k.flex, k.nurture_intune), (1, 1, 1, 1));
    assert_eq!(k.incentive_eligible, 2);
    assert_eq!(k.potential_earnings, Some(Money::from_cents(152050)));
    let c = charts(
        rows.iter().map(CloudEndpointRow::tenant_motion),
        &CloudEndpointsConfig::default(),
    );
    assert_eq!(
        c.tenants_by_renewal,
        [("2026-03".to_string(), 1), ("2026-06".to_string(), 2)],
        "Northwind has no renewal"
    );
    assert_eq!(
        c.earnings_by_workshop,
        Some(vec![
            ("Intune Workshop".to_string(), Money::from_cents(150000)),
            ("W365 Workshop".to_string(), Money::from_cents(152050)),
        ])
    );
}

fn any_filter() -> impl Strategy<Value = CloudEndpointFilter> {
    (
        "[a-z0-9 ]{0,4}",
        proptest::sample::subsequence(Segment::ALL.to_vec(), 0..3),
        proptest::sample::subsequence(SalesMotion::ALL.to_vec(), 0..4),
        proptest::sample::subsequence(vec!["W365 Workshop".to_string(), "nope".to_string()], 0..=2),
        proptest::sample::subsequence(vec![ym("2026-06").unwrap(), ym("2026-03").unwrap()], 0..=2),
        proptest::sample::subsequence(Association::ALL.to_vec(), 0..=2),
    )
        .prop_map(
            |(search, segments, sales_motions, mci_workshops, renewal_periods, associations)| {
                CloudEndpointFilter {
                    search,
                    segments,
                    sales_motions,
                    mci_workshops,
                    renewal_periods,
                    associations,
                }
            },
        )
}

proptest! {
    #[test]
    fn filtered_rows_are_a_subset_in_order(filter in any_filter(), order in Just(vec![3u32, 0, 2, 1]).prop_shuffle()) {
        let rows = rows();
        let out = filter.apply(&rows, &order);
        let positions: Vec<usize> = out.iter().map(|i| order.iter().position(|o| o == i).unwrap()).collect();
        prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
        // Clearing the search or any one facet never removes a row; clearing them all keeps
        // every row.
        let f = || filter.clone();
        for wider in [
            CloudEndpointFilter { search: String::new(), ..f() },
            CloudEndpointFilter { segments: vec![], ..f() },
            CloudEndpointFilter { sales_motions: vec![], ..f() },
            CloudEndpointFilter { mci_workshops: vec![], ..f() },
            CloudEndpointFilter { renewal_periods: vec![], ..f() },
            CloudEndpointFilter { associations: vec![], ..f() },
        ] {
            let more = wider.apply(&rows, &order);
            prop_assert!(out.iter().all(|i| more.contains(i)), "{wider:?} lost rows of {out:?}");
        }
        prop_assert_eq!(CloudEndpointFilter::default().apply(&rows, &order), order.clone());
    }

    #[test]
    fn every_visible_tenant_is_one_row_with_one_motion(
        tenants in proptest::collection::vec(
            (proptest::sample::select(Segment::ALL.to_vec()), 0u64..400, 0u64..700, 0u64..700, 0u64..3, 0u64..400, 0u64..100),
            0..25,
        )
    ) {
        let cfg = CloudEndpointsConfig::default();
        let mut snap = Snapshot::default();
        for (i, (seg, licenses, me3, me5, f3, w365, intune_pct)) in tenants.iter().enumerate() {
            let mut t = tenant(i as u128, &format!("T{i}"), *seg);
            t.m365_licenses = *licenses;
            let mut ep = cloud_endpoint(&t);
            (ep.me3_seats, ep.me5_seats, ep.f3_seats, ep.w365_pau) = (*me3, *me5, *f3, *w365);
            (ep.intune_mau, ep.intune_pau) = (*intune_pct, 100);
            snap.cloud_endpoints.push(ep);
            snap.tenants.push(t);
        }
        let rows = build_rows(&snap, &cfg);
        let visible: Vec<_> = snap.tenants.iter().zip(&snap.cloud_endpoints)
            .filter(|(t, ep)| crate::rules::cloud_endpoints::is_visible(t, ep, &cfg))
            .map(|(t, _)| t.id)
            .collect();
        prop_assert_eq!(rows.len(), visible.len());
        for r in &rows {
            prop_assert!(visible.contains(&r.tenant.id));
            prop_assert!(!matches!(r.tenant.segment, Segment::Edu | Segment::Gov));
            prop_assert!(r.assessment.whitespace <= r.assessment.eligible_seats);
        }
        let per_motion = charts(rows.iter().map(CloudEndpointRow::tenant_motion), &cfg).tenants_by_motion;
        prop_assert_eq!(per_motion.iter().map(|(_, n)| n).sum::<u64>(), rows.len() as u64);
        let k = kpis(rows.iter().map(CloudEndpointRow::tenant_motion));
        prop_assert_eq!(k.land + k.expand + k.flex + k.nurture_intune + k.low_whitespace, k.tenants);
    }
}
