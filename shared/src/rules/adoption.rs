//! License adoption (spec §5, seed 004): Deployment % = assigned / sold licenses and Usage % =
//! active / total entitlements, per tenant × workload, per customer (TPID) and across the
//! portfolio — the latter two as ratios of sums, never averages of ratios. Neither percentage
//! is capped: usage above 100% is shown, with a note on why it happens. Low usage gets the
//! seed's recommendation.
//!
//! Rows in: every workload row (any segment) of a tenant associated with us — one of our
//! claims or a CSP association — except workloads claimed by another partner (as everywhere,
//! [`association`](super::association)). A `Ratio` here may exceed 1.
//!
//! Low adoption is decided on exact numbers: the threshold is quantised to millionths and
//! compared with active / total by integer cross-multiplication, so 500 of 1,000 is exactly
//! 50% (not low) and 499 of 1,000 is low, whatever floating point would round.

use super::association::{is_associated, is_visible_workload};
use super::trace::{Trace, Traced};
use crate::format;
use crate::ids::{TenantId, Tpid};
use crate::model::{Tenant, WorkloadUsage};
use crate::ratio::Ratio;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The §5 threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdoptionConfig {
    /// Usage % strictly below this is low adoption.
    pub low_usage_below: Ratio,
}

impl Default for AdoptionConfig {
    fn default() -> Self {
        AdoptionConfig {
            low_usage_below: Ratio(0.5),
        }
    }
}

/// Why usage can read above 100% (seed 004's reasons, in our words): shown beside such a
/// value.
pub const ABOVE_100_REASONS: [&str; 4] = [
    "A license moved to a new user after staff turnover, and both users were active within the 28 days.",
    "The customer has a second subscription to the same SKU that is in grace period, disabled or de-provisioned: its users' activity counts, but only one subscription's entitlements are in the total.",
    "A trial subscription's activity counts, but the trial is not part of the total entitlements.",
    "People use Yammer (Viva Engage) far more than their licenses entitle them to, which can skew the figure sharply.",
];

/// What to try when adoption is low (seed 004's "next steps", in our words). Support volume is
/// not in our data, so only this recommendation is made automatically.
pub const LOW_ADOPTION_RECOMMENDATION: &str = "Many licenses go unused: the customer may not yet see what the software can do for them. Help them picture it in their own day — share case studies and stories from users in similar roles, tutorial posts or short videos showing the tasks they already do, done more simply.";

/// License counts of a row, or summed over rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licenses {
    pub sold: u64,
    pub assigned: u64,
    pub total: u64,
    pub active: u64,
}

impl Licenses {
    pub fn of(w: &WorkloadUsage) -> Self {
        Licenses {
            sold: w.sold_licenses,
            assigned: w.assigned_licenses,
            total: w.total_entitlements,
            active: w.active_entitlements,
        }
    }

    pub fn add(&mut self, o: Licenses) {
        self.sold = self.sold.saturating_add(o.sold);
        self.assigned = self.assigned.saturating_add(o.assigned);
        self.total = self.total.saturating_add(o.total);
        self.active = self.active.saturating_add(o.active);
    }
}

/// The adoption figures of a row, a customer or the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adoption {
    pub licenses: Licenses,
    /// Assigned / sold; `None` (shown `–`) with no sold licenses.
    pub deployment: Traced<Option<Ratio>>,
    /// Active / total entitlements; `None` (shown `–`) with no entitlements.
    pub usage: Traced<Option<Ratio>>,
    pub low_adoption: Traced<bool>,
    /// More active entitlements than entitlements: carries [`ABOVE_100_REASONS`].
    pub usage_above_100: bool,
}

impl Adoption {
    /// Why usage may read above 100%, when it does.
    pub fn note(&self) -> Option<&'static [&'static str]> {
        self.usage_above_100.then_some(&ABOVE_100_REASONS[..])
    }

    pub fn recommendation(&self) -> Option<&'static str> {
        self.low_adoption
            .value
            .then_some(LOW_ADOPTION_RECOMMENDATION)
    }
}

const SCALE: u128 = 1_000_000;

/// `50%` for a whole percent, `50.5%` otherwise: a threshold as it was written.
fn threshold_text(r: Ratio) -> String {
    let pm = r.permille();
    if pm % 10 == 0 {
        format!("{}%", pm / 10)
    } else {
        r.to_string()
    }
}

fn ratio(name: &str, num_name: &str, num: u64, den_name: &str, den: u64) -> Traced<Option<Ratio>> {
    if den == 0 {
        return Traced::new(
            None,
            Trace::new().with(format!(
                "{den_name} 0 → {name} undefined ({})",
                format::DASH
            )),
        );
    }
    let r = Ratio(num as f64 / den as f64);
    Traced::new(
        Some(r),
        Trace::new().with(format!(
            "{name} = {num_name} {num} / {den_name} {den} = {r}"
        )),
    )
}

/// The figures of `licenses` (one row's, or a sum).
pub fn evaluate(licenses: Licenses, cfg: &AdoptionConfig) -> Adoption {
    let l = licenses;
    let deployment = ratio("Deployment %", "assigned", l.assigned, "sold", l.sold);
    let mut usage = ratio("Usage %", "active", l.active, "total", l.total);
    let above = l.total > 0 && l.active > l.total;
    if above {
        usage.trace.push("above 100% → see the note on why");
    }
    let threshold = threshold_text(cfg.low_usage_below);
    let low_adoption = match usage.value {
        None => Traced::new(
            false,
            Trace::new().with("Usage % undefined → not low adoption"),
        ),
        Some(u) => {
            let limit = (cfg.low_usage_below.value() * SCALE as f64)
                .round()
                .max(0.0) as u128;
            let low = u128::from(l.active) * SCALE < limit * u128::from(l.total);
            let step = if low {
                format!("Usage % {u} < {threshold} → low adoption")
            } else {
                format!("Usage % {u} ≥ {threshold} → not low adoption")
            };
            Traced::new(low, Trace::new().with(step))
        }
    };
    Adoption {
        licenses: l,
        deployment,
        usage,
        low_adoption,
        usage_above_100: above,
    }
}

/// Whether a tenant's workloads are in the report: we hold a claim on one, or a CSP
/// association.
pub fn is_adoption_tenant<'a>(
    tenant: &Tenant,
    workloads: impl IntoIterator<Item = &'a WorkloadUsage>,
) -> bool {
    tenant.csp_association || is_associated(workloads)
}

/// One tenant × workload row of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdoptionRow {
    /// Index into the tenants.
    pub tenant: u32,
    /// Index into the workload rows.
    pub workload: u32,
    pub adoption: Adoption,
}

/// One customer's totals: its tenants grouped by TPID (a tenant without a TPID stands alone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerAdoption {
    pub tpid: Tpid,
    pub customer_name: String,
    pub tenants: Vec<TenantId>,
    /// Indices into the report's rows.
    pub rows: Vec<u32>,
    pub adoption: Adoption,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdoptionReport {
    pub rows: Vec<AdoptionRow>,
    /// In the order each customer's first row appears.
    pub customers: Vec<CustomerAdoption>,
    pub portfolio: Adoption,
    pub low_adoption_rows: usize,
    pub usage_above_100_rows: usize,
}

/// The report over a snapshot's tenants and workload rows (rows in file order).
pub fn report(
    tenants: &[Tenant],
    workloads: &[WorkloadUsage],
    cfg: &AdoptionConfig,
) -> AdoptionReport {
    let tenant_at: HashMap<TenantId, usize> =
        tenants.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut by_tenant: HashMap<TenantId, Vec<&WorkloadUsage>> = HashMap::new();
    for w in workloads {
        by_tenant.entry(w.tenant_id).or_default().push(w);
    }
    let included: Vec<bool> = tenants
        .iter()
        .map(|t| {
            let ws = by_tenant.get(&t.id).map(Vec::as_slice).unwrap_or(&[]);
            is_adoption_tenant(t, ws.iter().copied())
        })
        .collect();

    let mut rows = Vec::new();
    let mut customers: Vec<CustomerAdoption> = Vec::new();
    let mut sums: Vec<Licenses> = Vec::new();
    let mut customer_at: HashMap<String, usize> = HashMap::new();
    let mut portfolio = Licenses::default();
    for (wi, w) in workloads.iter().enumerate() {
        let Some(&ti) = tenant_at.get(&w.tenant_id) else {
            continue;
        };
        if !included[ti] || !is_visible_workload(w) {
            continue;
        }
        let t = &tenants[ti];
        let licenses = Licenses::of(w);
        portfolio.add(licenses);
        let key = if t.tpid.as_str().is_empty() {
            format!("tenant:{}", t.id)
        } else {
            format!("tpid:{}", t.tpid)
        };
        let ci = *customer_at.entry(key).or_insert_with(|| {
            let name = if t.customer_name.is_empty() {
                t.name.clone()
            } else {
                t.customer_name.clone()
            };
            customers.push(CustomerAdoption {
                tpid: t.tpid.clone(),
                customer_name: name.to_string(),
                tenants: Vec::new(),
                rows: Vec::new(),
                adoption: evaluate(Licenses::default(), cfg),
            });
            sums.push(Licenses::default());
            customers.len() - 1
        });
        let c = &mut customers[ci];
        if !c.tenants.contains(&t.id) {
            c.tenants.push(t.id);
        }
        c.rows.push(rows.len() as u32);
        sums[ci].add(licenses);
        rows.push(AdoptionRow {
            tenant: ti as u32,
            workload: wi as u32,
            adoption: evaluate(licenses, cfg),
        });
    }
    for (c, l) in customers.iter_mut().zip(sums) {
        c.adoption = evaluate(l, cfg);
    }
    AdoptionReport {
        low_adoption_rows: rows
            .iter()
            .filter(|r| r.adoption.low_adoption.value)
            .count(),
        usage_above_100_rows: rows.iter().filter(|r| r.adoption.usage_above_100).count(),
        rows,
        customers,
        portfolio: evaluate(portfolio, cfg),
    }
}

#[cfg(test)]
mod tests;
