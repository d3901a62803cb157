//! The Opportunities report (seed 000 "Growth opportunities", spec §1): one row per tenant ×
//! CPOR workload of Office 365 / E3 / E5 SKUs, for Enterprise and SMC tenants we hold at least
//! one CPOR claim on, with each row's evaluation and its tenant's flags.
//!
//! Cells, the same on screen and in CSV: percents as `63.5%`; undefined usage (PAU 0) and a
//! missing tipping point both as `–` (neither is a number, and `N/A` is already a threshold
//! and an opportunity label, so it would read as one); money as `1234.50`; an unknown Starting
//! or Prior HWM and an unclaimed row's claim number as an empty cell, as in the import files.

use super::{any_selected, rows_to_csv, search_terms, Column, RowFilter};
use crate::config::RulesConfig;
use crate::format::or_blank;
use crate::ids::{ClaimNumber, TenantId, Tpid};
use crate::model::{ClaimState, Segment, Sku, Tenant, Workload, WorkloadUsage};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::association::{is_associated, is_visible_workload};
use crate::rules::opportunity::{evaluate_in, Opportunity, UsageThreshold, WorkloadEvaluation};
use crate::rules::tenant_rollup::{
    summarize, tenant_flags, GridCell, Summary, TenantFlags, WorkloadOutcome, TILE_LABELS,
};
use crate::rules::tipping_points::TippingPointTable;
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpportunityRow {
    pub tenant_id: TenantId,
    pub tenant_name: String,
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
    pub rate_per_unit: Money,
    pub starting_hwm: Option<u64>,
    pub prior_hwm: Option<u64>,
    pub resources: String,
    pub evaluation: WorkloadEvaluation,
    /// Shared by every row of the tenant.
    pub tenant_flags: Arc<TenantFlags>,
    /// The tenant's position among the report's tenants (0, 1, …): lets per-tenant work in
    /// filters and counts use arrays instead of hashing.
    #[serde(skip)]
    tenant_index: u32,
    /// Lower-cased tenant name and tenant ID, shared by the tenant's rows: searched once per
    /// tenant, not once per row.
    #[serde(skip)]
    tenant_haystack: Arc<str>,
    /// Same idea for the workload: its position among the report's workloads, and its
    /// lower-cased name shared by every row of that workload.
    #[serde(skip)]
    workload_index: u32,
    #[serde(skip)]
    workload_key: Arc<str>,
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
    pub fn potential_earnings(&self) -> Money {
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

/// The rows of one tenant, or `None` when the tenant is outside the report.
fn tenant_rows(
    t: &Tenant,
    workloads: &[&WorkloadUsage],
    table: &TippingPointTable,
    config: &RulesConfig,
) -> Option<Vec<OpportunityRow>> {
    if !config.opportunity_segments.contains(&t.segment)
        || !is_associated(workloads.iter().copied())
    {
        return None;
    }
    let mut evaluated: Vec<(&WorkloadUsage, WorkloadEvaluation)> = workloads
        .iter()
        .copied()
        .filter(|w| is_visible_workload(w) && config.opportunity_skus.contains(&w.sku))
        .map(|w| (w, evaluate_in(w, t.segment, table, config)))
        .collect();
    if evaluated.is_empty() {
        return None;
    }
    evaluated.sort_by_cached_key(|(w, _)| (w.workload.key(), w.sku.clone()));
    let outcomes: Vec<WorkloadOutcome<'_>> = evaluated
        .iter()
        .map(|(w, e)| outcome(t.id, &w.workload, &w.sku, w.mau, w.pau, e))
        .collect();
    let flags = Arc::new(tenant_flags(&outcomes, config));
    let tenant_haystack: Arc<str> = format!("{}\n{}", t.name, t.id).to_lowercase().into();
    Some(
        evaluated
            .into_iter()
            .map(|(w, evaluation)| OpportunityRow {
                tenant_id: t.id,
                tenant_name: t.name.clone(),
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
                tenant_index: 0,
                tenant_haystack: Arc::clone(&tenant_haystack),
                workload_index: 0,
                workload_key: Arc::from(""),
            })
            .collect(),
    )
}

/// The report's rows in export order: tenant name (case aside), tenant ID, workload name (case
/// aside), SKU. Tipping points come from the snapshot's imported table, else the default one.
pub fn build_rows(snapshot: &Snapshot, config: &RulesConfig) -> Vec<OpportunityRow> {
    let table = TippingPointTable::for_snapshot(snapshot);
    let mut by_tenant: HashMap<TenantId, Vec<&WorkloadUsage>> = HashMap::new();
    for w in &snapshot.workloads {
        by_tenant.entry(w.tenant_id).or_default().push(w);
    }
    let mut tenants: Vec<&Tenant> = snapshot.tenants.iter().collect();
    tenants.sort_by_cached_key(|t| (t.name.to_lowercase(), t.id));
    let mut rows: Vec<OpportunityRow> = tenants
        .into_iter()
        .filter_map(|t| tenant_rows(t, by_tenant.get(&t.id)?, &table, config))
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

/// The tiles and grid of the rows in `order` (all rows for the report's own figures).
pub fn summary(rows: &[OpportunityRow], order: &[u32], config: &RulesConfig) -> Summary {
    summarize(order.iter().map(|&i| rows[i as usize].outcome()), config)
}

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
                row.tenant_haystack.contains(t.as_str()) || row.workload_key.contains(t.as_str())
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
                if !self.matches_facets(row) {
                    return false;
                }
                if terms.is_empty() {
                    return true;
                }
                let slot = &mut tenant_bits[row.tenant_index as usize];
                if *slot == UNKNOWN {
                    *slot = term_bits(&row.tenant_haystack, &terms);
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
                bits == all
            })
            .collect()
    }
}

/// What a summary tile or a grid cell selects when clicked. Each keeps exactly the rows its
/// figure counts: tenant tiles keep every row of the tenants counted, workload tiles the
/// workloads counted, and the whitespace tile the workloads that add to the sum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Focus {
    /// Tile 2.
    UpsellOrGrowth,
    /// Tile 3.
    Upsell,
    /// Tile 4.
    UsageClaimOrIncentive,
    /// Tile 5.
    WorkloadsBelow,
    /// Tile 6.
    ClaimOpportunities,
    /// Tile 7.
    PotentialEarnings,
    /// Tile 8.
    Whitespace,
    /// A cell of the growth propensity grid.
    Grid(GridCell),
}

impl Focus {
    /// Tiles 2–8, in the order of [`crate::rules::tenant_rollup::SummaryTiles::items`].
    pub const TILES: [Focus; 7] = [
        Focus::UpsellOrGrowth,
        Focus::Upsell,
        Focus::UsageClaimOrIncentive,
        Focus::WorkloadsBelow,
        Focus::ClaimOpportunities,
        Focus::PotentialEarnings,
        Focus::Whitespace,
    ];

    /// The URL form, e.g. `upsell` or `grid:e3:below`.
    pub fn key(&self) -> String {
        match self {
            Focus::UpsellOrGrowth => "upsell-or-growth".into(),
            Focus::Upsell => "upsell".into(),
            Focus::UsageClaimOrIncentive => "usage-claim-incentive".into(),
            Focus::WorkloadsBelow => "below".into(),
            Focus::ClaimOpportunities => "claim".into(),
            Focus::PotentialEarnings => "earnings".into(),
            Focus::Whitespace => "whitespace".into(),
            Focus::Grid(c) => format!("grid:{}:{}", sku_key(&c.sku), threshold_key(c.threshold)),
        }
    }

    pub fn parse(s: &str) -> Option<Focus> {
        if let Some(rest) = s.strip_prefix("grid:") {
            let (sku, threshold) = rest.split_once(':')?;
            let sku = Sku::MODELLED.into_iter().find(|k| sku_key(k) == sku)?;
            let threshold = UsageThreshold::ALL
                .into_iter()
                .find(|t| threshold_key(*t) == threshold)?;
            return Some(Focus::Grid(GridCell { sku, threshold }));
        }
        Focus::TILES.into_iter().find(|f| f.key() == s)
    }

    /// How the view names it, e.g. "Tenants with upsell opportunities" or "E3 · Below".
    pub fn label(&self) -> String {
        match self {
            Focus::Grid(c) => format!("{} · {}", c.sku, c.threshold),
            tile => {
                let i = Focus::TILES.iter().position(|f| f == tile).unwrap_or(0);
                TILE_LABELS[i].to_string()
            }
        }
    }

    pub fn matches(&self, row: &OpportunityRow) -> bool {
        let flags = &row.tenant_flags;
        match self {
            Focus::UpsellOrGrowth => flags.upsell.value || flags.usage_claim_or_incentive.value,
            Focus::Upsell => flags.upsell.value,
            Focus::UsageClaimOrIncentive => flags.usage_claim_or_incentive.value,
            Focus::WorkloadsBelow => row.threshold() == UsageThreshold::Below,
            Focus::ClaimOpportunities => row.opportunity().is_claim_opportunity(),
            Focus::PotentialEarnings => row.potential_earnings() > Money::ZERO,
            Focus::Whitespace => row.pau > row.mau,
            Focus::Grid(cell) => flags.grid_cell.value.as_ref() == Some(cell),
        }
    }

    /// Whether the figure counts tenants (else workloads, or seats for the whitespace).
    pub fn counts_tenants(&self) -> bool {
        matches!(
            self,
            Focus::UpsellOrGrowth | Focus::Upsell | Focus::UsageClaimOrIncentive | Focus::Grid(_)
        )
    }
}

/// The SKU tab's URL form.
pub fn sku_key(sku: &Sku) -> &'static str {
    match sku {
        Sku::Office365 => "o365",
        Sku::E3 => "e3",
        Sku::E5 => "e5",
        Sku::Other(_) => "other",
    }
}

pub fn parse_sku_key(s: &str) -> Option<Sku> {
    Sku::MODELLED.into_iter().find(|k| sku_key(k) == s)
}

fn threshold_key(t: UsageThreshold) -> &'static str {
    match t {
        UsageThreshold::Above => "above",
        UsageThreshold::Below => "below",
        UsageThreshold::NotApplicable => "na",
    }
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

type Col = Column<OpportunityRow>;

const TPID: Col = Col::text("tpid", "TPID", |r| r.tpid.to_string());
const TENANT_ID: Col = Col::text("tenant_id", "Tenant ID", |r| r.tenant_id.to_string());
const TENANT_NAME: Col = Col::text("tenant_name", "Tenant name", |r| r.tenant_name.clone());
const WORKLOAD: Col = Col::text("workload", "Workload", |r| r.workload.to_string());
const SKU: Col = Col::text("sku", "SKU", |r| r.sku.to_string());
const MAU: Col = Col::count("mau", "MAU", |r| r.mau);
const PAU: Col = Col::count("pau", "PAU", |r| r.pau);
const USAGE: Col =
    Col::percent("usage", "Usage %", |r| r.usage()).why(|r| r.evaluation.usage.trace.to_vec());
const THRESHOLD: Col = Col::text("threshold", "Usage threshold", |r| {
    r.threshold().label().into()
})
.why(|r| r.evaluation.threshold.trace.to_vec());
const TIPPING_POINT: Col = Col::percent("tipping_point", "Usage tipping point", |r| {
    r.tipping_point()
})
.why(|r| r.evaluation.tipping_point.trace.to_vec());
const OPPORTUNITY: Col = Col::text("opportunity", "Opportunity", |r| {
    r.opportunity().label().into()
})
.why(|r| r.evaluation.opportunity.trace.to_vec());
const CLAIM_NUMBER: Col = Col::text("claim_number", "CPOR claim #", |r| {
    or_blank(r.claim_number.as_ref())
});
const STARTING_HWM: Col = Col::opt_count("starting_hwm", "Starting HWM", |r| r.starting_hwm);
const PRIOR_HWM: Col = Col::opt_count("prior_hwm", "Prior HWM", |r| r.prior_hwm);
const POTENTIAL_EARNINGS: Col = Col::money("potential_earnings", "Potential earnings", |r| {
    r.potential_earnings()
})
.why(|r| r.evaluation.potential_earnings.trace.to_vec());
const RESOURCES: Col = Col::text("resources", "Resources", |r| r.resources.clone());
const TENANT_UPSELL: Col = Col::yes_no("tenant_upsell", "Tenant upsell", |r| r.tenant_upsell())
    .why(|r| r.tenant_flags.upsell.trace.to_vec());
const TENANT_USAGE_OPPORTUNITY: Col = Col::yes_no(
    "tenant_usage_opportunity",
    "Tenant usage opportunity",
    |r| r.tenant_usage_opportunity(),
)
.why(|r| r.tenant_flags.usage_opportunity.trace.to_vec());

/// The table's columns, in the seed's order.
pub static COLUMNS: &[Column<OpportunityRow>] = &[
    TPID,
    TENANT_ID,
    TENANT_NAME,
    WORKLOAD,
    SKU,
    MAU,
    PAU,
    USAGE,
    THRESHOLD,
    TIPPING_POINT,
    OPPORTUNITY,
    CLAIM_NUMBER,
    STARTING_HWM,
    PRIOR_HWM,
    POTENTIAL_EARNINGS,
    RESOURCES,
];

/// The columns of `insights export opportunities`, in the data contract's order.
pub static EXPORT_COLUMNS: &[Column<OpportunityRow>] = &[
    TENANT_ID,
    TENANT_NAME,
    TPID,
    WORKLOAD,
    SKU,
    MAU,
    PAU,
    USAGE,
    TIPPING_POINT,
    THRESHOLD,
    OPPORTUNITY,
    CLAIM_NUMBER,
    STARTING_HWM,
    PRIOR_HWM,
    POTENTIAL_EARNINGS,
    TENANT_UPSELL,
    TENANT_USAGE_OPPORTUNITY,
];

/// Row indices in export order (tenant name, tenant ID, workload name, SKU), whatever order
/// `rows` are in.
pub fn export_order(rows: &[OpportunityRow]) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..rows.len() as u32).collect();
    idx.sort_by_cached_key(|&i| {
        let r = &rows[i as usize];
        (
            r.tenant_name.to_lowercase(),
            r.tenant_id,
            r.workload.key(),
            r.sku.clone(),
        )
    });
    idx
}

/// The CSV of `insights export opportunities`: every row, export columns, export order.
pub fn export_csv(rows: &[OpportunityRow]) -> String {
    let columns: Vec<&Col> = EXPORT_COLUMNS.iter().collect();
    rows_to_csv(rows, &export_order(rows), &columns)
}

#[cfg(test)]
#[path = "opportunities/tests.rs"]
mod tests;
