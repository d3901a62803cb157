//! The All-customers summary: per solution area and metric (those the pickers keep), the
//! customers with a positive, negative or no effect — each count opens the By-customer list
//! of exactly those customers — and the partner-overall targets.

use crate::url_state::{ListParam, Url};
use leptos::prelude::*;
use shared::access::Role;
use shared::eligibility::SolutionArea;
use shared::reports::eligibility::{metrics_for, EligibilityReport};
use shared::rules::eligibility::{Effect, Metric, MetricDistribution};
use std::sync::Arc;

fn picked<T: Copy>(list: &ListParam, parse: fn(&str) -> Option<T>) -> Vec<T> {
    list.with(|v| v.iter().filter_map(|s| parse(s)).collect())
}

/// One count: a link to the By-customer list of those customers for that metric.
fn count_link(d: &MetricDistribution, effect: Effect, url: Url) -> impl IntoView {
    let n = d.count(effect);
    let (area, metric) = (d.area, d.metric);
    view! {
        <td class="num">
            <button
                class="link count"
                data-testid="summary-count"
                data-area=area.label()
                data-metric=metric.label()
                data-effect=effect.label()
                aria-label=format!("{n} customers with {} effect on {} · {}: list them", effect.label().to_lowercase(), area, metric)
                disabled=n == 0
                on:click=move |_| url.set(&[
                    ("view", Some("customers".to_string())),
                    ("customer", None),
                    ("q", None),
                    ("status", None),
                    ("area", Some(area.label().to_string())),
                    ("metric", Some(metric.label().to_string())),
                    ("effect", Some(effect.label().to_string())),
                ])
            >
                {n}
            </button>
        </td>
    }
}

#[component]
pub fn Summary(
    data: Arc<EligibilityReport>,
    role: Role,
    areas: ListParam,
    metrics: ListParam,
    url: Url,
) -> impl IntoView {
    let customers = data.customers.len();
    let table = move || {
        let want_areas = picked(&areas, SolutionArea::parse);
        let want_metrics = picked(&metrics, Metric::parse);
        data.summary
            .iter()
            .filter(|d| want_areas.is_empty() || want_areas.contains(&d.area))
            .filter(|d| want_metrics.is_empty() || want_metrics.contains(&d.metric))
            .map(|d| {
                let partner = d
                    .partner
                    .iter()
                    .map(|p| {
                        view! {
                            <li data-testid="partner-overall" data-status=p.status.value.label()>
                                {format!("{}: {} of at least {} — {}", p.condition, p.total, p.at_least, p.status.value)}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-testid="summary-row" data-area=d.area.label() data-metric=d.metric.label()>
                        <td>{d.area.label()}</td>
                        <td>{d.metric.label()}</td>
                        {count_link(d, Effect::Positive, url)}
                        {count_link(d, Effect::Negative, url)}
                        {count_link(d, Effect::NoEffect, url)}
                        <td><ul class="partner">{partner}</ul></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let hidden: Vec<String> = SolutionArea::ALL
        .iter()
        .flat_map(|a| {
            let shown = metrics_for(role, *a);
            Metric::of(*a)
                .iter()
                .filter(move |m| !shown.contains(m))
                .map(move |m| format!("{a} · {m}"))
        })
        .collect();
    view! {
        <div class="table-scroll summary-table">
            <table class="data" data-testid="eligibility-summary">
                <thead>
                    <tr>
                        <th scope="col">"Solution area"</th>
                        <th scope="col">"Metric"</th>
                        <th scope="col" class="num">"Positive"</th>
                        <th scope="col" class="num">"Negative"</th>
                        <th scope="col" class="num">"No effect"</th>
                        <th scope="col">"Partner overall"</th>
                    </tr>
                </thead>
                <tbody>{table}</tbody>
            </table>
        </div>
        <p class="foot">
            {format!("{customers} customers in eligibility.csv; each is counted once per metric. Click a count to list those customers.")}
        </p>
        {(!hidden.is_empty()).then(|| view! {
            <p class="foot" data-testid="withheld-metrics">
                {format!("Computed from revenue, {}: {}.", shared::access::NOT_FOR_VIEWERS, hidden.join("; "))}
            </p>
        })}
    }
}
