//! One customer's condition trees, in the seed's order: per solution area, the program
//! eligibility checks, then each metric (and its conditions when it has several), each leaf
//! with Met / Not met, its criterion and the customer's current value; "Details" opens the
//! `eligibility.csv` rows behind a leaf and the checks that decided it.

use crate::load::use_eligibility;
use crate::session::use_user;
use crate::url_state::{ListParam, Url};
use leptos::prelude::*;
use shared::access::{may_see, Field, Role};
use shared::eligibility::{EligibilityRow, SolutionArea};
use shared::format::{opt_date, or_blank};
use shared::reports::eligibility::{shown_to, EligibilityReport};
use shared::rules::eligibility::{AreaResult, Check, Node, Status};
use std::sync::Arc;

/// The rows behind a leaf, with the measures the metrics read (revenue only for a role that
/// may see it).
#[component]
fn LeafRows(
    rows: Vec<u32>,
    steps: Vec<String>,
    records: Arc<Vec<EligibilityRow>>,
    role: Role,
) -> impl IntoView {
    let revenue = (
        may_see(role, Field::SubscriptionValue),
        may_see(role, Field::AzureConsumedRevenue),
    );
    let body = rows
        .iter()
        .filter_map(|&i| records.get(i as usize))
        .map(|r: &EligibilityRow| {
            view! {
                <tr data-testid="leaf-row">
                    <td>{r.tenant_id.to_string()}</td>
                    <td>{r.workload.to_string()}</td>
                    <td>{r.association.label()}</td>
                    <td class="num">{r.pau}</td>
                    <td class="num">{r.mau_growth}</td>
                    <td class="num">{r.net_qualified.label()}</td>
                    <td class="num">{opt_date(r.qualified_deployment)}</td>
                    {revenue.0.then(|| view! { <td class="num">{or_blank(r.active_subscription)}</td> })}
                    <td class="num">{r.usage_baseline}</td>
                    <td class="num">{r.usage_current}</td>
                    {revenue.1.then(|| view! { <td class="num">{or_blank(r.acr_12_months)}</td> })}
                    <td class="num">{r.mpu_growth}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="leaf-details" data-testid="leaf-details">
            <ol class="why">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            <table class="data small">
                <thead>
                    <tr>
                        <th>"Tenant ID"</th>
                        <th>"Workload"</th>
                        <th>"Association type"</th>
                        <th class="num">"PAU"</th>
                        <th class="num">"MAU growth (TTM)"</th>
                        <th class="num">"Net qualified"</th>
                        <th class="num">"Qualified deployment date"</th>
                        {revenue.0.then(|| view! { <th class="num">"Active subscription value (USD)"</th> })}
                        <th class="num">"Usage baseline"</th>
                        <th class="num">"Usage current"</th>
                        {revenue.1.then(|| view! { <th class="num">"ACR 12 months (USD)"</th> })}
                        <th class="num">"Monthly protected users growth"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            {rows.is_empty().then(|| view! { <p class="foot">"No row of this customer is in this part of the program."</p> })}
        </div>
    }
}

/// One leaf: label, status, criterion, current value, and its details on demand.
#[component]
fn Leaf(
    check: Check,
    #[prop(optional)] kind: &'static str,
    records: Arc<Vec<EligibilityRow>>,
    role: Role,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let status = check.status.value;
    let steps = check.status.trace.to_vec();
    let rows = check.rows.clone();
    view! {
        <li class="leaf" class:met=status.is_met() data-testid="leaf" data-kind=kind data-label=check.label.clone() data-status=status.label()>
            <div class="leaf-line">
                <span class="leaf-label">{check.label.clone()}</span>
                <span class="status" class:met=status.is_met() data-testid="leaf-status">{status.label()}</span>
                <span class="criterion" data-testid="leaf-criterion">{check.criterion.clone()}</span>
                <span class="current" data-testid="leaf-current">{check.current.clone()}</span>
                <button
                    class="link"
                    data-testid="leaf-details-button"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide details" } else { "Details" }}
                </button>
            </div>
            {move || open.get().then(|| view! {
                <LeafRows rows=rows.clone() steps=steps.clone() records=records.clone() role/>
            })}
        </li>
    }
}

#[component]
fn AreaTree(area: AreaResult, statuses: Vec<Status>, open: bool) -> impl IntoView {
    // Decoded by the page before it built the trees: here it is the kept records.
    let records = use_eligibility().unwrap_or_default();
    let role = use_user().role;
    let keep = |s: Status| statuses.is_empty() || statuses.contains(&s);
    let metrics: Vec<_> = area
        .metrics()
        .filter(|m| shown_to(role, area.area, m.metric))
        .collect();
    let met = metrics.iter().filter(|m| m.status.value.is_met()).count();
    let heading = format!(
        "{} — {} · {met} of {} metrics met",
        area.area,
        if area.eligible.value {
            "in the program"
        } else {
            "not eligible"
        },
        metrics.len()
    );
    let nodes = area
        .nodes
        .iter()
        .filter_map(|n| match n {
            Node::Eligibility { result, .. } => keep(result.status.value).then(|| {
                view! { <Leaf check=result.clone() kind="eligibility" records=records.clone() role/> }
                    .into_any()
            }),
            Node::Metric(m) if shown_to(role, area.area, m.metric) && keep(m.status.value) => {
                let conditions = (m.conditions.len() > 1).then(|| {
                    m.conditions
                        .iter()
                        .map(|c| view! { <Leaf check=c.check.clone() kind="condition" records=records.clone() role/> })
                        .collect_view()
                });
                // The metric's own leaf: its status, criterion and current value (of every
                // condition when it has several, each also listed below it).
                let check = Check {
                    label: m.metric.label().to_string(),
                    status: m.status.clone(),
                    criterion: m.criterion.clone(),
                    current: m.current.clone(),
                    rows: m.rows(),
                };
                Some(view! {
                    <Leaf check kind="metric" records=records.clone() role/>
                    {conditions.map(|c| view! { <ol class="conditions">{c}</ol> })}
                }
                .into_any())
            }
            Node::Metric(_) => None,
        })
        .collect_view();
    view! {
        <details class="area-tree" open=open data-testid="area-tree" data-area=area.area.label()>
            <summary>{heading}</summary>
            <ol class="tree">{nodes}</ol>
        </details>
    }
}

/// The customer `tpid`'s trees: the areas the area filter keeps (every area when none), the
/// leaves the status filter keeps.
#[component]
pub fn CustomerTree(
    data: Arc<EligibilityReport>,
    tpid: String,
    areas: ListParam,
    statuses: ListParam,
    url: Url,
) -> impl IntoView {
    let Some(c) = data
        .customers
        .iter()
        .find(|c| c.tpid.as_str() == tpid)
        .cloned()
    else {
        return view! {
            <p class="notice" data-testid="no-customer">
                {format!("No customer with TPID {tpid} in the data you can see. ")}
                <button class="link" on:click=move |_| url.set(&[("customer", None)])>"Back to the list"</button>
            </p>
        }
        .into_any();
    };
    view! {
        <div class="customer-tree" data-testid="tree" data-tpid=tpid.clone()>
            <h2>
                {c.customer_name.clone()} <span class="muted">{format!(" · TPID {tpid}")}</span>
            </h2>
            <button class="link" data-testid="back-to-list" on:click=move |_| url.set(&[("customer", None)])>
                "← All customers of the list"
            </button>
            {move || {
                let want: Vec<SolutionArea> = areas.with(|v| v.iter().filter_map(|s| SolutionArea::parse(s)).collect());
                let st: Vec<Status> = statuses.with(|v| v.iter().filter_map(|s| Status::parse(s)).collect());
                c.areas
                    .iter()
                    .filter(|a| want.is_empty() || want.contains(&a.area))
                    .map(|a| {
                        let open = want.contains(&a.area) || (want.is_empty() && a.eligible.value);
                        view! { <AreaTree area=a.clone() statuses=st.clone() open/> }
                    })
                    .collect_view()
            }}
        </div>
    }
    .into_any()
}
