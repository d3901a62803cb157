//! Azure (Data & AI, Digital & App Innovation, Infrastructure): workloads and partner
//! association types, then net customer adds, deployments and usage growth.

use super::deployments::{deployments, Per, Window};
use super::measures::{net_qualified_tenants, not_eligible, usage_growth, Item, Items};
use super::program::{associations_check, workloads_check};
use super::table::AzureRules;
use super::tree::{AreaResult, EligibilityCheck as E, Metric as M};
use super::{eligibility_node, eligible_trace, metric_node, Ctx, NOT_ELIGIBLE};
use crate::eligibility::SolutionArea;

pub(super) fn evaluate(
    area: SolutionArea,
    r: &AzureRules,
    items: &[&Item],
    ctx: &Ctx,
) -> AreaResult {
    let what = area.designation().label();
    let (workloads, hits) = workloads_check(
        E::Workloads.label(),
        items,
        &r.scope,
        "All Azure services",
        what,
    );
    let (associations, q) = associations_check(E::PartnerAssociationTypes.label(), &hits, &r.scope);
    let eligible = !q.is_empty();
    let gate = |c| {
        if eligible {
            c
        } else {
            not_eligible(c, NOT_ELIGIBLE)
        }
    };
    let window = Window {
        months: r.deployment_window_months,
        as_of: ctx.as_of,
    };
    let deployable: Items = q
        .iter()
        .copied()
        .filter(|i| !r.deployment_excluded.matches_key(&i.key))
        .collect();
    let services = if r.deployment_excluded.is_empty() {
        "all Azure services".to_string()
    } else {
        format!(
            "all Azure services except {}",
            r.deployment_excluded.describe("")
        )
    };
    let nodes = vec![
        eligibility_node(E::Workloads, workloads),
        eligibility_node(E::PartnerAssociationTypes, associations),
        metric_node(
            M::NetCustomerAdds,
            vec![gate(net_qualified_tenants(
                M::NetCustomerAdds.label(),
                &q,
                r.net_qualified_tenants_at_least,
            ))],
        ),
        metric_node(
            M::Deployments,
            vec![gate(deployments(
                M::Deployments.label(),
                &deployable,
                window,
                r.deployed_workloads_at_least,
                Per::Workload,
                format!(
                    "Workloads with a qualified deployment {} ({services}): at least {}",
                    window.words(),
                    r.deployed_workloads_at_least
                ),
            ))],
        ),
        metric_node(
            M::UsageGrowth,
            vec![gate(usage_growth(M::UsageGrowth.label(), &q))],
        ),
    ];
    AreaResult {
        area,
        eligible: eligible_trace(area, ctx, q.len(), items.len()),
        nodes,
    }
}
