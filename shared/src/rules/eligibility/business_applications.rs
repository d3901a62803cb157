//! Business Applications (SMB and Enterprise): performance workloads and association types,
//! then net customer adds; customer-success workloads and association types, then
//! deployments and usage growth — the seed's order.

use super::measures::{not_eligible, union_len, usage_growth, Item};
use super::program::{associations_check, workloads_check};
use super::subscriptions::{subscription_workloads, Bound};
use super::table::BusinessApplicationsRules;
use super::tree::{AreaResult, EligibilityCheck as E, Metric as M};
use super::{eligibility_node, eligible_trace, metric_node, Ctx};
use crate::eligibility::SolutionArea;

const NO_PERFORMANCE: &str =
    "not eligible: no row on a performance workload through a performance association type";
const NO_CUSTOMER_SUCCESS: &str = "not eligible: no row on a customer success workload through a customer success association type";

pub(super) fn evaluate(
    area: SolutionArea,
    r: &BusinessApplicationsRules,
    items: &[&Item],
    ctx: &Ctx,
) -> AreaResult {
    let what = area.designation().label();
    let (perf_workloads, perf_hits) = workloads_check(
        E::PerformanceWorkloads.label(),
        items,
        &r.performance,
        "",
        what,
    );
    let (perf_associations, perf) = associations_check(
        E::PerformanceAssociationTypes.label(),
        &perf_hits,
        &r.performance,
    );
    let (cs_workloads, cs_hits) = workloads_check(
        E::CustomerSuccessWorkloads.label(),
        items,
        &r.customer_success,
        "",
        what,
    );
    let (cs_associations, cs) = associations_check(
        E::CustomerSuccessAssociationTypes.label(),
        &cs_hits,
        &r.customer_success,
    );
    let gate = |rows_present: bool, reason: &str, c| {
        if rows_present {
            c
        } else {
            not_eligible(c, reason)
        }
    };
    let adds = Bound::Above(r.net_qualifying_subscription_above);
    let deployed = Bound::AtLeast(r.deployment_subscription_at_least);
    let nodes = vec![
        eligibility_node(E::PerformanceWorkloads, perf_workloads),
        eligibility_node(E::PerformanceAssociationTypes, perf_associations),
        metric_node(
            M::NetCustomerAdds,
            vec![gate(
                !perf.is_empty(),
                NO_PERFORMANCE,
                subscription_workloads(
                    M::NetCustomerAdds.label(),
                    &perf,
                    adds,
                    r.net_qualifying_workloads_at_least,
                    true,
                    format!(
                        "Qualifying workloads with active subscriptions {}: at least {}",
                        adds.words(),
                        r.net_qualifying_workloads_at_least
                    ),
                ),
            )],
        ),
        eligibility_node(E::CustomerSuccessWorkloads, cs_workloads),
        eligibility_node(E::CustomerSuccessAssociationTypes, cs_associations),
        metric_node(
            M::Deployments,
            vec![gate(
                !cs.is_empty(),
                NO_CUSTOMER_SUCCESS,
                subscription_workloads(
                    M::Deployments.label(),
                    &cs,
                    deployed,
                    r.deployed_workloads_at_least,
                    false,
                    format!(
                        "Unique workloads per tenant with active subscriptions {}: at least {}",
                        deployed.words(),
                        r.deployed_workloads_at_least
                    ),
                ),
            )],
        ),
        metric_node(
            M::UsageGrowth,
            vec![gate(
                !cs.is_empty(),
                NO_CUSTOMER_SUCCESS,
                usage_growth(M::UsageGrowth.label(), &cs),
            )],
        ),
    ];
    AreaResult {
        area,
        eligible: eligible_trace(area, ctx, union_len(&perf, &cs), items.len()),
        nodes,
    }
}
