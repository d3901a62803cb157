//! The Cloud Endpoints Opportunities report (seed 002): one row per visible tenant with its
//! Windows 365 signals, sales motion and MCI incentives.

use super::{any_selected, matches_terms, Column, RowFilter, SortKey};
use crate::config::CloudEndpointsConfig;
use crate::format::{or_blank, yes_no};
use crate::import::{tenant_record, ImportFile};
use crate::model::{CloudEndpoint, Segment, Tenant, YearMonth};
use crate::ratio::Ratio;
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

fn month_key(m: Option<YearMonth>) -> SortKey {
    m.map(|m| SortKey::Num(f64::from(m.year) * 12.0 + f64::from(m.month)))
        .unwrap_or(SortKey::Missing)
}

fn count_key(n: u64) -> SortKey {
    SortKey::Num(n as f64)
}

fn ratio_key(r: Ratio) -> SortKey {
    SortKey::Num(r.value())
}

/// A column of the table whose cell is `$body` shown with `Display`; `$visible` is its
/// `default_visible`.
macro_rules! col {
    ($id:literal, $header:literal, $visible:expr, text: |$r:ident| $body:expr) => {
        Column {
            id: $id,
            header: $header,
            cell: |$r: &CloudEndpointRow| ($body).to_string(),
            sort: |$r: &CloudEndpointRow| SortKey::text(&($body).to_string()),
            numeric: false,
            default_visible: $visible,
            why: None,
        }
    };
    ($id:literal, $header:literal, $visible:expr, count: |$r:ident| $body:expr) => {
        Column {
            id: $id,
            header: $header,
            cell: |$r: &CloudEndpointRow| ($body).to_string(),
            sort: |$r: &CloudEndpointRow| count_key($body),
            numeric: true,
            default_visible: $visible,
            why: None,
        }
    };
    ($id:literal, $header:literal, $visible:expr, ratio: |$r:ident| $body:expr) => {
        Column {
            id: $id,
            header: $header,
            cell: |$r: &CloudEndpointRow| ($body).to_string(),
            sort: |$r: &CloudEndpointRow| ratio_key($body),
            numeric: true,
            default_visible: $visible,
            why: None,
        }
    };
}

/// The seed's default columns in its order, then its hidden columns.
pub static COLUMNS: &[Column<CloudEndpointRow>] = &[
    col!("tenant_name", "Tenant Name", true, text: |r| r.tenant.name),
    col!("tenant_id", "Tenant ID", true, text: |r| r.tenant.id),
    col!("domain", "Tenant Domain", true, text: |r| r.tenant.domain),
    col!("country", "Tenant Country/Region", true, text: |r| r.tenant.country),
    col!("segment", "Tenant Segment", true, text: |r| r.tenant.segment),
    col!("tpid", "TPID", true, text: |r| r.tenant.tpid),
    col!("customer_name", "Customer Name", true, text: |r| r.tenant.customer_name),
    Column {
        id: "ea_renewal",
        header: "EA Renewal",
        cell: |r| or_blank(r.tenant.ea_renewal),
        sort: |r| month_key(r.tenant.ea_renewal),
        numeric: true,
        default_visible: true,
        why: None,
    },
    Column {
        id: "csp_renewal",
        header: "Largest Seat CSP Renewal",
        cell: |r| or_blank(r.tenant.csp_renewal),
        sort: |r| month_key(r.tenant.csp_renewal),
        numeric: true,
        default_visible: true,
        why: None,
    },
    col!("eligible_seats", "W365 Eligible Seats", true, count: |r| r.assessment.eligible_seats),
    col!("whitespace", "W365 Whitespace", true, count: |r| r.assessment.whitespace),
    Column {
        id: "sales_motion",
        header: "Sales Motion",
        cell: |r| r.sales_motion().to_string(),
        // The spec's evaluation order (Nurture first), not the alphabet.
        sort: |r| {
            count_key(
                SalesMotion::ALL
                    .iter()
                    .position(|m| *m == r.sales_motion())
                    .unwrap_or(0) as u64,
            )
        },
        numeric: false,
        default_visible: true,
        why: Some(|r| r.trace()),
    },
    col!("w365_pau", "W365 PAU", true, count: |r| r.endpoint.w365_pau),
    col!("w365_mau", "W365 MAU", true, count: |r| r.endpoint.w365_mau),
    col!("w365_utilization", "W365 Utilization", true, ratio: |r| r.assessment.w365_utilization),
    col!("intune_mau", "Intune MAU", true, count: |r| r.endpoint.intune_mau),
    col!("intune_utilization", "Intune Utilization", true, ratio: |r| r.assessment.intune_utilization),
    col!("entra_mau", "Entra ID MAU", true, count: |r| r.endpoint.entra_mau),
    col!("entra_utilization", "Entra ID Utilization", true, ratio: |r| r.assessment.entra_utilization),
    col!("mci_eligibility", "MCI Eligibility", true, text: |r| r.mci_eligibility()),
    col!("intune_cpor", "Intune CPOR Eligibility", true, text: |r| yes_no(r.endpoint.intune_cpor_eligible)),
    col!("w365_cpor", "W365 CPOR Eligibility", true, text: |r| yes_no(r.endpoint.w365_cpor_eligible)),
    // The data contract carries one MCI estimate per tenant and no CPOR usage incentive for
    // W365, so the seed's "Potential Earnings" is that estimate.
    Column {
        id: "potential_earnings",
        header: "Potential Earnings",
        cell: |r| r.endpoint.mci_estimate.to_string(),
        sort: |r| SortKey::Num(r.endpoint.mci_estimate.cents() as f64),
        numeric: true,
        default_visible: true,
        why: None,
    },
    col!("partner_name", "Partner Name", true, text: |r| r.tenant.partner_name),
    col!("mpn_id", "Partner Center ID (MPN)", true, text: |r| r.tenant.mpn_id),
    col!("cpor_association", "CPOR Association", true, text: |r| yes_no(r.tenant.cpor_association)),
    col!("csp_association", "CSP Association", true, text: |r| yes_no(r.tenant.csp_association)),
    col!("csp_tier", "CSP Tier", true, text: |r| or_blank(r.tenant.csp_tier)),
    col!("t2_reseller", "T2 Reseller Name", true, text: |r| r.tenant.t2_reseller),
    col!("sub_segment", "Customer Sub-Segment", false, text: |r| r.tenant.sub_segment),
    col!("industry", "Industry/Vertical", false, text: |r| r.tenant.industry),
    col!("me5_seats", "ME5 Seats", false, count: |r| r.endpoint.me5_seats),
    col!("me3_seats", "ME3 Seats", false, count: |r| r.endpoint.me3_seats),
    col!("f3_seats", "F3 Seats", false, count: |r| r.endpoint.f3_seats),
    col!("windows_pau", "Windows PAU", false, count: |r| r.endpoint.windows_pau),
];

/// An export column: its header and its cell.
pub type ExportColumn = (&'static str, fn(&CloudEndpointRow) -> String);

/// The computed columns of `insights export cloud-endpoints`, in the data contract's order.
pub static EXPORT_COMPUTED: &[ExportColumn] = &[
    ("Tenant ID", |r| r.tenant.id.to_string()),
    ("Tenant name", |r| r.tenant.name.clone()),
    ("W365 eligible seats", |r| {
        r.assessment.eligible_seats.to_string()
    }),
    ("W365 whitespace", |r| r.assessment.whitespace.to_string()),
    ("Sales motion", |r| r.sales_motion().to_string()),
    ("W365 PAU", |r| r.endpoint.w365_pau.to_string()),
    ("W365 MAU", |r| r.endpoint.w365_mau.to_string()),
    ("W365 utilization", |r| {
        r.assessment.w365_utilization.to_string()
    }),
    ("Intune MAU", |r| r.endpoint.intune_mau.to_string()),
    ("Intune utilization", |r| {
        r.assessment.intune_utilization.to_string()
    }),
    ("Entra ID MAU", |r| r.endpoint.entra_mau.to_string()),
    ("Entra ID utilization", |r| {
        r.assessment.entra_utilization.to_string()
    }),
    ("MCI eligibility", |r| r.mci_eligibility()),
    ("Potential earnings", |r| {
        r.endpoint.mci_estimate.to_string()
    }),
];

/// Tenant ID and name lead the computed columns already, so the trailing tenant columns
/// (named as in `tenants.csv`, which makes the export re-importable as one) skip them.
fn is_leading_tenant_column(header: &str) -> bool {
    header == "Tenant ID" || header == "Tenant name"
}

/// The export's headers: the computed columns, then the `tenants.csv` columns.
pub fn export_headers() -> Vec<&'static str> {
    EXPORT_COMPUTED
        .iter()
        .map(|(h, _)| *h)
        .chain(
            ImportFile::Tenants
                .columns()
                .iter()
                .copied()
                .filter(|h| !is_leading_tenant_column(h)),
        )
        .collect()
}

/// One export line, matching [`export_headers`].
pub fn export_record(row: &CloudEndpointRow) -> Vec<String> {
    let tenant = ImportFile::Tenants
        .columns()
        .iter()
        .zip(tenant_record(&row.tenant))
        .filter(|(h, _)| !is_leading_tenant_column(h))
        .map(|(_, v)| v);
    EXPORT_COMPUTED
        .iter()
        .map(|(_, cell)| cell(row))
        .chain(tenant)
        .collect()
}

/// The export CSV of `rows` in the given order.
pub fn export_csv(rows: &[CloudEndpointRow], order: &[u32]) -> String {
    crate::csv_out::to_csv(
        &export_headers(),
        order.iter().map(|&i| export_record(&rows[i as usize])),
    )
}

#[cfg(test)]
#[path = "cloud_endpoints/tests.rs"]
mod tests;
