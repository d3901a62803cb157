//! The condition sequence tree of one customer in one solution area, as the By-customer view
//! shows it: program eligibility checks first, then each metric, each leaf with its status,
//! criterion, the customer's current value, a trace and the rows behind it.

use super::words;
use crate::eligibility::SolutionArea;
use crate::ids::Tpid;
use crate::model::labelled_enum;
use crate::rules::trace::{Trace, Traced};
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// Whether a check or metric holds for the customer.
    Status {
        Met => "Met",
        NotMet => "Not met",
    }
);

impl Status {
    pub fn from_met(met: bool) -> Status {
        if met {
            Status::Met
        } else {
            Status::NotMet
        }
    }

    pub fn is_met(self) -> bool {
        self == Status::Met
    }
}

labelled_enum!(
    /// What a customer does to the partner's metric, for the All-customers summary: a
    /// customer that meets the metric adds to it (positive); one that does not and whose data
    /// shows a loss takes away (negative); any other has no effect.
    Effect {
        Positive => "Positive",
        Negative => "Negative",
        NoEffect => "No effect",
    }
);

labelled_enum!(
    /// A metric of seed 003, with the report's label.
    Metric {
        PaidAvailableUnits => "Paid available units (PAU)",
        NetCustomerAdds => "Net customer adds",
        Deployments => "Deployments",
        UsageGrowth => "Usage growth",
        AzureNetCustomerAdds => "Azure net customer adds",
        M365NetCustomerAdds => "Microsoft 365 net customer adds",
        AzureDeployments => "Azure deployments",
        M365Deployments => "Microsoft 365 deployments",
        AzureUsageGrowth => "Azure usage growth",
        M365UsageGrowth => "Microsoft 365 usage growth",
    }
);

impl Metric {
    /// The metrics of an area, in the seed's order (what the summary's metric picker offers).
    pub fn of(area: SolutionArea) -> &'static [Metric] {
        use Metric::*;
        match area {
            SolutionArea::AzureDataAi
            | SolutionArea::AzureDigitalAppInnovation
            | SolutionArea::AzureInfrastructure
            | SolutionArea::BusinessApplicationsSmb
            | SolutionArea::BusinessApplicationsEnterprise => {
                &[NetCustomerAdds, Deployments, UsageGrowth]
            }
            SolutionArea::ModernWorkSmb | SolutionArea::ModernWorkEnterprise => &[
                PaidAvailableUnits,
                NetCustomerAdds,
                Deployments,
                UsageGrowth,
            ],
            SolutionArea::Security => &[
                AzureNetCustomerAdds,
                M365NetCustomerAdds,
                AzureDeployments,
                M365Deployments,
                AzureUsageGrowth,
                M365UsageGrowth,
            ],
        }
    }
}

labelled_enum!(
    /// A program-eligibility check of seed 003, with the report's label.
    EligibilityCheck {
        Workloads => "Workloads",
        PartnerAssociationTypes => "Partner association types",
        PerformanceWorkloads => "Performance workloads",
        PerformanceAssociationTypes => "Performance partner association types",
        CustomerSuccessWorkloads => "Customer success workloads",
        CustomerSuccessAssociationTypes => "Customer success partner association types",
        AzureWorkloads => "Azure workloads",
        AzureAssociationTypes => "Azure partner association types",
        M365Workloads => "Microsoft 365 workloads",
        M365AssociationTypes => "Microsoft 365 partner association types",
    }
);

/// What a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    Mau,
    ProtectedUsers,
    /// Amounts in cents.
    Usd,
}

/// An amount the partner needs overall, summed over its customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    pub amount: i64,
    pub unit: Unit,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Unit::Mau => write!(f, "{} MAU", words::thousands(self.amount)),
            Unit::ProtectedUsers => {
                write!(f, "{} protected users", words::thousands(self.amount))
            }
            Unit::Usd => f.write_str(&words::usd(crate::money::Money(self.amount))),
        }
    }
}

/// This customer's share of a partner-level target (seed 003's "At least 25,000 USD (For
/// Partner overall)"): the summary adds the shares up and compares with `at_least`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTarget {
    pub amount: Quantity,
    pub at_least: Quantity,
}

/// A leaf of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The tree's first column (e.g. `CPOR net qualified deployments`).
    pub label: String,
    pub status: Traced<Status>,
    /// The criterion in words, with the table's values.
    pub criterion: String,
    /// The customer's current value in words.
    pub current: String,
    /// Indices (into the evaluated `eligibility.csv` rows) of the rows that make the leaf
    /// what it is: those that count, or, when none does, every row that was looked at.
    pub rows: Vec<u32>,
}

/// A leaf of a metric: a check with its effect and any partner-level share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub check: Check,
    pub effect: Traced<Effect>,
    pub partner: Option<PartnerTarget>,
}

/// A metric: met when any of its conditions is (the seed's alternatives, e.g. CPOR or CSP
/// deployments); most metrics have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricResult {
    pub metric: Metric,
    pub status: Traced<Status>,
    pub effect: Traced<Effect>,
    pub criterion: String,
    pub current: String,
    pub conditions: Vec<Condition>,
}

impl MetricResult {
    pub fn new(metric: Metric, conditions: Vec<Condition>) -> Self {
        if let [only] = conditions.as_slice() {
            return MetricResult {
                metric,
                status: only.check.status.clone(),
                effect: only.effect.clone(),
                criterion: only.check.criterion.clone(),
                current: only.check.current.clone(),
                conditions,
            };
        }
        let met = conditions.iter().any(|c| c.check.status.value.is_met());
        let mut trace: Trace = conditions
            .iter()
            .map(|c| format!("{}: {}", c.check.label, c.check.status.value))
            .collect();
        trace.push(if met {
            "→ Met (one condition is enough)"
        } else {
            "→ Not met (no condition is)"
        });
        let effects = conditions.iter().map(|c| c.effect.value);
        let effect = if met {
            Effect::Positive
        } else if effects.clone().any(|e| e == Effect::Negative) {
            Effect::Negative
        } else {
            Effect::NoEffect
        };
        let mut effect_trace: Trace = conditions
            .iter()
            .map(|c| format!("{}: {}", c.check.label, c.effect.value))
            .collect();
        effect_trace.push(format!("→ {effect}"));
        let join = |part: fn(&Condition) -> String, sep: &str| {
            conditions.iter().map(part).collect::<Vec<_>>().join(sep)
        };
        MetricResult {
            metric,
            status: Traced::new(Status::from_met(met), trace),
            effect: Traced::new(effect, effect_trace),
            criterion: join(|c| c.check.criterion.clone(), "; or "),
            current: join(|c| format!("{}: {}", c.check.label, c.check.current), "; "),
            conditions,
        }
    }

    /// Every row behind the metric, in order, once.
    pub fn rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self
            .conditions
            .iter()
            .flat_map(|c| c.check.rows.iter().copied())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// A node of the tree, in the seed's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Node {
    Eligibility {
        check: EligibilityCheck,
        result: Check,
    },
    Metric(MetricResult),
}

/// One customer in one solution area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaResult {
    pub area: SolutionArea,
    /// Whether the customer is in the program at all: a row on a qualifying workload through
    /// a qualifying association. Metrics of a customer who is not are `Not met`.
    pub eligible: Traced<bool>,
    pub nodes: Vec<Node>,
}

impl AreaResult {
    pub fn metrics(&self) -> impl Iterator<Item = &MetricResult> + '_ {
        self.nodes.iter().filter_map(|n| match n {
            Node::Metric(m) => Some(m),
            Node::Eligibility { .. } => None,
        })
    }

    pub fn metric(&self, metric: Metric) -> Option<&MetricResult> {
        self.metrics().find(|m| m.metric == metric)
    }

    pub fn eligibility_checks(&self) -> impl Iterator<Item = (EligibilityCheck, &Check)> + '_ {
        self.nodes.iter().filter_map(|n| match n {
            Node::Eligibility { check, result } => Some((*check, result)),
            Node::Metric(_) => None,
        })
    }
}

/// One customer (TPID) in every solution area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerEligibility {
    pub tpid: Tpid,
    pub customer_name: String,
    /// Every row of the customer, in file order.
    pub rows: Vec<u32>,
    /// One per area, in [`SolutionArea::ALL`] order.
    pub areas: Vec<AreaResult>,
}

impl CustomerEligibility {
    pub fn area(&self, area: SolutionArea) -> &AreaResult {
        &self.areas[area.index()]
    }
}
