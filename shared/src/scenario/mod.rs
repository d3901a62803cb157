//! What-if scenarios: "if we lift Teams usage at these 40 tenants by 10 points, how many cross
//! the tipping point and what do we earn?". A [`Scenario`] is a list of [`Adjustment`]s to the
//! data (usage, MAU, PAU, tipping points, Intune / W365 utilization), each aimed at a
//! [`Target`], plus the three tenant-rule thresholds a partner may try. It never changes the
//! stored data: the reports apply it while they build their rows
//! (`reports::opportunities::build_rows_with`, `reports::cloud_endpoints::build_rows_with`), so
//! the very same rules engine computes every column, tile and chart, and a changed row's "why?"
//! starts with what the scenario changed (original → scenario value).
//!
//! Its parts: here the types and how one record is adjusted; `url` the compact, versioned
//! query-string form (a link reproduces the scenario); `delta` what changed between the rows
//! without and with it (crossings, opportunity and sales-motion changes, earnings Δ);
//! `export` the CSV of the view with each column before and after.

mod delta;
mod export;
mod url;

pub use delta::{
    cloud_endpoint_delta, earnings_sum, opportunity_delta, opportunity_delta_over,
    CloudEndpointDelta, OpportunityDelta,
};
pub use export::{what_if_header, write_before_after_csv};
pub use url::{ScenarioParseError, QUERY_KEY};

use crate::config::RulesConfig;
use crate::ids::TenantId;
use crate::model::{CloudEndpoint, Workload, WorkloadUsage};
use crate::ratio::Ratio;
use crate::rules::trace::{Explain, Trace};

/// Which records an adjustment changes: those of the listed tenants (the filtered view's, or
/// one) and/or of one workload. Both `None` means every record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// `None`: every tenant. Kept sorted and without duplicates, so equal sets compare equal
    /// and a lookup is a binary search.
    tenants: Option<Vec<TenantId>>,
    pub workload: Option<Workload>,
}

impl Target {
    /// Every tenant's records.
    pub fn all() -> Self {
        Target::default()
    }

    /// The records of these tenants (e.g. the filtered view's).
    pub fn tenants(ids: impl IntoIterator<Item = TenantId>) -> Self {
        let mut ids: Vec<TenantId> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        Target {
            tenants: Some(ids),
            workload: None,
        }
    }

    /// The records of one tenant.
    pub fn tenant(id: TenantId) -> Self {
        Self::tenants([id])
    }

    /// The records of one workload, at every tenant.
    pub fn workload(w: Workload) -> Self {
        Target {
            tenants: None,
            workload: Some(w),
        }
    }

    /// Narrowed to one workload (e.g. Teams at the filtered tenants).
    pub fn and_workload(mut self, w: Workload) -> Self {
        self.workload = Some(w);
        self
    }

    pub fn tenant_ids(&self) -> Option<&[TenantId]> {
        self.tenants.as_deref()
    }

    pub fn holds_tenant(&self, id: TenantId) -> bool {
        self.tenants
            .as_ref()
            .is_none_or(|ids| ids.binary_search(&id).is_ok())
    }

    fn holds_workload(&self, w: &Workload) -> bool {
        self.workload
            .as_ref()
            .is_none_or(|t| t.as_str().eq_ignore_ascii_case(w.as_str()))
    }

    /// Whether a workload row is changed by an adjustment with this target.
    pub fn holds(&self, id: TenantId, w: &Workload) -> bool {
        self.holds_tenant(id) && self.holds_workload(w)
    }

    /// Whether a tenant's cloud-endpoint signals are: a workload target narrows a row of
    /// `workloads.csv` only, so it leaves them alone.
    pub fn holds_endpoint(&self, id: TenantId) -> bool {
        self.workload.is_none() && self.holds_tenant(id)
    }
}

/// One change to the data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// Usage up (or down) by this many percentage points of PAU: MAU moves by
    /// `points × PAU / 100`, rounded, staying within 0 ..= PAU (a MAU already above PAU is
    /// kept when usage goes up: it is capped at 100% anyway).
    UsagePoints(i32),
    /// MAU set to this value.
    Mau(u64),
    /// PAU set to this value.
    Pau(u64),
    /// The usage tipping point of the targeted workload rows.
    TippingPoint(Ratio),
    /// Intune utilization (Intune MAU ÷ Intune PAU) set by moving Intune MAU.
    IntuneUtilization(Ratio),
    /// Windows 365 utilization set by moving W365 MAU.
    W365Utilization(Ratio),
}

impl Change {
    /// Whether it changes `workloads.csv` rows (else cloud-endpoint signals).
    pub fn is_workload_change(self) -> bool {
        !matches!(
            self,
            Change::IntuneUtilization(_) | Change::W365Utilization(_)
        )
    }

    /// `usage +10 points`, `MAU 900`, …: how a "why?" names it.
    pub fn label(self) -> String {
        match self {
            Change::UsagePoints(p) => format!("usage {p:+} points"),
            Change::Mau(v) => format!("MAU {v}"),
            Change::Pau(v) => format!("PAU {v}"),
            Change::TippingPoint(r) => format!("tipping point {r}"),
            Change::IntuneUtilization(r) => format!("Intune utilization {r}"),
            Change::W365Utilization(r) => format!("W365 utilization {r}"),
        }
    }
}

/// One change and the records it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    pub change: Change,
    pub target: Target,
}

/// The tenant-rule thresholds a scenario may set (`None`: the configuration's value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thresholds {
    pub min_pau: Option<u64>,
    pub upsell_min_above: Option<u32>,
    pub usage_opportunity_min_below: Option<u32>,
}

/// A what-if: thresholds and adjustments, applied in order (a later one sees what an earlier
/// one did). The empty scenario is the data as imported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scenario {
    pub thresholds: Thresholds,
    pub adjustments: Vec<Adjustment>,
}

/// A workload row as the scenario has it.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustedWorkload {
    pub usage: WorkloadUsage,
    /// Set by a tipping-point adjustment; `None` keeps the table's.
    pub tipping_point: Option<Ratio>,
    /// What changed in the row's data, original → scenario value, for its "why?" (a new
    /// tipping point is said where it is looked up, beside the table's).
    pub notes: Trace,
}

/// MAU after moving usage by `points` of PAU (see [`Change::UsagePoints`]).
pub fn mau_with_points(mau: u64, pau: u64, points: i32) -> u64 {
    let used = mau.min(pau);
    // |points| ≤ i32::MAX and PAU ≤ u64::MAX: the product fits in u128.
    let step = (u128::from(points.unsigned_abs()) * u128::from(pau) + 50) / 100;
    let step = u64::try_from(step).unwrap_or(u64::MAX);
    if points >= 0 {
        mau.max(used.saturating_add(step).min(pau))
    } else {
        used.saturating_sub(step)
    }
}

/// The MAU that gives `target` utilization of `pau`, rounded to the nearest user.
pub fn mau_for_utilization(pau: u64, target: Ratio) -> u64 {
    (target.value().clamp(0.0, 1.0) * pau as f64).round() as u64
}

impl Scenario {
    pub fn is_empty(&self) -> bool {
        self.thresholds == Thresholds::default() && self.adjustments.is_empty()
    }

    /// The only tenants whose data the scenario can change, sorted; `None` when it can change
    /// any tenant's (a threshold, or an adjustment for every tenant). Every other tenant's rows
    /// are as without the scenario, so a report need build only these again.
    pub fn tenants_touched(&self) -> Option<Vec<TenantId>> {
        if self.thresholds != Thresholds::default() {
            return None;
        }
        let mut ids = Vec::new();
        for a in &self.adjustments {
            ids.extend_from_slice(a.target.tenant_ids()?);
        }
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }

    /// `base` with the scenario's thresholds.
    pub fn rules_config(&self, base: &RulesConfig) -> RulesConfig {
        let mut c = base.clone();
        let t = self.thresholds;
        if let Some(v) = t.min_pau {
            c.min_pau = v;
        }
        if let Some(v) = t.upsell_min_above {
            c.upsell_min_above = v as usize;
        }
        if let Some(v) = t.usage_opportunity_min_below {
            c.usage_opportunity_min_below = v as usize;
        }
        c
    }

    /// The workload row under the scenario, or `None` when no adjustment changes it; what
    /// changed is written only when `explain` asks for steps (a slider step over thousands of
    /// rows formats nothing).
    pub fn workload(&self, w: &WorkloadUsage, explain: Explain) -> Option<AdjustedWorkload> {
        let mut usage: Option<WorkloadUsage> = None;
        let mut tipping_point = None;
        let mut notes = explain.trace();
        for a in &self.adjustments {
            if !a.change.is_workload_change() || !a.target.holds(w.tenant_id, &w.workload) {
                continue;
            }
            let u = usage.get_or_insert_with(|| w.clone());
            let (before_mau, before_pau) = (u.mau, u.pau);
            match a.change {
                Change::UsagePoints(p) => u.mau = mau_with_points(u.mau, u.pau, p),
                Change::Mau(v) => u.mau = v,
                Change::Pau(v) => u.pau = v,
                Change::TippingPoint(r) => tipping_point = Some(r),
                Change::IntuneUtilization(_) | Change::W365Utilization(_) => {}
            }
            let (mau, pau) = (u.mau, u.pau);
            match a.change {
                Change::TippingPoint(_) => {}
                Change::Pau(_) => notes.push_with(|| {
                    format!("what-if {}: PAU {before_pau} → {pau}", a.change.label())
                }),
                _ => notes.push_with(|| {
                    format!("what-if {}: MAU {before_mau} → {mau}", a.change.label())
                }),
            }
        }
        Some(AdjustedWorkload {
            usage: usage?,
            tipping_point,
            notes,
        })
    }

    /// The tenant's cloud-endpoint signals under the scenario, with what changed, or `None`
    /// when no adjustment changes them.
    pub fn endpoint(&self, ep: &CloudEndpoint) -> Option<(CloudEndpoint, Trace)> {
        let mut out: Option<CloudEndpoint> = None;
        let mut notes = Trace::new();
        for a in &self.adjustments {
            if a.change.is_workload_change() || !a.target.holds_endpoint(ep.tenant_id) {
                continue;
            }
            let e = out.get_or_insert_with(|| ep.clone());
            let (name, r, mau, pau) = match a.change {
                Change::IntuneUtilization(r) => ("Intune", r, &mut e.intune_mau, e.intune_pau),
                Change::W365Utilization(r) => ("W365", r, &mut e.w365_mau, e.w365_pau),
                _ => continue,
            };
            let before = *mau;
            *mau = mau_for_utilization(pau, r);
            notes.push(if pau == 0 {
                format!(
                    "what-if {}: no {name} PAU → utilization stays 0.0%",
                    a.change.label()
                )
            } else {
                format!(
                    "what-if {}: {name} MAU {before} → {}",
                    a.change.label(),
                    *mau
                )
            });
        }
        Some((out?, notes))
    }
}

#[cfg(test)]
mod tests;
