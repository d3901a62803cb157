//! The Customer eligibility report (spec §4, seed 003): one row per customer (TPID) ×
//! solution area × metric with its status, criterion, current value and effect; the
//! All-customers summary (per metric, the customers with a positive / negative / no effect);
//! and each customer's condition tree for the By-customer view. The rules are
//! [`crate::rules::eligibility`]; here are the rows, the search and filters, the columns and
//! what a role may see.
//!
//! A metric computed from revenue a role may not see (Business Applications' net customer
//! adds and deployments read subscription values, Security's Azure usage growth reads ACR) is
//! absent for that role: no row, no count, no leaf — as its inputs are absent from its data.

use super::{any_selected, matches_terms, Column, RowFilter};
use crate::access::{may_see, Field, Role};
use crate::eligibility::{EligibilityRow, SolutionArea, SolutionsPartnerSetting};
use crate::ids::Tpid;
use crate::import::ImportError;
use crate::rules::eligibility::{
    distribution, evaluate, CustomerEligibility, Effect, Metric, MetricDistribution,
    SolutionsPartnerTable, Status,
};
use crate::rules::tipping_points::TableSource;
use crate::rules::trace::Traced;
use time::Date;

/// The revenue field a metric is computed from, if any.
pub fn computed_from(area: SolutionArea, metric: Metric) -> Option<Field> {
    use SolutionArea::*;
    match (area, metric) {
        (
            BusinessApplicationsSmb | BusinessApplicationsEnterprise,
            Metric::NetCustomerAdds | Metric::Deployments,
        ) => Some(Field::SubscriptionValue),
        (Security, Metric::AzureUsageGrowth) => Some(Field::AzureConsumedRevenue),
        _ => None,
    }
}

/// Whether `role` sees the metric (and everything computed for it).
pub fn shown_to(role: Role, area: SolutionArea, metric: Metric) -> bool {
    computed_from(area, metric).is_none_or(|f| may_see(role, f))
}

/// The metrics of `area` that `role` sees, in the seed's order (the metric picker's choices).
pub fn metrics_for(role: Role, area: SolutionArea) -> Vec<Metric> {
    Metric::of(area)
        .iter()
        .copied()
        .filter(|m| shown_to(role, area, *m))
        .collect()
}

/// One customer × solution area × metric.
#[derive(Debug, Clone, PartialEq)]
pub struct EligibilityReportRow {
    /// Index into [`EligibilityReport::customers`].
    pub customer: u32,
    pub tpid: Tpid,
    pub customer_name: String,
    pub area: SolutionArea,
    pub metric: Metric,
    /// Whether the customer is in the area's program at all.
    pub eligible: Traced<bool>,
    pub status: Traced<Status>,
    pub effect: Traced<Effect>,
    pub criterion: String,
    pub current: String,
    /// Lower-cased TPID and customer name: what the search box looks in.
    haystack: String,
}

/// Everything the report shows, as `role` may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct EligibilityReport {
    /// Every customer of `eligibility.csv` (in the order each TPID first appears), with its
    /// whole tree; the app shows only the metrics [`shown_to`] the role.
    pub customers: Vec<CustomerEligibility>,
    pub rows: Vec<EligibilityReportRow>,
    /// Per area × metric the role sees, in the seed's order.
    pub summary: Vec<MetricDistribution>,
    /// Which rules table spoke: the shipped default or an imported one.
    pub source: TableSource,
}

/// The report over a snapshot's `eligibility` and `solutions_partner` tables (already
/// redacted for `role`; the app holds eligibility apart until this page needs it), with
/// deployment windows ending on `as_of`. Fails only when the imported rules table no longer
/// reads.
pub fn build(
    eligibility: &[EligibilityRow],
    solutions_partner: &[SolutionsPartnerSetting],
    as_of: Date,
    role: Role,
) -> Result<EligibilityReport, ImportError> {
    let table = SolutionsPartnerTable::for_settings(solutions_partner)?;
    let customers = evaluate(eligibility, &table, as_of);
    let mut rows = Vec::new();
    for (ci, c) in customers.iter().enumerate() {
        let haystack = format!("{}\n{}", c.tpid, c.customer_name).to_lowercase();
        for a in &c.areas {
            for m in a.metrics().filter(|m| shown_to(role, a.area, m.metric)) {
                rows.push(EligibilityReportRow {
                    customer: ci as u32,
                    tpid: c.tpid.clone(),
                    customer_name: c.customer_name.clone(),
                    area: a.area,
                    metric: m.metric,
                    eligible: a.eligible.clone(),
                    status: m.status.clone(),
                    effect: m.effect.clone(),
                    criterion: m.criterion.clone(),
                    current: m.current.clone(),
                    haystack: haystack.clone(),
                });
            }
        }
    }
    let summary = distribution(&customers)
        .into_iter()
        .filter(|d| shown_to(role, d.area, d.metric))
        .collect();
    Ok(EligibilityReport {
        customers,
        rows,
        summary,
        source: table.source(),
    })
}

/// The report's search and filters; each list keeps rows matching any of its entries (empty =
/// all), and rows must pass every filter. A click on a summary count is an area, a metric and
/// an effect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EligibilityFilter {
    /// TPID or customer name.
    pub search: String,
    pub areas: Vec<SolutionArea>,
    pub metrics: Vec<Metric>,
    pub statuses: Vec<Status>,
    pub effects: Vec<Effect>,
}

impl RowFilter<EligibilityReportRow> for EligibilityFilter {
    fn search(&self) -> &str {
        &self.search
    }

    fn matches(&self, row: &EligibilityReportRow, terms: &[String]) -> bool {
        matches_terms(&row.haystack, terms)
            && any_selected(&self.areas, |a| *a == row.area)
            && any_selected(&self.metrics, |m| *m == row.metric)
            && any_selected(&self.statuses, |s| *s == row.status.value)
            && any_selected(&self.effects, |e| *e == row.effect.value)
    }
}

/// The customers of the rows in `order`, each once, in order of first appearance: who a
/// summary count or a filtered table is about.
pub fn customers_of(rows: &[EligibilityReportRow], order: &[u32]) -> Vec<u32> {
    let mut seen = std::collections::HashSet::new();
    order
        .iter()
        .map(|&i| rows[i as usize].customer)
        .filter(|c| seen.insert(*c))
        .collect()
}

type Col = Column<EligibilityReportRow>;

const TPID: Col = Col::text("tpid", "TPID", |r| r.tpid.to_string());
const CUSTOMER_NAME: Col = Col::text("customer_name", "Customer name", |r| {
    r.customer_name.clone()
});
const AREA: Col = Col::text("area", "Solution area", |r| r.area.to_string())
    // The seed's order, not the alphabet's.
    .sorted_by(|r| super::SortKey::Num(r.area.index() as f64));
const METRIC: Col = Col::text("metric", "Metric", |r| r.metric.to_string());
const STATUS: Col =
    Col::text("status", "Status", |r| r.status.value.to_string()).why(|r| r.status.trace.to_vec());
const CRITERION: Col = Col::text("criterion", "Criterion", |r| r.criterion.clone());
const CURRENT: Col = Col::text("current", "Current value", |r| r.current.clone());
const EFFECT: Col =
    Col::text("effect", "Effect", |r| r.effect.value.to_string()).why(|r| r.effect.trace.to_vec());
const ELIGIBLE: Col = Col::yes_no("eligible", "Program eligible", |r| r.eligible.value)
    .why(|r| r.eligible.trace.to_vec())
    .hidden();

/// The table's columns.
pub static COLUMNS: &[Col] = &[
    TPID,
    CUSTOMER_NAME,
    AREA,
    METRIC,
    STATUS,
    CRITERION,
    CURRENT,
    EFFECT,
    ELIGIBLE,
];

/// `insights export eligibility`: exactly the columns, in its order.
pub static EXPORT_COLUMNS: &[Col] = &[
    TPID,
    CUSTOMER_NAME,
    AREA,
    METRIC,
    STATUS,
    CRITERION,
    CURRENT,
];

#[cfg(test)]
mod tests;
