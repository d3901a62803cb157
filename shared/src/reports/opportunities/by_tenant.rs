//! A snapshot's workload records grouped by tenant: what building the report's rows (all
//! tenants) and a what-if (a few tenants, again and again) both need.

use crate::ids::TenantId;
use crate::model::WorkloadUsage;
use std::collections::HashMap;
use std::ops::Range;

/// The records' indices grouped by tenant (each tenant's in their order), and each tenant's
/// range of them: one vector and a range per tenant, not a vector per tenant.
pub(super) struct ByTenant {
    order: Vec<u32>,
    ranges: HashMap<TenantId, Range<u32>>,
}

impl ByTenant {
    /// Exports list a tenant's records together, so the groups are the records' own runs,
    /// found in one pass; when a tenant's records are found apart, a counting sort groups
    /// them instead (the same groups; proptest in `tests`).
    pub(super) fn new(workloads: &[WorkloadUsage]) -> ByTenant {
        let mut ranges: HashMap<TenantId, Range<u32>> = HashMap::new();
        let mut start = 0;
        let mut apart = false;
        for (i, w) in workloads.iter().enumerate() {
            let end = i + 1;
            if workloads
                .get(end)
                .is_none_or(|next| next.tenant_id != w.tenant_id)
            {
                apart |= ranges
                    .insert(w.tenant_id, start as u32..end as u32)
                    .is_some();
                start = end;
            }
        }
        if !apart {
            let order = (0..workloads.len() as u32).collect();
            return ByTenant { order, ranges };
        }
        // Count each tenant's records, give each tenant its range, then fill the ranges in
        // record order (a range's `end` is its fill cursor until it is full).
        ranges.clear();
        for w in workloads {
            ranges.entry(w.tenant_id).or_insert(0..0).end += 1;
        }
        let mut at = 0;
        for r in ranges.values_mut() {
            let n = r.end;
            *r = at..at;
            at += n;
        }
        let mut order = vec![0u32; workloads.len()];
        for (i, w) in workloads.iter().enumerate() {
            let r = ranges.get_mut(&w.tenant_id).expect("counted above");
            order[r.end as usize] = i as u32;
            r.end += 1;
        }
        ByTenant { order, ranges }
    }

    /// The tenant's records, as indices into the snapshot's workloads.
    pub(super) fn get(&self, tenant: &TenantId) -> Option<&[u32]> {
        let r = self.ranges.get(tenant)?;
        Some(&self.order[r.start as usize..r.end as usize])
    }

    /// Every record in group order, referenced: [`range`](Self::range) of a tenant slices
    /// it (one allocation for the whole report instead of one per tenant).
    pub(super) fn refs<'a>(&self, workloads: &'a [WorkloadUsage]) -> Vec<&'a WorkloadUsage> {
        self.order.iter().map(|&i| &workloads[i as usize]).collect()
    }

    pub(super) fn range(&self, tenant: &TenantId) -> Option<Range<usize>> {
        self.ranges
            .get(tenant)
            .map(|r| r.start as usize..r.end as usize)
    }
}
