//! The Tenants report (seed 000, "Tenant usage"): one row per associated tenant of every
//! segment, with its workloads' usage and our CPOR claims.

use super::{any_selected, matches_terms, Column, RowFilter, SortKey};
use crate::format::{opt_date, percent};
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

fn date_key(d: Option<Date>) -> SortKey {
    d.map(|d| SortKey::Num(d.to_julian_day() as f64))
        .unwrap_or(SortKey::Missing)
}

pub static COLUMNS: &[Column<TenantRow>] = &[
    Column {
        id: "name",
        header: "Tenant name",
        cell: |r| r.tenant.name.clone(),
        sort: |r| SortKey::text(&r.tenant.name),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "domain",
        header: "Tenant domain",
        cell: |r| r.tenant.domain.clone(),
        sort: |r| SortKey::text(&r.tenant.domain),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "tenant_id",
        header: "Tenant ID",
        cell: |r| r.tenant.id.to_string(),
        sort: |r| SortKey::text(&r.tenant.id.to_string()),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "segment",
        header: "Tenant segment",
        cell: |r| r.tenant.segment.to_string(),
        sort: |r| SortKey::text(r.tenant.segment.label()),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "country",
        header: "Tenant country/region",
        cell: |r| r.tenant.country.clone(),
        sort: |r| SortKey::text(&r.tenant.country),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "workloads",
        header: "Workloads",
        cell: |r| r.workloads.len().to_string(),
        sort: |r| SortKey::Num(r.workloads.len() as f64),
        numeric: true,
        default_visible: true,
        why: None,
    },
    Column {
        id: "usage",
        header: "Workload usage",
        cell: |r| r.usage_summary(),
        sort: |r| {
            // Sorted by the mean usage of the workloads whose usage is defined.
            let defined: Vec<f64> = r
                .workloads
                .iter()
                .filter_map(|w| w.usage)
                .map(|u| u.0)
                .collect();
            if defined.is_empty() {
                SortKey::Missing
            } else {
                SortKey::Num(defined.iter().sum::<f64>() / defined.len() as f64)
            }
        },
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "mau",
        header: "MAU",
        cell: |r| r.total_mau().to_string(),
        sort: |r| SortKey::Num(r.total_mau() as f64),
        numeric: true,
        default_visible: true,
        why: None,
    },
    Column {
        id: "pau",
        header: "PAU",
        cell: |r| r.total_pau().to_string(),
        sort: |r| SortKey::Num(r.total_pau() as f64),
        numeric: true,
        default_visible: true,
        why: None,
    },
    Column {
        id: "claimed",
        header: "Claimed workloads",
        cell: |r| r.claimed_count().to_string(),
        sort: |r| SortKey::Num(r.claimed_count() as f64),
        numeric: true,
        default_visible: true,
        why: None,
    },
    Column {
        id: "claims",
        header: "CPOR claim #",
        cell: |r| r.claim_numbers(),
        sort: |r| SortKey::text(&r.claim_numbers()),
        numeric: false,
        default_visible: true,
        why: None,
    },
    Column {
        id: "last_claim",
        header: "Last claim date",
        cell: |r| opt_date(r.last_claim_date()),
        sort: |r| date_key(r.last_claim_date()),
        numeric: true,
        default_visible: true,
        why: None,
    },
];

#[cfg(test)]
#[path = "tenants/tests.rs"]
mod tests;
