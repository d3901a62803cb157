//! The table's columns (the seed's order) and the export's (the data contract's order).

use super::CloudEndpointRow;
use crate::access::Field;
use crate::format::or_blank;
use crate::reports::{rows_to_csv, Column, SortKey};
use crate::rules::cloud_endpoints::SalesMotion;

type Col = Column<CloudEndpointRow>;

const TENANT_NAME: Col = Col::text("tenant_name", "Tenant Name", |r| r.tenant.name.to_string());
const TENANT_ID: Col = Col::text("tenant_id", "Tenant ID", |r| r.tenant.id.to_string());
const DOMAIN: Col = Col::text("domain", "Tenant Domain", |r| r.tenant.domain.to_string());
const COUNTRY: Col = Col::text("country", "Tenant Country/Region", |r| {
    r.tenant.country.to_string()
});
const SEGMENT: Col = Col::text("segment", "Tenant Segment", |r| {
    r.tenant.segment.to_string()
});
const TPID: Col = Col::text("tpid", "TPID", |r| r.tenant.tpid.to_string());
const CUSTOMER_NAME: Col = Col::text("customer_name", "Customer Name", |r| {
    r.tenant.customer_name.to_string()
});
const EA_RENEWAL: Col = Col::month("ea_renewal", "EA Renewal", |r| r.tenant.ea_renewal);
const CSP_RENEWAL: Col = Col::month("csp_renewal", "Largest Seat CSP Renewal", |r| {
    r.tenant.csp_renewal
});
const ELIGIBLE_SEATS: Col = Col::count("eligible_seats", "W365 Eligible Seats", |r| {
    r.assessment.eligible_seats
});
const WHITESPACE: Col = Col::count("whitespace", "W365 Whitespace", |r| r.assessment.whitespace);
const SALES_MOTION: Col = Col::text("sales_motion", "Sales Motion", |r| {
    r.sales_motion().to_string()
})
// The spec's evaluation order (Nurture first), not the alphabet.
.sorted_by(|r| {
    let rank = SalesMotion::ALL.iter().position(|m| *m == r.sales_motion());
    SortKey::Num(rank.unwrap_or(0) as f64)
})
.why(CloudEndpointRow::trace);
const W365_PAU: Col = Col::count("w365_pau", "W365 PAU", |r| r.endpoint.w365_pau);
const W365_MAU: Col = Col::count("w365_mau", "W365 MAU", |r| r.endpoint.w365_mau);
const W365_UTILIZATION: Col = Col::percent("w365_utilization", "W365 Utilization", |r| {
    Some(r.assessment.w365_utilization)
});
const INTUNE_MAU: Col = Col::count("intune_mau", "Intune MAU", |r| r.endpoint.intune_mau);
const INTUNE_UTILIZATION: Col = Col::percent("intune_utilization", "Intune Utilization", |r| {
    Some(r.assessment.intune_utilization)
});
const ENTRA_MAU: Col = Col::count("entra_mau", "Entra ID MAU", |r| r.endpoint.entra_mau);
const ENTRA_UTILIZATION: Col = Col::percent("entra_utilization", "Entra ID Utilization", |r| {
    Some(r.assessment.entra_utilization)
});
const MCI_ELIGIBILITY: Col = Col::text(
    "mci_eligibility",
    "MCI Eligibility",
    CloudEndpointRow::mci_eligibility,
);
const INTUNE_CPOR: Col = Col::yes_no("intune_cpor", "Intune CPOR Eligibility", |r| {
    r.endpoint.intune_cpor_eligible
});
const W365_CPOR: Col = Col::yes_no("w365_cpor", "W365 CPOR Eligibility", |r| {
    r.endpoint.w365_cpor_eligible
});
// The data contract carries one MCI estimate per tenant and no CPOR usage incentive for W365,
// so the seed's "Potential Earnings" is that estimate.
const POTENTIAL_EARNINGS: Col = Col::opt_money("potential_earnings", "Potential Earnings", |r| {
    r.endpoint.mci_estimate
})
.sensitive(Field::MciEstimate);
const PARTNER_NAME: Col = Col::text("partner_name", "Partner Name", |r| {
    r.tenant.partner_name.to_string()
});
const MPN_ID: Col = Col::text("mpn_id", "Partner Center ID (MPN)", |r| {
    r.tenant.mpn_id.to_string()
});
const CPOR_ASSOCIATION: Col = Col::yes_no("cpor_association", "CPOR Association", |r| {
    r.tenant.cpor_association
});
const CSP_ASSOCIATION: Col = Col::yes_no("csp_association", "CSP Association", |r| {
    r.tenant.csp_association
});
const CSP_TIER: Col = Col::text("csp_tier", "CSP Tier", |r| or_blank(r.tenant.csp_tier));
const T2_RESELLER: Col = Col::text("t2_reseller", "T2 Reseller Name", |r| {
    r.tenant.t2_reseller.to_string()
});
const SUB_SEGMENT: Col = Col::text("sub_segment", "Customer Sub-Segment", |r| {
    r.tenant.sub_segment.to_string()
});
const INDUSTRY: Col = Col::text("industry", "Industry/Vertical", |r| {
    r.tenant.industry.to_string()
});
const M365_LICENSES: Col = Col::count("m365_licenses", "M365 licenses", |r| r.tenant.m365_licenses);

/// The seed's default columns in its order, then its hidden columns.
pub static COLUMNS: &[Col] = &[
    TENANT_NAME,
    TENANT_ID,
    DOMAIN,
    COUNTRY,
    SEGMENT,
    TPID,
    CUSTOMER_NAME,
    EA_RENEWAL,
    CSP_RENEWAL,
    ELIGIBLE_SEATS,
    WHITESPACE,
    SALES_MOTION,
    W365_PAU,
    W365_MAU,
    W365_UTILIZATION,
    INTUNE_MAU,
    INTUNE_UTILIZATION,
    ENTRA_MAU,
    ENTRA_UTILIZATION,
    MCI_ELIGIBILITY,
    INTUNE_CPOR,
    W365_CPOR,
    POTENTIAL_EARNINGS,
    PARTNER_NAME,
    MPN_ID,
    CPOR_ASSOCIATION,
    CSP_ASSOCIATION,
    CSP_TIER,
    T2_RESELLER,
    SUB_SEGMENT.hidden(),
    INDUSTRY.hidden(),
    Col::count("me5_seats", "ME5 Seats", |r| r.endpoint.me5_seats).hidden(),
    Col::count("me3_seats", "ME3 Seats", |r| r.endpoint.me3_seats).hidden(),
    Col::count("f3_seats", "F3 Seats", |r| r.endpoint.f3_seats).hidden(),
    Col::count("windows_pau", "Windows PAU", |r| r.endpoint.windows_pau).hidden(),
];

/// The columns of `insights export cloud-endpoints`, in the data contract's order: the
/// computed ones, then the `tenants.csv` columns under that file's names (so the export
/// re-imports as one), less the tenant ID and name that lead already.
pub static EXPORT_COLUMNS: &[Col] = &[
    TENANT_ID,
    TENANT_NAME.renamed("Tenant name"),
    ELIGIBLE_SEATS.renamed("W365 eligible seats"),
    WHITESPACE.renamed("W365 whitespace"),
    SALES_MOTION.renamed("Sales motion"),
    W365_PAU,
    W365_MAU,
    W365_UTILIZATION.renamed("W365 utilization"),
    INTUNE_MAU,
    INTUNE_UTILIZATION.renamed("Intune utilization"),
    ENTRA_MAU,
    ENTRA_UTILIZATION.renamed("Entra ID utilization"),
    MCI_ELIGIBILITY.renamed("MCI eligibility"),
    POTENTIAL_EARNINGS.renamed("Potential earnings"),
    DOMAIN.renamed("Tenant domain"),
    TPID,
    CUSTOMER_NAME.renamed("Customer name"),
    COUNTRY.renamed("Tenant country/region"),
    SEGMENT.renamed("Tenant segment"),
    SUB_SEGMENT.renamed("Customer sub-segment"),
    INDUSTRY,
    M365_LICENSES,
    EA_RENEWAL.renamed("EA renewal"),
    CSP_RENEWAL.renamed("Largest seat CSP renewal"),
    PARTNER_NAME.renamed("Partner name"),
    MPN_ID,
    CPOR_ASSOCIATION.renamed("CPOR association"),
    CSP_ASSOCIATION.renamed("CSP association"),
    CSP_TIER.renamed("CSP tier"),
    T2_RESELLER.renamed("T2 reseller name"),
];

/// The export CSV of `rows` in the given order.
pub fn export_csv(rows: &[CloudEndpointRow], order: &[u32]) -> String {
    let columns: Vec<&Col> = EXPORT_COLUMNS.iter().collect();
    rows_to_csv(rows, order, &columns)
}
