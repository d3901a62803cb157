//! The License adoption report (seed 004, spec §5): portfolio tiles, the deployment-vs-usage
//! chart by workload (click a workload to filter), and the tenant × workload table. Tiles and
//! chart describe the rows shown; every figure is a ratio of sums.

use crate::charts::{paired_bar_chart, BarChart, ChartStack, PairedBar};
use crate::controls::{labelled, ClearFilters, MultiSelect, ReportHead, SearchBox, ToolbarEnd};
use crate::load::use_snapshot;
use crate::report::use_report;
use crate::table::{DataTable, RowLink};
use crate::url_state::{ListParam, Url};
use leptos::prelude::*;
use shared::format::percent;
use shared::reports::adoption::{
    self, kpis, workload_series, AdoptionFilter, AdoptionReportRow, COLUMNS,
};
use shared::rules::adoption::{AdoptionConfig, ABOVE_100_REASONS, LOW_ADOPTION_RECOMMENDATION};
use shared::Segment;
use std::sync::Arc;

/// The "Show only" filter's keys in the URL.
const LOW: &str = "low";
const ABOVE: &str = "above100";

pub const GLOSSARY: &[(&str, &str)] = &[
    ("Rows", "One per tenant × workload of a tenant associated with you (one of your claims, or a CSP association), every segment. Workloads claimed by another partner are not shown."),
    ("Deployment %", "Assigned licenses ÷ sold licenses. Not capped; – when no licenses are sold."),
    ("Usage %", "Active entitlements ÷ total entitlements. Not capped: it can read above 100% (see the note); – with no entitlements. An entitlement is active when its user used it in the last 28 days."),
    ("Low adoption", "Usage % below 50%."),
    ("Customer deployment % / usage %", "The customer's (TPID) figures: its tenants' summed licenses, as a ratio of sums — not an average of the rows' percentages."),
    ("Portfolio", "The tiles add up the licenses of the rows shown, then divide: a ratio of sums."),
];

/// A tile that sets one "Show only" flag (click again to undo).
#[component]
fn FlagTile(
    kpi: &'static str,
    label: &'static str,
    value: usize,
    flag: &'static str,
    only: ListParam,
) -> impl IntoView {
    let pressed = move || only.with(|v| v.len() == 1 && v[0] == flag);
    view! {
        <button
            class="tile"
            data-testid="kpi"
            data-kpi=kpi
            aria-pressed=move || if pressed() { "true" } else { "false" }
            on:click=move |_| only.pick_only(&[flag.to_string()])
        >
            <span class="value">{value}</span>
            <span class="label">{label}</span>
        </button>
    }
}

#[component]
pub fn AdoptionPage() -> impl IntoView {
    let snapshot = use_snapshot();
    let cfg = AdoptionConfig::default();
    let rows = {
        let cfg = cfg.clone();
        Memo::new(move |_| Arc::new(adoption::build_rows(&snapshot, &cfg)))
    };
    let workload_names = rows.with_untracked(|r| adoption::workload_names(r));

    let url = Url::new();
    let only = url.filter_list("only");
    let segments = url.filter_list("segment");
    let workloads = url.filter_list("workload");
    let report = use_report("adoption", COLUMNS, rows, url, move |search| {
        AdoptionFilter {
            search,
            low_adoption: only.contains(LOW),
            above_100: only.contains(ABOVE),
            segments: segments.with(|v| v.iter().filter_map(|s| Segment::parse(s)).collect()),
            workloads: workloads.get(),
        }
    });
    let order = report.order;
    let figures = Memo::new(move |_| {
        rows.with(|rows| {
            order.with(|order| (kpis(rows, order, &cfg), workload_series(rows, order, &cfg)))
        })
    });

    let tiles = move || {
        let (k, _) = figures.get();
        view! {
            <div class="tile lead" data-testid="kpi" data-kpi="deployment" title="Σ assigned ÷ Σ sold">
                <span class="value">{percent(k.portfolio.deployment.value)}</span>
                <span class="label">"Deployment %"</span>
            </div>
            <div class="tile lead" data-testid="kpi" data-kpi="usage" title="Σ active ÷ Σ total entitlements">
                <span class="value">{percent(k.portfolio.usage.value)}</span>
                <span class="label">"Usage %"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="customers">
                <span class="value">{k.customers}</span>
                <span class="label">"Customers"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="tenants">
                <span class="value">{k.tenants}</span>
                <span class="label">"Tenants"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="sold">
                <span class="value">{k.portfolio.licenses.sold}</span>
                <span class="label">"Sold licenses"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="active">
                <span class="value">{k.portfolio.licenses.active}</span>
                <span class="label">"Active entitlements"</span>
            </div>
            <FlagTile kpi="low" label="Low adoption (usage below 50%)" value=k.low_adoption_rows flag=LOW only/>
            <FlagTile kpi="above" label="Usage above 100%" value=k.above_100_rows flag=ABOVE only/>
        }
    };

    let chart = move || {
        let (_, series) = figures.get();
        let bars: Vec<PairedBar> = series
            .iter()
            .map(|p| {
                (
                    p.workload.clone(),
                    p.adoption.deployment.value.map(|r| r.value()),
                    p.adoption.usage.value.map(|r| r.value()),
                )
            })
            .collect();
        let selected: Vec<bool> = bars.iter().map(|b| workloads.contains(&b.0)).collect();
        let BarChart {
            svg,
            boxes,
            width,
            height,
        } = paired_bar_chart(&bars, ("Deployment %", "Usage %"), &selected);
        let hits = boxes
            .into_iter()
            .zip(series)
            .zip(selected)
            .map(|((b, p), pressed)| {
                let label = p.workload.clone();
                let text = format!(
                    "{}: deployment {}, usage {}. Filter the table.",
                    p.workload,
                    percent(p.adoption.deployment.value),
                    percent(p.adoption.usage.value)
                );
                view! {
                    <button
                        class="bar-hit"
                        data-testid="bar"
                        data-label=label.clone()
                        aria-pressed=if pressed { "true" } else { "false" }
                        aria-label=text
                        style=b.style()
                        on:click=move |_| workloads.pick_only(std::slice::from_ref(&label))
                    ></button>
                }
            })
            .collect_view();
        view! { <ChartStack svg width height>{hits}</ChartStack> }
    };

    // The seed's notes, shown when the rows shown call for them.
    let notes = move || {
        let (k, _) = figures.get();
        view! {
            {(k.above_100_rows > 0).then(|| view! {
                <aside class="note" data-testid="above-100-note">
                    <h2>"Why usage can read above 100%"</h2>
                    <ul>{ABOVE_100_REASONS.iter().map(|r| view! { <li>{*r}</li> }).collect_view()}</ul>
                </aside>
            })}
            {(k.low_adoption_rows > 0).then(|| view! {
                <aside class="note" data-testid="low-adoption-note">
                    <h2>"Low adoption: what to try"</h2>
                    <p>{LOW_ADOPTION_RECOMMENDATION}</p>
                </aside>
            })}
        }
    };

    view! {
        <section class="report">
            <ReportHead
                title="License adoption"
                sub="Deployment and usage of the licenses your customers bought, per tenant and workload, for every tenant associated with you."
            />
            <div class="tiles kpis">{tiles}</div>
            <div class="charts">
                <figure class="chart-panel" data-testid="chart-adoption">
                    <figcaption>"Deployment vs usage by workload"</figcaption>
                    {chart}
                </figure>
                <div class="notes">{notes}</div>
            </div>
            <div class="toolbar" role="search">
                <SearchBox report placeholder="Search tenant, customer, TPID or workload"/>
                <MultiSelect
                    label="Show only"
                    list=only
                    options=vec![
                        (LOW.to_string(), "Low adoption".to_string()),
                        (ABOVE.to_string(), "Usage above 100%".to_string()),
                    ]
                />
                <MultiSelect label="Segments" list=segments options=labelled(Segment::ALL.iter().map(|s| s.label()))/>
                <MultiSelect label="Workloads" list=workloads options=labelled(workload_names)/>
                <ClearFilters report/>
                <ToolbarEnd report noun="rows" glossary=GLOSSARY/>
            </div>
            <DataTable
                report
                label="License adoption"
                link=RowLink { column: "tenant_name", href: |r: &AdoptionReportRow| Some(format!("/tenants/{}", r.tenant_id)) }
                row_label=|r: &AdoptionReportRow| format!("{} · {} ({})", r.tenant_name, r.workload, r.sku)
            />
            <p class="foot">
                "Click Deployment %, Usage % or Low adoption to see how it was computed. Tiles and chart describe the rows shown."
            </p>
        </section>
    }
}
