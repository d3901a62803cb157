//! The report's search and filters. The search runs on every keystroke over up to a million
//! rows, so a tenant's name and ID are searched once for all its rows (bitmasks per tenant
//! and per workload, found through the rows' `SearchKeys`), with the same result as matching
//! row by row.

use super::{Focus, OpportunityRow, SearchKeys};
use crate::model::Sku;
use crate::reports::{any_selected, search_terms, RowFilter};
use crate::rules::opportunity::{Opportunity, UsageThreshold};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

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
    /// The rows' [`SearchKeys`], when the caller keeps them: the search is then faster, with
    /// the same result.
    pub keys: Option<Arc<SearchKeys>>,
}

impl OpportunityFilter {
    /// Whether any filter but the search is set (`matches_facets` is then more than `true`).
    fn has_facets(&self) -> bool {
        // Every field named: a filter added later does not compile until it is said here, so
        // "no facets" cannot skip a filter that is set.
        let OpportunityFilter {
            search: _,
            keys: _,
            workloads,
            skus,
            thresholds,
            claims,
            opportunities,
            scope,
            focus,
        } = self;
        !(workloads.is_empty()
            && skus.is_empty()
            && thresholds.is_empty()
            && claims.is_empty()
            && opportunities.is_empty()
            && scope.is_none()
            && focus.is_none())
    }

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

    /// Same result as [`RowFilter::matches`] on each row, but each tenant's text and each
    /// workload's name is searched once, front to back in [`SearchKeys`], and a row is two
    /// array lookups (read only for the facets): this runs on every keystroke over up to a
    /// million rows. Keys the caller keeps are used; else they are made here.
    fn apply(&self, rows: &[OpportunityRow], order: &[u32]) -> Vec<u32> {
        let terms = search_terms(&self.search);
        let facets = self.has_facets();
        if terms.is_empty() && !facets {
            // No search, no filter (a sort, the page's first view): every row, in order.
            return order.to_vec();
        }
        if terms.len() > 63 {
            // Beyond the bitmask; no one types that many words, but stay correct.
            return order
                .iter()
                .copied()
                .filter(|&i| self.matches(&rows[i as usize], &terms))
                .collect();
        }
        if terms.is_empty() {
            return order
                .iter()
                .copied()
                .filter(|&i| self.matches_facets(&rows[i as usize]))
                .collect();
        }
        let made;
        let keys = match self.keys.as_deref().filter(|k| k.len() == rows.len()) {
            Some(k) => k,
            None => {
                made = SearchKeys::of(rows);
                &made
            }
        };
        let all: u64 = (1u64 << terms.len()) - 1;
        let tenant_bits: Vec<u64> = keys.tenant_texts().map(|t| term_bits(t, &terms)).collect();
        let workload_bits: Vec<u64> = keys.workload_keys().map(|w| term_bits(w, &terms)).collect();
        order
            .iter()
            .copied()
            .filter(|&i| {
                let bits = tenant_bits[keys.tenant[i as usize] as usize]
                    | workload_bits[keys.workload[i as usize] as usize];
                bits == all && (!facets || self.matches_facets(&rows[i as usize]))
            })
            .collect()
    }
}
