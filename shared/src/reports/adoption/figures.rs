//! The Adoption page's tiles and its deployment-vs-usage chart, over the rows shown: every
//! figure is a ratio of sums (never an average of the rows' percentages).

use super::AdoptionReportRow;
use crate::rules::adoption::{evaluate, Adoption, AdoptionConfig, Licenses};
use std::collections::{BTreeMap, HashSet};

/// The tiles.
#[derive(Debug, Clone, PartialEq)]
pub struct AdoptionKpis {
    /// Deployment % and Usage % of the rows' summed licenses.
    pub portfolio: Adoption,
    pub customers: usize,
    pub tenants: usize,
    pub rows: usize,
    pub low_adoption_rows: usize,
    pub above_100_rows: usize,
}

/// One workload of the chart: its rows' summed licenses and their figures.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadPoint {
    pub workload: String,
    pub rows: usize,
    pub adoption: Adoption,
}

fn sum<'a>(rows: impl Iterator<Item = &'a AdoptionReportRow>) -> Licenses {
    let mut l = Licenses::default();
    for r in rows {
        l.add(r.licenses());
    }
    l
}

/// The tiles over `rows` in `order` (what the table shows).
pub fn kpis(rows: &[AdoptionReportRow], order: &[u32], cfg: &AdoptionConfig) -> AdoptionKpis {
    let shown = || order.iter().map(|&i| &rows[i as usize]);
    let customers: HashSet<String> = shown()
        .map(|r| {
            if r.tpid.as_str().is_empty() {
                format!("tenant:{}", r.tenant_id)
            } else {
                format!("tpid:{}", r.tpid)
            }
        })
        .collect();
    let tenants: HashSet<_> = shown().map(|r| r.tenant_id).collect();
    AdoptionKpis {
        portfolio: evaluate(sum(shown()), cfg),
        customers: customers.len(),
        tenants: tenants.len(),
        rows: order.len(),
        low_adoption_rows: shown().filter(|r| r.low_adoption()).count(),
        above_100_rows: shown().filter(|r| r.above_100()).count(),
    }
}

/// One point per workload of the rows shown, by name (case aside).
pub fn workload_series(
    rows: &[AdoptionReportRow],
    order: &[u32],
    cfg: &AdoptionConfig,
) -> Vec<WorkloadPoint> {
    let mut by: BTreeMap<String, (String, Vec<&AdoptionReportRow>)> = BTreeMap::new();
    for &i in order {
        let r = &rows[i as usize];
        by.entry(r.workload.as_str().to_lowercase())
            .or_insert_with(|| (r.workload.to_string(), Vec::new()))
            .1
            .push(r);
    }
    by.into_values()
        .map(|(workload, rs)| WorkloadPoint {
            workload,
            rows: rs.len(),
            adoption: evaluate(sum(rs.into_iter()), cfg),
        })
        .collect()
}
