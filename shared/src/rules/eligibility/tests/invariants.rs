use super::*;
use proptest::prelude::*;
use std::collections::HashSet;

const WORKLOADS: [&str; 8] = [
    "Teams",
    "Intune",
    "Sales",
    "Business Central",
    "Power BI",
    "Sentinel",
    "Virtual Machines",
    "Visio",
];

fn any_row() -> impl Strategy<Value = EligibilityRow> {
    (
        (0u8..4, 0u128..5, 0usize..Designation::ALL.len()),
        (0usize..WORKLOADS.len(), 0usize..AssociationType::ALL.len()),
        (
            0u64..600,
            -50i64..50,
            0usize..3,
            proptest::option::of(0i64..500),
        ),
        (
            0i64..12_000,
            0u64..100,
            0u64..100,
            -100i64..30_000,
            -20i64..20,
        ),
    )
        .prop_map(
            |((c, t, d), (w, a), (pau, mau, net, dep), (sub, base, cur, acr, mpu))| {
                let mut r = row(
                    &format!("C{c}"),
                    t,
                    Designation::ALL[d],
                    WORKLOADS[w],
                    AssociationType::ALL[a],
                );
                r.pau = pau;
                r.mau_growth = mau;
                r.net_qualified = NetQualified::ALL[net];
                r.qualified_deployment = dep.map(|days| AS_OF - time::Duration::days(days));
                r.active_subscription = Some(usd(sub));
                r.usage_baseline = base;
                r.usage_current = cur;
                r.acr_12_months = Some(usd(acr));
                r.mpu_growth = mpu;
                r
            },
        )
}

fn statuses(
    customers: &[CustomerEligibility],
) -> Vec<(String, SolutionArea, Metric, Status, Effect)> {
    let mut v: Vec<_> = customers
        .iter()
        .flat_map(|c| {
            c.areas.iter().flat_map(move |a| {
                a.metrics().map(move |m| {
                    (
                        c.tpid.to_string(),
                        a.area,
                        m.metric,
                        m.status.value,
                        m.effect.value,
                    )
                })
            })
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #[test]
    fn every_customer_lands_in_exactly_one_bucket_per_metric(
        rows in proptest::collection::vec(any_row(), 0..40)
    ) {
        let table = SolutionsPartnerTable::default_table();
        let customers = evaluate(&rows, &table, AS_OF);
        for d in distribution(&customers) {
            let mut all: Vec<u32> = d.positive.iter().chain(&d.negative).chain(&d.no_effect).copied().collect();
            all.sort_unstable();
            prop_assert_eq!(all, (0..customers.len() as u32).collect::<Vec<_>>());
            for (i, c) in customers.iter().enumerate() {
                let m = c.area(d.area).metric(d.metric).unwrap();
                // Positive exactly when met.
                prop_assert_eq!(m.status.value == Status::Met, d.positive.contains(&(i as u32)));
                // Outside the program: not met, no effect, no share of a partner target.
                if !c.area(d.area).eligible.value {
                    prop_assert_eq!((m.status.value, m.effect.value), (Status::NotMet, Effect::NoEffect));
                    for cond in &m.conditions {
                        prop_assert_eq!(cond.partner.map_or(0, |p| p.amount.amount), 0);
                    }
                }
            }
        }
    }

    #[test]
    fn leaves_point_at_the_customers_own_rows_of_the_area(
        rows in proptest::collection::vec(any_row(), 0..40)
    ) {
        let customers = evaluate(&rows, &SolutionsPartnerTable::default_table(), AS_OF);
        prop_assert_eq!(customers.iter().map(|c| c.rows.len()).sum::<usize>(), rows.len());
        for c in &customers {
            let own: HashSet<u32> = c.rows.iter().copied().collect();
            for a in &c.areas {
                let leaves = a.eligibility_checks().map(|(_, c)| c)
                    .chain(a.metrics().flat_map(|m| m.conditions.iter().map(|c| &c.check)));
                for leaf in leaves {
                    for i in &leaf.rows {
                        prop_assert!(own.contains(i));
                        let r = &rows[*i as usize];
                        prop_assert_eq!(r.designation, a.area.designation());
                    }
                }
            }
        }
    }

    #[test]
    fn row_order_changes_nothing(rows in proptest::collection::vec(any_row(), 0..40)) {
        let table = SolutionsPartnerTable::default_table();
        let reversed: Vec<EligibilityRow> = rows.iter().rev().cloned().collect();
        prop_assert_eq!(
            statuses(&evaluate(&rows, &table, AS_OF)),
            statuses(&evaluate(&reversed, &table, AS_OF))
        );
    }
}
