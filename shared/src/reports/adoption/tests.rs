use super::*;
use crate::model::ClaimedBy;
use crate::reports::rows_to_csv;
use crate::testdata::{tenant, workload};

fn licensed(
    t: &Tenant,
    name: &str,
    claimed_by: Option<ClaimedBy>,
    (sold, assigned, total, active): (u64, u64, u64, u64),
) -> crate::model::WorkloadUsage {
    let mut w = workload(t, name, 0, 0, claimed_by, None);
    w.sold_licenses = sold;
    w.assigned_licenses = assigned;
    w.total_entitlements = total;
    w.active_entitlements = active;
    w
}

/// Alpha (one of our claims) and Beta (CSP only) are one customer; Gamma is not associated.
fn snapshot() -> Snapshot {
    let alpha = tenant(1, "Alpha", Segment::Smb);
    let mut beta = tenant(2, "Beta", Segment::Enterprise);
    beta.tpid = alpha.tpid.clone();
    beta.customer_name = "Alpha Group".into();
    beta.csp_association = true;
    let gamma = tenant(3, "Gamma", Segment::Smb);
    Snapshot {
        workloads: vec![
            licensed(&alpha, "Teams", Some(ClaimedBy::Us), (100, 80, 100, 49)),
            licensed(
                &alpha,
                "Exchange Online",
                Some(ClaimedBy::Other),
                (9, 9, 9, 9),
            ),
            licensed(&alpha, "Intune", None, (0, 10, 200, 250)),
            licensed(&beta, "Teams", None, (50, 50, 50, 50)),
            licensed(&gamma, "Teams", None, (70, 70, 70, 7)),
        ],
        tenants: vec![alpha, beta, gamma],
        ..Snapshot::default()
    }
}

fn rows() -> Vec<AdoptionReportRow> {
    build_rows(&snapshot(), &AdoptionConfig::default())
}

#[test]
fn the_export_is_one_row_per_associated_tenant_and_visible_workload() {
    let rows = rows();
    let cols: Vec<&Col> = EXPORT_COLUMNS.iter().collect();
    let order: Vec<u32> = (0..rows.len() as u32).collect();
    let t1 = TenantId(uuid::Uuid::from_u128(1));
    let t2 = TenantId(uuid::Uuid::from_u128(2));
    assert_eq!(
        rows_to_csv(&rows, &order, &cols),
        format!(
            "Tenant ID,Tenant name,TPID,Customer name,Workload,SKU,Sold licenses,Assigned licenses,\
Total entitlements,Active entitlements,Deployment %,Usage %,Low adoption,Usage above 100%\n\
{t1},Alpha,1001,Alpha,Teams,E3,100,80,100,49,80.0%,49.0%,Yes,No\n\
{t1},Alpha,1001,Alpha,Intune,E3,0,10,200,250,–,125.0%,No,Yes\n\
{t2},Beta,1001,Alpha Group,Teams,E3,50,50,50,50,100.0%,100.0%,No,No\n"
        )
    );
}

#[test]
fn a_customer_is_its_tenants_ratio_of_sums() {
    let rows = rows();
    // Sold 150, assigned 140; total 350, active 349 — not the mean of the rows' percentages.
    for r in &rows {
        assert_eq!(crate::format::percent(r.customer.deployment.value), "93.3%");
        assert_eq!(crate::format::percent(r.customer.usage.value), "99.7%");
    }
    let col = COLUMNS.iter().find(|c| c.id == "customer_usage").unwrap();
    assert_eq!(col.cell(&rows[0]), "99.7%");
    assert!(!col.default_visible);
    let why = (col.why.unwrap())(&rows[0]);
    assert_eq!(why, ["Usage % = active 349 / total 350 = 99.7%"]);
}

#[test]
fn filters_keep_what_they_name() {
    let rows = rows();
    let all: Vec<u32> = (0..rows.len() as u32).collect();
    let names = |f: &AdoptionFilter| -> Vec<String> {
        f.apply(&rows, &all)
            .iter()
            .map(|&i| {
                format!(
                    "{} {}",
                    rows[i as usize].tenant_name, rows[i as usize].workload
                )
            })
            .collect()
    };
    for (filter, want) in [
        (
            AdoptionFilter::default(),
            vec!["Alpha Teams", "Alpha Intune", "Beta Teams"],
        ),
        (
            AdoptionFilter {
                low_adoption: true,
                ..Default::default()
            },
            vec!["Alpha Teams"],
        ),
        (
            AdoptionFilter {
                above_100: true,
                ..Default::default()
            },
            vec!["Alpha Intune"],
        ),
        (
            AdoptionFilter {
                segments: vec![Segment::Enterprise],
                ..Default::default()
            },
            vec!["Beta Teams"],
        ),
        (
            AdoptionFilter {
                workloads: vec![" teams ".into()],
                ..Default::default()
            },
            vec!["Alpha Teams", "Beta Teams"],
        ),
        (
            AdoptionFilter {
                search: "alpha group".into(),
                ..Default::default()
            },
            vec!["Beta Teams"],
        ),
        (
            AdoptionFilter {
                search: "1001 intune".into(),
                ..Default::default()
            },
            vec!["Alpha Intune"],
        ),
    ] {
        assert_eq!(names(&filter), want, "{filter:?}");
    }
    assert_eq!(workload_names(&rows), ["Intune", "Teams"]);
}

#[test]
fn tiles_and_chart_add_up_the_rows_shown() {
    let rows = rows();
    let cfg = AdoptionConfig::default();
    let all: Vec<u32> = (0..rows.len() as u32).collect();
    let k = kpis(&rows, &all, &cfg);
    assert_eq!((k.customers, k.tenants, k.rows), (1, 2, 3));
    assert_eq!((k.low_adoption_rows, k.above_100_rows), (1, 1));
    assert_eq!(
        crate::format::percent(k.portfolio.deployment.value),
        "93.3%"
    );
    let only_beta = kpis(&rows, &[2], &cfg);
    assert_eq!(
        crate::format::percent(only_beta.portfolio.usage.value),
        "100.0%"
    );
    assert_eq!(only_beta.tenants, 1);
    let series = workload_series(&rows, &all, &cfg);
    let shown: Vec<(String, usize, String, String)> = series
        .iter()
        .map(|p| {
            (
                p.workload.clone(),
                p.rows,
                crate::format::percent(p.adoption.deployment.value),
                crate::format::percent(p.adoption.usage.value),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "Intune".to_string(),
                1,
                "–".to_string(),
                "125.0%".to_string()
            ),
            (
                "Teams".to_string(),
                2,
                "86.7%".to_string(),
                "66.0%".to_string()
            ),
        ]
    );
}
