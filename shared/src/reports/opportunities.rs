//! The Opportunities report (seed 000 "Growth opportunities", spec §1): one row per tenant ×
//! CPOR workload of Office 365 / E3 / E5 SKUs, for Enterprise and SMC tenants we hold at least
//! one CPOR claim on, with each row's evaluation and its tenant's flags.
//!
//! Cells (CSV; the screen adds separators and `$`, `Column::display`): percents as `63.5%`; undefined usage (PAU 0) and a
//! missing tipping point both as `–` (neither is a number, and `N/A` is already a threshold
//! and an opportunity label, so it would read as one); money as `1234.50`; an unknown Starting
//! or Prior HWM and an unclaimed row's claim number as an empty cell, as in the import files.
//!
//! Its parts: `rows` (the row type and [`build_rows`], with what the filters and counts share
//! per tenant and per workload), `filter` (the search — per-tenant bitmasks over
//! `search_keys`, instant at a million rows — and the filters), `focus` (what a clicked summary tile or grid cell
//! selects) and `columns` (the table's and the export's).

mod by_tenant;
mod columns;
mod filter;
mod focus;
mod rows;
mod search_keys;
mod what_if;

pub use columns::{export_csv, export_order, COLUMNS, EXPORT_COLUMNS};
pub use filter::{ClaimFilter, OpportunityFilter};
pub use focus::{parse_sku_key, sku_key, Focus};
pub use rows::{
    build_rows, build_rows_with, explain_row, tenant_count, workload_names, OpportunityRow,
    RowTenant,
};
pub use search_keys::SearchKeys;
pub use what_if::{Built, WhatIfBase};

use crate::config::RulesConfig;
use crate::rules::tenant_rollup::{summarize, Summary, SummaryCounts};

/// The tiles and grid of the rows in `order` (all rows for the report's own figures).
pub fn summary(rows: &[OpportunityRow], order: &[u32], config: &RulesConfig) -> Summary {
    summarize(order.iter().map(|&i| rows[i as usize].outcome()), config)
}

/// What the tiles and grid count over all of `rows` (the report's own figures), tenant by
/// tenant along their adjacent rows: the same counts as [`summary`] of every row, without
/// hashing a million rows' tenant IDs to group them.
pub fn summary_counts(rows: &[OpportunityRow], config: &RulesConfig) -> SummaryCounts {
    let mut counts = SummaryCounts::of(std::iter::empty(), config);
    let mut outcomes = Vec::new();
    for span in rows::tenant_spans(rows) {
        outcomes.clear();
        outcomes.extend(rows[span].iter().map(OpportunityRow::outcome));
        counts.add_tenant(&outcomes, config);
    }
    counts
}

#[cfg(test)]
mod tests;
