//! The Cloud Endpoints Opportunities report (seed 002): one row per visible tenant with its
//! Windows 365 signals, sales motion and MCI incentives.

use super::{any_selected, matches_terms, rows_to_csv, Column, RowFilter, SortKey};
use crate::config::CloudEndpointsConfig;
use crate::format::or_blank;
use crate::model::{CloudEndpoint, Segment, Tenant, YearMonth};
use crate::rules::cloud_endpoints::{
    assess, renewal_period, CloudEndpointAssessment, SalesMotion, TenantMotion,
};
use crate::snapshot::Snapshot;
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct CloudEndpointRow {
    pub tenant: Tenant,
    pub endpoint: CloudEndpoint,
    pub assessment: CloudEndpointAssessment,
    /// Lower-cased tenant name, ID and domain: what the search box looks in.
    haystack: String,
}

impl CloudEndpointRow {
    pub fn new(tenant: Tenant, endpoint: CloudEndpoint, cfg: &CloudEndpointsConfig) -> Self {
        let assessment = assess(&tenant, &endpoint, cfg);
        CloudEndpointRow {
            haystack: format!("{}\n{}\n{}", tenant.name, tenant.id, tenant.domain).to_lowercase(),
            tenant,
            endpoint,
            assessment,
        }
    }

    pub fn sales_motion(&self) -> SalesMotion {
        self.assessment.sales_motion.motion
    }

    /// The row's "why?": visibility checks, then the sales-motion checks.
    pub fn trace(&self) -> Vec<String> {
        self.assessment.trace()
    }

    pub fn renewal_period(&self) -> Option<YearMonth> {
        renewal_period(&self.tenant)
    }

    /// The MCI workshops, as the import lists them, joined with `; `.
    pub fn mci_eligibility(&self) -> String {
        self.endpoint.mci_eligibility.join("; ")
    }

    /// What the KPI tiles and charts take.
    pub fn tenant_motion(&self) -> TenantMotion<'_> {
        TenantMotion {
            tenant: &self.tenant,
            endpoint: &self.endpoint,
            motion: self.sales_motion(),
        }
    }
}

/// Rows of the report for the visible tenants, in tenant-name order (then ID). A tenant with
/// no `cloud_endpoints.csv` row has no W365 signals and is not in the report; should a tenant
/// have several, the first one counts, as the import file's order is the partner's.
pub fn build_rows(snapshot: &Snapshot, cfg: &CloudEndpointsConfig) -> Vec<CloudEndpointRow> {
    let mut by_tenant: HashMap<_, &CloudEndpoint> = HashMap::new();
    for ep in &snapshot.cloud_endpoints {
        by_tenant.entry(ep.tenant_id).or_insert(ep);
    }
    let mut rows: Vec<CloudEndpointRow> = snapshot
        .tenants
        .iter()
        .filter_map(|t| {
            let ep = by_tenant.get(&t.id)?;
            let row = CloudEndpointRow::new(t.clone(), (*ep).clone(), cfg);
            row.assessment.visibility.visible.then_some(row)
        })
        .collect();
    rows.sort_by(|a, b| {
        a.tenant
            .name
            .to_lowercase()
            .cmp(&b.tenant.name.to_lowercase())
            .then(a.tenant.id.cmp(&b.tenant.id))
    });
    rows
}

/// How a tenant is associated with us (the seed's CPOR / CSP Association columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Association {
    Cpor,
    Csp,
}

impl Association {
    pub const ALL: [Association; 2] = [Association::Cpor, Association::Csp];

    pub fn label(self) -> &'static str {
        match self {
            Association::Cpor => "CPOR",
            Association::Csp => "CSP",
        }
    }

    pub fn holds(self, t: &Tenant) -> bool {
        match self {
            Association::Cpor => t.cpor_association,
            Association::Csp => t.csp_association,
        }
    }
}

impl fmt::Display for Association {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The report's search and filters. Each filter keeps rows matching any of its values (empty =
/// no filtering); rows must pass every filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloudEndpointFilter {
    /// Tenant name, tenant ID or domain.
    pub search: String,
    pub segments: Vec<Segment>,
    pub sales_motions: Vec<SalesMotion>,
    /// MCI workshop names (case-insensitive): tenants eligible for any of them.
    pub mci_workshops: Vec<String>,
    /// The month of chart D (EA renewal, else largest-seat CSP renewal), so clicking a bar
    /// and filtering agree.
    pub renewal_periods: Vec<YearMonth>,
    pub associations: Vec<Association>,
}

impl RowFilter<CloudEndpointRow> for CloudEndpointFilter {
    fn search(&self) -> &str {
        &self.search
    }

    fn matches(&self, row: &CloudEndpointRow, terms: &[String]) -> bool {
        matches_terms(&row.haystack, terms)
            && any_selected(&self.segments, |s| *s == row.tenant.segment)
            && any_selected(&self.sales_motions, |m| *m == row.sales_motion())
            && any_selected(&self.mci_workshops, |w| {
                row.endpoint
                    .mci_eligibility
                    .iter()
                    .any(|e| e.trim().to_lowercase() == w.trim().to_lowercase())
            })
            && any_selected(&self.renewal_periods, |p| Some(*p) == row.renewal_period())
            && any_selected(&self.associations, |a| a.holds(&row.tenant))
    }
}

/// Every MCI workshop in the rows, sorted, once each (case-insensitively): the MCI
/// eligibility filter's choices.
pub fn mci_workshops(rows: &[CloudEndpointRow]) -> Vec<String> {
    let mut names: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            r.endpoint
                .mci_eligibility
                .iter()
                .map(|w| w.trim().to_string())
        })
        .filter(|w| !w.is_empty())
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

/// Every renewal month in the rows, chronological: the renewal filter's choices.
pub fn renewal_periods(rows: &[CloudEndpointRow]) -> Vec<YearMonth> {
    let mut months: Vec<YearMonth> = rows.iter().filter_map(|r| r.renewal_period()).collect();
    months.sort();
    months.dedup();
    months
}

type Col = Column<CloudEndpointRow>;

const TENANT_NAME: Col = Col::text("tenant_name", "Tenant Name", |r| r.tenant.name.clone());
const TENANT_ID: Col = Col::text("tenant_id", "Tenant ID", |r| r.tenant.id.to_string());
const DOMAIN: Col = Col::text("domain", "Tenant Domain", |r| r.tenant.domain.clone());
const COUNTRY: Col = Col::text("country", "Tenant Country/Region", |r| {
    r.tenant.country.clone()
});
const SEGMENT: Col = Col::text("segment", "Tenant Segment", |r| {
    r.tenant.segment.to_string()
});
const TPID: Col = Col::text("tpid", "TPID", |r| r.tenant.tpid.to_string());
const CUSTOMER_NAME: Col = Col::text("customer_name", "Customer Name", |r| {
    r.tenant.customer_name.clone()
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
const POTENTIAL_EARNINGS: Col = Col::money("potential_earnings", "Potential Earnings", |r| {
    r.endpoint.mci_estimate
});
const PARTNER_NAME: Col = Col::text("partner_name", "Partner Name", |r| {
    r.tenant.partner_name.clone()
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
    r.tenant.t2_reseller.clone()
});
const SUB_SEGMENT: Col = Col::text("sub_segment", "Customer Sub-Segment", |r| {
    r.tenant.sub_segment.clone()
});
const INDUSTRY: Col = Col::text("industry", "Industry/Vertical", |r| {
    r.tenant.industry.clone()
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

#[cfg(test)]
#[path = "cloud_endpoints/tests.rs"]
mod tests;
