//! The report data of one import, as the API sends it and the app holds it.

use crate::eligibility::{EligibilityRow, SolutionsPartnerSetting};
use crate::ids::TenantId;
use crate::model::{CloudEndpoint, Referral, Tenant, TippingPoint, WorkloadUsage};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub tenants: Vec<Tenant>,
    pub workloads: Vec<WorkloadUsage>,
    pub tipping_points: Vec<TippingPoint>,
    pub cloud_endpoints: Vec<CloudEndpoint>,
    pub referrals: Vec<Referral>,
    /// `eligibility.csv`, in file order (Solutions Partner customer eligibility).
    #[serde(default)]
    pub eligibility: Vec<EligibilityRow>,
    /// An imported `solutions_partner.csv`; empty: the shipped default table applies.
    #[serde(default)]
    pub solutions_partner: Vec<SolutionsPartnerSetting>,
}

/// What every per-tenant report lists its tenants by: the name, case aside (then the ID).
pub fn report_order_key(name: &str) -> String {
    name.to_lowercase()
}

impl Snapshot {
    /// Puts the tenants in report order — name (case aside), then ID: the order every
    /// per-tenant report lists them in — and the workload records together by tenant in that
    /// order (each tenant's in their own order; records of no tenant here last, in theirs).
    /// Nothing else changes. Building a million report rows then reads the records front to
    /// back instead of jumping across them per tenant (BENCHMARKS.md, "Scale").
    pub fn put_in_report_order(&mut self) {
        let mut keys: Vec<(String, TenantId, u32)> = self
            .tenants
            .iter()
            .enumerate()
            .map(|(i, t)| (report_order_key(&t.name), t.id, i as u32))
            .collect();
        keys.sort_unstable();
        let order: Vec<u32> = keys.iter().map(|&(.., i)| i).collect();
        permute(&mut self.tenants, &order);
        let position: HashMap<TenantId, u32> = self
            .tenants
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i as u32))
            .collect();
        let mut grouped: Vec<(u32, u32)> = self
            .workloads
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    position.get(&w.tenant_id).copied().unwrap_or(u32::MAX),
                    i as u32,
                )
            })
            .collect();
        grouped.sort_unstable();
        let order: Vec<u32> = grouped.into_iter().map(|(_, i)| i).collect();
        permute(&mut self.workloads, &order);
    }
}

/// `items` rearranged so that item `k` is the one that was at `order[k]` (a permutation).
fn permute<T>(items: &mut Vec<T>, order: &[u32]) {
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    *items = order
        .iter()
        .map(|&i| slots[i as usize].take().expect("a permutation"))
        .collect();
}

#[cfg(test)]
mod tests {
    use super::Snapshot;
    use crate::config::RulesConfig;
    use crate::model::Segment;
    use crate::reports::opportunities::build_rows;
    use crate::testdata::{tenant, workload};
    use proptest::prelude::*;

    /// Tenants named as given (IDs 1, 2, …), and workload records of those tenants (by
    /// position; 9 is a tenant not in the snapshot), each named for its place in the input.
    fn snapshot(names: &[&str], workloads: &[u128]) -> Snapshot {
        let tenants: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| tenant(i as u128 + 1, n, Segment::Smc))
            .collect();
        let outsider = tenant(9, "outside", Segment::Smc);
        let workloads = workloads
            .iter()
            .enumerate()
            .map(|(k, &t)| {
                let of = tenants.get(t as usize).unwrap_or(&outsider);
                workload(of, &format!("w{k}"), 10, 200, None, None)
            })
            .collect();
        Snapshot {
            tenants,
            workloads,
            ..Snapshot::default()
        }
    }

    #[test]
    fn report_order_sorts_tenants_by_folded_name_then_id_and_groups_their_workloads() {
        // (tenant names, each workload's tenant) → (tenant IDs, workload names) after.
        type Case<'a> = (&'a [&'a str], &'a [u128], &'a [u128], &'a [&'a str]);
        let cases: &[Case] = &[
            (&[], &[], &[], &[]),
            (&["b", "A", "a"], &[], &[2, 3, 1], &[]),
            (
                &["Zed", "alpha"],
                &[0, 1, 0, 1],
                &[2, 1],
                &["w1", "w3", "w0", "w2"],
            ),
            // Records of a tenant not in the snapshot go last, in their order.
            (
                &["b", "a"],
                &[9, 0, 9, 1],
                &[2, 1],
                &["w3", "w1", "w0", "w2"],
            ),
            (
                &["Ärende", "örn", "zeta"],
                &[2, 1, 0],
                &[3, 1, 2],
                &["w0", "w2", "w1"],
            ),
        ];
        for &(names, of, want_tenants, want_workloads) in cases {
            let mut s = snapshot(names, of);
            s.put_in_report_order();
            let ids: Vec<u128> = s.tenants.iter().map(|t| t.id.0.as_u128()).collect();
            let workloads: Vec<String> =
                s.workloads.iter().map(|w| w.workload.to_string()).collect();
            assert_eq!(ids, want_tenants, "{names:?}");
            assert_eq!(workloads, want_workloads, "{names:?} {of:?}");
        }
    }

    proptest! {
        /// Only the order changes: the same records, and the same report rows.
        #[test]
        fn report_order_changes_nothing_a_report_shows(
            names in proptest::collection::vec("[A-Za-zÄö]{0,3}", 0..8),
            of in proptest::collection::vec(0u128..10, 0..30),
        ) {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let before = snapshot(&refs, &of);
            let mut after = before.clone();
            after.put_in_report_order();
            let sorted = |mut v: Vec<String>| { v.sort(); v };
            let debug = |s: &Snapshot| (
                sorted(s.tenants.iter().map(|t| format!("{t:?}")).collect()),
                sorted(s.workloads.iter().map(|w| format!("{w:?}")).collect()),
            );
            prop_assert_eq!(debug(&after), debug(&before));
            let config = RulesConfig::default();
            prop_assert_eq!(build_rows(&after, &config), build_rows(&before, &config));
        }
    }
}
