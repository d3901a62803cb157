//! Tenant-level growth opportunities (spec §1 "Tenant level", "Summary tiles", "Growth
//! propensity grid"), computed over the Opportunities report's rows only: the caller passes
//! the evaluated rows of tenants in the report's segments and SKUs that we hold a claim on.
//!
//! Decisions where the seed is loose:
//! - *Grid placement.* A tenant sits in the row of its highest modelled SKU (Office 365 < E3 <
//!   E5) and the column of the majority threshold over all its report workloads, counting
//!   `Above`, `Below` and `N/A` alike. The largest count wins; any tie that involves `Below`
//!   goes to `Below` (the spec's "ties → Below"); a tie of `Above` with `N/A` alone goes to
//!   `Above`, since `N/A` carries no usage signal and every workload whose usage is known sits
//!   above its tipping point.
//! - *Tiles per SKU.* A tenant belongs to one SKU, the one that places it in the grid, and a
//!   SKU's tiles count that SKU's tenants and all their workloads. So the three SKUs' tiles add
//!   up to the overall tiles, and a SKU's tenant count equals its grid row's total.
//! - *Tile 4* ("usage, claim or incentive opportunities") counts tenants with a usage
//!   opportunity (the tenant flag), or with a workload whose opportunity is a claim opportunity
//!   (`Claim workload`, `Claim incentives`, `Drive usage and claim incentives`), or with a
//!   workload with potential earnings. Tile 2 is tile 3 ∪ tile 4.

use super::opportunity::{Opportunity, UsageThreshold};
use super::trace::{Explain, Trace, Traced};
use crate::access::NOT_FOR_VIEWERS;
use crate::config::RulesConfig;
use crate::format::grouped;
use crate::ids::TenantId;
use crate::model::{Sku, Workload};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the tenant rollup needs of one evaluated report row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorkloadOutcome<'a> {
    pub tenant_id: TenantId,
    pub workload: &'a Workload,
    pub sku: &'a Sku,
    pub mau: u64,
    pub pau: u64,
    pub threshold: UsageThreshold,
    pub opportunity: Opportunity,
    /// `None` when withheld from the reader (a Report viewer).
    pub potential_earnings: Option<Money>,
}

impl WorkloadOutcome<'_> {
    /// This workload's share of the growth seat whitespace: PAU − MAU where positive.
    pub fn whitespace(&self) -> u64 {
        self.pau.saturating_sub(self.mau)
    }

    /// `None` when only the withheld potential earnings could tell.
    fn has_incentive_or_claim(&self) -> Option<bool> {
        if self.opportunity.is_claim_opportunity() {
            Some(true)
        } else {
            self.potential_earnings.map(|e| e > Money::ZERO)
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdCounts {
    pub above: usize,
    pub below: usize,
    pub not_applicable: usize,
}

impl ThresholdCounts {
    pub fn add(&mut self, t: UsageThreshold) {
        match t {
            UsageThreshold::Above => self.above += 1,
            UsageThreshold::Below => self.below += 1,
            UsageThreshold::NotApplicable => self.not_applicable += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.above + self.below + self.not_applicable
    }

    /// The majority threshold with the module's tie rules; `None` with no workloads.
    pub fn majority(&self) -> Option<UsageThreshold> {
        let max = self.above.max(self.below).max(self.not_applicable);
        if max == 0 {
            None
        } else if self.below == max {
            Some(UsageThreshold::Below)
        } else if self.above == max {
            Some(UsageThreshold::Above)
        } else {
            Some(UsageThreshold::NotApplicable)
        }
    }
}

/// A cell of the 3×3 growth propensity grid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GridCell {
    pub sku: Sku,
    pub threshold: UsageThreshold,
}

/// The tenant-level opportunity flags of one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantFlags {
    pub counts: ThresholdCounts,
    /// At least `upsell_min_above` workloads `Above`.
    pub upsell: Traced<bool>,
    /// At least `usage_opportunity_min_below` workloads `Below`.
    pub usage_opportunity: Traced<bool>,
    /// A usage opportunity, a claim opportunity or potential earnings (tile 4); `None` when
    /// only the potential earnings withheld from the reader (a Report viewer) could tell.
    pub usage_claim_or_incentive: Traced<Option<bool>>,
    /// Σ (PAU − MAU) over the workloads where PAU > MAU.
    pub growth_seat_whitespace: Traced<u64>,
    /// `None` when the tenant has no workload of a modelled SKU.
    pub grid_cell: Traced<Option<GridCell>>,
}

fn names<'a>(
    outcomes: &[WorkloadOutcome<'a>],
    keep: impl Fn(&WorkloadOutcome<'a>) -> bool,
) -> String {
    let names: Vec<&str> = outcomes
        .iter()
        .filter(|o| keep(o))
        .map(|o| o.workload.as_str())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}

fn count_flag(
    outcomes: &[WorkloadOutcome<'_>],
    threshold: UsageThreshold,
    count: usize,
    min: usize,
    flag: &str,
    explain: Explain,
) -> Traced<bool> {
    let on = count >= min;
    let trace = explain.trace().with_lazy(|| {
        format!(
            "{count} {} {threshold}{} {} {min} → {}{flag}",
            if count == 1 { "workload" } else { "workloads" },
            names(outcomes, |o| o.threshold == threshold),
            if on { "≥" } else { "<" },
            if on { "" } else { "no " },
        )
    });
    Traced::new(on, trace)
}

/// Rank of a SKU in the growth-propensity model (Office 365 < E3 < E5); `None` if unmodelled.
fn sku_rank(sku: &Sku) -> Option<usize> {
    Sku::MODELLED.iter().position(|s| s == sku)
}

fn place(
    outcomes: &[WorkloadOutcome<'_>],
    counts: ThresholdCounts,
    explain: Explain,
) -> Traced<Option<GridCell>> {
    let highest = outcomes
        .iter()
        .filter_map(|o| sku_rank(o.sku))
        .max()
        .map(|r| Sku::MODELLED[r].clone());
    let (Some(sku), Some(threshold)) = (highest, counts.majority()) else {
        let step = "no Office 365, E3 or E5 workload → not in the grid";
        return Traced::new(None, explain.trace().with(step));
    };
    let max = counts.above.max(counts.below).max(counts.not_applicable);
    let tied = [counts.above, counts.below, counts.not_applicable]
        .iter()
        .filter(|&&c| c == max)
        .count()
        > 1;
    let trace = explain
        .trace()
        .with_lazy(|| format!("highest SKU {sku}"))
        .with_lazy(|| {
            format!(
                "Above {}, Below {}, N/A {}{} → {threshold}",
                counts.above,
                counts.below,
                counts.not_applicable,
                if !tied {
                    ""
                } else if threshold == UsageThreshold::Below {
                    " (tie → Below)"
                } else {
                    " (Above/N/A tie → Above)"
                },
            )
        });
    Traced::new(Some(GridCell { sku, threshold }), trace)
}

/// The flags of one tenant from its report rows (all of them, and only its own).
pub fn tenant_flags(outcomes: &[WorkloadOutcome<'_>], config: &RulesConfig) -> TenantFlags {
    tenant_flags_explained(outcomes, config, Explain::Steps)
}

/// [`tenant_flags`], with traces or quiet.
pub fn tenant_flags_explained(
    outcomes: &[WorkloadOutcome<'_>],
    config: &RulesConfig,
    explain: Explain,
) -> TenantFlags {
    let mut counts = ThresholdCounts::default();
    for o in outcomes {
        counts.add(o.threshold);
    }
    let upsell = count_flag(
        outcomes,
        UsageThreshold::Above,
        counts.above,
        config.upsell_min_above,
        "upsell opportunity",
        explain,
    );
    let usage_opportunity = count_flag(
        outcomes,
        UsageThreshold::Below,
        counts.below,
        config.usage_opportunity_min_below,
        "usage opportunity",
        explain,
    );

    let mut trace = explain.trace();
    if usage_opportunity.value {
        trace.push("usage opportunity");
    }
    if explain == Explain::Steps {
        let claims = names(outcomes, |o| o.opportunity.is_claim_opportunity());
        if !claims.is_empty() {
            trace.push(format!("claim opportunities{claims}"));
        }
        let earnings = names(outcomes, |o| o.potential_earnings > Some(Money::ZERO));
        if !earnings.is_empty() {
            trace.push(format!("potential earnings{earnings}"));
        }
    }
    // Known true wins; otherwise one unknown (withheld earnings) leaves the flag unknown.
    let each: Vec<Option<bool>> = outcomes
        .iter()
        .map(WorkloadOutcome::has_incentive_or_claim)
        .collect();
    let any = if usage_opportunity.value || each.contains(&Some(true)) {
        Some(true)
    } else if each.contains(&None) {
        None
    } else {
        Some(false)
    };
    trace.push_with(|| match any {
        Some(true) => "→ usage, claim or incentive opportunity".to_string(),
        Some(false) => "no usage, claim or incentive opportunity".to_string(),
        None => format!("no usage or claim opportunity; potential earnings {NOT_FOR_VIEWERS}"),
    });
    let usage_claim_or_incentive = Traced::new(any, trace);

    let mut trace = explain.trace();
    let mut whitespace = 0u64;
    for o in outcomes.iter().filter(|o| o.pau > o.mau) {
        whitespace = whitespace.saturating_add(o.whitespace());
        trace.push_with(|| {
            format!(
                "{}: PAU {} − MAU {} = {}",
                o.workload,
                o.pau,
                o.mau,
                o.whitespace()
            )
        });
    }
    trace.push_with(|| format!("→ growth seat whitespace {whitespace}"));
    let growth_seat_whitespace = Traced::new(whitespace, trace);

    TenantFlags {
        counts,
        upsell,
        usage_opportunity,
        usage_claim_or_incentive,
        growth_seat_whitespace,
        grid_cell: place(outcomes, counts, explain),
    }
}

/// The summary tiles of one SKU (or of all, `sku: None`), numbered as in seed 000.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryTiles {
    /// (1) The SKU summarised, `None` for all SKUs, and how many tenants it holds.
    pub sku: Option<Sku>,
    pub tenants: usize,
    /// (2) Tenants with upsell or growth opportunities. Tiles 2, 4 and 7 are built on
    /// potential earnings: `None` (not shown) when they are withheld from the reader.
    pub tenants_with_upsell_or_growth: Traced<Option<usize>>,
    /// (3) Tenants with upsell opportunities.
    pub tenants_with_upsell: Traced<usize>,
    /// (4) Tenants with usage, claim or incentive opportunities.
    pub tenants_with_usage_claim_or_incentive: Traced<Option<usize>>,
    /// (5) Workloads below their tipping point.
    pub workloads_below: Traced<usize>,
    /// (6) Workloads with claim opportunities.
    pub workloads_with_claim_opportunity: Traced<usize>,
    /// (7) Workloads with potential earnings.
    pub workloads_with_potential_earnings: Traced<Option<usize>>,
    /// (8) Σ (PAU − MAU) where positive.
    pub growth_seat_whitespace: Traced<u64>,
}

impl SummaryTiles {
    /// Tiles (2)–(8) as (label, value, why) triples, in the seed's order, for display (with
    /// thousands separators); the value is `None` for a tile withheld from the reader.
    pub fn items(&self) -> [(&'static str, Option<String>, &Trace); 7] {
        fn c(t: &Traced<usize>) -> (Option<String>, &Trace) {
            (Some(grouped(t.value as u64)), &t.trace)
        }
        fn o(t: &Traced<Option<usize>>) -> (Option<String>, &Trace) {
            (t.value.map(|v| grouped(v as u64)), &t.trace)
        }
        let values = [
            o(&self.tenants_with_upsell_or_growth),
            c(&self.tenants_with_upsell),
            o(&self.tenants_with_usage_claim_or_incentive),
            c(&self.workloads_below),
            c(&self.workloads_with_claim_opportunity),
            o(&self.workloads_with_potential_earnings),
            (
                Some(grouped(self.growth_seat_whitespace.value)),
                &self.growth_seat_whitespace.trace,
            ),
        ];
        let mut i = 0;
        values.map(|(value, trace)| {
            let label = TILE_LABELS[i];
            i += 1;
            (label, value, trace)
        })
    }
}

/// The labels of tiles (2)–(8), in the seed's order.
pub const TILE_LABELS: [&str; 7] = [
    "Tenants with upsell or growth opportunities",
    "Tenants with upsell opportunities",
    "Tenants with usage, claim or incentive opportunities",
    "Workloads below tipping point",
    "Workloads with claim opportunities",
    "Workloads with potential earnings",
    "Growth seat whitespace (PAU − MAU)",
];

#[derive(Debug, Clone, Copy)]
struct Tally {
    tenants: usize,
    /// `None` once anything counted is unknown (built on withheld potential earnings).
    upsell_or_growth: Option<usize>,
    upsell: usize,
    usage_claim_or_incentive: Option<usize>,
    below: usize,
    claim: usize,
    earnings: Option<usize>,
    whitespace: u64,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            tenants: 0,
            upsell_or_growth: Some(0),
            upsell: 0,
            usage_claim_or_incentive: Some(0),
            below: 0,
            claim: 0,
            earnings: Some(0),
            whitespace: 0,
        }
    }
}

/// Counts `v` in `n`; an unknown `v` makes the count unknown.
fn tally(n: &mut Option<usize>, v: Option<bool>) {
    *n = n.zip(v).map(|(n, v)| n + usize::from(v));
}

impl Tally {
    fn add(&mut self, flags: &TenantFlags, outcomes: &[WorkloadOutcome<'_>]) {
        self.tenants += 1;
        self.upsell += usize::from(flags.upsell.value);
        let growth = flags.usage_claim_or_incentive.value;
        tally(&mut self.usage_claim_or_incentive, growth);
        tally(
            &mut self.upsell_or_growth,
            if flags.upsell.value {
                Some(true)
            } else {
                growth
            },
        );
        for o in outcomes {
            self.below += usize::from(o.threshold == UsageThreshold::Below);
            self.claim += usize::from(o.opportunity.is_claim_opportunity());
            tally(
                &mut self.earnings,
                o.potential_earnings.map(|e| e > Money::ZERO),
            );
        }
        self.whitespace = self
            .whitespace
            .saturating_add(flags.growth_seat_whitespace.value);
    }

    fn tiles(self, sku: Option<Sku>, config: &RulesConfig) -> SummaryTiles {
        let scope = match &sku {
            Some(s) => format!("tenants whose highest SKU is {s}"),
            None => "all tenants".to_string(),
        };
        let t = |value: usize, rule: String| Traced::new(value, Trace::new().with(rule));
        let o = |value: Option<usize>, rule: String| {
            let rule = match value {
                Some(_) => rule,
                None => format!("{rule}: built on potential earnings, {NOT_FOR_VIEWERS}"),
            };
            Traced::new(value, Trace::new().with(rule))
        };
        SummaryTiles {
            tenants_with_upsell_or_growth: o(
                self.upsell_or_growth,
                format!("{scope} with an upsell opportunity or a usage, claim or incentive opportunity"),
            ),
            tenants_with_upsell: t(
                self.upsell,
                format!("{scope} with {} or more workloads Above", config.upsell_min_above),
            ),
            tenants_with_usage_claim_or_incentive: o(
                self.usage_claim_or_incentive,
                format!(
                    "{scope} with {} or more workloads Below, a claim opportunity or potential earnings",
                    config.usage_opportunity_min_below
                ),
            ),
            workloads_below: t(self.below, format!("workloads of {scope} Below their tipping point")),
            workloads_with_claim_opportunity: t(
                self.claim,
                format!(
                    "workloads of {scope} whose opportunity is Claim workload, Claim incentives or Drive usage and claim incentives"
                ),
            ),
            workloads_with_potential_earnings: o(
                self.earnings,
                format!("workloads of {scope} with potential earnings above 0.00"),
            ),
            growth_seat_whitespace: Traced::new(
                self.whitespace,
                Trace::new().with(format!("Σ (PAU − MAU) over workloads of {scope} where PAU > MAU")),
            ),
            sku,
            tenants: self.tenants,
        }
    }
}

/// The 3×3 growth propensity grid: tenant counts by SKU (rows) × threshold (columns).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthGrid {
    /// `cells[sku][column]`, in [`Sku::MODELLED`] and [`GrowthGrid::COLUMNS`] order.
    pub cells: [[usize; 3]; 3],
}

impl GrowthGrid {
    pub const COLUMNS: [UsageThreshold; 3] = [
        UsageThreshold::Below,
        UsageThreshold::Above,
        UsageThreshold::NotApplicable,
    ];

    fn column(t: UsageThreshold) -> usize {
        match t {
            UsageThreshold::Below => 0,
            UsageThreshold::Above => 1,
            UsageThreshold::NotApplicable => 2,
        }
    }

    /// Tenants in a cell; 0 for a SKU outside the model.
    pub fn count(&self, sku: &Sku, threshold: UsageThreshold) -> usize {
        sku_rank(sku).map_or(0, |r| self.cells[r][Self::column(threshold)])
    }

    fn add(&mut self, cell: &GridCell) {
        if let Some(r) = sku_rank(&cell.sku) {
            self.cells[r][Self::column(cell.threshold)] += 1;
        }
    }

    pub fn total(&self) -> usize {
        self.cells.iter().flatten().sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub overall: SummaryTiles,
    /// Office 365, E3, E5, in that order.
    pub per_sku: Vec<SummaryTiles>,
    pub grid: GrowthGrid,
}

/// Groups outcomes by tenant, keeping the order in which tenants first appear.
pub fn group_by_tenant<'a>(
    outcomes: impl IntoIterator<Item = WorkloadOutcome<'a>>,
) -> Vec<Vec<WorkloadOutcome<'a>>> {
    let mut index: HashMap<TenantId, usize> = HashMap::new();
    let mut groups: Vec<Vec<WorkloadOutcome<'a>>> = Vec::new();
    for o in outcomes {
        let i = *index.entry(o.tenant_id).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(o);
    }
    groups
}

/// Tiles and grid over report rows. Pass all the report's rows for the spec's figures; a subset
/// (a filtered view) gives that subset's figures, with tenant flags computed over it.
pub fn summarize<'a>(
    outcomes: impl IntoIterator<Item = WorkloadOutcome<'a>>,
    config: &RulesConfig,
) -> Summary {
    let mut overall = Tally::default();
    let mut per_sku = [Tally::default(); 3];
    let mut grid = GrowthGrid::default();
    for group in group_by_tenant(outcomes) {
        // Only the flags' values are counted: a summary of a million rows formats no check.
        let flags = tenant_flags_explained(&group, config, Explain::Quiet);
        overall.add(&flags, &group);
        if let Some(cell) = &flags.grid_cell.value {
            grid.add(cell);
            if let Some(r) = sku_rank(&cell.sku) {
                per_sku[r].add(&flags, &group);
            }
        }
    }
    // Tiles built on potential earnings are left out whole once any earnings are withheld
    // (a Report viewer), even where a count happens to be decidable without them.
    if overall.earnings.is_none() {
        for t in per_sku.iter_mut().chain([&mut overall]) {
            (t.upsell_or_growth, t.usage_claim_or_incentive) = (None, None);
            t.earnings = None;
        }
    }
    Summary {
        overall: overall.tiles(None, config),
        per_sku: per_sku
            .into_iter()
            .zip(Sku::MODELLED)
            .map(|(t, sku)| t.tiles(Some(sku), config))
            .collect(),
        grid,
    }
}

#[cfg(test)]
#[path = "tenant_rollup/tests.rs"]
mod tests;
