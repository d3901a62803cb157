//! The tenant's workloads we may see (ours and unclaimed) with the §1 figures from `shared`,
//! and the way to claim an unclaimed one in Partner Center.

use crate::session::use_user;
use leptos::prelude::*;
use shared::access::{may_see, Field};
use shared::config::RulesConfig;
use shared::format::percent;
use shared::format::yes_no;
use shared::model::{ClaimState, Tenant, WorkloadUsage};
use shared::rules::association::is_associated;
use shared::rules::opportunity::evaluate_in;
use shared::rules::tipping_points::TippingPointTable;
use shared::Snapshot;
use std::sync::Arc;

/// Where CPOR claims are submitted: Partner Center (seed 001 signs in there). The claim
/// itself is made in Partner Center; this product only starts it.
pub const CPOR_CLAIM_URL: &str = "https://partner.microsoft.com/dashboard/home";

#[component]
pub(super) fn Workloads(
    tenant: Tenant,
    workloads: Vec<WorkloadUsage>,
    snapshot: Arc<Snapshot>,
) -> impl IntoView {
    let table = TippingPointTable::for_snapshot(&snapshot);
    // Rates and earnings are revenue: the columns are left out for a Report viewer (whose
    // rows carry no rates), not shown empty.
    let revenue = may_see(use_user().role, Field::PotentialEarnings);
    let money = |m: Option<shared::Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let config = RulesConfig::default();
    // Usage shows once we hold a claim on the tenant (seed 001).
    let usage_visible = is_associated(workloads.iter());
    let tenant_id = tenant.id.to_string();
    let mut ws: Vec<&WorkloadUsage> = workloads
        .iter()
        .filter(|w| w.claim_state() != ClaimState::ClaimedByOther)
        .collect();
    ws.sort_by_cached_key(|w| (w.workload.key(), w.sku.clone()));
    let rows = ws
        .into_iter()
        .map(|w| {
            let e = evaluate_in(w, tenant.segment, &table, &config);
            let claim = match w.claim_state() {
                ClaimState::ClaimedByUs => view! {
                    <span data-testid="claim-number">
                        {w.claim_number.as_ref().map(|c| c.to_string()).unwrap_or_else(|| "claimed".into())}
                    </span>
                }
                .into_any(),
                ClaimState::Unclaimed => view! {
                    <a
                        class="button"
                        data-testid="claim-workload"
                        href=CPOR_CLAIM_URL
                        target="_blank"
                        rel="noopener"
                        title=format!("Opens Partner Center to submit the CPOR claim for tenant {tenant_id}, workload {}", w.workload)
                    >
                        "Claim workload"
                    </a>
                }
                .into_any(),
                ClaimState::ClaimedByOther => ().into_any(),
            };
            let usage = if usage_visible { percent(e.usage.value) } else { "–".into() };
            view! {
                <tr data-testid="workload-row" data-workload=w.workload.to_string()>
                    <td>{w.workload.to_string()}</td>
                    <td>{w.sku.to_string()}</td>
                    <td class="num" title=e.usage.trace.to_vec().join("\n")>{usage}</td>
                    <td class="num">{if usage_visible { w.mau.to_string() } else { "–".into() }}</td>
                    <td class="num">{w.pau}</td>
                    <td>{yes_no(w.incentivized)}</td>
                    {revenue.then(|| view! {
                        <td class="num">{money(w.rate_per_unit)}</td>
                        <td class="num" title=e.potential_earnings.trace.to_vec().join("\n")>{money(e.potential_earnings.value)}</td>
                    })}
                    <td title=e.opportunity.trace.to_vec().join("\n")>{e.opportunity.value.to_string()}</td>
                    <td>{claim}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Workloads"</h2>
        <table class="data small" data-testid="workloads">
            <thead>
                <tr>
                    <th>"Workload"</th><th>"SKU"</th><th class="num">"Usage %"</th><th class="num">"MAU"</th>
                    <th class="num">"PAU"</th><th>"Incentivized"</th>
                    {revenue.then(|| view! {
                        <th class="num">"Rate per unit (USD)"</th>
                        <th class="num">"Potential earnings (USD)"</th>
                    })}
                    <th>"Opportunity"</th><th>"CPOR claim"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(!usage_visible).then(|| view! {
            <p class="foot">"Usage is visible once you hold a claim on at least one workload of this tenant."</p>
        })}
        <p class="foot">
            "Workloads claimed by another partner are not listed. “Claim workload” opens Partner Center, where the CPOR claim is submitted; it shows here with its claim # after the next data import. Hover a figure to see how it was computed."
        </p>
    }
}
