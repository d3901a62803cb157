//! What a summary tile or a grid cell selects when clicked, and the URL forms of it and of
//! the SKU tab.

use super::OpportunityRow;
use crate::model::Sku;
use crate::money::Money;
use crate::rules::opportunity::UsageThreshold;
use crate::rules::tenant_rollup::{GridCell, TILE_LABELS};

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
            let sku = parse_sku_key(sku)?;
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
        let flags = &row.tenant.flags;
        match self {
            Focus::UpsellOrGrowth => {
                flags.upsell.value || flags.usage_claim_or_incentive.value == Some(true)
            }
            Focus::Upsell => flags.upsell.value,
            Focus::UsageClaimOrIncentive => flags.usage_claim_or_incentive.value == Some(true),
            Focus::WorkloadsBelow => row.threshold() == UsageThreshold::Below,
            Focus::ClaimOpportunities => row.opportunity().is_claim_opportunity(),
            Focus::PotentialEarnings => row.potential_earnings() > Some(Money::ZERO),
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
