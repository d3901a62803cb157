use super::*;
use AssociationType as A;
use SolutionArea::{ModernWorkEnterprise as Ent, ModernWorkSmb as Smb};

fn mw(workload: &str, association: AssociationType) -> EligibilityRow {
    row("T1", 1, Designation::ModernWork, workload, association)
}

fn with_pau(pau: u64) -> EligibilityRow {
    let mut r = mw("Teams", A::Csp);
    r.pau = pau;
    r
}

#[test]
fn the_tree_follows_the_seed() {
    let c = customer(&[with_pau(20)]);
    for area in [Smb, Ent] {
        assert_eq!(
            labels(c.area(area)),
            [
                "Workloads",
                "Partner association types",
                "Paid available units (PAU)",
                "Net customer adds",
                "Deployments",
                "Usage growth"
            ]
        );
    }
    let deployments = metric(&c, Smb, Metric::Deployments);
    let leaves: Vec<&str> = deployments
        .conditions
        .iter()
        .map(|c| c.check.label.as_str())
        .collect();
    assert_eq!(
        leaves,
        [
            "CPOR net qualified deployments",
            "CSP net qualified deployments"
        ]
    );
    let growth = metric(&c, Ent, Metric::UsageGrowth);
    let leaves: Vec<&str> = growth
        .conditions
        .iter()
        .map(|c| c.check.label.as_str())
        .collect();
    assert_eq!(leaves, ["CPOR growth in TTM", "DPOR growth in TTM"]);
}

#[test]
fn pau_at_every_threshold() {
    #[rustfmt::skip]
    let cases = [
        (Smb, 10, NotMet, "highest PAU 10 (Teams)"),
        (Smb, 11, Met, "PAU 11 (Teams)"),
        (Smb, 300, Met, "PAU 300 (Teams)"),
        (Smb, 301, NotMet, "highest PAU 301 (Teams)"),
        (Ent, 300, NotMet, "highest PAU 300 (Teams)"),
        (Ent, 301, Met, "PAU 301 (Teams)"),
        (Ent, 1_000_000, Met, "PAU 1,000,000 (Teams)"),
    ];
    for (area, pau, status, current) in cases {
        let c = customer(&[with_pau(pau)]);
        let m = metric(&c, area, Metric::PaidAvailableUnits);
        assert_eq!(m.status.value, status, "{area} PAU {pau}");
        assert_eq!(m.current, current, "{area} PAU {pau}");
        let effect = if status == Met { Positive } else { NoEffect };
        assert_eq!(
            m.effect.value, effect,
            "{area} PAU {pau}: PAU has no negative"
        );
    }
    let c = customer(&[with_pau(11)]);
    assert_eq!(
        metric(&c, Smb, Metric::PaidAvailableUnits).criterion,
        "PAU of at least one workload > 10 and ≤ 300"
    );
    assert_eq!(
        metric(&c, Ent, Metric::PaidAvailableUnits).criterion,
        "PAU of at least one workload > 300"
    );
}

#[test]
fn pau_needs_only_one_workload_in_range() {
    let mut rows = vec![with_pau(412), mw("Intune", A::Cpor)];
    rows[1].pau = 120;
    let c = customer(&rows);
    let m = metric(&c, Smb, Metric::PaidAvailableUnits);
    assert_eq!(m.status.value, Met);
    assert_eq!(m.current, "PAU 120 (Intune)");
    assert_eq!(m.conditions[0].check.rows, [1], "the row in range");
    assert_eq!(
        m.status.trace.to_string(),
        "1 of 2 rows with PAU > 10 and ≤ 300 → Met"
    );
}

#[test]
fn association_type_qualifying_or_not() {
    #[rustfmt::skip]
    let cases = [
        (Smb, A::Csp, true),
        (Smb, A::CspT1, true),
        (Smb, A::CspT2, true),
        (Smb, A::Cpor, true),
        (Smb, A::Dpor, false),
        (Smb, A::Pal, false),
        (Ent, A::Csp, true),
        (Ent, A::Dpor, true),
        (Ent, A::Cpor, false),
    ];
    for (area, association, eligible) in cases {
        let mut r = mw("Teams", association);
        r.pau = 50_000;
        let c = customer(&[r]);
        let a = c.area(area);
        assert_eq!(a.eligible.value, eligible, "{area} through {association}");
        let (_, assoc) = a.eligibility_checks().nth(1).unwrap();
        assert_eq!(assoc.status.value, Status::from_met(eligible));
        assert_eq!(
            assoc.criterion,
            if area == Smb {
                "CSP, CPOR"
            } else {
                "CSP, DPOR"
            }
        );
        let pau = metric(&c, area, Metric::PaidAvailableUnits);
        if !eligible {
            assert_eq!(pau.status.value, NotMet);
            assert_eq!(
                pau.current,
                "not eligible: no row on a qualifying workload through a qualifying association type"
            );
            assert!(pau.rows().is_empty());
        }
    }
}

#[test]
fn workload_in_the_list_or_not() {
    for (workload, listed) in [
        ("Teams", true),
        ("EXO", true),
        ("Exchange Online", true),
        ("teams phone calling 1p/3p", true),
        ("TeamsPhonecalling1p/3p", true),
        ("Yammer", true),
        ("Visio", false),
        ("Dynamics 365 Sales", false),
    ] {
        let c = customer(&[mw(workload, A::Csp)]);
        let (_, w) = c.area(Smb).eligibility_checks().next().unwrap();
        assert_eq!(w.status.value, Status::from_met(listed), "{workload}");
        assert_eq!(c.area(Smb).eligible.value, listed, "{workload}");
        if !listed {
            assert_eq!(
                w.current,
                format!("no qualifying workload (found: {workload})")
            );
        }
    }
}

#[test]
fn net_qualified_minus_one_zero_plus_one() {
    #[rustfmt::skip]
    let cases = [
        (NetQualified::Lost, NotMet, Negative, "net qualified tenants -1 (0 gained, 1 lost)"),
        (NetQualified::Unchanged, NotMet, NoEffect, "net qualified tenants 0 (0 gained, 0 lost)"),
        (NetQualified::Gained, Met, Positive, "net qualified tenants +1 (1 gained, 0 lost)"),
    ];
    for (net, status, effect, current) in cases {
        let mut r = mw("Teams", A::Csp);
        r.net_qualified = net;
        let c = customer(&[r]);
        let m = metric(&c, Smb, Metric::NetCustomerAdds);
        assert_eq!((m.status.value, m.effect.value), (status, effect), "{net}");
        assert_eq!(m.current, current);
        assert_eq!(m.criterion, "Net qualified tenants: at least 1");
    }
}

#[test]
fn a_tenant_counts_once_in_net_customer_adds() {
    // Tenant 1 gained on two workloads: one tenant. Tenant 2 gained and lost: no change.
    // Tenant 3 lost: −1. Net 1 − 1 = 0.
    let mut rows = vec![
        mw("Teams", A::Csp),
        mw("Intune", A::Csp),
        row("T1", 2, Designation::ModernWork, "Teams", A::Cpor),
        row("T1", 2, Designation::ModernWork, "SPO", A::Cpor),
        row("T1", 3, Designation::ModernWork, "Teams", A::Csp),
    ];
    let nets = [1, 1, 1, -1, -1];
    for (r, n) in rows.iter_mut().zip(nets) {
        r.net_qualified = if n > 0 {
            NetQualified::Gained
        } else {
            NetQualified::Lost
        };
    }
    let c = customer(&rows);
    let m = metric(&c, Smb, Metric::NetCustomerAdds);
    assert_eq!((m.status.value, m.effect.value), (NotMet, NoEffect));
    assert_eq!(m.current, "net qualified tenants 0 (1 gained, 1 lost)");
    assert_eq!(
        m.status.trace.to_vec(),
        ["3 tenants: 1 gained, 1 lost → net 0", "0 < 1", "→ Not met"]
    );
    assert_eq!(m.rows(), [0, 1, 2, 3, 4]);
}

fn deployed(association: AssociationType, date: Date) -> EligibilityRow {
    let mut r = mw("Teams", association);
    r.qualified_deployment = Some(date);
    r
}

#[test]
fn deployments_per_association_in_the_last_twelve_months() {
    let in_window = date!(2025 - 06 - 16);
    let too_old = date!(2025 - 06 - 15);
    #[rustfmt::skip]
    let cases = [
        (Smb, vec![deployed(A::Cpor, in_window)], [Met, NotMet], Met),
        (Smb, vec![deployed(A::CspT2, AS_OF)], [NotMet, Met], Met),
        (Smb, vec![deployed(A::Cpor, too_old), deployed(A::Csp, too_old)], [NotMet, NotMet], NotMet),
        (Smb, vec![deployed(A::Csp, date!(2026 - 06 - 16))], [NotMet, NotMet], NotMet),
        // Enterprise: CPOR rows count once a CSP or DPOR row puts the customer in the program.
        (Ent, vec![deployed(A::Cpor, in_window)], [NotMet, NotMet], NotMet),
        (Ent, vec![deployed(A::Cpor, in_window), mw("Intune", A::Dpor)], [Met, NotMet], Met),
        (Ent, vec![deployed(A::Dpor, in_window)], [NotMet, Met], Met),
    ];
    for (i, (area, rows, leaves, status)) in cases.into_iter().enumerate() {
        let c = customer(&rows);
        let m = metric(&c, area, Metric::Deployments);
        let got: Vec<Status> = m.conditions.iter().map(|c| c.check.status.value).collect();
        assert_eq!(got, leaves, "case {i}");
        assert_eq!(m.status.value, status, "case {i}");
        let effect = if status == Met { Positive } else { NoEffect };
        assert_eq!(
            m.effect.value, effect,
            "case {i}: deployments never subtract"
        );
    }
    let c = customer(&[deployed(A::Cpor, too_old), mw("Teams", A::Csp)]);
    let cpor = &metric(&c, Smb, Metric::Deployments).conditions[0].check;
    assert_eq!(
        cpor.current,
        "no qualified deployment in the last 12 months (latest 2025-06-15)"
    );
    assert_eq!(
        cpor.criterion,
        "CPOR net qualified deployments in the last 12 months: at least 1"
    );
    assert_eq!(
        cpor.status.trace.to_vec(),
        [
            "deployments after 2025-06-15 up to 2026-06-15 count",
            "0 deployed workloads < 1",
            "→ Not met"
        ]
    );
}

fn growing(association: AssociationType, mau_growth: i64) -> EligibilityRow {
    let mut r = mw("Teams", association);
    r.mau_growth = mau_growth;
    r
}

#[test]
fn usage_growth_zero_or_positive() {
    #[rustfmt::skip]
    let cases = [
        (vec![growing(A::Cpor, 0)], NotMet, NoEffect, "CPOR growth in TTM: CPOR MAU growth 0 MAU; CSP growth in TTM: no qualifying rows"),
        (vec![growing(A::Cpor, 1)], Met, Positive, "CPOR growth in TTM: CPOR MAU growth +1 MAU; CSP growth in TTM: no qualifying rows"),
        (vec![growing(A::Cpor, -40)], NotMet, Negative, "CPOR growth in TTM: CPOR MAU growth -40 MAU; CSP growth in TTM: no qualifying rows"),
        (vec![growing(A::Cpor, -40), growing(A::Csp, 2)], Met, Positive, "CPOR growth in TTM: CPOR MAU growth -40 MAU; CSP growth in TTM: CSP MAU growth +2 MAU"),
        (vec![growing(A::Csp, 700), growing(A::Csp, -700)], NotMet, NoEffect, "CPOR growth in TTM: no qualifying rows; CSP growth in TTM: CSP MAU growth 0 MAU"),
    ];
    for (rows, status, effect, current) in cases {
        let c = customer(&rows);
        let m = metric(&c, Smb, Metric::UsageGrowth);
        assert_eq!(
            (m.status.value, m.effect.value),
            (status, effect),
            "{current}"
        );
        assert_eq!(m.current, current);
    }
    let c = customer(&[growing(A::Csp, 120)]);
    let m = metric(&c, Smb, Metric::UsageGrowth);
    assert_eq!(
        m.criterion,
        "CPOR MAU growth in TTM: any positive for this customer (partner overall: at least 500 MAU); or CSP MAU growth in TTM: any positive for this customer (partner overall: at least 2,000 MAU)"
    );
    let targets: Vec<(i64, i64)> = m
        .conditions
        .iter()
        .map(|c| {
            let p = c.partner.expect("a partner-level target");
            (p.amount.amount, p.at_least.amount)
        })
        .collect();
    assert_eq!(targets, [(0, 500), (120, 2000)]);
    assert_eq!(
        m.status.trace.to_vec(),
        [
            "CPOR growth in TTM: Not met",
            "CSP growth in TTM: Met",
            "→ Met (one condition is enough)"
        ]
    );
    let c = customer(&[growing(A::Dpor, 5000), growing(A::Csp, 0)]);
    let ent = metric(&c, Ent, Metric::UsageGrowth);
    let targets: Vec<(i64, i64)> = ent
        .conditions
        .iter()
        .map(|c| {
            (
                c.partner.unwrap().amount.amount,
                c.partner.unwrap().at_least.amount,
            )
        })
        .collect();
    assert_eq!(targets, [(0, 1000), (5000, 4000)]);
}
