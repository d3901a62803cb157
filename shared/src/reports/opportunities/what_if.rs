//! A what-if over some tenants at the cost of those tenants. A slider moving usage at a few
//! thousand tenants of a 100,000-row report must recompute in a frame, so the rows without
//! the what-if are indexed once (`WhatIfBase`: where each tenant's data is in the snapshot
//! and its rows in the report, the summary's counts, Σ potential earnings), and a slider step
//! builds only the touched tenants' rows again, in place, then counts only them out and in
//! again for the tiles and the delta. Every result equals the whole build's (proptest).

use super::by_tenant::ByTenant;
use super::rows::{build_rows_with, tenant_rows, tenant_spans, OpportunityRow};
use crate::config::RulesConfig;
use crate::ids::TenantId;
use crate::model::WorkloadUsage;
use crate::rules::tenant_rollup::{Summary, SummaryCounts};
use crate::rules::tipping_points::TippingPointTable;
use crate::rules::trace::Explain;
use crate::scenario::{earnings_sum, opportunity_delta_over, OpportunityDelta, Scenario};
use crate::snapshot::Snapshot;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The rows without a what-if, indexed by tenant. Made once per snapshot (one walk over the
/// rows and the snapshot), when a what-if is first used.
pub struct WhatIfBase {
    rows: Arc<Vec<OpportunityRow>>,
    config: RulesConfig,
    explain: Explain,
    slots: HashMap<TenantId, Slot>,
    by_tenant: ByTenant,
    table: TippingPointTable,
    counts: SummaryCounts,
    earnings: Option<i128>,
}

/// Where one reported tenant is: its record in the snapshot and its rows in the report (its
/// workload records: `WhatIfBase::by_tenant`).
struct Slot {
    tenant: u32,
    rows: Range<u32>,
}

/// The tenants whose rows in a what-if's vector differ from the base rows: those its
/// scenario touched, or every tenant (a scenario over all tenants, or thresholds).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Built {
    /// Only these tenants (sorted); none: the rows are the base rows.
    #[default]
    Base,
    Tenants(Vec<TenantId>),
    Whole,
}

impl WhatIfBase {
    /// `rows` must be `build_rows_with(snapshot, config, &Scenario::default(), explain)`.
    pub fn new(
        snapshot: &Snapshot,
        config: &RulesConfig,
        explain: Explain,
        rows: Arc<Vec<OpportunityRow>>,
    ) -> WhatIfBase {
        let mut slots: HashMap<TenantId, Slot> = tenant_spans(&rows)
            .map(|span| {
                let slot = Slot {
                    tenant: u32::MAX,
                    rows: span.start as u32..span.end as u32,
                };
                (rows[span.start].tenant.id, slot)
            })
            .collect();
        for (i, t) in snapshot.tenants.iter().enumerate() {
            if let Some(slot) = slots.get_mut(&t.id) {
                slot.tenant = i as u32;
            }
        }
        WhatIfBase {
            counts: super::summary_counts(&rows, config),
            earnings: earnings_sum(&rows),
            rows,
            config: config.clone(),
            explain,
            slots,
            by_tenant: ByTenant::new(&snapshot.workloads),
            table: TippingPointTable::for_snapshot(snapshot),
        }
    }

    /// The rows without a what-if.
    pub fn rows(&self) -> &Arc<Vec<OpportunityRow>> {
        &self.rows
    }

    /// Makes `rows` — a what-if's rows of this base whose `built` tenants differ from it — the
    /// rows of `scenario`, and says which tenants now differ. Only the tenants either scenario
    /// touches are copied back or built again; a scenario that can change any tenant builds
    /// the whole report.
    pub fn apply(
        &self,
        rows: &mut Vec<OpportunityRow>,
        built: &Built,
        snapshot: &Snapshot,
        scenario: &Scenario,
    ) -> Built {
        let Some(ids) = scenario.tenants_touched() else {
            *rows = build_rows_with(snapshot, &self.config, scenario, self.explain);
            return Built::Whole;
        };
        match built {
            Built::Tenants(was) if rows.len() == self.rows.len() => {
                for span in self.spans(was) {
                    rows[span.clone()].clone_from_slice(&self.rows[span]);
                }
            }
            Built::Base if rows.len() == self.rows.len() => {}
            _ => rows.clone_from(&self.rows),
        }
        for id in &ids {
            if let Some(slot) = self.slots.get(id) {
                self.build_tenant(rows, slot, snapshot, scenario);
            }
        }
        if ids.is_empty() {
            Built::Base
        } else {
            Built::Tenants(ids)
        }
    }

    fn build_tenant(
        &self,
        rows: &mut [OpportunityRow],
        slot: &Slot,
        snapshot: &Snapshot,
        scenario: &Scenario,
    ) {
        let Some(tenant) = snapshot.tenants.get(slot.tenant as usize) else {
            return;
        };
        let workloads: Vec<&WorkloadUsage> = self
            .by_tenant
            .get(&tenant.id)
            .unwrap_or_default()
            .iter()
            .map(|&i| &snapshot.workloads[i as usize])
            .collect();
        let span = slot.rows.start as usize..slot.rows.end as usize;
        let index = self.rows[span.start].tenant.index;
        let again = tenant_rows(
            tenant,
            &workloads,
            &self.table,
            &self.config,
            scenario,
            self.explain,
            index,
        );
        // A scenario never adds, drops or reorders a row: the tenant's rows line up.
        if let Some(again) = again.filter(|a| a.len() == span.len()) {
            for (row, (mut new, base)) in rows[span.clone()]
                .iter_mut()
                .zip(again.into_iter().zip(&self.rows[span]))
            {
                new.workload_index = base.workload_index;
                new.workload_key = Arc::clone(&base.workload_key);
                *row = new;
            }
        }
    }

    /// The rows of the tenants `built` (every row for `Whole`), in row order.
    fn spans_built(&self, built: &Built) -> Vec<Range<usize>> {
        match built {
            Built::Base => Vec::new(),
            Built::Tenants(ids) => self.spans(ids),
            Built::Whole => std::iter::once(0..self.rows.len()).collect(),
        }
    }

    fn spans(&self, ids: &[TenantId]) -> Vec<Range<usize>> {
        let mut spans: Vec<Range<usize>> = ids
            .iter()
            .filter_map(|id| self.slots.get(id))
            .map(|s| s.rows.start as usize..s.rows.end as usize)
            .collect();
        spans.sort_unstable_by_key(|s| s.start);
        spans
    }

    /// The tiles and grid of all of `after`, a what-if's rows (`built` as [`apply`] said): the
    /// base's counts with only the built tenants counted out and in again.
    ///
    /// [`apply`]: Self::apply
    pub fn summary(
        &self,
        after: &[OpportunityRow],
        built: &Built,
        config: &RulesConfig,
    ) -> Summary {
        if *built == Built::Whole || after.len() != self.rows.len() {
            let all: Vec<u32> = (0..after.len() as u32).collect();
            return super::summary(after, &all, config);
        }
        let mut c = self.counts.clone();
        for span in self.spans_built(built) {
            let was: Vec<_> = self.rows[span.clone()]
                .iter()
                .map(OpportunityRow::outcome)
                .collect();
            c.remove_tenant(&was, config);
            let now: Vec<_> = after[span].iter().map(OpportunityRow::outcome).collect();
            c.add_tenant(&now, config);
        }
        c.summary(config)
    }

    /// What the what-if changed (`after` and `built` as for [`summary`](Self::summary)),
    /// walking only the built tenants' rows.
    pub fn delta(&self, after: &[OpportunityRow], built: &Built) -> OpportunityDelta {
        if after.len() != self.rows.len() {
            return OpportunityDelta::default();
        }
        opportunity_delta_over(&self.rows, after, self.spans_built(built), self.earnings)
    }
}
