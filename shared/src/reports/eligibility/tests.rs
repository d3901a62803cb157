use super::*;
use crate::eligibility::{AssociationType as A, Designation as D, NetQualified};
use crate::model::Segment;
use crate::money::Money;
use crate::reports::rows_to_csv;
use crate::snapshot::Snapshot;
use crate::testdata::{eligibility_row, tenant};
use time::macros::date;

const AS_OF: Date = date!(2026 - 06 - 15);

/// Contoso: Modern Work (PAU 11: SMB's side of 10 / 300) and Business Applications (501 USD:
/// above SMB's 500, not Enterprise's 1,500). Fabrikam: Security with 25,000 USD ACR, lost.
fn snapshot() -> Snapshot {
    let contoso = tenant(1, "Contoso", Segment::Smb);
    let fabrikam = tenant(2, "Fabrikam", Segment::Enterprise);
    let mut mw = eligibility_row(&contoso, D::ModernWork, "Teams", A::Csp);
    mw.pau = 11;
    mw.net_qualified = NetQualified::Gained;
    mw.qualified_deployment = Some(date!(2026 - 01 - 10));
    mw.mau_growth = 120;
    let mut ba = eligibility_row(&contoso, D::BusinessApplications, "Sales", A::CspT1);
    ba.active_subscription = Some(Money(50_100));
    ba.net_qualified = NetQualified::Gained;
    let mut sec = eligibility_row(&fabrikam, D::Security, "Sentinel", A::Pal);
    sec.acr_12_months = Some(Money(2_500_000));
    sec.net_qualified = NetQualified::Lost;
    Snapshot {
        eligibility: vec![mw, ba, sec],
        tenants: vec![contoso, fabrikam],
        ..Snapshot::default()
    }
}

fn report(role: Role) -> EligibilityReport {
    let s = snapshot();
    build(&s.eligibility, &s.solutions_partner, AS_OF, role).unwrap()
}

fn find(
    r: &EligibilityReport,
    tpid: &str,
    area: SolutionArea,
    metric: Metric,
) -> Option<(String, String)> {
    r.rows
        .iter()
        .find(|x| x.tpid.as_str() == tpid && x.area == area && x.metric == metric)
        .map(|x| (x.status.value.to_string(), x.effect.value.to_string()))
}

fn pair(status: &str, effect: &str) -> Option<(String, String)> {
    Some((status.to_string(), effect.to_string()))
}

#[test]
fn one_row_per_customer_area_and_metric_in_the_seeds_order() {
    let r = report(Role::Executive);
    let per_customer: usize = SolutionArea::ALL.iter().map(|a| Metric::of(*a).len()).sum();
    assert_eq!(per_customer, 29);
    assert_eq!(r.rows.len(), 2 * per_customer);
    assert_eq!(r.customers.len(), 2);
    assert_eq!(r.source, TableSource::Default);
    let first: Vec<String> = r.rows[..4]
        .iter()
        .map(|x| format!("{} · {}", x.area, x.metric))
        .collect();
    assert_eq!(
        first,
        [
            "Data & AI (Azure) · Net customer adds",
            "Data & AI (Azure) · Deployments",
            "Data & AI (Azure) · Usage growth",
            "Digital & App Innovation (Azure) · Net customer adds",
        ]
    );
    use SolutionArea::*;
    for (tpid, area, metric, want) in [
        (
            "1001",
            ModernWorkSmb,
            Metric::PaidAvailableUnits,
            pair("Met", "Positive"),
        ),
        (
            "1001",
            ModernWorkEnterprise,
            Metric::PaidAvailableUnits,
            pair("Not met", "No effect"),
        ),
        (
            "1001",
            BusinessApplicationsSmb,
            Metric::NetCustomerAdds,
            pair("Met", "Positive"),
        ),
        (
            "1001",
            BusinessApplicationsEnterprise,
            Metric::NetCustomerAdds,
            pair("Not met", "No effect"),
        ),
        (
            "1001",
            Security,
            Metric::AzureNetCustomerAdds,
            pair("Not met", "No effect"),
        ),
        (
            "1002",
            Security,
            Metric::AzureNetCustomerAdds,
            pair("Not met", "Negative"),
        ),
        (
            "1002",
            Security,
            Metric::AzureUsageGrowth,
            pair("Met", "Positive"),
        ),
    ] {
        assert_eq!(find(&r, tpid, area, metric), want, "{tpid} {area} {metric}");
    }
}

#[test]
fn the_export_has_exactly_the_issues_columns() {
    let r = report(Role::Executive);
    let cols: Vec<&Col> = EXPORT_COLUMNS.iter().collect();
    let i = r
        .rows
        .iter()
        .position(|x| {
            x.area == SolutionArea::ModernWorkSmb && x.metric == Metric::PaidAvailableUnits
        })
        .unwrap() as u32;
    let csv = rows_to_csv(&r.rows, &[i], &cols);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "TPID,Customer name,Solution area,Metric,Status,Criterion,Current value"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("1001,Contoso,Modern Work SMB,Paid available units (PAU),Met,"),
        "{row}"
    );
    let x = &r.rows[i as usize];
    assert!(
        x.criterion.contains("10") && x.criterion.contains("300"),
        "{}",
        x.criterion
    );
    assert!(x.current.contains("11"), "{}", x.current);
}

#[test]
fn the_summary_puts_every_customer_in_one_bucket_and_a_count_clicks_through() {
    let r = report(Role::Executive);
    assert_eq!(r.summary.len(), 29);
    for d in &r.summary {
        let n = d.count(Effect::Positive) + d.count(Effect::Negative) + d.count(Effect::NoEffect);
        assert_eq!(n, 2, "{} {}", d.area, d.metric);
    }
    let pau = r
        .summary
        .iter()
        .find(|d| d.area == SolutionArea::ModernWorkSmb && d.metric == Metric::PaidAvailableUnits)
        .unwrap();
    assert_eq!(pau.customers(Effect::Positive), [0]);
    assert_eq!(pau.customers(Effect::NoEffect), [1]);
    // The click: the area, the metric and the effect as filters list exactly those customers.
    let all: Vec<u32> = (0..r.rows.len() as u32).collect();
    let filter = EligibilityFilter {
        areas: vec![SolutionArea::ModernWorkSmb],
        metrics: vec![Metric::PaidAvailableUnits],
        effects: vec![Effect::Positive],
        ..Default::default()
    };
    assert_eq!(customers_of(&r.rows, &filter.apply(&r.rows, &all)), [0]);
    let lost = EligibilityFilter {
        effects: vec![Effect::Negative],
        ..Default::default()
    };
    assert_eq!(customers_of(&r.rows, &lost.apply(&r.rows, &all)), [1]);
    let search = EligibilityFilter {
        search: "FABRIK".into(),
        statuses: vec![Status::Met],
        ..Default::default()
    };
    let met: Vec<String> = search
        .apply(&r.rows, &all)
        .iter()
        .map(|&i| r.rows[i as usize].metric.to_string())
        .collect();
    assert_eq!(met, ["Azure usage growth"]);
}

#[test]
fn a_viewer_has_no_metric_computed_from_revenue() {
    let mut s = snapshot();
    crate::access::Redact::redact(&mut s, Role::Viewer);
    assert!(s
        .eligibility
        .iter()
        .all(|r: &EligibilityRow| r.active_subscription.is_none()));
    let r = build(&s.eligibility, &s.solutions_partner, AS_OF, Role::Viewer).unwrap();
    assert_eq!(r.rows.len(), 2 * (29 - 5));
    assert_eq!(r.summary.len(), 29 - 5);
    use SolutionArea::*;
    for (area, metric) in [
        (BusinessApplicationsSmb, Metric::NetCustomerAdds),
        (BusinessApplicationsEnterprise, Metric::Deployments),
        (Security, Metric::AzureUsageGrowth),
    ] {
        assert_eq!(find(&r, "1001", area, metric), None, "{area} {metric}");
        assert!(!r
            .summary
            .iter()
            .any(|d| d.area == area && d.metric == metric));
        assert!(!metrics_for(Role::Viewer, area).contains(&metric));
        assert!(metrics_for(Role::Executive, area).contains(&metric));
    }
    assert_eq!(
        find(&r, "1001", BusinessApplicationsSmb, Metric::UsageGrowth),
        find(
            &report(Role::Executive),
            "1001",
            BusinessApplicationsSmb,
            Metric::UsageGrowth
        ),
        "what reads no revenue is the same for both"
    );
}
