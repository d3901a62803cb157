use super::*;
use crate::testdata;

fn sample() -> Snapshot {
    let a = testdata::tenant(1, "Contoso", Segment::Enterprise);
    let b = testdata::tenant(2, "Fabrikam", Segment::Smb);
    let mut w = vec![
        testdata::workload(&a, "Teams", 10, 20, None, None),
        testdata::workload(&a, "Exchange", 30, 40, Some(ClaimedBy::Us), None),
        testdata::workload(&b, "Teams", 50, 60, Some(ClaimedBy::Other), None),
    ];
    w[1].starting_hwm = Some(7);
    w[2].rate_per_unit = None;
    Snapshot {
        tenants: vec![a, b],
        workloads: w,
        ..Snapshot::default()
    }
}

#[test]
fn equal_values_share_one_dictionary_entry() {
    let ds = Dataset::from_snapshot(&sample());
    let w = &ds.workloads;
    assert_eq!(w.workload.codes(), &[0, 1, 0]);
    assert_eq!(
        w.workload.dictionary(),
        &[Workload::new("Teams"), Workload::new("Exchange")]
    );
    assert_eq!(w.tenant_id.codes(), &[0, 0, 1]);
    assert_eq!(w.claimed_by.value(2), &Some(ClaimedBy::Other));
    // The texts of the tenants' country column: one entry for both.
    assert_eq!(ds.tenants.country.dictionary().len(), 1);
}

#[test]
fn columns_answer_by_row() {
    let s = sample();
    let ds = Dataset::from_snapshot(&s);
    assert_eq!(ds.workloads.len(), 3);
    assert_eq!(ds.workloads.mau.values(), &[10, 30, 50]);
    assert_eq!(
        (0..3)
            .map(|i| ds.workloads.starting_hwm.get(i))
            .collect::<Vec<_>>(),
        [None, Some(7), None]
    );
    assert!(!ds.workloads.rate_per_unit.is_present(2));
    assert_eq!(ds.workloads.rate_per_unit.get(0), Some(Money::ZERO));
    assert_eq!(ds.tenants.row(1), s.tenants[1]);
    assert_eq!(ds.row_counts(), [2, 3, 0, 0, 0, 0, 0]);
    assert_eq!(ds.rows(), 5);
}

#[test]
fn a_built_dataset_keeps_growing_after_seal() {
    let s = sample();
    let mut ds = Dataset::from_snapshot(&s);
    ds.workloads.push(&s.workloads[0]);
    assert_eq!(ds.workloads.workload.codes(), &[0, 1, 0, 0]);
    assert_eq!(ds.workloads.workload.dictionary().len(), 2);
}

#[test]
fn every_table_of_the_snapshot_is_listed() {
    // `to_snapshot` names every `Snapshot` field, so this list cannot miss one silently.
    assert_eq!(
        TABLES,
        [
            "tenants",
            "workloads",
            "tipping_points",
            "cloud_endpoints",
            "referrals",
            "eligibility",
            "solutions_partner"
        ]
    );
}
