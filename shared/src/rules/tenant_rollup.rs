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
use super::trace::{Explain, Traced};
use crate::access::NOT_FOR_VIEWERS;
use crate::config::RulesConfig;
use crate::ids::TenantId;
use crate::model::{Sku, Workload};
use crate::money::Money;
use serde::{Deserialize, Serialize};

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

#[path = "tenant_rollup/summary.rs"]
mod summary;
pub use summary::*;

#[cfg(test)]
#[path = "tenant_rollup/tests.rs"]
mod tests;
