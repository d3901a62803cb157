//! The Tenants report (seed 000, "Tenant usage"): one row per associated tenant of every
//! segment, with its workloads' usage and our CPOR claims.

use super::{any_selected, matches_terms, Column, RowFilter, SortKey};
use crate::format::percent;
use crate::ids::ClaimNumber;
use crate::model::{ClaimState, Sku, Tenant, Workload, WorkloadUsage};
use crate::ratio::Ratio;
use crate::rules::association::{is_associated, is_visible_workload};
use crate::snapshot::Snapshot;
use crate::usage::usage_ratio;
use std::collections::HashMap;
use time::Date;

#[derive(Debug, Clone, PartialEq)]
pub struct TenantWorkload {
    pub workload: Workload,
    pub sku: Sku,
    pub mau: u64,
    pub pau: u64,
    pub usage: Option<Ratio>,
    pub claimed_by_us: bool,
    pub claim_number: Option<ClaimNumber>,
    pub claim_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TenantRow {
    pub tenant: Tenant,
    pub workloads: Vec<TenantWorkload>,
    /// Lower-cased tenant name and domain: what the search box looks in.
    haystack: String,
}

impl TenantRow {
    pub fn claimed_count(&self) -> usize {
        self.workloads.iter().filter(|w| w.claimed_by_us).count()
    }
    pub fn total_mau(&self) -> u64 {
        self.workloads.iter().map(|w| w.mau).sum()
    }
    pub fn total_pau(&self) -> u64 {
        self.workloads.iter().map(|w| w.pau).sum()
    }
    pub fn last_claim_date(&self) -> Option<Date> {
        self.workloads.iter().filter_map(|w| w.claim_date).max()
    }
    pub fn claim_numbers(&self) -> String {
        let nums: Vec<&str> = self
            .workloads
            .iter()
            .filter_map(|w| w.claim_number.as_ref().map(|c| c.as_str()))
            .collect();
        nums.join("; ")
    }
    pub fn usage_summary(&self) -> String {
        let parts: Vec<String> = self
            .workloads
            .iter()
            .map(|w| format!("{} {}", w.workload, percent(w.usage)))
            .collect();
        parts.join("; ")
    }
}

/// Rows of the report, in tenant-name order: tenants we hold a CPOR claim on, each with the
/// workloads we may see (claimed by us or unclaimed), in workload-name order.
pub fn build_rows(snapshot: &Snapshot) -> Vec<TenantRow> {
    let mut by_tenant: HashMap<_, Vec<&WorkloadUsage>> = HashMap::new();
    for w in &snapshot.workloads {
        by_tenant.entry(w.tenant_id).or_default().push(w);
    }
    let mut rows: Vec<TenantRow> = snapshot
        .tenants
        .iter()
        .filter_map(|t| {
            let ws = by_tenant.get(&t.id)?;
            if !is_associated(ws.iter().copied()) {
                return None;
            }
            let mut workloads: Vec<TenantWorkload> = ws
                .iter()
                .filter(|w| is_visible_workload(w))
                .map(|w| {
                    let ours = w.claim_state() == ClaimState::ClaimedByUs;
                    TenantWorkload {
                        workload: w.workload.clone(),
                        sku: w.sku.clone(),
                        mau: w.mau,
                        pau: w.pau,
                        usage: usage_ratio(w.mau, w.pau),
                        claimed_by_us: ours,
                        claim_number: if ours { w.claim_number.clone() } else { None },
                        claim_date: if ours { w.claim_date } else { None },
                    }
                })
                .collect();
            workloads.sort_by_key(|w| w.workload.key());
            Some(TenantRow {
                haystack: format!("{}\n{}", t.name, t.domain).to_lowercase(),
                tenant: t.clone(),
                workloads,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        a.tenant
            .name
            .to_lowercase()
            .cmp(&b.tenant.name.to_lowercase())
            .then(a.tenant.id.cmp(&b.tenant.id))
    });
    rows
}

/// The Tenants report's search and filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenantFilter {
    /// Tenant name or domain.
    pub search: String,
    /// Keep tenants that have any of these workloads (empty = all).
    pub workloads: Vec<String>,
    /// Keep tenants with one of our claims dated within [from, to] (inclusive).
    pub claim_from: Option<Date>,
    pub claim_to: Option<Date>,
}

impl RowFilter<TenantRow> for TenantFilter {
    fn search(&self) -> &str {
        &self.search
    }

    fn matches(&self, row: &TenantRow, terms: &[String]) -> bool {
        if !matches_terms(&row.haystack, terms) {
            return false;
        }
        if !any_selected(&self.workloads, |f| {
            row.workloads
                .iter()
                .any(|w| f.eq_ignore_ascii_case(w.workload.as_str()))
        }) {
            return false;
        }
        if self.claim_from.is_some() || self.claim_to.is_some() {
            let in_range = |d: Date| {
                self.claim_from.is_none_or(|f| d >= f) && self.claim_to.is_none_or(|t| d <= t)
            };
            if !row
                .workloads
                .iter()
                .filter_map(|w| w.claim_date)
                .any(in_range)
            {
                return false;
            }
        }
        true
    }
}

/// Every workload name present in the rows, sorted: the workload filter's choices.
pub fn workload_names(rows: &[TenantRow]) -> Vec<String> {
    let mut names: Vec<String> = rows
        .iter()
        .flat_map(|r| r.workloads.iter().map(|w| w.workload.to_string()))
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

type Col = Column<TenantRow>;

pub static COLUMNS: &[Col] = &[
    Col::text("name", "Tenant name", |r| r.tenant.name.to_string()),
    Col::text("domain", "Tenant domain", |r| r.tenant.domain.to_string()),
    Col::text("tenant_id", "Tenant ID", |r| r.tenant.id.to_string()),
    Col::text("segment", "Tenant segment", |r| {
        r.tenant.segment.to_string()
    }),
    Col::text("country", "Tenant country/region", |r| {
        r.tenant.country.to_string()
    }),
    Col::count("workloads", "Workloads", |r| r.workloads.len() as u64),
    Col::text("usage", "Workload usage", TenantRow::usage_summary).sorted_by(|r| {
        // By the mean usage of the workloads whose usage is defined.
        let defined: Vec<f64> = r
            .workloads
            .iter()
            .filter_map(|w| w.usage)
            .map(|u| u.0)
            .collect();
        SortKey::num(
            (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64),
        )
    }),
    Col::count("mau", "MAU", TenantRow::total_mau),
    Col::count("pau", "PAU", TenantRow::total_pau),
    Col::count("claimed", "Claimed workloads", |r| r.claimed_count() as u64),
    Col::text("claims", "CPOR claim #", TenantRow::claim_numbers),
    Col::date("last_claim", "Last claim date", TenantRow::last_claim_date),
];

#[cfg(test)]
#[path = "tenants/tests.rs"]
mod tests;
