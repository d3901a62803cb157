//! The report's KPI tiles and the series of its charts A–E, over the rows given (the visible
//! tenants, possibly filtered): figures of the report, computed from each row's §2 results.

use crate::config::CloudEndpointsConfig;
use crate::model::{CloudEndpoint, Segment, Tenant, YearMonth};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::cloud_endpoints::{eligible_seats, renewal_period, whitespace, SalesMotion};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The report's KPI tiles, over the tenants given (the visible ones, possibly filtered).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CloudEndpointKpis {
    pub tenants: u64,
    /// Σ W365 PAU / Σ eligible seats; `None` when there are no eligible seats. Not capped:
    /// W365 bought beyond the M365 base is real and the tile should show it.
    pub w365_seat_penetration: Option<Ratio>,
    pub seat_whitespace: u64,
    pub land: u64,
    /// `Expand W365` and `Expand W365 - Mature`.
    pub expand: u64,
    /// `Expand to Frontline (Flex)` and its `- Mature`.
    pub flex: u64,
    /// Not a tile; with `low_whitespace` it makes the motion counts add up to `tenants`.
    pub nurture_intune: u64,
    pub low_whitespace: u64,
    /// Tenants listing at least one MCI-eligible workshop.
    pub incentive_eligible: u64,
    /// Σ of each tenant's MCI estimate, once per tenant: one MCI engagement can span several
    /// workloads, so summing per workload would count it several times (seed 002). `None`
    /// when the estimates are withheld from the reader (a Report viewer).
    pub potential_earnings: Option<Money>,
}

/// What the KPI tiles and charts need of one tenant.
#[derive(Debug, Clone, Copy)]
pub struct TenantMotion<'a> {
    pub tenant: &'a Tenant,
    pub endpoint: &'a CloudEndpoint,
    pub motion: SalesMotion,
}

pub fn kpis<'a>(items: impl IntoIterator<Item = TenantMotion<'a>>) -> CloudEndpointKpis {
    let mut k = CloudEndpointKpis {
        potential_earnings: Some(Money::ZERO),
        ..Default::default()
    };
    let (mut pau, mut seats) = (0u128, 0u128);
    for TenantMotion {
        endpoint: ep,
        motion,
        ..
    } in items
    {
        k.tenants += 1;
        pau += u128::from(ep.w365_pau);
        seats += u128::from(eligible_seats(ep));
        k.seat_whitespace = k.seat_whitespace.saturating_add(whitespace(ep));
        match motion {
            SalesMotion::NurtureIntune => k.nurture_intune += 1,
            SalesMotion::LowWhitespace => k.low_whitespace += 1,
            SalesMotion::LandW365 => k.land += 1,
            SalesMotion::ExpandW365 | SalesMotion::ExpandW365Mature => k.expand += 1,
            SalesMotion::ExpandFlex | SalesMotion::ExpandFlexMature => k.flex += 1,
        }
        if !ep.mci_eligibility.is_empty() {
            k.incentive_eligible += 1;
        }
        k.potential_earnings = k
            .potential_earnings
            .zip(ep.mci_estimate)
            .map(|(sum, e)| sum + e);
    }
    k.w365_seat_penetration = (seats > 0).then(|| Ratio(pau as f64 / seats as f64));
    k
}

/// Chart B's labels for tenants with and without W365 PAU.
pub const HAS_W365_PAU: &str = "Has W365 PAU";
pub const NO_W365_PAU: &str = "No W365 PAU";

/// The five charts of the report as plain (label, value) series, in display order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CloudEndpointCharts {
    /// A. Tenants by segment, in [`Segment::ALL`] order. The segments the visibility rule
    /// admits are always listed (zeros included) so the bars do not shift as filters change;
    /// EDU and Gov only when tenants of theirs are passed in.
    pub tenants_by_segment: Vec<(String, u64)>,
    /// B. `Has W365 PAU` then `No W365 PAU`, both always present.
    pub w365_penetration: Vec<(String, u64)>,
    /// C. Tenants by sales motion: all seven motions in the spec's order, zeros included, so
    /// a bar's position identifies it for the click-to-filter.
    pub tenants_by_motion: Vec<(String, u64)>,
    /// D. Tenants by renewal month (`YYYY-MM`, chronological; see [`renewal_period`]).
    /// Only months with tenants appear; tenants with no renewal are not counted.
    pub tenants_by_renewal: Vec<(String, u64)>,
    /// E. Potential earnings by MCI workshop. A tenant has one MCI estimate but may list
    /// several workshops; its **full** estimate is counted under each workshop it lists
    /// (once per workshop, however often it is repeated), since the estimate is not broken
    /// down per workshop and any split would invent one. The bars therefore can add up to
    /// more than the Potential earnings tile, which counts each tenant once. Workshops match
    /// case-insensitively (labelled as first seen) and are sorted by name; tenants listing
    /// none are not in this chart. `None` when the estimates are withheld from the reader.
    pub earnings_by_workshop: Option<Vec<(String, Money)>>,
}

pub fn charts<'a>(
    items: impl IntoIterator<Item = TenantMotion<'a>>,
    cfg: &CloudEndpointsConfig,
) -> CloudEndpointCharts {
    let mut by_segment: BTreeMap<Segment, u64> = BTreeMap::new();
    let (mut has_w365, mut no_w365) = (0u64, 0u64);
    let mut by_motion: BTreeMap<SalesMotion, u64> = BTreeMap::new();
    let mut by_renewal: BTreeMap<YearMonth, u64> = BTreeMap::new();
    // Lower-cased name → (first-seen label, earnings).
    let mut by_workshop: BTreeMap<String, (String, Money)> = BTreeMap::new();
    let mut withheld = false;

    for TenantMotion {
        tenant,
        endpoint: ep,
        motion,
    } in items
    {
        *by_segment.entry(tenant.segment).or_default() += 1;
        if ep.w365_pau > 0 {
            has_w365 += 1;
        } else {
            no_w365 += 1;
        }
        *by_motion.entry(motion).or_default() += 1;
        if let Some(month) = renewal_period(tenant) {
            *by_renewal.entry(month).or_default() += 1;
        }
        let Some(estimate) = ep.mci_estimate else {
            withheld = true;
            continue;
        };
        let mut seen: Vec<String> = Vec::new();
        for name in &ep.mci_eligibility {
            let name = name.trim();
            let key = name.to_lowercase();
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            by_workshop
                .entry(key)
                .or_insert_with(|| (name.to_string(), Money::ZERO))
                .1 += estimate;
        }
    }

    CloudEndpointCharts {
        tenants_by_segment: Segment::ALL
            .iter()
            .filter_map(|&s| {
                let n = by_segment.get(&s).copied().unwrap_or(0);
                (n > 0 || cfg.licenses_above(s).is_some()).then(|| (s.to_string(), n))
            })
            .collect(),
        w365_penetration: vec![
            (HAS_W365_PAU.to_string(), has_w365),
            (NO_W365_PAU.to_string(), no_w365),
        ],
        tenants_by_motion: SalesMotion::ALL
            .iter()
            .map(|m| (m.to_string(), by_motion.get(m).copied().unwrap_or(0)))
            .collect(),
        tenants_by_renewal: by_renewal
            .into_iter()
            .map(|(m, n)| (m.to_string(), n))
            .collect(),
        earnings_by_workshop: (!withheld).then(|| by_workshop.into_values().collect()),
    }
}

#[cfg(test)]
mod tests;
