//! What the report's search reads, laid out for a pass over a million rows on every
//! keystroke (`filter`).

use super::OpportunityRow;
use std::sync::Arc;

/// What the search reads, laid out for a pass over a million rows on every keystroke: each
/// row's tenant and workload position (`RowTenant::index`, `workload_index`) in two flat
/// arrays, every tenant's search text one after another, and each workload's folded name.
/// Read from the rows themselves, the search would follow a row, its tenant and its text —
/// three places in memory per tenant, a cache line of a ~250-byte row per row; here it reads
/// 8 bytes a row and the texts front to back. The rows under a what-if are the same rows in
/// the same places with the same tenants and workloads, so one set of keys serves both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchKeys {
    pub(super) tenant: Vec<u32>,
    pub(super) workload: Vec<u32>,
    /// The tenants' `haystack`s in index order; tenant `t`'s ends at `ends[t]`.
    texts: String,
    ends: Vec<u32>,
    /// Each workload's `workload_key`, by its index.
    workloads: Vec<Arc<str>>,
}

impl SearchKeys {
    pub fn of(rows: &[OpportunityRow]) -> SearchKeys {
        let mut keys = SearchKeys {
            tenant: Vec::with_capacity(rows.len()),
            workload: Vec::with_capacity(rows.len()),
            ..SearchKeys::default()
        };
        let mut workloads: Vec<Option<Arc<str>>> = Vec::new();
        for r in rows {
            let (t, w) = (r.tenant.index, r.workload_index);
            keys.tenant.push(t);
            keys.workload.push(w);
            // A tenant's rows are adjacent and indices count up along them.
            if t as usize == keys.ends.len() {
                keys.texts.push_str(&r.tenant.haystack);
                keys.ends.push(keys.texts.len() as u32);
            }
            let w = w as usize;
            if w >= workloads.len() {
                workloads.resize(w + 1, None);
            }
            workloads[w].get_or_insert_with(|| Arc::clone(&r.workload_key));
        }
        keys.workloads = workloads
            .into_iter()
            .map(|w| w.unwrap_or_else(|| Arc::from("")))
            .collect();
        keys
    }

    /// Rows covered: keys of other rows than a report's are not used for it.
    pub fn len(&self) -> usize {
        self.tenant.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tenant.is_empty()
    }

    /// The search texts of the tenants, in index order.
    pub(super) fn tenant_texts(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.texts[start as usize..end as usize])
    }

    /// The workloads' folded names, in index order.
    pub(super) fn workload_keys(&self) -> impl Iterator<Item = &str> {
        self.workloads.iter().map(|w| &**w)
    }
}
