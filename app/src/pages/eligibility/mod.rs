//! Customer eligibility (seed 003, spec §4): the *All customers* summary — per solution area
//! and metric, how many customers have a positive, negative or no effect, each count a link to
//! those customers — and the *By customer* view: the customer × area × metric table (search,
//! status, area, metric and effect filters) and, for one customer, the condition tree with
//! each leaf's status, criterion, current value and the `eligibility.csv` rows behind it.
//!
//! Deployment windows end on the browser's date (the rules take it as an argument). Metrics
//! computed from revenue the reader may not see are left out (`reports::eligibility`).

mod summary;
mod tree;

use crate::clock;
use crate::controls::{labelled, ClearFilters, MultiSelect, ReportHead, SearchBox, ToolbarEnd};
use crate::load::{use_eligibility, use_snapshot};
use crate::report::use_report;
use crate::session::use_user;
use crate::table::{DataTable, RowLink};
use crate::url_state::Url;
use leptos::prelude::*;
use shared::eligibility::SolutionArea;
use shared::reports::eligibility::{
    self, customers_of, EligibilityFilter, EligibilityReportRow, COLUMNS,
};
use shared::rules::eligibility::{Effect, Metric, Status};
use std::sync::Arc;

pub const GLOSSARY: &[(&str, &str)] = &[
    ("Program eligibility", "The customer has at least one row on a qualifying workload through a qualifying partner association type. A customer outside the program has every metric Not met."),
    ("Met / Not met", "Whether the customer meets the metric's criterion (seed 003), with the rules table's thresholds. Click a status to see its checks."),
    ("Effect", "Positive: the customer meets the metric. Negative: it does not, and its data shows a loss (tenants lost, usage or growth below zero). No effect: anything else."),
    ("Partner overall", "Targets the seed sets for the partner as a whole (e.g. 25,000 USD Security ACR): the summary adds up the customers' values."),
    ("Deployment window", "Twelve months ending today: a qualified deployment dated after the same day a year ago, up to today."),
];

fn parse_all<T>(list: &[String], parse: fn(&str) -> Option<T>) -> Vec<T> {
    list.iter().filter_map(|s| parse(s)).collect()
}

#[component]
pub fn EligibilityPage() -> impl IntoView {
    let snapshot = use_snapshot();
    let role = use_user().role;
    let as_of = clock::now().date();
    let built = use_eligibility()
        .map_err(|e| format!("Your customers' eligibility data could not be read: {e}."))
        .and_then(|records| {
            eligibility::build(&records, &snapshot.solutions_partner, as_of, role).map_err(|e| {
                format!("The imported Solutions Partner rules table cannot be read: {e}. Import a complete solutions_partner.csv.")
            })
        });
    let built = match built {
        Ok(b) => Arc::new(b),
        Err(message) => {
            return view! {
                <section class="report">
                    <ReportHead title="Customer eligibility" sub="Solutions Partner designations, customer by customer."/>
                    <p class="notice" data-testid="load-error">{message}</p>
                </section>
            }
            .into_any();
        }
    };
    let rows = {
        let built = built.clone();
        Memo::new(move |_| Arc::new(built.rows.clone()))
    };

    let url = Url::new();
    let view_param = url.param("view");
    let customer = url.param("customer");
    let areas = url.filter_list("area");
    let metrics = url.filter_list("metric");
    let statuses = url.filter_list("status");
    let effects = url.filter_list("effect");
    let report = use_report("eligibility", COLUMNS, rows, url, move |search| {
        EligibilityFilter {
            search,
            areas: areas.with(|v| parse_all(v, SolutionArea::parse)),
            metrics: metrics.with(|v| parse_all(v, Metric::parse)),
            statuses: statuses.with(|v| parse_all(v, Status::parse)),
            effects: effects.with(|v| parse_all(v, Effect::parse)),
        }
    });
    let customers_shown = Memo::new(move |_| {
        rows.with(|rows| report.order.with(|order| customers_of(rows, order).len()))
    });
    let by_customer =
        move || view_param.get().as_deref() == Some("customers") || customer.get().is_some();
    let tab = move |to_customers: bool, label: &'static str| {
        view! {
            <button
                class="tab"
                role="tab"
                data-testid=if to_customers { "tab-customers" } else { "tab-summary" }
                aria-selected=move || if by_customer() == to_customers { "true" } else { "false" }
                on:click=move |_| url.set(&[
                    ("view", to_customers.then(|| "customers".to_string())),
                    ("customer", None),
                ])
            >
                {label}
            </button>
        }
    };
    let metric_names: Vec<String> = {
        let mut seen = Vec::new();
        for a in SolutionArea::ALL {
            for m in eligibility::metrics_for(role, *a) {
                if !seen.contains(&m.label().to_string()) {
                    seen.push(m.label().to_string());
                }
            }
        }
        seen
    };
    let source = built.source;
    let tree_data = built.clone();

    view! {
        <section class="report">
            <ReportHead
                title="Customer eligibility"
                sub="Solutions Partner designations: which customers meet each metric of each solution area, and why."
            />
            <div class="tabs" role="tablist" aria-label="View">
                {tab(false, "All customers")}
                {tab(true, "By customer")}
            </div>
            <div class="toolbar" role="search">
                <SearchBox report placeholder="Search customer name or TPID"/>
                <MultiSelect label="Solution areas" list=areas options=labelled(SolutionArea::ALL.iter().map(|a| a.label()))/>
                <MultiSelect label="Metrics" list=metrics options=labelled(metric_names)/>
                <MultiSelect label="Status" list=statuses options=labelled(Status::ALL.iter().map(|s| s.label()))/>
                <MultiSelect label="Effect" list=effects options=labelled(Effect::ALL.iter().map(|e| e.label()))/>
                <ClearFilters report/>
                <ToolbarEnd
                    report
                    noun="metrics"
                    also=move || view! { <span data-testid="customer-count">{move || format!(" · {} customers", customers_shown.get())}</span> }
                    glossary=GLOSSARY
                />
            </div>
            {move || match (by_customer(), customer.get()) {
                (_, Some(tpid)) => view! { <tree::CustomerTree data=tree_data.clone() tpid areas statuses url/> }.into_any(),
                (true, None) => view! {
                    <DataTable
                        report
                        label="Customer eligibility"
                        link=RowLink { column: "customer_name", href: |r: &EligibilityReportRow| Some(customer_href(r)) }
                        row_label=|r: &EligibilityReportRow| format!("{} · {} · {}", r.customer_name, r.area, r.metric)
                    />
                }.into_any(),
                (false, None) => view! { <summary::Summary data=built.clone() role areas metrics url/> }.into_any(),
            }}
            <p class="foot">
                {format!("Rules: the {} of Solutions Partner settings. Deployment windows end today ({}).", source.label(), shared::format::date(as_of))}
            </p>
        </section>
    }
    .into_any()
}

/// The customer's tree, opened at the row's solution area.
fn customer_href(r: &EligibilityReportRow) -> String {
    let q = |s: &str| {
        js_sys::encode_uri_component(s)
            .as_string()
            .unwrap_or_default()
    };
    format!(
        "/eligibility?view=customers&customer={}&area={}",
        q(r.tpid.as_str()),
        q(r.area.label())
    )
}
