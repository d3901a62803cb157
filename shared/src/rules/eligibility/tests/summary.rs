use super::*;
use AssociationType as A;

fn all(rows: &[EligibilityRow]) -> (Vec<CustomerEligibility>, Vec<MetricDistribution>) {
    let customers = evaluate(rows, &SolutionsPartnerTable::default_table(), AS_OF);
    let d = distribution(&customers);
    (customers, d)
}

fn find(d: &[MetricDistribution], area: SolutionArea, m: Metric) -> &MetricDistribution {
    d.iter()
        .find(|x| x.area == area && x.metric == m)
        .expect("listed")
}

fn mw(tpid: &str, tenant: u128, net: NetQualified) -> EligibilityRow {
    let mut r = row(tpid, tenant, Designation::ModernWork, "Teams", A::Csp);
    r.net_qualified = net;
    r
}

#[test]
fn lists_every_area_metric_in_the_seed_order() {
    let (_, d) = all(&[]);
    let got: Vec<String> = d
        .iter()
        .map(|x| format!("{} · {}", x.area, x.metric))
        .collect();
    assert_eq!(got.len(), 3 * 3 + 2 * 3 + 2 * 4 + 6);
    assert_eq!(got[0], "Data & AI (Azure) · Net customer adds");
    assert_eq!(got[9], "Business Applications SMB · Net customer adds");
    assert_eq!(got[15], "Modern Work SMB · Paid available units (PAU)");
    assert_eq!(got[23], "Security · Azure net customer adds");
    assert!(d
        .iter()
        .all(|x| x.positive.is_empty() && x.partner.is_empty()));
}

#[test]
fn counts_customers_by_effect_with_the_list_behind_each_count() {
    let rows = [
        mw("C1", 1, NetQualified::Gained),
        mw("C2", 2, NetQualified::Lost),
        mw("C3", 3, NetQualified::Unchanged),
        mw("C4", 4, NetQualified::Gained),
        mw("C4", 5, NetQualified::Gained),
        // C5 has Azure rows only: no effect on Modern Work.
        row(
            "C5",
            6,
            Designation::AzureInfrastructure,
            "Azure Backup",
            A::Pal,
        ),
    ];
    let (customers, d) = all(&rows);
    let tpids: Vec<&str> = customers.iter().map(|c| c.tpid.as_str()).collect();
    assert_eq!(tpids, ["C1", "C2", "C3", "C4", "C5"]);
    let adds = find(&d, SolutionArea::ModernWorkSmb, Metric::NetCustomerAdds);
    assert_eq!(adds.customers(Positive), [0, 3]);
    assert_eq!(adds.customers(Negative), [1]);
    assert_eq!(adds.customers(NoEffect), [2, 4]);
    assert_eq!(
        [
            adds.count(Positive),
            adds.count(Negative),
            adds.count(NoEffect)
        ],
        [2, 1, 2]
    );
    let security = find(&d, SolutionArea::Security, Metric::AzureNetCustomerAdds);
    assert_eq!(security.count(NoEffect), 5);
}

fn acr(tpid: &str, dollars: i64) -> EligibilityRow {
    let mut r = row(tpid, 1, Designation::Security, "Sentinel", A::Pal);
    r.acr_12_months = Some(usd(dollars));
    r
}

fn mpu(tpid: &str, growth: i64) -> EligibilityRow {
    let mut r = row(tpid, 1, Designation::Security, "Intune", A::Cpor);
    r.mpu_growth = growth;
    r
}

#[test]
fn security_partner_overall_targets_at_their_thresholds() {
    #[rustfmt::skip]
    let cases = [
        (vec![acr("C1", 20_000), acr("C2", 4_999)], 2_499_900, NotMet),
        (vec![acr("C1", 20_000), acr("C2", 5_000)], 2_500_000, Met),
        (vec![acr("C1", 25_001), acr("C2", -1)], 2_500_000, Met),
        (vec![acr("C1", 25_000), acr("C2", -1)], 2_499_900, NotMet),
    ];
    for (rows, total, status) in cases {
        let (_, d) = all(&rows);
        let p = &find(&d, SolutionArea::Security, Metric::AzureUsageGrowth).partner;
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].total.amount, p[0].status.value),
            (total, status),
            "{total}"
        );
        assert_eq!(p[0].at_least.to_string(), "25,000 USD");
    }
    for (growth, status) in [(2_499, NotMet), (2_500, Met)] {
        let (_, d) = all(&[mpu("C1", growth - 1), mpu("C2", 1)]);
        let p = &find(&d, SolutionArea::Security, Metric::M365UsageGrowth).partner[0];
        assert_eq!((p.total.amount, p.status.value), (growth, status));
    }
    let (_, d) = all(&[mpu("C1", 2_499)]);
    let p = &find(&d, SolutionArea::Security, Metric::M365UsageGrowth).partner[0];
    assert_eq!(
        p.status.trace.to_vec(),
        [
            "Microsoft 365 usage growth: 2,499 protected users over 1 customer",
            "2,499 protected users < 2,500 protected users partner overall",
            "→ Not met"
        ]
    );
}

#[test]
fn modern_work_partner_targets_sum_eligible_customers_per_association() {
    let grow = |tpid: &str, association, growth| {
        let mut r = row(tpid, 1, Designation::ModernWork, "Teams", association);
        r.mau_growth = growth;
        r
    };
    // C3 is outside Modern Work Enterprise (CPOR only): its growth is not the partner's there.
    let rows = [
        grow("C1", A::Cpor, 300),
        grow("C1", A::Dpor, 4_000),
        grow("C2", A::Cpor, 200),
        grow("C2", A::Csp, 1_999),
        grow("C3", A::Cpor, 900),
    ];
    let (_, d) = all(&rows);
    let smb = &find(&d, SolutionArea::ModernWorkSmb, Metric::UsageGrowth).partner;
    let got: Vec<(&str, i64, Status)> = smb
        .iter()
        .map(|p| (p.condition.as_str(), p.total.amount, p.status.value))
        .collect();
    assert_eq!(
        got,
        [
            ("CPOR growth in TTM", 1_400, Met),
            ("CSP growth in TTM", 1_999, NotMet)
        ]
    );
    let ent = &find(&d, SolutionArea::ModernWorkEnterprise, Metric::UsageGrowth).partner;
    let got: Vec<(&str, i64, Status)> = ent
        .iter()
        .map(|p| (p.condition.as_str(), p.total.amount, p.status.value))
        .collect();
    assert_eq!(
        got,
        [
            ("CPOR growth in TTM", 500, NotMet),
            ("DPOR growth in TTM", 4_000, Met)
        ]
    );
}
