//! The License adoption report (spec §5, seed 004): one row per tenant × workload of a tenant
//! associated with us, with Deployment % and Usage % (neither capped), low adoption and usage
//! above 100%; the customer's (TPID) and the portfolio's figures as ratios of sums. The rules
//! are [`crate::rules::adoption`]; here are the rows, the search and filters, the columns, the
//! tiles and the chart series over the rows shown.

mod figures;

pub use figures::{kpis, workload_series, AdoptionKpis, WorkloadPoint};

use super::{any_selected, matches_terms, Column, RowFilter};
use crate::ids::{TenantId, Tpid};
use crate::model::{Segment, Sku, Tenant, Workload};
use crate::ratio::Ratio;
use crate::rules::adoption::{report, Adoption, AdoptionConfig, Licenses};
use crate::snapshot::Snapshot;

#[derive(Debug, Clone, PartialEq)]
pub struct AdoptionReportRow {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub tpid: Tpid,
    /// The customer's name (the tenant's name when `tenants.csv` gives none).
    pub customer_name: String,
    pub segment: Segment,
    pub workload: Workload,
    pub sku: Sku,
    pub adoption: Adoption,
    /// The customer's figures (every row of its tenants, as ratios of sums).
    pub customer: Adoption,
    /// Lower-cased tenant name and ID, customer name and TPID, workload: what the search
    /// box looks in.
    haystack: String,
}

impl AdoptionReportRow {
    pub fn licenses(&self) -> Licenses {
        self.adoption.licenses
    }

    pub fn deployment(&self) -> Option<Ratio> {
        self.adoption.deployment.value
    }

    pub fn usage(&self) -> Option<Ratio> {
        self.adoption.usage.value
    }

    pub fn low_adoption(&self) -> bool {
        self.adoption.low_adoption.value
    }

    pub fn above_100(&self) -> bool {
        self.adoption.usage_above_100
    }
}

fn display_name(t: &Tenant) -> String {
    if t.customer_name.is_empty() {
        t.name.to_string()
    } else {
        t.customer_name.to_string()
    }
}

/// Rows in the snapshot's order (tenants by name, a tenant's workloads in file order).
pub fn build_rows(snapshot: &Snapshot, cfg: &AdoptionConfig) -> Vec<AdoptionReportRow> {
    let r = report(&snapshot.tenants, &snapshot.workloads, cfg);
    let mut customer_of = vec![0usize; r.rows.len()];
    for (ci, c) in r.customers.iter().enumerate() {
        for &ri in &c.rows {
            customer_of[ri as usize] = ci;
        }
    }
    let mut rows: Vec<AdoptionReportRow> = r
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let t = &snapshot.tenants[row.tenant as usize];
            let w = &snapshot.workloads[row.workload as usize];
            let customer_name = display_name(t);
            AdoptionReportRow {
                haystack: format!(
                    "{}\n{}\n{}\n{}\n{}",
                    t.name, t.id, customer_name, t.tpid, w.workload
                )
                .to_lowercase(),
                tenant_id: t.id,
                tenant_name: t.name.to_string(),
                tpid: t.tpid.clone(),
                customer_name,
                segment: t.segment,
                workload: w.workload.clone(),
                sku: w.sku.clone(),
                adoption: row.adoption,
                customer: r.customers[customer_of[i]].adoption.clone(),
            }
        })
        .collect();
    // Stable: a tenant's workloads keep their file order.
    rows.sort_by(|a, b| {
        a.tenant_name
            .to_lowercase()
            .cmp(&b.tenant_name.to_lowercase())
            .then(a.tenant_id.cmp(&b.tenant_id))
    });
    rows
}

/// The report's search and filters; each list keeps rows matching any of its entries (empty =
/// all), and rows must pass every filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdoptionFilter {
    /// Tenant name or ID, customer name or TPID, workload.
    pub search: String,
    /// Only rows with low adoption.
    pub low_adoption: bool,
    /// Only rows whose usage is above 100%.
    pub above_100: bool,
    pub segments: Vec<Segment>,
    /// Workload names, case aside (also what a click on the chart sets).
    pub workloads: Vec<String>,
}

impl RowFilter<AdoptionReportRow> for AdoptionFilter {
    fn search(&self) -> &str {
        &self.search
    }

    fn matches(&self, row: &AdoptionReportRow, terms: &[String]) -> bool {
        matches_terms(&row.haystack, terms)
            && (!self.low_adoption || row.low_adoption())
            && (!self.above_100 || row.above_100())
            && any_selected(&self.segments, |s| *s == row.segment)
            && any_selected(&self.workloads, |w| {
                w.trim().eq_ignore_ascii_case(row.workload.as_str())
            })
    }
}

/// Every workload in the rows, sorted, once each (case aside): the workload filter's choices.
pub fn workload_names(rows: &[AdoptionReportRow]) -> Vec<String> {
    let mut names: Vec<String> = rows.iter().map(|r| r.workload.to_string()).collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

type Col = Column<AdoptionReportRow>;

const TENANT_ID: Col = Col::text("tenant_id", "Tenant ID", |r| r.tenant_id.to_string());
const TENANT_NAME: Col = Col::text("tenant_name", "Tenant name", |r| r.tenant_name.clone());
const TPID: Col = Col::text("tpid", "TPID", |r| r.tpid.to_string());
const CUSTOMER_NAME: Col = Col::text("customer_name", "Customer name", |r| {
    r.customer_name.clone()
});
const SEGMENT: Col = Col::text("segment", "Tenant segment", |r| r.segment.to_string());
const WORKLOAD: Col = Col::text("workload", "Workload", |r| r.workload.to_string());
const SKU: Col = Col::text("sku", "SKU", |r| r.sku.to_string());
const SOLD: Col = Col::count("sold", "Sold licenses", |r| r.licenses().sold);
const ASSIGNED: Col = Col::count("assigned", "Assigned licenses", |r| r.licenses().assigned);
const TOTAL: Col = Col::count("total", "Total entitlements", |r| r.licenses().total);
const ACTIVE: Col = Col::count("active", "Active entitlements", |r| r.licenses().active);
const DEPLOYMENT: Col = Col::percent("deployment", "Deployment %", AdoptionReportRow::deployment)
    .why(|r| r.adoption.deployment.trace.to_vec());
const USAGE: Col = Col::percent("usage", "Usage %", AdoptionReportRow::usage)
    .why(|r| r.adoption.usage.trace.to_vec());
const LOW: Col = Col::yes_no(
    "low_adoption",
    "Low adoption",
    AdoptionReportRow::low_adoption,
)
.why(|r| r.adoption.low_adoption.trace.to_vec());
const ABOVE: Col = Col::yes_no(
    "above_100",
    "Usage above 100%",
    AdoptionReportRow::above_100,
);
const CUSTOMER_DEPLOYMENT: Col =
    Col::percent("customer_deployment", "Customer deployment %", |r| {
        r.customer.deployment.value
    })
    .why(|r| r.customer.deployment.trace.to_vec())
    .hidden();
const CUSTOMER_USAGE: Col = Col::percent("customer_usage", "Customer usage %", |r| {
    r.customer.usage.value
})
.why(|r| r.customer.usage.trace.to_vec())
.hidden();

/// The table's columns.
pub static COLUMNS: &[Col] = &[
    TENANT_NAME,
    TENANT_ID,
    CUSTOMER_NAME,
    TPID,
    SEGMENT.hidden(),
    WORKLOAD,
    SKU,
    SOLD,
    ASSIGNED,
    TOTAL,
    ACTIVE,
    DEPLOYMENT,
    USAGE,
    LOW,
    ABOVE,
    CUSTOMER_DEPLOYMENT,
    CUSTOMER_USAGE,
];

/// `insights export adoption`: exactly the columns, in its order.
pub static EXPORT_COLUMNS: &[Col] = &[
    TENANT_ID,
    TENANT_NAME,
    TPID,
    CUSTOMER_NAME,
    WORKLOAD,
    SKU,
    SOLD,
    ASSIGNED,
    TOTAL,
    ACTIVE,
    DEPLOYMENT,
    USAGE,
    LOW,
    ABOVE,
];

#[cfg(test)]
mod tests;
