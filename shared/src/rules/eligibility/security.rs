//! Security: the Azure half and the Microsoft 365 half, each with its workloads and partner
//! association types, then net customer adds, deployments and usage growth for each half —
//! the seed's order. A customer is in the program through either half; each half's metrics
//! need that half's rows.

use super::deployments::{deployments, Per, Window};
use super::measures::{
    net_qualified_tenants, not_eligible, positive_sum, union_len, Item, Measure,
};
use super::program::{associations_check, workloads_check};
use super::table::SecurityRules;
use super::tree::{AreaResult, Condition, EligibilityCheck as E, Metric as M, Unit};
use super::words;
use super::{eligibility_node, eligible_trace, metric_node, Ctx};
use crate::eligibility::SolutionArea;

const NO_AZURE: &str =
    "not eligible: no row on an Azure security workload through a qualifying association type";
const NO_M365: &str = "not eligible: no row on a Microsoft 365 security workload through a qualifying association type";

pub(super) fn evaluate(
    area: SolutionArea,
    r: &SecurityRules,
    items: &[&Item],
    ctx: &Ctx,
) -> AreaResult {
    let what = area.designation().label();
    let (azure_workloads, azure_hits) =
        workloads_check(E::AzureWorkloads.label(), items, &r.azure, "", what);
    let (azure_associations, azure) =
        associations_check(E::AzureAssociationTypes.label(), &azure_hits, &r.azure);
    let (m365_workloads, m365_hits) =
        workloads_check(E::M365Workloads.label(), items, &r.m365, "", what);
    let (m365_associations, m365) =
        associations_check(E::M365AssociationTypes.label(), &m365_hits, &r.m365);
    let azure_gate = |c: Condition| {
        if azure.is_empty() {
            not_eligible(c, NO_AZURE)
        } else {
            c
        }
    };
    let m365_gate = |c: Condition| {
        if m365.is_empty() {
            not_eligible(c, NO_M365)
        } else {
            c
        }
    };
    let window = Window {
        months: r.deployment_window_months,
        as_of: ctx.as_of,
    };
    let adds = |metric: M, rows: &[&Item]| {
        net_qualified_tenants(metric.label(), rows, r.net_qualified_tenants_at_least)
    };
    let deployed = |metric: M, rows: &[&Item]| {
        deployments(
            metric.label(),
            rows,
            window,
            r.deployed_tenants_at_least,
            Per::Tenant,
            format!(
                "Tenants with a qualified deployment {}: at least {}",
                window.words(),
                r.deployed_tenants_at_least
            ),
        )
    };
    let acr = Measure {
        name: "Security ACR (12 months)".to_string(),
        unit: Unit::Usd,
        // Withheld (a Report viewer's data): the report leaves out this metric for that role.
        value: |row| row.acr_12_months.unwrap_or_default().cents(),
    };
    let acr_target = r.azure_acr_partner_overall_at_least;
    let mpu = Measure {
        name: "monthly protected users growth".to_string(),
        unit: Unit::ProtectedUsers,
        value: |row| row.mpu_growth,
    };
    let mpu_target = r.m365_mpu_growth_partner_overall_at_least;
    let nodes = vec![
        eligibility_node(E::AzureWorkloads, azure_workloads),
        eligibility_node(E::AzureAssociationTypes, azure_associations),
        eligibility_node(E::M365Workloads, m365_workloads),
        eligibility_node(E::M365AssociationTypes, m365_associations),
        metric_node(
            M::AzureNetCustomerAdds,
            vec![azure_gate(adds(M::AzureNetCustomerAdds, &azure))],
        ),
        metric_node(
            M::M365NetCustomerAdds,
            vec![m365_gate(adds(M::M365NetCustomerAdds, &m365))],
        ),
        metric_node(
            M::AzureDeployments,
            vec![azure_gate(deployed(M::AzureDeployments, &azure))],
        ),
        metric_node(
            M::M365Deployments,
            vec![m365_gate(deployed(M::M365Deployments, &m365))],
        ),
        metric_node(
            M::AzureUsageGrowth,
            vec![azure_gate(positive_sum(
                M::AzureUsageGrowth.label(),
                &azure,
                &acr,
                format!(
                    "Security ACR in the last 12 months: any positive for this customer (partner overall: at least {})",
                    words::usd(acr_target)
                ),
                Some(acr_target.cents()),
            ))],
        ),
        metric_node(
            M::M365UsageGrowth,
            vec![m365_gate(positive_sum(
                M::M365UsageGrowth.label(),
                &m365,
                &mpu,
                format!(
                    "Monthly protected users growth: any positive for this customer (partner overall: at least {})",
                    words::thousands(mpu_target as i64)
                ),
                Some(mpu_target as i64),
            ))],
        ),
    ];
    AreaResult {
        area,
        eligible: eligible_trace(area, ctx, union_len(&azure, &m365), items.len()),
        nodes,
    }
}
