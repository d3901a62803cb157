//! The All-customers summary: per solution area × metric, which customers have a positive,
//! negative or no effect (every customer in exactly one), and the partner-overall targets
//! (seed 003's "At least 25,000 USD (For Partner overall)") summed over the customers.

use super::tree::{CustomerEligibility, Effect, Metric, Quantity, Status};
use super::words;
use crate::eligibility::SolutionArea;
use crate::rules::trace::{Trace, Traced};
use serde::{Deserialize, Serialize};

/// A partner-level target of one metric condition and where the partner stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOverall {
    /// The condition's label (e.g. `CPOR growth in TTM`).
    pub condition: String,
    pub total: Quantity,
    pub at_least: Quantity,
    pub status: Traced<Status>,
}

/// One metric of one area across every customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricDistribution {
    pub area: SolutionArea,
    pub metric: Metric,
    /// Indices into the evaluated customers, in their order.
    pub positive: Vec<u32>,
    pub negative: Vec<u32>,
    pub no_effect: Vec<u32>,
    pub partner: Vec<PartnerOverall>,
}

impl MetricDistribution {
    /// The customers behind one count (what a click on it lists).
    pub fn customers(&self, effect: Effect) -> &[u32] {
        match effect {
            Effect::Positive => &self.positive,
            Effect::Negative => &self.negative,
            Effect::NoEffect => &self.no_effect,
        }
    }

    pub fn count(&self, effect: Effect) -> usize {
        self.customers(effect).len()
    }
}

/// Every area's metrics in the seed's order, over `customers` (as [`super::evaluate`] gives
/// them). With no customers there is nothing to add up, and no partner targets are listed.
pub fn distribution(customers: &[CustomerEligibility]) -> Vec<MetricDistribution> {
    let mut out = Vec::new();
    for &area in SolutionArea::ALL {
        for &metric in Metric::of(area) {
            let mut d = MetricDistribution {
                area,
                metric,
                positive: Vec::new(),
                negative: Vec::new(),
                no_effect: Vec::new(),
                partner: Vec::new(),
            };
            // (label, total, target) per condition with a partner-level target.
            let mut sums: Vec<(String, Quantity, Quantity)> = Vec::new();
            for (ci, c) in customers.iter().enumerate() {
                let m = c
                    .area(area)
                    .metric(metric)
                    .expect("every area evaluates each of its metrics");
                match m.effect.value {
                    Effect::Positive => d.positive.push(ci as u32),
                    Effect::Negative => d.negative.push(ci as u32),
                    Effect::NoEffect => d.no_effect.push(ci as u32),
                }
                let targets = m
                    .conditions
                    .iter()
                    .filter_map(|cond| cond.partner.map(|p| (&cond.check.label, p)));
                for (j, (label, p)) in targets.enumerate() {
                    if j == sums.len() {
                        sums.push((
                            label.clone(),
                            Quantity {
                                amount: 0,
                                ..p.amount
                            },
                            p.at_least,
                        ));
                    }
                    let total = &mut sums[j].1.amount;
                    *total = total.saturating_add(p.amount.amount);
                }
            }
            d.partner = sums
                .into_iter()
                .map(|(condition, total, at_least)| {
                    let met = total.amount >= at_least.amount;
                    let trace = Trace::new()
                        .with(format!(
                            "{condition}: {total} over {}",
                            words::count(customers.len(), "customer", "customers")
                        ))
                        .with(format!(
                            "{total} {} {at_least} partner overall",
                            if met { "≥" } else { "<" }
                        ))
                        .with(if met { "→ Met" } else { "→ Not met" });
                    PartnerOverall {
                        condition,
                        total,
                        at_least,
                        status: Traced::new(Status::from_met(met), trace),
                    }
                })
                .collect();
            out.push(d);
        }
    }
    out
}
