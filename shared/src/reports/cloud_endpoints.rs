//! The Cloud Endpoints Opportunities report (seed 002): one row per visible tenant with its
//! Windows 365 signals, sales motion and MCI incentives.
//!
//! Here: the rows, the search and filters and their choices; in `columns`, the table's and
//! the export's columns; in `figures`, the KPI tiles and chart series over the rows shown.
//! The §2 rules themselves are in [`crate::rules::cloud_endpoints`].

mod columns;
mod figures;

pub use columns::{export_csv, COLUMNS, EXPORT_COLUMNS};
pub use figures::{
    charts, kpis, CloudEndpointCharts, CloudEndpointKpis, TenantMotion, HAS_W365_PAU, NO_W365_PAU,
};

use super::{any_selected, matches_terms, RowFilter};
use crate::config::CloudEndpointsConfig;
use crate::model::{CloudEndpoint, Segment, Tenant, YearMonth};
use crate::rules::cloud_endpoints::{assess, renewal_period, CloudEndpointAssessment, SalesMotion};
use crate::rules::trace::Trace;
use crate::scenario::Scenario;
use crate::snapshot::Snapshot;
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct CloudEndpointRow {
    pub tenant: Tenant,
    pub endpoint: CloudEndpoint,
    pub assessment: CloudEndpointAssessment,
    /// What a what-if changed in the tenant's signals (original → scenario value); `None`
    /// when they are as imported.
    pub what_if: Option<Trace>,
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
            what_if: None,
        }
    }

    pub fn sales_motion(&self) -> SalesMotion {
        self.assessment.sales_motion.motion
    }

    /// The row's "why?": what a what-if changed, the visibility checks, then the sales-motion
    /// checks.
    pub fn trace(&self) -> Vec<String> {
        let what_if = self
            .what_if
            .iter()
            .flat_map(Trace::steps)
            .map(str::to_string);
        what_if.chain(self.assessment.trace()).collect()
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
    build_rows_with(snapshot, cfg, &Scenario::default())
}

/// [`build_rows`] under a what-if: the same rows (a scenario moves utilizations only, which do
/// not decide visibility), assessed on the signals as the scenario has them.
pub fn build_rows_with(
    snapshot: &Snapshot,
    cfg: &CloudEndpointsConfig,
    scenario: &Scenario,
) -> Vec<CloudEndpointRow> {
    let mut by_tenant: HashMap<_, &CloudEndpoint> = HashMap::new();
    for ep in &snapshot.cloud_endpoints {
        by_tenant.entry(ep.tenant_id).or_insert(ep);
    }
    let mut rows: Vec<CloudEndpointRow> = snapshot
        .tenants
        .iter()
        .filter_map(|t| {
            let ep = by_tenant.get(&t.id)?;
            let row = match scenario.endpoint(ep) {
                None => CloudEndpointRow::new(t.clone(), (*ep).clone(), cfg),
                Some((ep, notes)) => CloudEndpointRow {
                    what_if: Some(notes),
                    ..CloudEndpointRow::new(t.clone(), ep, cfg)
                },
            };
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

#[cfg(test)]
mod tests;
