//! The summary over tenants (seed 000's tiles (1)–(8) and the growth propensity grid): what
//! each tenant counts for, kept as counts (`SummaryCounts`) so that a few tenants can be
//! counted out and in again, then the tiles with the rule each one counts by.

use super::{sku_rank, tenant_flags_explained, GridCell, TenantFlags, WorkloadOutcome};
use crate::access::NOT_FOR_VIEWERS;
use crate::config::RulesConfig;
use crate::format::grouped;
use crate::ids::TenantId;
use crate::model::Sku;
use crate::money::Money;
use crate::rules::opportunity::UsageThreshold;
use crate::rules::trace::{Explain, Trace, Traced};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

#[derive(Debug, Clone, Copy, PartialEq)]
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

/// Whether a tenant is counted in or taken out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    In,
    Out,
}

impl Sign {
    /// `n` with `by` counted in or out. Modular, so a tenant taken out gives back exactly
    /// the total before it was counted (a real total never nears the type's limit).
    fn apply<N: num::Wrapping>(self, n: N, by: N) -> N {
        match self {
            Sign::In => n.wrapping_add(by),
            Sign::Out => n.wrapping_sub(by),
        }
    }
}

mod num {
    /// Integers counted both ways.
    pub trait Wrapping: Copy {
        fn wrapping_add(self, by: Self) -> Self;
        fn wrapping_sub(self, by: Self) -> Self;
    }
    impl Wrapping for usize {
        fn wrapping_add(self, by: Self) -> Self {
            usize::wrapping_add(self, by)
        }
        fn wrapping_sub(self, by: Self) -> Self {
            usize::wrapping_sub(self, by)
        }
    }
    impl Wrapping for u64 {
        fn wrapping_add(self, by: Self) -> Self {
            u64::wrapping_add(self, by)
        }
        fn wrapping_sub(self, by: Self) -> Self {
            u64::wrapping_sub(self, by)
        }
    }
}

/// Counts `v` in (or out of) `n`; an unknown `v` makes the count unknown.
fn tally(n: &mut Option<usize>, v: Option<bool>, sign: Sign) {
    *n = n.zip(v).map(|(n, v)| sign.apply(n, usize::from(v)));
}

impl Tally {
    fn add(&mut self, flags: &TenantFlags, outcomes: &[WorkloadOutcome<'_>], sign: Sign) {
        self.tenants = sign.apply(self.tenants, 1);
        self.upsell = sign.apply(self.upsell, usize::from(flags.upsell.value));
        let growth = flags.usage_claim_or_incentive.value;
        tally(&mut self.usage_claim_or_incentive, growth, sign);
        tally(
            &mut self.upsell_or_growth,
            if flags.upsell.value {
                Some(true)
            } else {
                growth
            },
            sign,
        );
        for o in outcomes {
            let below = o.threshold == UsageThreshold::Below;
            self.below = sign.apply(self.below, usize::from(below));
            let claim = o.opportunity.is_claim_opportunity();
            self.claim = sign.apply(self.claim, usize::from(claim));
            tally(
                &mut self.earnings,
                o.potential_earnings.map(|e| e > Money::ZERO),
                sign,
            );
        }
        self.whitespace = sign.apply(self.whitespace, flags.growth_seat_whitespace.value);
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

    fn add(&mut self, cell: &GridCell, sign: Sign) {
        if let Some(r) = sku_rank(&cell.sku) {
            let n = &mut self.cells[r][Self::column(cell.threshold)];
            *n = sign.apply(*n, 1);
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

/// What the summary counts, kept so that a few tenants can be counted out and in again (a
/// what-if over some tenants) instead of counting every tenant once more.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryCounts {
    overall: Tally,
    per_sku: [Tally; 3],
    grid: GrowthGrid,
}

impl SummaryCounts {
    /// Counts over report rows (grouped by tenant, see [`summarize`]).
    pub fn of<'a>(
        outcomes: impl IntoIterator<Item = WorkloadOutcome<'a>>,
        config: &RulesConfig,
    ) -> SummaryCounts {
        let mut c = SummaryCounts {
            overall: Tally::default(),
            per_sku: [Tally::default(); 3],
            grid: GrowthGrid::default(),
        };
        for group in group_by_tenant(outcomes) {
            c.tenant(&group, config, Sign::In);
        }
        c
    }

    /// Counts one tenant (all its rows) in.
    pub fn add_tenant(&mut self, rows: &[WorkloadOutcome<'_>], config: &RulesConfig) {
        self.tenant(rows, config, Sign::In);
    }

    /// Takes one tenant (all its rows, as they were counted) out again.
    pub fn remove_tenant(&mut self, rows: &[WorkloadOutcome<'_>], config: &RulesConfig) {
        self.tenant(rows, config, Sign::Out);
    }

    fn tenant(&mut self, rows: &[WorkloadOutcome<'_>], config: &RulesConfig, sign: Sign) {
        // Only the flags' values are counted: a summary of a million rows formats no check.
        let flags = tenant_flags_explained(rows, config, Explain::Quiet);
        self.overall.add(&flags, rows, sign);
        if let Some(cell) = &flags.grid_cell.value {
            self.grid.add(cell, sign);
            if let Some(r) = sku_rank(&cell.sku) {
                self.per_sku[r].add(&flags, rows, sign);
            }
        }
    }

    /// The tiles and grid.
    pub fn summary(&self, config: &RulesConfig) -> Summary {
        let (mut overall, mut per_sku) = (self.overall, self.per_sku);
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
            grid: self.grid.clone(),
        }
    }
}

/// Tiles and grid over report rows. Pass all the report's rows for the spec's figures; a subset
/// (a filtered view) gives that subset's figures, with tenant flags computed over it.
pub fn summarize<'a>(
    outcomes: impl IntoIterator<Item = WorkloadOutcome<'a>>,
    config: &RulesConfig,
) -> Summary {
    SummaryCounts::of(outcomes, config).summary(config)
}
