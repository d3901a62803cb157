use super::*;
use AssociationType as A;
use SolutionArea::{AzureDataAi, AzureDigitalAppInnovation, AzureInfrastructure};

fn az(tenant: u128, workload: &str, association: AssociationType) -> EligibilityRow {
    row(
        "A1",
        tenant,
        Designation::AzureDataAi,
        workload,
        association,
    )
}

#[test]
fn the_tree_follows_the_seed() {
    let c = customer(&[az(1, "Azure SQL Database", A::Csp)]);
    let a = c.area(AzureDataAi);
    assert_eq!(
        labels(a),
        [
            "Workloads",
            "Partner association types",
            "Net customer adds",
            "Deployments",
            "Usage growth"
        ]
    );
    let criteria: Vec<&str> = a
        .eligibility_checks()
        .map(|(_, c)| c.criterion.as_str())
        .collect();
    assert_eq!(criteria, ["All Azure services", "CSP, DPOR, PAL"]);
    assert_eq!(
        a.eligible.trace.to_vec(),
        [
            "Data & AI (Azure) rules from the default table",
            "1 of 1 Data & AI (Azure) rows qualify",
            "→ eligible"
        ]
    );
}

#[test]
fn every_azure_service_through_csp_dpor_or_pal() {
    for (association, eligible) in [
        (A::Csp, true),
        (A::CspT1, true),
        (A::Dpor, true),
        (A::Pal, true),
        (A::Cpor, false),
        (A::CporOsu, false),
    ] {
        let c = customer(&[az(1, "Azure Kubernetes Service", association)]);
        assert_eq!(
            c.area(AzureDataAi).eligible.value,
            eligible,
            "{association}"
        );
    }
}

#[test]
fn each_azure_area_reads_its_own_rows() {
    let c = customer(&[az(1, "Azure OpenAI", A::Pal)]);
    assert!(c.area(AzureDataAi).eligible.value);
    for other in [AzureDigitalAppInnovation, AzureInfrastructure] {
        let a = c.area(other);
        assert!(!a.eligible.value, "{other}");
        let (_, w) = a.eligibility_checks().next().unwrap();
        assert_eq!(w.current, format!("no {} rows", other.designation()));
    }
}

#[test]
fn net_customer_adds_minus_one_zero_plus_one() {
    for (net, status, effect) in [
        (NetQualified::Lost, NotMet, Negative),
        (NetQualified::Unchanged, NotMet, NoEffect),
        (NetQualified::Gained, Met, Positive),
    ] {
        let mut r = az(1, "Azure SQL Database", A::Dpor);
        r.net_qualified = net;
        assert_eq!(
            outcome(&[r], AzureDataAi, Metric::NetCustomerAdds),
            (status, effect),
            "{net}"
        );
    }
}

#[test]
fn deployments_leave_out_virtual_machines() {
    let deployed = |workload: &str| {
        let mut r = az(1, workload, A::Csp);
        r.qualified_deployment = Some(date!(2026 - 01 - 10));
        r
    };
    #[rustfmt::skip]
    let cases = [
        (vec![deployed("Virtual Machines")], NotMet),
        (vec![deployed("virtual machine licenses")], NotMet),
        (vec![deployed("Virtual Machines"), deployed("Azure SQL Database")], Met),
        (vec![deployed("Azure Functions")], Met),
    ];
    for (rows, status) in cases {
        let c = customer(&rows);
        let m = metric(&c, AzureDataAi, Metric::Deployments);
        assert_eq!(m.status.value, status, "{:?}", rows[0].workload);
    }
    let c = customer(&[deployed("Virtual Machines"), deployed("Azure SQL Database")]);
    let m = metric(&c, AzureDataAi, Metric::Deployments);
    assert_eq!(
        m.criterion,
        "Workloads with a qualified deployment in the last 12 months (all Azure services except Virtual Machines, Virtual Machine Licenses): at least 1"
    );
    assert_eq!(
        m.current,
        "1 deployed workload in the last 12 months: Azure SQL Database"
    );
    assert_eq!(m.rows(), [1], "the counted row only");
}

#[test]
fn usage_growth_zero_or_positive() {
    for (baseline, current, status, effect) in [
        (1_000, 1_000, NotMet, NoEffect),
        (1_000, 1_001, Met, Positive),
        (1_000, 999, NotMet, Negative),
    ] {
        let mut r = az(1, "Azure SQL Database", A::Pal);
        r.usage_baseline = baseline;
        r.usage_current = current;
        assert_eq!(
            outcome(&[r], AzureDataAi, Metric::UsageGrowth),
            (status, effect),
            "{baseline} → {current}"
        );
    }
}

#[test]
fn a_customer_outside_the_program_meets_nothing_and_has_no_effect() {
    let mut r = az(1, "Azure SQL Database", A::Cpor);
    r.net_qualified = NetQualified::Lost;
    r.usage_baseline = 10;
    r.usage_current = 900;
    let c = customer(&[r]);
    for m in c.area(AzureDataAi).metrics() {
        assert_eq!(
            (m.status.value, m.effect.value),
            (NotMet, NoEffect),
            "{}",
            m.metric
        );
        assert_eq!(
            m.status.trace.to_vec(),
            [
                "not eligible: no row on a qualifying workload through a qualifying association type",
                "→ Not met"
            ]
        );
    }
    let (_, assoc) = c.area(AzureDataAi).eligibility_checks().nth(1).unwrap();
    assert_eq!(assoc.current, "no qualifying association (found: CPOR)");
    assert_eq!(assoc.rows, [0], "the rows looked at");
}
