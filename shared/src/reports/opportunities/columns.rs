//! The table's columns (the seed's order) and the export's (the data contract's order).

use super::OpportunityRow;
use crate::access::Field;
use crate::format::or_blank;
use crate::reports::{rows_to_csv, Column};

type Col = Column<OpportunityRow>;

const TPID: Col = Col::text("tpid", "TPID", |r| r.tenant.tpid.to_string());
const TENANT_ID: Col = Col::text("tenant_id", "Tenant ID", |r| r.tenant.id.to_string());
const TENANT_NAME: Col = Col::text("tenant_name", "Tenant name", |r| r.tenant.name.to_string());
const WORKLOAD: Col = Col::text("workload", "Workload", |r| r.workload.to_string());
const SKU: Col = Col::text("sku", "SKU", |r| r.sku.to_string());
const MAU: Col = Col::count("mau", "MAU", |r| r.mau);
const PAU: Col = Col::count("pau", "PAU", |r| r.pau);
const USAGE: Col =
    Col::percent("usage", "Usage %", |r| r.usage()).why(|r| r.evaluation.usage.trace.to_vec());
const THRESHOLD: Col = Col::text("threshold", "Usage threshold", |r| {
    r.threshold().label().into()
})
.why(|r| r.evaluation.threshold.trace.to_vec());
const TIPPING_POINT: Col = Col::percent("tipping_point", "Usage tipping point", |r| {
    r.tipping_point()
})
.why(|r| r.evaluation.tipping_point.trace.to_vec());
const OPPORTUNITY: Col = Col::text("opportunity", "Opportunity", |r| {
    r.opportunity().label().into()
})
.why(|r| r.evaluation.opportunity.trace.to_vec());
const CLAIM_NUMBER: Col = Col::text("claim_number", "CPOR claim #", |r| {
    or_blank(r.claim_number.as_ref())
});
const STARTING_HWM: Col = Col::opt_count("starting_hwm", "Starting HWM", |r| r.starting_hwm);
const PRIOR_HWM: Col = Col::opt_count("prior_hwm", "Prior HWM", |r| r.prior_hwm);
const POTENTIAL_EARNINGS: Col = Col::opt_money("potential_earnings", "Potential earnings", |r| {
    r.potential_earnings()
})
.why(|r| r.evaluation.potential_earnings.trace.to_vec())
.sensitive(Field::PotentialEarnings);
const RESOURCES: Col = Col::text("resources", "Resources", |r| r.resources.to_string());
const TENANT_UPSELL: Col = Col::yes_no("tenant_upsell", "Tenant upsell", |r| r.tenant_upsell())
    .why(|r| r.tenant.flags.upsell.trace.to_vec());
const TENANT_USAGE_OPPORTUNITY: Col = Col::yes_no(
    "tenant_usage_opportunity",
    "Tenant usage opportunity",
    |r| r.tenant_usage_opportunity(),
)
.why(|r| r.tenant.flags.usage_opportunity.trace.to_vec());

/// The table's columns, in the seed's order.
pub static COLUMNS: &[Column<OpportunityRow>] = &[
    TPID,
    TENANT_ID,
    TENANT_NAME,
    WORKLOAD,
    SKU,
    MAU,
    PAU,
    USAGE,
    THRESHOLD,
    TIPPING_POINT,
    OPPORTUNITY,
    CLAIM_NUMBER,
    STARTING_HWM,
    PRIOR_HWM,
    POTENTIAL_EARNINGS,
    RESOURCES,
];

/// The columns of `insights export opportunities`, in the data contract's order.
pub static EXPORT_COLUMNS: &[Column<OpportunityRow>] = &[
    TENANT_ID,
    TENANT_NAME,
    TPID,
    WORKLOAD,
    SKU,
    MAU,
    PAU,
    USAGE,
    TIPPING_POINT,
    THRESHOLD,
    OPPORTUNITY,
    CLAIM_NUMBER,
    STARTING_HWM,
    PRIOR_HWM,
    POTENTIAL_EARNINGS,
    TENANT_UPSELL,
    TENANT_USAGE_OPPORTUNITY,
];

/// Row indices in export order (tenant name, tenant ID, workload name, SKU), whatever order
/// `rows` are in.
pub fn export_order(rows: &[OpportunityRow]) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..rows.len() as u32).collect();
    idx.sort_by_cached_key(|&i| {
        let r = &rows[i as usize];
        (
            r.tenant.name.to_lowercase(),
            r.tenant.id,
            r.workload.key(),
            r.sku.clone(),
        )
    });
    idx
}

/// The CSV of `insights export opportunities`: every row, export columns, export order.
pub fn export_csv(rows: &[OpportunityRow]) -> String {
    let columns: Vec<&Col> = EXPORT_COLUMNS.iter().collect();
    rows_to_csv(rows, &export_order(rows), &columns)
}
