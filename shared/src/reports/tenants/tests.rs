use super::*;
use crate::model::{ClaimedBy, Segment};
use crate::reports::{rows_to_csv, sort_indices, SortDir};
use crate::testdata::{tenant, workload};
use proptest::prelude::*;
use time::macros::date;

fn snapshot() -> Snapshot {
    let a = tenant(1, "Contoso", Segment::Enterprise);
    let b = tenant(2, "Fabrikam", Segment::Edu);
    let c = tenant(3, "Northwind", Segment::Smb);
    let mut w = vec![
        workload(
            &a,
            "Teams",
            100,
            200,
            Some(ClaimedBy::Us),
            Some(date!(2026 - 03 - 01)),
        ),
        workload(&a, "Exchange Online", 300, 200, None, None),
        workload(
            &a,
            "Intune",
            10,
            200,
            Some(ClaimedBy::Other),
            Some(date!(2026 - 01 - 01)),
        ),
        workload(
            &b,
            "Teams",
            0,
            0,
            Some(ClaimedBy::Us),
            Some(date!(2025 - 06 - 30)),
        ),
        // Northwind is only claimed by another partner: not ours to report.
        workload(&c, "Teams", 10, 20, Some(ClaimedBy::Other), None),
    ];
    w[0].claim_number = Some("C-1".into());
    Snapshot {
        tenants: vec![c, b, a],
        workloads: w,
        ..Default::default()
    }
}

#[test]
fn keeps_the_claim_rule_and_every_segment() {
    let rows = build_rows(&snapshot());
    let names: Vec<&str> = rows.iter().map(|r| r.tenant.name.as_str()).collect();
    assert_eq!(names, ["Contoso", "Fabrikam"]);
    let contoso = &rows[0];
    let wl: Vec<&str> = contoso
        .workloads
        .iter()
        .map(|w| w.workload.as_str())
        .collect();
    assert_eq!(
        wl,
        ["Exchange Online", "Teams"],
        "Intune is claimed by another partner"
    );
    assert_eq!(
        contoso.usage_summary(),
        "Exchange Online 100.0%; Teams 50.0%"
    );
    assert_eq!(rows[1].usage_summary(), "Teams –");
    assert_eq!(contoso.claim_numbers(), "C-1");
}

#[test]
fn filters_by_search_workload_and_claim_dates() {
    let rows = build_rows(&snapshot());
    let all: Vec<u32> = (0..rows.len() as u32).collect();
    let cases: Vec<(TenantFilter, Vec<u32>)> = vec![
        (TenantFilter::default(), vec![0, 1]),
        (
            TenantFilter {
                search: "FABRI".into(),
                ..Default::default()
            },
            vec![1],
        ),
        (
            TenantFilter {
                search: "contoso.example".into(),
                ..Default::default()
            },
            vec![0],
        ),
        (
            TenantFilter {
                workloads: vec!["exchange online".into()],
                ..Default::default()
            },
            vec![0],
        ),
        (
            TenantFilter {
                workloads: vec!["Intune".into()],
                ..Default::default()
            },
            vec![],
        ),
        (
            TenantFilter {
                claim_from: Some(date!(2026 - 03 - 01)),
                ..Default::default()
            },
            vec![0],
        ),
        (
            TenantFilter {
                claim_to: Some(date!(2026 - 02 - 28)),
                ..Default::default()
            },
            vec![1],
        ),
        (
            TenantFilter {
                claim_from: Some(date!(2025 - 06 - 30)),
                claim_to: Some(date!(2025 - 06 - 30)),
                ..Default::default()
            },
            vec![1],
        ),
    ];
    for (f, want) in cases {
        assert_eq!(f.apply(&rows, &all), want, "{f:?}");
    }
}

#[test]
fn sorts_every_column_both_ways_with_missing_last() {
    let rows = build_rows(&snapshot());
    for col in COLUMNS {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let mut idx = sort_indices(&rows, col, dir);
            idx.sort();
            assert_eq!(idx, vec![0, 1], "{} is a permutation", col.id);
        }
    }
    let last = crate::reports::column_by_id(COLUMNS, "usage").unwrap();
    assert_eq!(sort_indices(&rows, last, SortDir::Asc), vec![0, 1]);
    assert_eq!(
        sort_indices(&rows, last, SortDir::Desc),
        vec![0, 1],
        "no usage sorts last"
    );
}

#[test]
fn csv_has_headers_and_view_rows() {
    let rows = build_rows(&snapshot());
    let cols: Vec<_> = COLUMNS
        .iter()
        .filter(|c| ["name", "mau"].contains(&c.id))
        .collect();
    let csv = rows_to_csv(&rows, &[1, 0], &cols);
    assert_eq!(csv, "Tenant name,MAU\nFabrikam,0\nContoso,400\n");
}

proptest! {
    #[test]
    fn filtered_rows_are_a_subset_in_order(search in "[a-z ]{0,4}", pick in 0usize..3) {
        let rows = build_rows(&snapshot());
        let all: Vec<u32> = (0..rows.len() as u32).collect();
        let workloads = match pick { 0 => vec![], 1 => vec!["Teams".to_string()], _ => vec!["Exchange Online".to_string()] };
        let f = TenantFilter { search, workloads, ..Default::default() };
        let out = f.apply(&rows, &all);
        prop_assert!(out.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(out.iter().all(|i| all.contains(i)));
    }
}
