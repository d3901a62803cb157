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
    let names: Vec<&str> = rows.iter().map(|r| &*r.tenant.name).collect();
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

/// Rows: 0 Contoso (Enterprise, 2 workloads, usage 75% on average, 400 MAU / PAU, claim C-1
/// of 2026-03-01), 1 Fabrikam (EDU, 1 workload, usage undefined, 0 MAU / PAU, no claim number,
/// claimed 2025-06-30).
#[test]
fn sorts_every_column_both_ways_with_missing_last() {
    let rows = build_rows(&snapshot());
    // (column, ascending, descending)
    let cases: &[(&str, [u32; 2], [u32; 2])] = &[
        ("name", [0, 1], [1, 0]),
        ("domain", [0, 1], [1, 0]),
        ("tenant_id", [0, 1], [1, 0]),
        ("segment", [1, 0], [0, 1]),
        // Same country: ties keep the rows' order.
        ("country", [0, 1], [0, 1]),
        ("workloads", [1, 0], [0, 1]),
        // No usage sorts last.
        ("usage", [0, 1], [0, 1]),
        ("mau", [1, 0], [0, 1]),
        ("pau", [1, 0], [0, 1]),
        ("claimed", [0, 1], [0, 1]),
        // No claim number sorts last.
        ("claims", [0, 1], [0, 1]),
        ("last_claim", [1, 0], [0, 1]),
    ];
    assert_eq!(cases.len(), COLUMNS.len(), "every column is covered");
    for (id, asc, desc) in cases {
        let col = crate::reports::column_by_id(COLUMNS, id).unwrap();
        assert_eq!(sort_indices(&rows, col, SortDir::Asc), asc, "{id} asc");
        assert_eq!(sort_indices(&rows, col, SortDir::Desc), desc, "{id} desc");
    }
}

#[test]
fn cells_read_as_the_spec_formats() {
    let rows = build_rows(&snapshot());
    let cells = |i: usize| -> Vec<String> { COLUMNS.iter().map(|c| c.cell(&rows[i])).collect() };
    assert_eq!(
        cells(0),
        [
            "Contoso",
            "contoso.example",
            "00000000-0000-0000-0000-000000000001",
            "Enterprise",
            "United States",
            "2",
            "Exchange Online 100.0%; Teams 50.0%",
            "400",
            "400",
            "1",
            "C-1",
            "2026-03-01",
        ]
    );
    assert_eq!(
        cells(1),
        [
            "Fabrikam",
            "fabrikam.example",
            "00000000-0000-0000-0000-000000000002",
            "EDU",
            "United States",
            "1",
            "Teams –",
            "0",
            "0",
            "1",
            "",
            "2025-06-30",
        ]
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
    /// The filter keeps exactly the rows whose name or domain holds every search term and that
    /// have the picked workload (case aside), in the order given.
    #[test]
    fn filter_keeps_exactly_the_matching_rows_in_order(
        search in "[a-z. ]{0,4}",
        pick in 0usize..4,
        order in Just(vec![0u32, 1]).prop_shuffle(),
    ) {
        let rows = build_rows(&snapshot());
        let workloads: Vec<String> = match pick {
            0 => vec![],
            1 => vec!["teams".into()],
            2 => vec!["Exchange Online".into()],
            _ => vec!["Intune".into()],
        };
        let terms: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
        let want: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&i| {
                let r = &rows[i as usize];
                let text = format!("{} {}", r.tenant.name, r.tenant.domain).to_lowercase();
                terms.iter().all(|t| text.contains(t.as_str()))
                    && (workloads.is_empty()
                        || workloads.iter().any(|w| {
                            r.workloads.iter().any(|x| x.workload.as_str().eq_ignore_ascii_case(w))
                        }))
            })
            .collect();
        let f = TenantFilter { search, workloads, ..Default::default() };
        prop_assert_eq!(f.apply(&rows, &order), want);
    }
}
