use super::*;
use AssociationType as A;
use SolutionArea::Security as Sec;

fn sec(tenant: u128, workload: &str, association: AssociationType) -> EligibilityRow {
    row("S1", tenant, Designation::Security, workload, association)
}

#[test]
fn the_tree_follows_the_seed() {
    let c = customer(&[sec(1, "Sentinel", A::Pal)]);
    assert_eq!(
        labels(c.area(Sec)),
        [
            "Azure workloads",
            "Azure partner association types",
            "Microsoft 365 workloads",
            "Microsoft 365 partner association types",
            "Azure net customer adds",
            "Microsoft 365 net customer adds",
            "Azure deployments",
            "Microsoft 365 deployments",
            "Azure usage growth",
            "Microsoft 365 usage growth"
        ]
    );
}

#[test]
fn each_half_has_its_workloads_and_association_type() {
    // (workload, association, Azure half, Microsoft 365 half)
    #[rustfmt::skip]
    let cases = [
        ("Sentinel", A::Pal, true, false),
        ("Microsoft Defender for Cloud", A::Pal, true, false),
        ("Sentinel", A::Cpor, false, false),
        ("Intune", A::Cpor, false, true),
        ("Microsoft Defender for Endpoints", A::CporOsu, false, true),
        ("Entra ID P2", A::Cpor, false, true),
        ("Intune", A::Csp, false, false),
        ("Teams", A::Cpor, false, false),
    ];
    for (workload, association, azure, m365) in cases {
        let c = customer(&[sec(1, workload, association)]);
        let checks: Vec<Status> = c
            .area(Sec)
            .eligibility_checks()
            .map(|(_, c)| c.status.value)
            .collect();
        assert_eq!(
            checks[1],
            Status::from_met(azure),
            "{workload} {association}"
        );
        assert_eq!(
            checks[3],
            Status::from_met(m365),
            "{workload} {association}"
        );
        assert_eq!(c.area(Sec).eligible.value, azure || m365);
    }
}

#[test]
fn intune_counts_for_the_area_its_row_names() {
    let mw = row("S1", 1, Designation::ModernWork, "Intune", A::Cpor);
    let c = customer(&[mw]);
    assert!(!c.area(Sec).eligible.value);
    assert!(c.area(SolutionArea::ModernWorkSmb).eligible.value);
}

#[test]
fn each_half_measures_its_own_rows() {
    let mut azure = sec(1, "Sentinel", A::Pal);
    azure.net_qualified = NetQualified::Gained;
    let c = customer(&[azure]);
    assert_eq!(
        metric(&c, Sec, Metric::AzureNetCustomerAdds).status.value,
        Met
    );
    let m365 = metric(&c, Sec, Metric::M365NetCustomerAdds);
    assert_eq!((m365.status.value, m365.effect.value), (NotMet, NoEffect));
    assert_eq!(
        m365.current,
        "not eligible: no row on a Microsoft 365 security workload through a qualifying association type"
    );
}

#[test]
fn deployments_count_tenants() {
    let deployed = |tenant, workload: &str, date| {
        let mut r = sec(tenant, workload, A::Cpor);
        r.qualified_deployment = Some(date);
        r
    };
    let rows = [
        deployed(1, "Intune", date!(2026 - 01 - 01)),
        deployed(1, "Entra ID P1", date!(2026 - 02 - 01)),
        deployed(2, "Intune", date!(2024 - 02 - 01)),
    ];
    let c = customer(&rows);
    let m = metric(&c, Sec, Metric::M365Deployments);
    assert_eq!((m.status.value, m.effect.value), (Met, Positive));
    assert_eq!(
        m.current,
        "1 tenant with a deployment in the last 12 months"
    );
    assert_eq!(m.rows(), [0, 1]);
    assert_eq!(
        m.criterion,
        "Tenants with a qualified deployment in the last 12 months: at least 1"
    );
    assert_eq!(
        outcome(&rows[2..], Sec, Metric::M365Deployments),
        (NotMet, NoEffect)
    );
}

#[test]
fn usage_growth_is_any_positive_acr_or_protected_users_growth() {
    let acr = |dollars| {
        let mut r = sec(1, "Sentinel", A::Pal);
        r.acr_12_months = Some(usd(dollars));
        r
    };
    #[rustfmt::skip]
    let cases = [
        (0, NotMet, NoEffect, "Security ACR (12 months) 0 USD"),
        (1, Met, Positive, "Security ACR (12 months) 1 USD"),
        (24_999, Met, Positive, "Security ACR (12 months) 24,999 USD"),
        (-20, NotMet, Negative, "Security ACR (12 months) -20 USD"),
    ];
    for (dollars, status, effect, current) in cases {
        let c = customer(&[acr(dollars)]);
        let m = metric(&c, Sec, Metric::AzureUsageGrowth);
        assert_eq!(
            (m.status.value, m.effect.value),
            (status, effect),
            "{dollars}"
        );
        assert_eq!(m.current, current);
        let p = m.conditions[0].partner.unwrap();
        assert_eq!(
            (p.amount.amount, p.at_least.amount),
            (dollars * 100, 2_500_000)
        );
    }
    let mpu = |growth| {
        let mut r = sec(1, "Defender for Office 365", A::Cpor);
        r.mpu_growth = growth;
        r
    };
    for (growth, status, effect) in [
        (0, NotMet, NoEffect),
        (1, Met, Positive),
        (-3, NotMet, Negative),
    ] {
        assert_eq!(
            outcome(&[mpu(growth)], Sec, Metric::M365UsageGrowth),
            (status, effect),
            "{growth}"
        );
    }
    let c = customer(&[mpu(30)]);
    let m = metric(&c, Sec, Metric::M365UsageGrowth);
    assert_eq!(
        m.criterion,
        "Monthly protected users growth: any positive for this customer (partner overall: at least 2,500)"
    );
    assert_eq!(
        m.current,
        "monthly protected users growth +30 protected users"
    );
}
