//! What a scenario changed: the report's rows without it and with it, compared. Rows line up
//! one to one — a scenario moves usage, PAU, tipping points and utilizations, none of which
//! decides whether a row is in a report — so row `i` of both is the same tenant × workload.

use crate::ids::TenantId;
use crate::money::Money;
use crate::reports::cloud_endpoints::CloudEndpointRow;
use crate::reports::opportunities::OpportunityRow;
use crate::rules::cloud_endpoints::SalesMotion;
use crate::rules::opportunity::{Opportunity, UsageThreshold};
use std::collections::BTreeMap;
use std::ops::Range;

/// What a scenario changed in the Opportunities report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpportunityDelta {
    /// Rows whose data or any computed value differs, in row order.
    pub changed_rows: Vec<u32>,
    /// Workloads now at or above their tipping point that were not.
    pub workloads_up: usize,
    /// Workloads no longer at or above their tipping point.
    pub workloads_down: usize,
    /// Tenants with a workload crossing up / down (a tenant can be in both).
    pub tenants_up: usize,
    pub tenants_down: usize,
    /// Tenants gaining / losing the upsell flag (enough workloads above).
    pub upsell_gained: usize,
    pub upsell_lost: usize,
    /// (from, to) → how many workloads changed opportunity so, in the report's order.
    pub opportunity_changes: Vec<(Opportunity, Opportunity, usize)>,
    /// Σ potential earnings over every row; `None` when withheld from the reader.
    pub earnings_before: Option<Money>,
    pub earnings_after: Option<Money>,
}

impl OpportunityDelta {
    /// After − before; `None` when earnings are withheld.
    pub fn earnings_delta(&self) -> Option<Money> {
        Some(Money(self.earnings_after?.0 - self.earnings_before?.0))
    }

    pub fn is_empty(&self) -> bool {
        self.changed_rows.is_empty()
    }
}

/// Σ potential earnings of `rows`, exact (the figure shown is clamped to `Money`'s range);
/// `None` when withheld from the reader.
pub fn earnings_sum(rows: &[OpportunityRow]) -> Option<i128> {
    rows.iter().try_fold(0i128, |sum, r| {
        Some(sum + i128::from(r.potential_earnings()?.0))
    })
}

fn clamped(sum: i128) -> Money {
    Money(sum.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

fn row_differs(a: &OpportunityRow, b: &OpportunityRow) -> bool {
    let (x, y) = (&a.evaluation, &b.evaluation);
    b.what_if.is_some()
        || a.mau != b.mau
        || a.pau != b.pau
        || x.usage.value != y.usage.value
        || x.tipping_point.value != y.tipping_point.value
        || x.eligible.value != y.eligible.value
        || x.threshold.value != y.threshold.value
        || x.opportunity.value != y.opportunity.value
        || x.opportunity_units.value != y.opportunity_units.value
        || x.potential_earnings.value != y.potential_earnings.value
        || x.at_risk.value != y.at_risk.value
        || a.tenant_upsell() != b.tenant_upsell()
        || a.tenant_usage_opportunity() != b.tenant_usage_opportunity()
}

/// Compares the rows without (`before`) and with (`after`) a scenario.
pub fn opportunity_delta(before: &[OpportunityRow], after: &[OpportunityRow]) -> OpportunityDelta {
    debug_assert_eq!(
        before.len(),
        after.len(),
        "a scenario never adds or drops rows"
    );
    opportunity_delta_over(
        before,
        after,
        std::iter::once(0..after.len()),
        earnings_sum(before),
    )
}

/// [`opportunity_delta`] where only the rows in `spans` can differ: whole tenants' rows, in row
/// order, as a what-if over some tenants changes them. `earnings_before` is Σ potential
/// earnings of all of `before` ([`earnings_sum`], kept, so a slider step walks only the
/// spans). Equals
/// `opportunity_delta` when every other row is the same (proptest).
pub fn opportunity_delta_over(
    before: &[OpportunityRow],
    after: &[OpportunityRow],
    spans: impl IntoIterator<Item = Range<usize>>,
    earnings_before: Option<i128>,
) -> OpportunityDelta {
    let mut d = OpportunityDelta::default();
    let mut earnings_after = earnings_before;
    let mut changes: BTreeMap<(Opportunity, Opportunity), usize> = BTreeMap::new();
    // The current tenant (its rows are adjacent): (id, a workload crossed up, one crossed down).
    let mut tenant: Option<(TenantId, bool, bool)> = None;
    let close = |d: &mut OpportunityDelta, t: Option<(TenantId, bool, bool)>| {
        if let Some((_, up, down)) = t {
            d.tenants_up += usize::from(up);
            d.tenants_down += usize::from(down);
        }
    };
    for span in spans {
        let (was, now) = (&before[span.clone()], &after[span.clone()]);
        earnings_after = (|| Some(earnings_after? - earnings_sum(was)? + earnings_sum(now)?))();
        for (i, (a, b)) in span.zip(was.iter().zip(now)) {
            if tenant.is_none_or(|(id, ..)| id != a.tenant.id) {
                close(&mut d, tenant.take());
                tenant = Some((a.tenant.id, false, false));
                match (a.tenant_upsell(), b.tenant_upsell()) {
                    (false, true) => d.upsell_gained += 1,
                    (true, false) => d.upsell_lost += 1,
                    _ => {}
                }
            }
            if !row_differs(a, b) {
                continue;
            }
            d.changed_rows.push(i as u32);
            let above = |r: &OpportunityRow| r.threshold() == UsageThreshold::Above;
            let t = tenant.as_mut().expect("set above");
            match (above(a), above(b)) {
                (false, true) => {
                    d.workloads_up += 1;
                    t.1 = true;
                }
                (true, false) => {
                    d.workloads_down += 1;
                    t.2 = true;
                }
                _ => {}
            }
            if a.opportunity() != b.opportunity() {
                *changes
                    .entry((a.opportunity(), b.opportunity()))
                    .or_default() += 1;
            }
        }
    }
    close(&mut d, tenant);
    d.opportunity_changes = changes.into_iter().map(|((f, t), n)| (f, t, n)).collect();
    d.earnings_before = earnings_before.map(clamped);
    d.earnings_after = earnings_after.map(clamped);
    d
}

/// What a scenario changed in the Cloud Endpoints report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloudEndpointDelta {
    /// Rows whose signals or sales motion differ, in row order.
    pub changed_rows: Vec<u32>,
    /// (from, to) → how many tenants changed sales motion so, in the spec's order.
    pub motion_changes: Vec<(SalesMotion, SalesMotion, usize)>,
}

impl CloudEndpointDelta {
    pub fn is_empty(&self) -> bool {
        self.changed_rows.is_empty()
    }
}

/// Compares the Cloud Endpoints rows without and with a scenario.
pub fn cloud_endpoint_delta(
    before: &[CloudEndpointRow],
    after: &[CloudEndpointRow],
) -> CloudEndpointDelta {
    debug_assert_eq!(
        before.len(),
        after.len(),
        "a scenario never adds or drops rows"
    );
    let mut changes: BTreeMap<(SalesMotion, SalesMotion), usize> = BTreeMap::new();
    let mut changed_rows = Vec::new();
    for (i, (a, b)) in before.iter().zip(after).enumerate() {
        if b.what_if.is_none() && a.sales_motion() == b.sales_motion() {
            continue;
        }
        changed_rows.push(i as u32);
        if a.sales_motion() != b.sales_motion() {
            *changes
                .entry((a.sales_motion(), b.sales_motion()))
                .or_default() += 1;
        }
    }
    CloudEndpointDelta {
        changed_rows,
        motion_changes: changes.into_iter().map(|((f, t), n)| (f, t, n)).collect(),
    }
}
