use super::*;
use AssociationType as A;
use SolutionArea::{BusinessApplicationsEnterprise as Ent, BusinessApplicationsSmb as Smb};

fn ba(tenant: u128, workload: &str, association: AssociationType, dollars: i64) -> EligibilityRow {
    let mut r = row(
        "B1",
        tenant,
        Designation::BusinessApplications,
        workload,
        association,
    );
    r.active_subscription = Some(usd(dollars));
    r
}

#[test]
fn the_tree_follows_the_seed() {
    let c = customer(&[ba(1, "Sales", A::Dpor, 10)]);
    for area in [Smb, Ent] {
        assert_eq!(
            labels(c.area(area)),
            [
                "Performance workloads",
                "Performance partner association types",
                "Net customer adds",
                "Customer success workloads",
                "Customer success partner association types",
                "Deployments",
                "Usage growth"
            ]
        );
    }
    let (_, cs) = c.area(Smb).eligibility_checks().nth(3).unwrap();
    assert_eq!(
        cs.criterion,
        "Dynamics 365: CPOR OSU, DPOR; Power Platform & Customer Insights: PAL"
    );
}

#[test]
fn net_customer_adds_at_the_subscription_thresholds() {
    #[rustfmt::skip]
    let cases = [
        (Smb, 500, NotMet),
        (Smb, 501, Met),
        (Ent, 1_500, NotMet),
        (Ent, 1_501, Met),
        (Ent, 501, NotMet),
    ];
    for (area, dollars, status) in cases {
        let c = customer(&[ba(1, "Sales", A::CporRevRec, dollars)]);
        let m = metric(&c, area, Metric::NetCustomerAdds);
        assert_eq!(m.status.value, status, "{area} {dollars} USD");
        let effect = if status == Met { Positive } else { NoEffect };
        assert_eq!(m.effect.value, effect, "{area} {dollars} USD");
    }
    let c = customer(&[
        ba(1, "Sales", A::CporRevRec, 501),
        ba(1, "Power BI", A::CspT1, 1_200),
    ]);
    let m = metric(&c, Smb, Metric::NetCustomerAdds);
    assert_eq!(m.current, "2 workloads: Power BI 1,200 USD, Sales 501 USD");
    assert_eq!(
        m.criterion,
        "Qualifying workloads with active subscriptions above 500 USD: at least 1"
    );
    let m = metric(&c, Ent, Metric::NetCustomerAdds);
    assert_eq!(
        m.current,
        "no workload above 1,500 USD (highest: Power BI 1,200 USD)"
    );
}

#[test]
fn workloads_roll_up_per_tenant_across_association_types() {
    // 300 + 250 on one tenant's Sales is one workload of 550 USD; 300 on each of two tenants
    // is two workloads of 300 USD.
    let same_tenant = [
        ba(1, "Sales", A::CporRevRec, 300),
        ba(1, "sales", A::Dpor, 250),
    ];
    let two_tenants = [ba(1, "Sales", A::Dpor, 300), ba(2, "Sales", A::Dpor, 300)];
    assert_eq!(
        outcome(&same_tenant, Smb, Metric::NetCustomerAdds),
        (Met, Positive)
    );
    assert_eq!(
        outcome(&two_tenants, Smb, Metric::NetCustomerAdds),
        (NotMet, NoEffect)
    );
    let c = customer(&same_tenant);
    assert_eq!(metric(&c, Smb, Metric::NetCustomerAdds).rows(), [0, 1]);
}

#[test]
fn a_lost_performance_workload_is_a_negative_effect() {
    let mut lost = ba(1, "Sales", A::Dpor, 100);
    lost.net_qualified = NetQualified::Lost;
    assert_eq!(
        outcome(&[lost.clone()], Smb, Metric::NetCustomerAdds),
        (NotMet, Negative)
    );
    // Still met elsewhere: the loss does not outweigh a qualifying workload.
    let rows = [lost, ba(1, "Power BI", A::Dpor, 900)];
    assert_eq!(
        outcome(&rows, Smb, Metric::NetCustomerAdds),
        (Met, Positive)
    );
}

#[test]
fn deployments_at_the_subscription_thresholds() {
    #[rustfmt::skip]
    let cases = [
        (Smb, 4_999, NotMet),
        (Smb, 5_000, Met),
        (Ent, 9_999, NotMet),
        (Ent, 10_000, Met),
    ];
    for (area, dollars, status) in cases {
        let c = customer(&[ba(1, "Business Central", A::CporOsu, dollars)]);
        let m = metric(&c, area, Metric::Deployments);
        assert_eq!(m.status.value, status, "{area} {dollars} USD");
        let effect = if status == Met { Positive } else { NoEffect };
        assert_eq!(m.effect.value, effect, "{area} {dollars} USD");
    }
    let c = customer(&[ba(1, "Business Central", A::CporOsu, 5_000)]);
    let m = metric(&c, Smb, Metric::Deployments);
    assert_eq!(
        m.criterion,
        "Unique workloads per tenant with active subscriptions of at least 5,000 USD: at least 1"
    );
    assert_eq!(m.current, "1 workload: Business Central 5,000 USD");
}

#[test]
fn association_types_by_part_and_product() {
    // (workload, association, performance, customer success)
    #[rustfmt::skip]
    let cases = [
        ("Sales", A::CporRevRec, true, false),
        ("Sales", A::CporRevRecPerformance, true, false),
        ("Sales", A::CspT2, true, false),
        ("Sales", A::Csp, false, false),
        ("Sales", A::Pal, false, false),
        ("Business Central", A::CporOsu, false, true),
        ("Business Central", A::Dpor, true, true),
        ("Business Central", A::Pal, false, false),
        ("Business Central", A::Cpor, false, false),
        ("Power BI", A::Pal, false, true),
        ("Power BI", A::Dpor, true, false),
        ("Customer Insights", A::Pal, false, true),
        ("Customer Insights Partner", A::CporOsa, true, false),
        ("Power App", A::Pal, false, true),
        ("Visio", A::Dpor, false, false),
    ];
    for (workload, association, performance, customer_success) in cases {
        let c = customer(&[ba(1, workload, association, 9_000)]);
        let a = c.area(Smb);
        let checks: Vec<Status> = a
            .eligibility_checks()
            .map(|(_, c)| c.status.value)
            .collect();
        assert_eq!(
            checks[1],
            Status::from_met(performance),
            "{workload} {association}"
        );
        assert_eq!(
            checks[3],
            Status::from_met(customer_success),
            "{workload} {association}"
        );
        assert_eq!(a.eligible.value, performance || customer_success);
        let adds = metric(&c, Smb, Metric::NetCustomerAdds);
        assert_eq!(
            adds.status.value,
            Status::from_met(performance),
            "{workload}"
        );
        let deployments = metric(&c, Smb, Metric::Deployments);
        assert_eq!(deployments.status.value, Status::from_met(customer_success));
        if !customer_success {
            assert_eq!(
                deployments.current,
                "not eligible: no row on a customer success workload through a customer success association type"
            );
        }
    }
}

#[test]
fn usage_growth_current_against_baseline() {
    let grown = |baseline, current| {
        let mut r = ba(1, "Power Automate", A::Pal, 0);
        r.usage_baseline = baseline;
        r.usage_current = current;
        r
    };
    #[rustfmt::skip]
    let cases = [
        (400, 500, Met, Positive, "usage growth 125.0% (500/400)"),
        (400, 400, NotMet, NoEffect, "usage growth 100.0% (400/400)"),
        (400, 300, NotMet, Negative, "usage growth 75.0% (300/400)"),
        (0, 10, Met, Positive, "usage growth – (10/0)"),
        (0, 0, NotMet, NoEffect, "usage growth – (0/0)"),
    ];
    for (baseline, current, status, effect, words) in cases {
        let c = customer(&[grown(baseline, current)]);
        let m = metric(&c, Ent, Metric::UsageGrowth);
        assert_eq!(
            (m.status.value, m.effect.value),
            (status, effect),
            "{words}"
        );
        assert_eq!(m.current, words);
    }
    // Summed over the customer's rows, not per row.
    let c = customer(&[grown(100, 50), grown(100, 200)]);
    let m = metric(&c, Smb, Metric::UsageGrowth);
    assert_eq!(m.current, "usage growth 125.0% (250/200)");
    assert_eq!(
        m.status.trace.to_string(),
        "usage current 250 > baseline 200 → Met"
    );
}
