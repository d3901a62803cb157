//! The report's rows: one per tenant × workload in scope, with its evaluation and its
//! tenant's flags.

use crate::config::RulesConfig;
use crate::format;
use crate::ids::{ClaimNumber, TenantId, Tpid};
use crate::model::{ClaimState, Segment, Sku, Tenant, Workload, WorkloadUsage};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::association::{is_associated, is_visible_workload};
use crate::rules::opportunity::{
    evaluate, evaluate_explained, Opportunity, UsageThreshold, WorkloadEvaluation,
};
use crate::rules::tenant_rollup::{tenant_flags_explained, TenantFlags, WorkloadOutcome};
use crate::rules::tipping_points::TippingPointTable;
use crate::rules::trace::{Explain, Trace, Traced};
use crate::scenario::{AdjustedWorkload, Scenario};
use crate::snapshot::Snapshot;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityRow {
    pub tenant_id: TenantId,
    /// Shared by every row of the tenant.
    pub tenant_name: Arc<str>,
    pub tpid: Tpid,
    pub segment: Segment,
    pub workload: Workload,
    pub sku: Sku,
    pub mau: u64,
    pub pau: u64,
    /// `ClaimedByUs` or `Unclaimed`: rows claimed by another partner are not in the report.
    pub claim_state: ClaimState,
    pub claim_number: Option<ClaimNumber>,
    pub incentivized: bool,
    /// `None` when withheld from the reader (a Report viewer).
    pub rate_per_unit: Option<Money>,
    pub starting_hwm: Option<u64>,
    pub prior_hwm: Option<u64>,
    pub resources: String,
    pub evaluation: WorkloadEvaluation,
    /// Shared by every row of the tenant.
    pub tenant_flags: Arc<TenantFlags>,
    /// What a what-if changed in this row's data (original → scenario value); `None` when it
    /// is as imported.
    #[serde(skip)]
    pub what_if: Option<Trace>,
    /// The tenant's position among the report's tenants (0, 1, …): lets per-tenant work in
    /// filters and counts use arrays instead of hashing.
    #[serde(skip)]
    pub(super) tenant_index: u32,
    /// Lower-cased tenant name and tenant ID, shared by the tenant's rows: searched once per
    /// tenant, not once per row.
    #[serde(skip)]
    pub(super) tenant_haystack: Arc<str>,
    /// Same idea for the workload: its position among the report's workloads, and its
    /// lower-cased name shared by every row of that workload.
    #[serde(skip)]
    pub(super) workload_index: u32,
    #[serde(skip)]
    pub(super) workload_key: Arc<str>,
}

impl OpportunityRow {
    pub fn usage(&self) -> Option<Ratio> {
        self.evaluation.usage.value
    }
    pub fn tipping_point(&self) -> Option<Ratio> {
        self.evaluation.tipping_point.value
    }
    pub fn threshold(&self) -> UsageThreshold {
        self.evaluation.threshold.value
    }
    pub fn opportunity(&self) -> Opportunity {
        self.evaluation.opportunity.value
    }
    /// `None` when the rate is withheld from the reader (a Report viewer).
    pub fn potential_earnings(&self) -> Option<Money> {
        self.evaluation.potential_earnings.value
    }
    pub fn at_risk(&self) -> bool {
        self.evaluation.at_risk.value
    }
    pub fn claimed_by_us(&self) -> bool {
        self.claim_state == ClaimState::ClaimedByUs
    }
    pub fn tenant_upsell(&self) -> bool {
        self.tenant_flags.upsell.value
    }
    pub fn tenant_usage_opportunity(&self) -> bool {
        self.tenant_flags.usage_opportunity.value
    }
    /// The SKU row of the growth grid the tenant sits in (its per-SKU tiles' SKU).
    pub fn grid_sku(&self) -> Option<&Sku> {
        self.tenant_flags.grid_cell.value.as_ref().map(|c| &c.sku)
    }

    /// What the tenant rollup needs of this row.
    pub fn outcome(&self) -> WorkloadOutcome<'_> {
        outcome(
            self.tenant_id,
            &self.workload,
            &self.sku,
            self.mau,
            self.pau,
            &self.evaluation,
        )
    }
}

fn outcome<'a>(
    tenant_id: TenantId,
    workload: &'a Workload,
    sku: &'a Sku,
    mau: u64,
    pau: u64,
    e: &WorkloadEvaluation,
) -> WorkloadOutcome<'a> {
    WorkloadOutcome {
        tenant_id,
        workload,
        sku,
        mau,
        pau,
        threshold: e.threshold.value,
        opportunity: e.opportunity.value,
        potential_earnings: e.potential_earnings.value,
    }
}

/// A workload row evaluated under the scenario: its data as the scenario has it, its
/// evaluation, and what the scenario changed.
fn evaluate_with<'a>(
    w: &'a WorkloadUsage,
    segment: Segment,
    table: &TippingPointTable,
    config: &RulesConfig,
    scenario: &Scenario,
    explain: Explain,
) -> (Cow<'a, WorkloadUsage>, WorkloadEvaluation, Option<Trace>) {
    let Some(adjusted) = scenario.workload(w) else {
        return (
            Cow::Borrowed(w),
            evaluate_explained(w, segment, table, config, explain),
            None,
        );
    };
    let AdjustedWorkload {
        usage,
        tipping_point,
        notes,
    } = adjusted;
    let mut tp = table.lookup_explained(&usage.workload, segment, &usage.sku, explain);
    // The row's mark lists every change; the data's changes head each computed value's trace,
    // and a new tipping point is said once, where it is looked up (the threshold, opportunity
    // and at-risk traces repeat that lookup).
    let mut marked = notes.clone();
    if let Some(r) = tipping_point {
        let step = format!("what-if: tipping point {} → {r}", format::percent(tp.value));
        tp = Traced::new(Some(r), tp.trace.then(step.clone()));
        marked.push(step);
    }
    let mut evaluation = evaluate(&usage, tp, config);
    evaluation.note_what_if(&notes);
    (Cow::Owned(usage), evaluation, Some(marked))
}

/// The rows of one tenant, or `None` when the tenant is outside the report.
fn tenant_rows(
    t: &Tenant,
    workloads: &[&WorkloadUsage],
    table: &TippingPointTable,
    config: &RulesConfig,
    scenario: &Scenario,
    explain: Explain,
) -> Option<Vec<OpportunityRow>> {
    if !config.opportunity_segments.contains(&t.segment)
        || !is_associated(workloads.iter().copied())
    {
        return None;
    }
    let mut evaluated: Vec<_> = workloads
        .iter()
        .copied()
        .filter(|w| is_visible_workload(w) && config.opportunity_skus.contains(&w.sku))
        .map(|w| evaluate_with(w, t.segment, table, config, scenario, explain))
        .collect();
    if evaluated.is_empty() {
        return None;
    }
    evaluated.sort_by_cached_key(|(w, ..)| (w.workload.key(), w.sku.clone()));
    let outcomes: Vec<WorkloadOutcome<'_>> = evaluated
        .iter()
        .map(|(w, e, _)| outcome(t.id, &w.workload, &w.sku, w.mau, w.pau, e))
        .collect();
    let flags = Arc::new(tenant_flags_explained(&outcomes, config, explain));
    let tenant_haystack: Arc<str> = format!("{}\n{}", t.name, t.id).to_lowercase().into();
    let tenant_name: Arc<str> = t.name.as_str().into();
    Some(
        evaluated
            .into_iter()
            .map(|(w, evaluation, what_if)| OpportunityRow {
                tenant_id: t.id,
                tenant_name: Arc::clone(&tenant_name),
                tpid: t.tpid.clone(),
                segment: t.segment,
                workload: w.workload.clone(),
                sku: w.sku.clone(),
                mau: w.mau,
                pau: w.pau,
                claim_state: w.claim_state(),
                claim_number: w.claim_number.clone(),
                incentivized: w.incentivized,
                rate_per_unit: w.rate_per_unit,
                starting_hwm: w.starting_hwm,
                prior_hwm: w.prior_hwm,
                resources: w.resources.clone(),
                evaluation,
                tenant_flags: Arc::clone(&flags),
                what_if,
                tenant_index: 0,
                tenant_haystack: Arc::clone(&tenant_haystack),
                workload_index: 0,
                workload_key: Arc::from(""),
            })
            .collect(),
    )
}

/// The report's rows in export order: tenant name (case aside), tenant ID, workload name (case
/// aside), SKU, each computed value with its trace. Tipping points come from the snapshot's
/// imported table, else the default one.
pub fn build_rows(snapshot: &Snapshot, config: &RulesConfig) -> Vec<OpportunityRow> {
    build_rows_with(snapshot, config, &Scenario::default(), Explain::Steps)
}

/// [`build_rows`] under a what-if: the same rows, in the same order, computed from the data and
/// thresholds as the scenario has them. `Explain::Quiet` leaves every trace empty (a large
/// report in the browser, an export): [`explain_row`] gives a row's traces when asked.
pub fn build_rows_with(
    snapshot: &Snapshot,
    config: &RulesConfig,
    scenario: &Scenario,
    explain: Explain,
) -> Vec<OpportunityRow> {
    let config = &scenario.rules_config(config);
    let table = TippingPointTable::for_snapshot(snapshot);
    let mut by_tenant: HashMap<TenantId, Vec<&WorkloadUsage>> = HashMap::new();
    for w in &snapshot.workloads {
        by_tenant.entry(w.tenant_id).or_default().push(w);
    }
    let mut tenants: Vec<&Tenant> = snapshot.tenants.iter().collect();
    tenants.sort_by_cached_key(|t| (t.name.to_lowercase(), t.id));
    let mut rows: Vec<OpportunityRow> = tenants
        .into_iter()
        .filter_map(|t| tenant_rows(t, by_tenant.get(&t.id)?, &table, config, scenario, explain))
        .enumerate()
        .flat_map(|(i, mut tenant)| {
            for r in &mut tenant {
                r.tenant_index = i as u32;
            }
            tenant
        })
        .collect();
    let mut workloads: HashMap<String, (u32, Arc<str>)> = HashMap::new();
    for r in &mut rows {
        let key = r.workload.key();
        let next = workloads.len() as u32;
        let (index, shared) = workloads
            .entry(key)
            .or_insert_with_key(|k| (next, Arc::from(k.as_str())));
        r.workload_index = *index;
        r.workload_key = Arc::clone(shared);
    }
    // Rows are large and the browser keeps them all: drop the growth slack.
    rows.shrink_to_fit();
    rows
}

/// `row` (built by [`build_rows_with`] from the same snapshot, config and scenario) again with
/// every trace: its "why?". `None` when the row is not the snapshot's.
pub fn explain_row(
    snapshot: &Snapshot,
    config: &RulesConfig,
    scenario: &Scenario,
    row: &OpportunityRow,
) -> Option<OpportunityRow> {
    let config = &scenario.rules_config(config);
    let table = TippingPointTable::for_snapshot(snapshot);
    let tenant = snapshot.tenants.iter().find(|t| t.id == row.tenant_id)?;
    let workloads: Vec<&WorkloadUsage> = snapshot
        .workloads
        .iter()
        .filter(|w| w.tenant_id == row.tenant_id)
        .collect();
    let rows = tenant_rows(tenant, &workloads, &table, config, scenario, Explain::Steps)?;
    let mut explained = rows
        .into_iter()
        .find(|r| r.workload.key() == *row.workload_key && r.sku == row.sku)?;
    explained.tenant_index = row.tenant_index;
    explained.tenant_haystack = Arc::clone(&row.tenant_haystack);
    explained.workload_index = row.workload_index;
    explained.workload_key = Arc::clone(&row.workload_key);
    Some(explained)
}

/// How many distinct tenants the rows of `order` belong to.
pub fn tenant_count(rows: &[OpportunityRow], order: &[u32]) -> usize {
    // Every tenant has at least one row, so tenant indices are below `rows.len()`.
    let mut seen = vec![false; rows.len()];
    order
        .iter()
        .filter(|&&i| !std::mem::replace(&mut seen[rows[i as usize].tenant_index as usize], true))
        .count()
}

/// Every workload name present in the rows, sorted: the workload filter's choices.
pub fn workload_names(rows: &[OpportunityRow]) -> Vec<String> {
    let mut names: Vec<String> = rows.iter().map(|r| r.workload.to_string()).collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}
