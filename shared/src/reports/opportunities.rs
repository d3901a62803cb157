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
//! per tenant and per workload), `filter` (the search — per-tenant bitmasks, instant at
//! 100,000 rows — and the filters), `focus` (what a clicked summary tile or grid cell
//! selects) and `columns` (the table's and the export's).

mod columns;
mod filter;
mod focus;
mod rows;

pub use columns::{export_csv, export_order, COLUMNS, EXPORT_COLUMNS};
pub use filter::{ClaimFilter, OpportunityFilter};
pub use focus::{parse_sku_key, sku_key, Focus};
pub use rows::{
    build_rows, build_rows_over, build_rows_with, explain_row, tenant_count, workload_names,
    OpportunityRow, RowTenant,
};

use crate::config::RulesConfig;
use crate::rules::tenant_rollup::{summarize, Summary, SummaryCounts};
use std::sync::Arc;

/// The tiles and grid of the rows in `order` (all rows for the report's own figures).
pub fn summary(rows: &[OpportunityRow], order: &[u32], config: &RulesConfig) -> Summary {
    summarize(order.iter().map(|&i| rows[i as usize].outcome()), config)
}

/// What [`summary`] of all `rows` counts, kept for [`summary_over`].
pub fn summary_counts(rows: &[OpportunityRow], config: &RulesConfig) -> SummaryCounts {
    SummaryCounts::of(rows.iter().map(OpportunityRow::outcome), config)
}

/// The summary of all of `after` — a what-if's rows built over `before` by
/// [`build_rows_over`] with the same config (a scenario without thresholds) — from `counts`
/// of `before`: a tenant whose rows are `before`'s (the same `RowTenant`) stays as counted,
/// any other is counted out as it was and in as it is. Equals `summary` of `after` (proptest).
pub fn summary_over(
    counts: &SummaryCounts,
    before: &[OpportunityRow],
    after: &[OpportunityRow],
    config: &RulesConfig,
) -> Summary {
    if before.len() != after.len() {
        let all: Vec<u32> = (0..after.len() as u32).collect();
        return summary(after, &all, config);
    }
    let mut c = counts.clone();
    for span in rows::tenant_spans(after) {
        let (start, end) = (span.start, span.end);
        if !Arc::ptr_eq(&before[start].tenant, &after[start].tenant) {
            let was: Vec<_> = before[start..end]
                .iter()
                .map(OpportunityRow::outcome)
                .collect();
            c.remove_tenant(&was, config);
            let now: Vec<_> = after[start..end]
                .iter()
                .map(OpportunityRow::outcome)
                .collect();
            c.add_tenant(&now, config);
        }
    }
    c.summary(config)
}

#[cfg(test)]
mod tests;
