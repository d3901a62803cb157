//! The report's rows: one per tenant × workload in scope, with its evaluation and its
//! tenant's flags.

use super::by_tenant::ByTenant;
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
use crate::snapshot::{report_order_key, Snapshot};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// What every row of one tenant shares, held once per tenant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowTenant {
    pub id: TenantId,
    pub name: Arc<str>,
    pub tpid: Tpid,
    pub segment: Segment,
    pub flags: TenantFlags,
    /// The tenant's position among the report's tenants (0, 1, …): lets per-tenant work in
    /// filters and counts use arrays instead of hashing.
    #[serde(skip)]
    pub(super) index: u32,
    /// Lower-cased tenant name and tenant ID: searched once per tenant, not once per row.
    #[serde(skip)]
    pub(super) haystack: Box<str>,
}

/// One row of the report. A million of them live in the browser: what a tenant's rows share
/// is behind one pointer (`tenant`), texts are shared (`Workload`, `resources`), and the
/// evaluation is built quiet there (`Explain::Quiet`), so a row holds numbers and pointers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityRow {
    pub tenant: Arc<RowTenant>,
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
    pub resources: Arc<str>,
    pub evaluation: WorkloadEvaluation,
    /// What a what-if changed in this row's data (original → scenario value); `None` when it
    /// is as imported.
    #[serde(skip)]
    pub what_if: Option<Trace>,
    /// As the tenant's `index` and `haystack`, for the workload: its position among the
    /// report's workloads, and its lower-cased name shared by every row of that workload.
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
        self.tenant.flags.upsell.value
    }
    pub fn tenant_usage_opportunity(&self) -> bool {
        self.tenant.flags.usage_opportunity.value
    }
    /// The SKU row of the growth grid the tenant sits in (its per-SKU tiles' SKU).
    pub fn grid_sku(&self) -> Option<&Sku> {
        self.tenant.flags.grid_cell.value.as_ref().map(|c| &c.sku)
    }

    /// What the tenant rollup needs of this row.
    pub fn outcome(&self) -> WorkloadOutcome<'_> {
        outcome(
            self.tenant.id,
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
    let Some(adjusted) = scenario.workload(w, explain) else {
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
        let was = tp.value;
        let step = || format!("what-if: tipping point {} → {r}", format::percent(was));
        let mut trace = tp.trace;
        trace.push_with(step);
        marked.push_with(step);
        tp = Traced::new(Some(r), trace);
    }
    let mut evaluation = evaluate(&usage, tp, config);
    evaluation.note_what_if(&notes);
    (Cow::Owned(usage), evaluation, Some(marked))
}

/// The workload rows of a tenant that the report shows, or `None` when the tenant is outside
/// it (segment, or not associated with us).
fn reported<'a, 'b>(
    t: &Tenant,
    workloads: &'b [&'a WorkloadUsage],
    config: &'b RulesConfig,
) -> Option<impl Iterator<Item = &'a WorkloadUsage> + 'b> {
    if !config.opportunity_segments.contains(&t.segment)
        || !is_associated(workloads.iter().copied())
    {
        return None;
    }
    Some(
        workloads
            .iter()
            .copied()
            .filter(|w| is_visible_workload(w) && config.opportunity_skus.contains(&w.sku)),
    )
}

/// The rows of one tenant, or `None` when the tenant is outside the report. Its rows'
/// `workload_index` count from this call's first workload: the caller sets them as its report
/// has them.
pub(super) fn tenant_rows(
    t: &Tenant,
    workloads: &[&WorkloadUsage],
    table: &TippingPointTable,
    config: &RulesConfig,
    scenario: &Scenario,
    explain: Explain,
    index: u32,
) -> Option<Vec<OpportunityRow>> {
    let mut rows = Vec::new();
    let mut builder = RowBuilder::new(table, config, scenario, explain);
    builder
        .push_tenant(t, workloads, index, haystack(t).text, &mut rows)
        .then_some(rows)
}

/// A tenant's search text: its lower-cased name, a line break, its ID. The report orders
/// tenants by that name, so it is folded once for both.
struct Haystack {
    text: Box<str>,
    name_len: usize,
}

impl Haystack {
    /// The lower-cased name: the tenant's `report_order_key`.
    fn name(&self) -> &str {
        &self.text[..self.name_len]
    }
}

fn haystack(t: &Tenant) -> Haystack {
    let mut buf = uuid::Uuid::encode_buffer();
    let id = t.id.0.hyphenated().encode_lower(&mut buf);
    // `report_order_key`, folded in place when the name is ASCII (most are: no second
    // allocation for a million rows' tenants).
    let mut text = if t.name.is_ascii() {
        let mut text = String::with_capacity(t.name.len() + 1 + id.len());
        text.push_str(&t.name);
        text.make_ascii_lowercase();
        text
    } else {
        report_order_key(&t.name)
    };
    let name_len = text.len();
    text.push('\n');
    text.push_str(id);
    Haystack {
        text: text.into_boxed_str(),
        name_len,
    }
}

/// Each workload's position among the workloads seen so far, and its lower-cased name.
#[derive(Default)]
struct WorkloadKeys {
    by_key: HashMap<String, (u32, Arc<str>)>,
    /// The last workloads seen, by their shared text: a million rows name a dozen workloads,
    /// so almost every row finds its key here without case-folding or hashing its name.
    recent: Vec<(Workload, u32, Arc<str>)>,
}

impl WorkloadKeys {
    fn get(&mut self, workload: &Workload) -> (u32, Arc<str>) {
        let found = self
            .recent
            .iter()
            .find(|(w, ..)| Arc::ptr_eq(&w.0, &workload.0) || w == workload);
        if let Some((_, index, shared)) = found {
            return (*index, Arc::clone(shared));
        }
        let next = self.by_key.len() as u32;
        let (index, shared) = self
            .by_key
            .entry(workload.key())
            .or_insert_with_key(|k| (next, Arc::from(k.as_str())))
            .clone();
        if self.recent.len() < 64 {
            self.recent
                .push((workload.clone(), index, Arc::clone(&shared)));
        }
        (index, shared)
    }
}

/// What building a report's rows needs, the workload keys seen so far, and the buffers one
/// tenant's rows pass through (kept: a million rows would otherwise allocate them per tenant;
/// both are empty between tenants).
struct RowBuilder<'a> {
    table: &'a TippingPointTable,
    config: &'a RulesConfig,
    scenario: &'a Scenario,
    explain: Explain,
    keys: WorkloadKeys,
    order: Vec<&'a WorkloadUsage>,
    evaluated: Vec<(Cow<'a, WorkloadUsage>, WorkloadEvaluation, Option<Trace>)>,
}

impl<'a> RowBuilder<'a> {
    fn new(
        table: &'a TippingPointTable,
        config: &'a RulesConfig,
        scenario: &'a Scenario,
        explain: Explain,
    ) -> Self {
        RowBuilder {
            table,
            config,
            scenario,
            explain,
            keys: WorkloadKeys::default(),
            order: Vec::new(),
            evaluated: Vec::new(),
        }
    }

    /// Appends the rows of one tenant to `out`, in report order; `false` (nothing appended)
    /// when the tenant is outside the report.
    fn push_tenant(
        &mut self,
        t: &Tenant,
        workloads: &[&'a WorkloadUsage],
        index: u32,
        haystack: Box<str>,
        out: &mut Vec<OpportunityRow>,
    ) -> bool {
        let (table, config, scenario, explain) =
            (self.table, self.config, self.scenario, self.explain);
        let Some(reported) = reported(t, workloads, config) else {
            return false;
        };
        // Ordered as references, before anything is evaluated: a scenario changes a row's
        // numbers, never its workload or SKU, and an evaluated row is a few hundred bytes.
        self.order.extend(reported);
        if self.order.is_empty() {
            return false;
        }
        self.order.sort_by(|a, b| {
            a.workload
                .cmp_key(&b.workload)
                .then_with(|| a.sku.cmp(&b.sku))
        });
        self.evaluated.extend(
            self.order
                .drain(..)
                .map(|w| evaluate_with(w, t.segment, table, config, scenario, explain)),
        );
        let outcomes: Vec<WorkloadOutcome<'_>> = self
            .evaluated
            .iter()
            .map(|(w, e, _)| outcome(t.id, &w.workload, &w.sku, w.mau, w.pau, e))
            .collect();
        let tenant = Arc::new(RowTenant {
            id: t.id,
            name: Arc::clone(&t.name),
            tpid: t.tpid.clone(),
            segment: t.segment,
            flags: tenant_flags_explained(&outcomes, config, explain),
            index,
            haystack,
        });
        // Written once, in place: the report's rows are one vector of exactly their count.
        for (w, evaluation, what_if) in self.evaluated.drain(..) {
            let (workload_index, workload_key) = self.keys.get(&w.workload);
            out.push(OpportunityRow {
                tenant: Arc::clone(&tenant),
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
                resources: Arc::clone(&w.resources),
                evaluation,
                what_if,
                workload_index,
                workload_key,
            });
        }
        true
    }
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
    let by_tenant = ByTenant::new(&snapshot.workloads);
    let refs = by_tenant.refs(&snapshot.workloads);
    let mut tenants: Vec<(Haystack, &Tenant, &[&WorkloadUsage])> = snapshot
        .tenants
        .iter()
        .filter_map(|t| Some((haystack(t), t, &refs[by_tenant.range(&t.id)?])))
        .collect();
    tenants.sort_by(|(a, a_t, _), (b, b_t, _)| a.name().cmp(b.name()).then(a_t.id.cmp(&b_t.id)));
    // Counted first, so the rows are one allocation of exactly their size: a growing vector
    // of a million rows would pass through twice that, and the browser's memory never
    // shrinks back after its peak.
    let count = tenants
        .iter()
        .filter_map(|(_, t, w)| reported(t, w, config))
        .map(Iterator::count)
        .sum();
    let mut rows: Vec<OpportunityRow> = Vec::with_capacity(count);
    let mut builder = RowBuilder::new(&table, config, scenario, explain);
    let mut index = 0;
    for (haystack, t, w) in tenants {
        if builder.push_tenant(t, w, index, haystack.text, &mut rows) {
            index += 1;
        }
    }
    debug_assert_eq!(rows.len(), rows.capacity());
    rows
}

/// Where each tenant's rows are: a tenant's rows are adjacent and share its `RowTenant`.
pub(super) fn tenant_spans(rows: &[OpportunityRow]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let tenant = &rows.get(start)?.tenant;
        let end = start
            + rows[start..]
                .iter()
                .take_while(|r| Arc::ptr_eq(&r.tenant, tenant))
                .count();
        Some(std::mem::replace(&mut start, end)..end)
    })
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
    let id = row.tenant.id;
    let tenant = snapshot.tenants.iter().find(|t| t.id == id)?;
    let workloads: Vec<&WorkloadUsage> = snapshot
        .workloads
        .iter()
        .filter(|w| w.tenant_id == id)
        .collect();
    let index = row.tenant.index;
    let rows = tenant_rows(
        tenant,
        &workloads,
        &table,
        config,
        scenario,
        Explain::Steps,
        index,
    )?;
    let mut explained = rows
        .into_iter()
        .find(|r| r.workload.key() == *row.workload_key && r.sku == row.sku)?;
    explained.workload_index = row.workload_index;
    explained.workload_key = Arc::clone(&row.workload_key);
    Some(explained)
}

/// How many tenants the report's rows hold: their `index`es count 0, 1, … along the rows
/// (a what-if changes a row's values, never which rows there are), so the last row's says.
pub(super) fn tenants_in(rows: &[OpportunityRow]) -> usize {
    rows.last().map_or(0, |r| r.tenant.index as usize + 1)
}

/// How many distinct tenants the rows of `order` belong to.
pub fn tenant_count(rows: &[OpportunityRow], order: &[u32]) -> usize {
    if order.len() == rows.len() {
        // Every row (a sort without a filter): no need to visit a million rows in the sort's
        // order to count them.
        return tenants_in(rows);
    }
    // Every tenant has at least one row, so tenant indices are below `rows.len()`.
    let mut seen = vec![false; rows.len()];
    order
        .iter()
        .filter(|&&i| !std::mem::replace(&mut seen[rows[i as usize].tenant.index as usize], true))
        .count()
}

/// Every workload name present in the rows, sorted: the workload filter's choices.
pub fn workload_names(rows: &[OpportunityRow]) -> Vec<String> {
    // One name per workload index (first seen), not one per row: a million rows name a dozen.
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for r in rows {
        let i = r.workload_index as usize;
        if i >= seen.len() {
            seen.resize(i + 1, false);
        }
        if !std::mem::replace(&mut seen[i], true) {
            names.push(r.workload.to_string());
        }
    }
    names.sort_by_key(|n| n.to_lowercase());
    names
}

#[cfg(test)]
mod tests {
    use super::super::tests::{all, rows};
    use super::{haystack, tenant_count};
    use crate::model::Segment;
    use crate::testdata::tenant;

    #[test]
    fn a_tenant_is_searched_and_ordered_by_its_folded_name() {
        for name in [
            "Contoso Ltd",
            "",
            "ÄRENDE AB",
            // The final-sigma rule of `to_lowercase` sees the name's end either way.
            "ΟΔΟΣ",
            "İstanbul Bilişim",
        ] {
            let t = tenant(7, name, Segment::Smc);
            let h = haystack(&t);
            let want = format!("{}\n{}", t.name, t.id).to_lowercase();
            assert_eq!(&*h.text, want, "{name}");
            assert_eq!(h.name(), super::report_order_key(&t.name), "{name}");
        }
    }

    #[test]
    fn every_row_in_any_order_counts_every_tenant() {
        let rows = rows();
        let tenants: std::collections::HashSet<_> = rows.iter().map(|r| r.tenant.id).collect();
        let mut reversed = all(&rows);
        reversed.reverse();
        assert_eq!(tenant_count(&rows, &reversed), tenants.len());
        assert_eq!(tenant_count(&rows, &all(&rows)), tenants.len());
        assert_eq!(tenant_count(&[], &[]), 0);
    }
}
