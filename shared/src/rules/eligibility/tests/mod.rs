//! Tests of the eligibility tree: one file per solution area, the summary, and the
//! invariants. Rows are built with [`row`] and evaluated against the shipped table.

use super::*;
use crate::eligibility::{AssociationType, Designation, EligibilityRow, NetQualified};
use crate::ids::{TenantId, Tpid};
use crate::model::Workload;
use crate::money::Money;
use time::macros::date;
use uuid::Uuid;

mod azure;
mod business_applications;
mod invariants;
mod modern_work;
mod security;
mod summary;

pub const AS_OF: Date = date!(2026 - 06 - 15);

/// A row with nothing measured: tests set what matters.
pub fn row(
    tpid: &str,
    tenant: u128,
    designation: Designation,
    workload: &str,
    association: AssociationType,
) -> EligibilityRow {
    EligibilityRow {
        tpid: Tpid::from(tpid),
        customer_name: format!("Customer {tpid}").into(),
        tenant_id: TenantId(Uuid::from_u128(tenant)),
        designation,
        workload: Workload::new(workload),
        association,
        pau: 0,
        mau_growth: 0,
        net_qualified: NetQualified::Unchanged,
        qualified_deployment: None,
        active_subscription: Some(Money::ZERO),
        usage_baseline: 0,
        usage_current: 0,
        acr_12_months: Some(Money::ZERO),
        mpu_growth: 0,
    }
}

pub fn usd(dollars: i64) -> Money {
    Money(dollars * 100)
}

/// The one customer of `rows` under the shipped table.
pub fn customer(rows: &[EligibilityRow]) -> CustomerEligibility {
    let mut all = evaluate(rows, &SolutionsPartnerTable::default_table(), AS_OF);
    assert_eq!(all.len(), 1, "one customer");
    all.remove(0)
}

pub fn metric(c: &CustomerEligibility, area: SolutionArea, m: Metric) -> &MetricResult {
    c.area(area).metric(m).expect("the area has the metric")
}

/// (status, effect) of a metric, the pair most tests assert.
pub fn outcome(rows: &[EligibilityRow], area: SolutionArea, m: Metric) -> (Status, Effect) {
    let c = customer(rows);
    let r = metric(&c, area, m);
    (r.status.value, r.effect.value)
}

/// The labels of an area's tree, in order: eligibility checks and metrics.
pub fn labels(a: &AreaResult) -> Vec<String> {
    a.nodes
        .iter()
        .map(|n| match n {
            Node::Eligibility { check, .. } => check.label().to_string(),
            Node::Metric(m) => m.metric.label().to_string(),
        })
        .collect()
}

pub use Effect::{Negative, NoEffect, Positive};
pub use Status::{Met, NotMet};

#[test]
fn every_tree_lists_its_areas_metrics_in_the_summary_order() {
    let rows: Vec<EligibilityRow> = Designation::ALL
        .iter()
        .map(|&d| row("X", 1, d, "Teams", AssociationType::Csp))
        .collect();
    let c = customer(&rows);
    for &area in SolutionArea::ALL {
        let got: Vec<Metric> = c.area(area).metrics().map(|m| m.metric).collect();
        assert_eq!(got, Metric::of(area), "{area}");
    }
    assert_eq!(c.customer_name, "Customer X");
    assert_eq!(c.rows, [0, 1, 2, 3, 4, 5]);
}
