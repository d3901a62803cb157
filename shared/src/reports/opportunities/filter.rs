//! The report's search and filters. The search runs on every keystroke over up to 100,000
//! rows, so a tenant's name and ID are searched once for all its rows (bitmasks per tenant
//! and per workload), with the same result as matching row by row.

use super::{Focus, OpportunityRow};
use crate::model::Sku;
use crate::reports::{any_selected, search_terms, RowFilter};
use crate::rules::opportunity::{Opportunity, UsageThreshold};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The claims filter's two choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClaimFilter {
    Claimed,
    Unclaimed,
}

impl ClaimFilter {
    pub const ALL: [ClaimFilter; 2] = [ClaimFilter::Claimed, ClaimFilter::Unclaimed];

    pub fn label(self) -> &'static str {
        match self {
            ClaimFilter::Claimed => "Claimed",
            ClaimFilter::Unclaimed => "Unclaimed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(s.trim()))
    }

    pub fn matches(self, row: &OpportunityRow) -> bool {
        row.claimed_by_us() == (self == ClaimFilter::Claimed)
    }
}

impl fmt::Display for ClaimFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The report's search and filters. Each list keeps rows matching any of its entries; an empty
/// list keeps all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpportunityFilter {
    /// Tenant name, tenant ID or workload name.
    pub search: String,
    /// Workload names, case aside.
    pub workloads: Vec<String>,
    pub skus: Vec<Sku>,
    pub thresholds: Vec<UsageThreshold>,
    pub claims: Vec<ClaimFilter>,
    pub opportunities: Vec<Opportunity>,
    /// The summary's SKU tab: tenants whose grid SKU this is (as the per-SKU tiles count them).
    pub scope: Option<Sku>,
    /// A clicked tile or grid cell.
    pub focus: Option<Focus>,
}

impl OpportunityFilter {
    /// Every filter but the search.
    fn matches_facets(&self, row: &OpportunityRow) -> bool {
        any_selected(&self.workloads, |w| {
            w.trim().eq_ignore_ascii_case(row.workload.as_str())
        }) && any_selected(&self.skus, |s| *s == row.sku)
            && any_selected(&self.thresholds, |t| *t == row.threshold())
            && any_selected(&self.claims, |c| c.matches(row))
            && any_selected(&self.opportunities, |o| *o == row.opportunity())
            && self
                .scope
                .as_ref()
                .is_none_or(|s| row.grid_sku() == Some(s))
            && self.focus.as_ref().is_none_or(|f| f.matches(row))
    }
}

/// Bit `i` set when search term `i` occurs in `haystack`.
fn term_bits(haystack: &str, terms: &[String]) -> u64 {
    terms
        .iter()
        .enumerate()
        .filter(|(_, t)| haystack.contains(t.as_str()))
        .fold(0, |bits, (i, _)| bits | 1 << i)
}

impl RowFilter<OpportunityRow> for OpportunityFilter {
    fn search(&self) -> &str {
        &self.search
    }

    /// A term (whitespace-free) matches the tenant name, the tenant ID or the workload name.
    fn matches(&self, row: &OpportunityRow, terms: &[String]) -> bool {
        self.matches_facets(row)
            && terms.iter().all(|t| {
                row.tenant.haystack.contains(t.as_str()) || row.workload_key.contains(t.as_str())
            })
    }

    /// Same result as [`RowFilter::matches`] on each row, but a tenant's name and ID are searched
    /// once for all its rows: this runs on every keystroke over up to 100,000 rows.
    fn apply(&self, rows: &[OpportunityRow], order: &[u32]) -> Vec<u32> {
        let terms = search_terms(&self.search);
        if terms.len() > 63 {
            // Beyond the bitmask; no one types that many words, but stay correct.
            return order
                .iter()
                .copied()
                .filter(|&i| self.matches(&rows[i as usize], &terms))
                .collect();
        }
        let all: u64 = (1u64 << terms.len()) - 1;
        const UNKNOWN: u64 = u64::MAX;
        let mut tenant_bits = vec![UNKNOWN; if terms.is_empty() { 0 } else { rows.len() }];
        let mut workload_bits: Vec<u64> = Vec::new();
        order
            .iter()
            .copied()
            .filter(|&i| {
                let row = &rows[i as usize];
                if terms.is_empty() {
                    return self.matches_facets(row);
                }
                let slot = &mut tenant_bits[row.tenant.index as usize];
                if *slot == UNKNOWN {
                    *slot = term_bits(&row.tenant.haystack, &terms);
                }
                let mut bits = *slot;
                if bits != all {
                    let w = row.workload_index as usize;
                    if w >= workload_bits.len() {
                        workload_bits.resize(w + 1, UNKNOWN);
                    }
                    if workload_bits[w] == UNKNOWN {
                        workload_bits[w] = term_bits(&row.workload_key, &terms);
                    }
                    bits |= workload_bits[w];
                }
                // The search first: it is one array lookup for most rows of a tenant.
                bits == all && self.matches_facets(row)
            })
            .collect()
    }
}
