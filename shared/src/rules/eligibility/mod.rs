//! Solutions Partner customer eligibility (spec §4, seed 003): for each customer (TPID) and
//! solution area, the condition sequence tree — program eligibility first (qualifying
//! workloads × partner association types), then each metric `Met` / `Not met` with its
//! criterion, the customer's current value, its effect for the All-customers summary, a trace
//! and the `eligibility.csv` rows at each leaf. Every list and threshold comes from the
//! [`SolutionsPartnerTable`] (shipped default: the seed's values; replaceable by import).
//!
//! # Decisions where the seed is vague (also in `docs/eligibility.md`)
//! - **Rows per area.** A row's "Solution area" names its designation; Business Applications
//!   and Modern Work rows are evaluated for both tracks (SMB and Enterprise), which differ in
//!   thresholds only. The area is a column, not derived from the workload: "All Azure
//!   services" belong to three areas, and Intune to both Modern Work and Security.
//! - **Program eligibility.** A customer is in a program when one of its rows is on a
//!   qualifying workload through an association type the workload's list admits (a general
//!   `CSP` / `CPOR` entry admits its tiers and kinds). Business Applications admits through
//!   performance or customer success, Security through either half; each metric counts the
//!   rows of its own part. Outside the program, every metric is `Not met` with no effect.
//! - **Net customer adds** (Azure, Modern Work, Security): each tenant counts once, as the
//!   sign of its rows' net qualified values; the customer's value is gained − lost tenants.
//!   **Business Applications**: workloads rolled up per tenant whose active subscriptions
//!   are above the threshold (500 / 1,500 USD).
//! - **Deployments**: Azure counts distinct tenant × workload (Virtual Machines excluded) and
//!   Security distinct tenants with a qualified deployment date in the window (12 months:
//!   after the same day a year before the as-of date, up to it); Modern Work counts tenant ×
//!   workload per association type (CPOR / CSP, CPOR / DPOR). Business Applications counts
//!   workloads rolled up per tenant with active subscriptions of at least 5,000 / 10,000 USD
//!   (the program's "contributing at least 5,000" is revenue).
//! - **Usage growth**: Azure and Business Applications compare summed current usage with its
//!   baseline (shown `x% (current/baseline)`); Modern Work sums MAU growth per association
//!   type; Security sums Security ACR (Azure) and monthly-protected-users growth (Microsoft
//!   365). The customer meets any of these with a positive total ("any positive … for this
//!   customer"); the seed's 500 / 2,000 / 1,000 / 4,000 MAU, 25,000 USD and 2,500 users are
//!   **partner-overall** targets, summed over eligible customers in the summary.
//! - **Effect**: positive when the metric is met; negative when it is not and the data shows
//!   a loss (net qualified tenants below 0, a lost qualifying workload, usage or its growth
//!   below 0); otherwise no effect. PAU and deployments have no negative: a level or a date
//!   says nothing about a loss.
//! - **A metric with several conditions** (Modern Work's CPOR / CSP rows) is met when any is.

mod azure;
mod business_applications;
mod deployments;
mod measures;
mod modern_work;
mod program;
mod scope;
mod security;
mod settings;
mod subscriptions;
mod summary;
mod table;
mod tree;
mod words;

#[cfg(test)]
mod tests;

pub use deployments::{months_before, Window};
pub use scope::{workload_key, AssociationList, Scope, ScopeGroup, WorkloadList, WorkloadName};
pub use settings::{check as check_setting, settings_of, Setting, ValueKind};
pub use summary::{distribution, MetricDistribution, PartnerOverall};
pub use table::{
    AreaRules, AzureRules, BusinessApplicationsRules, ModernWorkRules, SecurityRules,
    SolutionsPartnerTable, DEFAULT_CSV,
};
pub use tree::{
    AreaResult, Check, Condition, CustomerEligibility, Effect, EligibilityCheck, Metric,
    MetricResult, Node, PartnerTarget, Quantity, Status, Unit,
};

use crate::eligibility::{EligibilityRow, SolutionArea};
use crate::ids::Tpid;
use crate::rules::tipping_points::TableSource;
use crate::rules::trace::{Trace, Traced};
use measures::Item;
use std::collections::HashMap;
use time::Date;

/// What every area's evaluation needs besides its rows and rules.
pub(super) struct Ctx {
    as_of: Date,
    source: TableSource,
}

const NOT_ELIGIBLE: &str =
    "not eligible: no row on a qualifying workload through a qualifying association type";

fn eligibility_node(check: EligibilityCheck, result: Check) -> Node {
    Node::Eligibility { check, result }
}

fn metric_node(metric: Metric, conditions: Vec<Condition>) -> Node {
    Node::Metric(MetricResult::new(metric, conditions))
}

fn eligible_trace(area: SolutionArea, ctx: &Ctx, qualifying: usize, rows: usize) -> Traced<bool> {
    let eligible = qualifying > 0;
    let trace = Trace::new()
        .with(format!("{area} rules from the {}", ctx.source.label()))
        .with(format!(
            "{qualifying} of {rows} {} rows qualify",
            area.designation()
        ))
        .with(if eligible {
            "→ eligible"
        } else {
            "→ not eligible"
        });
    Traced::new(eligible, trace)
}

/// Every customer of `rows`, in the order each TPID first appears. `as_of` is the date the
/// deployment windows end on (the data's date; `shared` reads no clock).
pub fn evaluate(
    rows: &[EligibilityRow],
    table: &SolutionsPartnerTable,
    as_of: Date,
) -> Vec<CustomerEligibility> {
    let mut order: Vec<(&Tpid, Vec<u32>)> = Vec::new();
    let mut at: HashMap<&Tpid, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let k = *at.entry(&r.tpid).or_insert_with(|| {
            order.push((&r.tpid, Vec::new()));
            order.len() - 1
        });
        order[k].1.push(i as u32);
    }
    order
        .into_iter()
        .map(|(_, indices)| evaluate_customer(rows, &indices, table, as_of))
        .collect()
}

/// One customer: `indices` are its rows in `rows` (all of one TPID).
pub fn evaluate_customer(
    rows: &[EligibilityRow],
    indices: &[u32],
    table: &SolutionsPartnerTable,
    as_of: Date,
) -> CustomerEligibility {
    let items: Vec<Item> = indices
        .iter()
        .map(|&index| {
            let row = &rows[index as usize];
            Item {
                index,
                row,
                key: workload_key(row.workload.as_str()),
            }
        })
        .collect();
    let first = indices.first().map(|&i| &rows[i as usize]);
    let customer_name = indices
        .iter()
        .map(|&i| &*rows[i as usize].customer_name)
        .find(|n| !n.is_empty())
        .unwrap_or("")
        .to_string();
    let ctx = Ctx {
        as_of,
        source: table.source(),
    };
    let areas = SolutionArea::ALL
        .iter()
        .map(|&area| {
            let area_items: Vec<&Item> = items
                .iter()
                .filter(|i| i.row.designation == area.designation())
                .collect();
            match table.rules(area) {
                AreaRules::Azure(r) => azure::evaluate(area, r, &area_items, &ctx),
                AreaRules::BusinessApplications(r) => {
                    business_applications::evaluate(area, r, &area_items, &ctx)
                }
                AreaRules::ModernWork(r) => modern_work::evaluate(area, r, &area_items, &ctx),
                AreaRules::Security(r) => security::evaluate(area, r, &area_items, &ctx),
            }
        })
        .collect();
    CustomerEligibility {
        tpid: first
            .map(|r| r.tpid.clone())
            .unwrap_or_else(|| Tpid::from("")),
        customer_name,
        rows: indices.to_vec(),
        areas,
    }
}
