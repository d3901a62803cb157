//! Modern Work (SMB and Enterprise): workloads and partner association types, then PAU, net
//! customer adds, deployments and usage growth. Deployments and usage growth have one
//! condition per association type (the seed's CPOR / CSP, CPOR / DPOR rows); each looks at the
//! customer's rows on qualifying workloads through that type, once the customer is in the
//! program.

use super::deployments::{deployments, Per, Window};
use super::measures::{
    net_qualified_tenants, not_eligible, pau_in_range, positive_sum, Item, Items, Measure,
};
use super::program::{associations_check, workloads_check};
use super::table::ModernWorkRules;
use super::tree::{AreaResult, EligibilityCheck as E, Metric as M, Unit};
use super::words;
use super::{eligibility_node, eligible_trace, metric_node, Ctx, NOT_ELIGIBLE};
use crate::eligibility::{AssociationType, SolutionArea};

pub(super) fn evaluate(
    area: SolutionArea,
    r: &ModernWorkRules,
    items: &[&Item],
    ctx: &Ctx,
) -> AreaResult {
    let what = area.designation().label();
    let (workloads, hits) = workloads_check(E::Workloads.label(), items, &r.scope, "", what);
    let (associations, q) = associations_check(E::PartnerAssociationTypes.label(), &hits, &r.scope);
    let eligible = !q.is_empty();
    let gate = |c| {
        if eligible {
            c
        } else {
            not_eligible(c, NOT_ELIGIBLE)
        }
    };
    let through = |t: AssociationType| -> Items {
        hits.iter()
            .copied()
            .filter(|i| t.covers(i.row.association))
            .collect()
    };
    let window = Window {
        months: r.deployment_window_months,
        as_of: ctx.as_of,
    };
    let deployment_conditions = r
        .deployment_paths
        .iter()
        .map(|&t| {
            gate(deployments(
                &format!("{t} net qualified deployments"),
                &through(t),
                window,
                r.net_qualified_deployments_at_least,
                Per::Workload,
                format!(
                    "{t} net qualified deployments {}: at least {}",
                    window.words(),
                    r.net_qualified_deployments_at_least
                ),
            ))
        })
        .collect();
    let growth_conditions = r
        .usage_growth_paths
        .iter()
        .map(|&(t, partner)| {
            let measure = Measure {
                name: format!("{t} MAU growth"),
                unit: Unit::Mau,
                value: |row| row.mau_growth,
            };
            gate(positive_sum(
                &format!("{t} growth in TTM"),
                &through(t),
                &measure,
                format!(
                    "{t} MAU growth in TTM: any positive for this customer (partner overall: at least {} MAU)",
                    words::thousands(partner as i64)
                ),
                Some(partner as i64),
            ))
        })
        .collect();
    let nodes = vec![
        eligibility_node(E::Workloads, workloads),
        eligibility_node(E::PartnerAssociationTypes, associations),
        metric_node(
            M::PaidAvailableUnits,
            vec![gate(pau_in_range(
                M::PaidAvailableUnits.label(),
                &q,
                r.pau_above,
                r.pau_at_most,
            ))],
        ),
        metric_node(
            M::NetCustomerAdds,
            vec![gate(net_qualified_tenants(
                M::NetCustomerAdds.label(),
                &q,
                r.net_qualified_tenants_at_least,
            ))],
        ),
        metric_node(M::Deployments, deployment_conditions),
        metric_node(M::UsageGrowth, growth_conditions),
    ];
    AreaResult {
        area,
        eligible: eligible_trace(area, ctx, q.len(), items.len()),
        nodes,
    }
}
