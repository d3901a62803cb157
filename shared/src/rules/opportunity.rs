//! Workload-level FastTrack growth opportunities (spec §1, seed 000 "How opportunities are
//! calculated"): for one tenant × CPOR workload row, its usage, tipping point, eligibility,
//! usage threshold, recommended opportunity, opportunity units, potential earnings and at-risk
//! flag — each with the checks that produced it.
//!
//! # Comparing usage with a tipping point
//! Usage ≥ tipping point is decided on exact numbers, not on floating-point quotients: the
//! tipping point is quantised to millionths (10⁻⁴ percent — far finer than the 0.1% anyone
//! types or sees) and compared with the exact fraction min(MAU, PAU) / PAU by integer
//! cross-multiplication. So MAU 70 / PAU 200 against a 35% tipping point is `Above`, and
//! so is any usage that equals a tipping point written with up to four decimals of a percent,
//! whatever rounding `70.0 / 200.0` or `35.0 / 100.0` would have done. The cap at 100% is
//! applied by the `min`, as in [`usage_ratio`]. The at-risk check works the same way.

use super::tipping_points::TippingPointTable;
use super::trace::{Explain, Trace, TraceStep, Traced};
use crate::access::NOT_FOR_VIEWERS;
use crate::config::RulesConfig;
use crate::model::{ClaimState, Segment, WorkloadUsage};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::usage::usage_ratio;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a workload's usage stands against its tipping point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UsageThreshold {
    Above,
    Below,
    /// Ineligible, or no tipping point: the threshold can't be determined.
    NotApplicable,
}

impl UsageThreshold {
    pub const ALL: [UsageThreshold; 3] = [
        UsageThreshold::Above,
        UsageThreshold::Below,
        UsageThreshold::NotApplicable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UsageThreshold::Above => "Above",
            UsageThreshold::Below => "Below",
            UsageThreshold::NotApplicable => "N/A",
        }
    }

    /// The label back (case-insensitive), e.g. from a filter in a URL.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.label().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for UsageThreshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The recommended sales motion for a workload, with the report's exact labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Opportunity {
    Upsell,
    ClaimWorkload,
    ClaimIncentives,
    DriveUsageAndClaimIncentives,
    DriveUsage,
    NotApplicable,
}

impl Opportunity {
    pub const ALL: [Opportunity; 6] = [
        Opportunity::Upsell,
        Opportunity::ClaimWorkload,
        Opportunity::ClaimIncentives,
        Opportunity::DriveUsageAndClaimIncentives,
        Opportunity::DriveUsage,
        Opportunity::NotApplicable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Opportunity::Upsell => "Upsell",
            Opportunity::ClaimWorkload => "Claim workload",
            Opportunity::ClaimIncentives => "Claim incentives",
            Opportunity::DriveUsageAndClaimIncentives => "Drive usage and claim incentives",
            Opportunity::DriveUsage => "Drive usage",
            Opportunity::NotApplicable => "N/A",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|o| o.label().eq_ignore_ascii_case(s.trim()))
    }

    /// The summary tile's "claim opportunities": claim the workload, or claim its incentives.
    pub fn is_claim_opportunity(self) -> bool {
        matches!(
            self,
            Opportunity::ClaimWorkload
                | Opportunity::ClaimIncentives
                | Opportunity::DriveUsageAndClaimIncentives
        )
    }

    fn conclusion(self) -> &'static str {
        match self {
            Opportunity::Upsell => "→ Upsell",
            Opportunity::ClaimWorkload => "→ Claim workload",
            Opportunity::ClaimIncentives => "→ Claim incentives",
            Opportunity::DriveUsageAndClaimIncentives => "→ Drive usage and claim incentives",
            Opportunity::DriveUsage => "→ Drive usage",
            Opportunity::NotApplicable => "→ N/A",
        }
    }
}

impl fmt::Display for Opportunity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Everything §1 computes for one tenant × workload row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadEvaluation {
    /// MAU / PAU capped at 100%; `None` (shown `–`) when PAU is 0.
    pub usage: Traced<Option<Ratio>>,
    /// `None` when the table has no entry for the row's key.
    pub tipping_point: Traced<Option<Ratio>>,
    /// Eligible for FastTrack benefits (PAU at or above the minimum).
    pub eligible: Traced<bool>,
    pub threshold: Traced<UsageThreshold>,
    pub opportunity: Traced<Opportunity>,
    pub opportunity_units: Traced<u64>,
    /// `None` when the rate per unit is withheld from the reader (a Report viewer).
    pub potential_earnings: Traced<Option<Money>>,
    pub at_risk: Traced<bool>,
}

impl WorkloadEvaluation {
    /// Puts a what-if's changes to the row's data (original → scenario value) first in every
    /// computed value's "why?", so no cell of a changed row hides that it is a scenario's. The
    /// tipping point is looked up, not computed: a what-if on it says so in its own trace.
    pub fn note_what_if(&mut self, notes: &Trace) {
        for trace in [
            &mut self.usage.trace,
            &mut self.eligible.trace,
            &mut self.threshold.trace,
            &mut self.opportunity.trace,
            &mut self.opportunity_units.trace,
            &mut self.potential_earnings.trace,
            &mut self.at_risk.trace,
        ] {
            trace.prepend(notes);
        }
    }
}

/// Fixed-point scale of tipping points and fractions in comparisons (see the module docs).
const SCALE: u128 = 1_000_000;

/// `r` in millionths; negative and NaN give 0, huge values saturate.
fn scaled(r: f64) -> u128 {
    (r * SCALE as f64).round() as u128
}

/// Whether capped usage MAU / PAU reaches `target`, decided exactly (see the module docs).
/// `None` when PAU is 0 (usage undefined).
pub fn usage_reaches(mau: u64, pau: u64, target: Ratio) -> Option<bool> {
    (pau > 0).then(|| {
        let used = u128::from(mau.min(pau)) * SCALE;
        used >= scaled(target.value()).saturating_mul(u128::from(pau))
    })
}

/// Whether capped usage is under `fraction` × `tipping_point`, decided exactly.
fn usage_under_fraction(mau: u64, pau: u64, fraction: f64, tipping_point: Ratio) -> bool {
    let used = u128::from(mau.min(pau)) * SCALE * SCALE;
    let bar = scaled(fraction)
        .saturating_mul(scaled(tipping_point.value()))
        .saturating_mul(u128::from(pau));
    used < bar
}

fn usage_text(mau: u64, pau: u64, usage: Option<Ratio>) -> String {
    match usage {
        Some(u) if mau > pau => format!("usage {u} (capped)"),
        Some(u) => format!("usage {mau}/{pau} = {u}"),
        None => "usage undefined".to_string(),
    }
}

fn evaluate_usage(w: &WorkloadUsage, explain: Explain) -> Traced<Option<Ratio>> {
    let usage = usage_ratio(w.mau, w.pau);
    let trace = explain.trace().with_lazy(|| match usage {
        None => format!("PAU {} → usage undefined (–)", w.pau),
        Some(u) if w.mau > w.pau => format!("MAU {} > PAU {} → usage capped at {u}", w.mau, w.pau),
        Some(u) => format!("MAU {} / PAU {} = {u}", w.mau, w.pau),
    });
    Traced::new(usage, trace)
}

fn evaluate_eligibility(w: &WorkloadUsage, config: &RulesConfig, explain: Explain) -> Traced<bool> {
    let eligible = w.pau > 0 && w.pau >= config.min_pau;
    let trace = explain.trace().with_lazy(|| {
        if w.pau == 0 {
            "no PAU → ineligible".to_string()
        } else if eligible {
            format!("PAU {} ≥ {} → eligible", w.pau, config.min_pau)
        } else {
            format!("PAU {} < {} → ineligible", w.pau, config.min_pau)
        }
    });
    Traced::new(eligible, trace)
}

fn evaluate_threshold(
    w: &WorkloadUsage,
    usage: Option<Ratio>,
    tipping_point: &Traced<Option<Ratio>>,
    eligible: &Traced<bool>,
) -> Traced<UsageThreshold> {
    let mut trace = eligible.trace.clone();
    if !eligible.value {
        trace.push("threshold can't be determined → N/A");
        return Traced::new(UsageThreshold::NotApplicable, trace);
    }
    trace.extend(&tipping_point.trace);
    let Some(tp) = tipping_point.value else {
        trace.push("→ threshold N/A");
        return Traced::new(UsageThreshold::NotApplicable, trace);
    };
    let value = match usage_reaches(w.mau, w.pau, tp) {
        None => {
            trace.push("usage undefined → N/A");
            UsageThreshold::NotApplicable
        }
        Some(true) => {
            trace.push_with(|| {
                format!(
                    "{} ≥ tipping point {tp} → Above",
                    usage_text(w.mau, w.pau, usage)
                )
            });
            UsageThreshold::Above
        }
        Some(false) => {
            trace.push_with(|| {
                format!(
                    "{} < tipping point {tp} → Below",
                    usage_text(w.mau, w.pau, usage)
                )
            });
            UsageThreshold::Below
        }
    };
    Traced::new(value, trace)
}

fn claim_step(w: &WorkloadUsage) -> TraceStep {
    match (w.claim_state(), &w.claim_number) {
        (ClaimState::ClaimedByUs, Some(n)) => format!("claimed by us ({n})").into(),
        (ClaimState::ClaimedByUs, None) => "claimed by us".into(),
        (ClaimState::ClaimedByOther, _) => "claimed by another partner".into(),
        (ClaimState::Unclaimed, _) => "not claimed".into(),
    }
}

/// The seven rules of §1, first match wins.
fn evaluate_opportunity(
    w: &WorkloadUsage,
    eligible: &Traced<bool>,
    threshold: &Traced<UsageThreshold>,
) -> Traced<Opportunity> {
    let mut trace = eligible.trace.clone();
    let conclude = |mut trace: Trace, o: Opportunity| {
        trace.push(o.conclusion());
        Traced::new(o, trace)
    };
    if !eligible.value {
        return conclude(trace, Opportunity::Upsell);
    }
    trace.push_with(|| claim_step(w));
    match w.claim_state() {
        ClaimState::Unclaimed => return conclude(trace, Opportunity::ClaimWorkload),
        ClaimState::ClaimedByOther => return conclude(trace, Opportunity::NotApplicable),
        ClaimState::ClaimedByUs => {}
    }
    trace.push(if w.incentivized {
        "incentivized"
    } else {
        "not incentivized"
    });
    // The threshold's own trace repeats the eligibility check already at the head of ours.
    trace.extend_skipping(&threshold.trace, eligible.trace.len());
    let o = match (w.incentivized, threshold.value) {
        (true, UsageThreshold::Above) => Opportunity::ClaimIncentives,
        (true, UsageThreshold::Below) => Opportunity::DriveUsageAndClaimIncentives,
        (false, UsageThreshold::Below) => Opportunity::DriveUsage,
        (false, UsageThreshold::Above) => Opportunity::Upsell,
        (_, UsageThreshold::NotApplicable) => Opportunity::NotApplicable,
    };
    conclude(trace, o)
}

fn evaluate_units(w: &WorkloadUsage, eligible: &Traced<bool>) -> Traced<u64> {
    let mut trace = eligible.trace.clone();
    let zero = |mut trace: Trace, why: &'static str| {
        trace.push(why);
        Traced::new(0, trace)
    };
    if !eligible.value {
        return zero(trace, "→ 0 opportunity units");
    }
    if w.claim_state() == ClaimState::ClaimedByOther {
        return zero(trace, "claimed by another partner → 0 opportunity units");
    }
    if !w.incentivized {
        return zero(trace, "not incentivized → 0 opportunity units");
    }
    trace.push("incentivized");
    let baseline = match (w.prior_hwm, w.starting_hwm) {
        (Some(p), _) => {
            trace.push_with(|| format!("baseline = Prior HWM {p}"));
            p
        }
        (None, Some(s)) => {
            trace.push_with(|| format!("no Prior HWM → baseline = Starting HWM {s}"));
            s
        }
        (None, None) => {
            trace.push("no Prior or Starting HWM → baseline = 0");
            0
        }
    };
    let units = w.pau.saturating_sub(baseline);
    trace.push_with(|| {
        if w.pau > baseline {
            format!("PAU {} − {baseline} = {units} opportunity units", w.pau)
        } else {
            format!("PAU {} ≤ baseline {baseline} → 0 opportunity units", w.pau)
        }
    });
    Traced::new(units, trace)
}

fn evaluate_earnings(w: &WorkloadUsage, units: &Traced<u64>) -> Traced<Option<Money>> {
    let mut trace = units.trace.clone();
    let Some(given) = w.rate_per_unit else {
        trace.push_with(|| format!("rate per unit {NOT_FOR_VIEWERS}"));
        return Traced::new(None, trace);
    };
    // A negative rate is a data error, never a debt the partner owes: earnings floor at 0.
    let rate = given.max(Money::ZERO);
    let earnings = rate.times(units.value);
    trace.push_with(|| {
        if rate == given {
            format!("{} units × {rate} per unit = {earnings}", units.value)
        } else {
            format!("rate per unit {given} is negative → 0.00 potential earnings")
        }
    });
    Traced::new(Some(earnings), trace)
}

fn evaluate_at_risk(
    w: &WorkloadUsage,
    usage: Option<Ratio>,
    tipping_point: Option<Ratio>,
    threshold: &Traced<UsageThreshold>,
    config: &RulesConfig,
) -> Traced<bool> {
    let trace = threshold.trace.explain().trace();
    let (UsageThreshold::Below, Some(tp)) = (threshold.value, tipping_point) else {
        let step = match threshold.value {
            UsageThreshold::Above => "threshold Above → not at risk",
            _ => "threshold N/A → not at risk",
        };
        return Traced::new(false, trace.with(step));
    };
    let at_risk = usage_under_fraction(w.mau, w.pau, config.at_risk_fraction, tp);
    let trace = trace.with_lazy(|| {
        let bar = Ratio(config.at_risk_fraction * tp.value());
        format!(
            "Below; {} {} {} × tipping point {tp} = {bar} → {}",
            usage_text(w.mau, w.pau, usage),
            if at_risk { "<" } else { "≥" },
            Ratio(config.at_risk_fraction),
            if at_risk { "at risk" } else { "not at risk" },
        )
    });
    Traced::new(at_risk, trace)
}

/// Evaluates one workload row against its tipping point (from
/// [`TippingPointTable::lookup_traced`], or built directly in tests).
///
/// A row claimed by another partner is never shown; it still evaluates (to `N/A` and no
/// units) so that callers need not special-case it. The evaluation explains itself as the
/// tipping point's trace does: a quiet tipping point ([`Explain::Quiet`]) gives quiet traces.
pub fn evaluate(
    w: &WorkloadUsage,
    tipping_point: Traced<Option<Ratio>>,
    config: &RulesConfig,
) -> WorkloadEvaluation {
    let explain = tipping_point.trace.explain();
    let usage = evaluate_usage(w, explain);
    let eligible = evaluate_eligibility(w, config, explain);
    let threshold = evaluate_threshold(w, usage.value, &tipping_point, &eligible);
    let opportunity = evaluate_opportunity(w, &eligible, &threshold);
    let opportunity_units = evaluate_units(w, &eligible);
    let potential_earnings = evaluate_earnings(w, &opportunity_units);
    let at_risk = evaluate_at_risk(w, usage.value, tipping_point.value, &threshold, config);
    WorkloadEvaluation {
        usage,
        tipping_point,
        eligible,
        threshold,
        opportunity,
        opportunity_units,
        potential_earnings,
        at_risk,
    }
}

/// [`evaluate`] with the tipping point looked up for the tenant's segment.
pub fn evaluate_in(
    w: &WorkloadUsage,
    segment: Segment,
    table: &TippingPointTable,
    config: &RulesConfig,
) -> WorkloadEvaluation {
    evaluate_explained(w, segment, table, config, Explain::Steps)
}

/// [`evaluate_in`], with traces or quiet.
pub fn evaluate_explained(
    w: &WorkloadUsage,
    segment: Segment,
    table: &TippingPointTable,
    config: &RulesConfig,
    explain: Explain,
) -> WorkloadEvaluation {
    let tipping_point = table.lookup_explained(&w.workload, segment, &w.sku, explain);
    evaluate(w, tipping_point, config)
}

#[cfg(test)]
#[path = "opportunity/tests.rs"]
mod tests;
