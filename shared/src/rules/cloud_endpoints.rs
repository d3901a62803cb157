//! Cloud Endpoints / Windows 365 (rules §2, seed 002): which tenants are shown, their W365
//! whitespace and utilizations, and the Land / Expand / Flex sales motion. Every threshold
//! lives in [`CloudEndpointsConfig`]; the report's KPI tiles and charts over these are in
//! [`crate::reports::cloud_endpoints`].

use crate::config::CloudEndpointsConfig;
use crate::model::{CloudEndpoint, Tenant, YearMonth};
use crate::ratio::Ratio;
use crate::usage::usage_ratio;
use serde::{Deserialize, Serialize};
use std::fmt;

/// ME5 + ME3 + F3 seats: the Microsoft 365 licenses a W365 seat can be sold on top of.
pub fn eligible_seats(ep: &CloudEndpoint) -> u64 {
    ep.me5_seats
        .saturating_add(ep.me3_seats)
        .saturating_add(ep.f3_seats)
}

/// Eligible seats not yet covered by W365; never negative, since W365 PAU can exceed them.
pub fn whitespace(ep: &CloudEndpoint) -> u64 {
    eligible_seats(ep).saturating_sub(ep.w365_pau)
}

/// MAU / PAU capped at 100%. Unlike the FastTrack usage %, PAU 0 counts as 0% here: §2 needs
/// a number to classify on, and no paid seats means no utilization to build on.
pub fn utilization(mau: u64, pau: u64) -> Ratio {
    usage_ratio(mau, pau).unwrap_or(Ratio(0.0))
}

pub fn w365_utilization(ep: &CloudEndpoint) -> Ratio {
    utilization(ep.w365_mau, ep.w365_pau)
}

pub fn intune_utilization(ep: &CloudEndpoint) -> Ratio {
    utilization(ep.intune_mau, ep.intune_pau)
}

pub fn entra_utilization(ep: &CloudEndpoint) -> Ratio {
    utilization(ep.entra_mau, ep.entra_pau)
}

/// The month chart D and the renewal filter place a tenant in: its EA renewal, else its
/// largest-seat CSP renewal. Neither → `None`: the tenant is not counted (the seed: a tenant
/// associated only through CPOR, where we are not the licensing partner, is not surfaced).
pub fn renewal_period(t: &Tenant) -> Option<YearMonth> {
    t.ea_renewal.or(t.csp_renewal)
}

/// `20%` for a whole percent, `20.5%` otherwise: thresholds read as the spec writes them.
fn threshold_text(r: Ratio) -> String {
    let pm = r.permille();
    if pm % 10 == 0 {
        format!("{}%", pm / 10)
    } else {
        r.to_string()
    }
}

/// Whether a tenant appears in the Cloud Endpoints report, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisibilityDecision {
    pub visible: bool,
    /// Both checks, in the spec's order, even when the first already hides the tenant: a
    /// partner missing a tenant should see every reason at once.
    pub trace: Vec<String>,
}

pub fn visibility(
    t: &Tenant,
    ep: &CloudEndpoint,
    cfg: &CloudEndpointsConfig,
) -> VisibilityDecision {
    let seats = eligible_seats(ep);
    let seats_ok = seats > cfg.visible_eligible_seats_above;
    let licenses_ok = cfg
        .licenses_above(t.segment)
        .is_some_and(|min| t.m365_licenses > min);
    let visible = seats_ok && licenses_ok;
    let hidden = " → hidden";
    let mut trace = Vec::with_capacity(2);
    trace.push(format!(
        "W365 eligible seats {seats} (ME5 {} + ME3 {} + F3 {}) {} {}{}",
        ep.me5_seats,
        ep.me3_seats,
        ep.f3_seats,
        if seats_ok { ">" } else { "≤" },
        cfg.visible_eligible_seats_above,
        if seats_ok { "" } else { hidden },
    ));
    let verdict = if visible {
        " → visible"
    } else if licenses_ok {
        ""
    } else {
        hidden
    };
    trace.push(match cfg.licenses_above(t.segment) {
        Some(min) => format!(
            "{} with {} M365 licenses {} {min}{verdict}",
            t.segment,
            t.m365_licenses,
            if licenses_ok { ">" } else { "≤" },
        ),
        None => format!(
            "{} is neither Enterprise nor SMC/SMB/SME&C{verdict}",
            t.segment
        ),
    });
    VisibilityDecision { visible, trace }
}

pub fn is_visible(t: &Tenant, ep: &CloudEndpoint, cfg: &CloudEndpointsConfig) -> bool {
    visibility(t, ep, cfg).visible
}

/// The LXP targeting scenario of a tenant. [`SalesMotion::ALL`] is the spec's evaluation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SalesMotion {
    NurtureIntune,
    LowWhitespace,
    LandW365,
    ExpandFlexMature,
    ExpandFlex,
    ExpandW365Mature,
    ExpandW365,
}

impl SalesMotion {
    pub const ALL: [SalesMotion; 7] = [
        SalesMotion::NurtureIntune,
        SalesMotion::LowWhitespace,
        SalesMotion::LandW365,
        SalesMotion::ExpandFlexMature,
        SalesMotion::ExpandFlex,
        SalesMotion::ExpandW365Mature,
        SalesMotion::ExpandW365,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SalesMotion::NurtureIntune => "Nurture Intune",
            SalesMotion::LowWhitespace => "Low Whitespace",
            SalesMotion::LandW365 => "Land W365",
            SalesMotion::ExpandFlexMature => "Expand to Frontline (Flex) - Mature",
            SalesMotion::ExpandFlex => "Expand to Frontline (Flex)",
            SalesMotion::ExpandW365Mature => "Expand W365 - Mature",
            SalesMotion::ExpandW365 => "Expand W365",
        }
    }

    /// The label back to the motion (case-insensitive), e.g. from a clicked chart bar.
    pub fn parse(s: &str) -> Option<SalesMotion> {
        let t = s.trim();
        SalesMotion::ALL
            .into_iter()
            .find(|m| m.label().eq_ignore_ascii_case(t))
    }

    pub fn is_land(self) -> bool {
        self == SalesMotion::LandW365
    }

    /// `Expand W365`, mature or not (the KPI tile's grouping).
    pub fn is_expand(self) -> bool {
        matches!(
            self,
            SalesMotion::ExpandW365 | SalesMotion::ExpandW365Mature
        )
    }

    /// `Expand to Frontline (Flex)`, mature or not (the KPI tile's grouping).
    pub fn is_flex(self) -> bool {
        matches!(
            self,
            SalesMotion::ExpandFlex | SalesMotion::ExpandFlexMature
        )
    }

    pub fn is_mature(self) -> bool {
        matches!(
            self,
            SalesMotion::ExpandW365Mature | SalesMotion::ExpandFlexMature
        )
    }
}

impl fmt::Display for SalesMotion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A tenant's sales motion with the ordered checks that chose it (the "why?" of the UI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesMotionDecision {
    pub motion: SalesMotion,
    /// One line per check evaluated, up to and including the one that matched; the last
    /// line ends with the motion's label.
    pub trace: Vec<String>,
}

/// First match wins, in the order of §2. The industry comes from the tenant, the rest from
/// its Cloud Endpoints row.
pub fn sales_motion(
    ep: &CloudEndpoint,
    industry: &str,
    cfg: &CloudEndpointsConfig,
) -> SalesMotionDecision {
    let mut trace = Vec::with_capacity(5);
    let done = |trace: Vec<String>, motion| SalesMotionDecision { motion, trace };

    let intune = intune_utilization(ep);
    let nurture = intune.value() <= cfg.nurture_intune_at_most.value();
    // MAU and PAU are shown because 20.04% reads as "20.0%" yet is above 20%.
    trace.push(format!(
        "Intune utilization {intune} (MAU {} / PAU {}) {} {} → {}",
        ep.intune_mau,
        ep.intune_pau,
        if nurture { "≤" } else { ">" },
        threshold_text(cfg.nurture_intune_at_most),
        not_unless(nurture, SalesMotion::NurtureIntune),
    ));
    if nurture {
        return done(trace, SalesMotion::NurtureIntune);
    }

    let seats = eligible_seats(ep);
    let low = seats < cfg.low_whitespace_seats_below;
    trace.push(format!(
        "W365 eligible seats {seats} {} {} → {}",
        if low { "<" } else { "≥" },
        cfg.low_whitespace_seats_below,
        not_unless(low, SalesMotion::LowWhitespace),
    ));
    if low {
        return done(trace, SalesMotion::LowWhitespace);
    }

    let land = ep.w365_pau == 0;
    trace.push(if land {
        format!("W365 PAU 0 → {}", SalesMotion::LandW365)
    } else {
        format!(
            "W365 PAU {} > 0 → not {}",
            ep.w365_pau,
            SalesMotion::LandW365
        )
    });
    if land {
        return done(trace, SalesMotion::LandW365);
    }

    let mature = ep.w365_pau > cfg.mature_w365_pau_above;
    let maturity = |immature: SalesMotion, mature_motion: SalesMotion| {
        format!(
            "W365 PAU {} {} {} → {}",
            ep.w365_pau,
            if mature { ">" } else { "≤" },
            cfg.mature_w365_pau_above,
            if mature { mature_motion } else { immature },
        )
    };

    let industry_text = if industry.trim().is_empty() {
        "(none)"
    } else {
        industry.trim()
    };
    let priority = cfg.is_priority_frontline_industry(industry);
    if ep.f3_seats == 0 {
        trace.push(format!("F3 seats 0 → not {}", SalesMotion::ExpandFlex));
    } else if !priority {
        trace.push(format!(
            "F3 seats {} > 0 but industry {industry_text} is not a priority frontline industry → not {}",
            ep.f3_seats,
            SalesMotion::ExpandFlex,
        ));
    } else {
        trace.push(format!(
            "F3 seats {} > 0 and industry {industry_text} is a priority frontline industry",
            ep.f3_seats,
        ));
        trace.push(maturity(
            SalesMotion::ExpandFlex,
            SalesMotion::ExpandFlexMature,
        ));
        let motion = if mature {
            SalesMotion::ExpandFlexMature
        } else {
            SalesMotion::ExpandFlex
        };
        return done(trace, motion);
    }

    trace.push(maturity(
        SalesMotion::ExpandW365,
        SalesMotion::ExpandW365Mature,
    ));
    let motion = if mature {
        SalesMotion::ExpandW365Mature
    } else {
        SalesMotion::ExpandW365
    };
    done(trace, motion)
}

fn not_unless(matched: bool, motion: SalesMotion) -> String {
    if matched {
        motion.label().to_string()
    } else {
        format!("not {motion}")
    }
}

/// Everything §2 computes for one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloudEndpointAssessment {
    pub eligible_seats: u64,
    pub whitespace: u64,
    pub w365_utilization: Ratio,
    pub intune_utilization: Ratio,
    pub entra_utilization: Ratio,
    pub visibility: VisibilityDecision,
    /// Classified even for a hidden tenant: the rule does not depend on visibility, and the
    /// "why is it hidden?" view can still say what it would be.
    pub sales_motion: SalesMotionDecision,
}

impl CloudEndpointAssessment {
    /// The visibility checks followed by the sales-motion checks: the full "why?" of a row.
    pub fn trace(&self) -> Vec<String> {
        self.visibility
            .trace
            .iter()
            .chain(&self.sales_motion.trace)
            .cloned()
            .collect()
    }
}

pub fn assess(
    t: &Tenant,
    ep: &CloudEndpoint,
    cfg: &CloudEndpointsConfig,
) -> CloudEndpointAssessment {
    CloudEndpointAssessment {
        eligible_seats: eligible_seats(ep),
        whitespace: whitespace(ep),
        w365_utilization: w365_utilization(ep),
        intune_utilization: intune_utilization(ep),
        entra_utilization: entra_utilization(ep),
        visibility: visibility(t, ep, cfg),
        sales_motion: sales_motion(ep, &t.industry, cfg),
    }
}

#[cfg(test)]
#[path = "cloud_endpoints/tests.rs"]
mod tests;
