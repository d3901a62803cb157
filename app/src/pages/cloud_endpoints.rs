//! The Cloud Endpoints report (seed 002, spec §2): Windows 365 KPI tiles, charts A–E and the
//! tenant table. Tiles and charts describe the current view; chart C ignores the sales-motion
//! filter itself, so its bars stay visible to switch between (the selected ones highlighted).

use crate::charts::{bar_chart, BarChart, ChartStack};
use crate::controls::{labelled, ClearFilters, MultiSelect, ReportHead, SearchBox, ToolbarEnd};
use crate::download::BlobSink;
use crate::load::use_snapshot;
use crate::report::use_report;
use crate::table::{Compare, DataTable, RowLink};
use crate::url_state::{ListParam, Url};
use crate::what_if::{cloud_endpoint_lines, Kind, ViewTenants, WhatIf, WhatIfPanel};
use leptos::prelude::*;
use shared::config::CloudEndpointsConfig;
use shared::format::{self, percent};
use shared::reports::cloud_endpoints::{
    self, charts, kpis, Association, CloudEndpointFilter, CloudEndpointRow, COLUMNS,
};
use shared::reports::RowFilter;
use shared::rules::cloud_endpoints::SalesMotion;
use shared::scenario::{cloud_endpoint_delta, write_before_after_csv, CloudEndpointDelta};
use shared::{Segment, YearMonth};
use std::sync::Arc;

pub const GLOSSARY: &[(&str, &str)] = &[
    ("Tenants", "Tenants in the report: associated with you through CPOR or CSP, with more than 100 Windows 365 eligible licences and enough Microsoft 365 licences for their segment (Enterprise over 150, SME&C over 25)."),
    ("W365 eligible seats", "ME5 + ME3 + F3 licences: the Microsoft 365 base Windows 365 can be sold on top of."),
    ("W365 seat penetration", "Σ W365 PAU ÷ Σ eligible seats over the tenants shown."),
    ("W365 seat whitespace", "Eligible seats − W365 PAU: room to add Windows 365 licences."),
    ("Sales motion", "The targeting scenario, decided by the first rule that matches: Nurture Intune (Intune usage 20% or less), Low Whitespace (fewer than 500 eligible seats), Land W365 (no W365 yet), Expand to Frontline (Flex) when the tenant has F3 licences in a priority frontline industry, else Expand W365; “Mature” when W365 PAU is above 250. Click any sales motion to see its checks."),
    ("Land W365", "No Windows 365 yet, Intune usage above 20% and at least 500 eligible seats: likely first buyers."),
    ("Expand W365", "Already on Windows 365, with the same Intune usage and seat base: likely to buy more."),
    ("Expand to Frontline (Flex)", "Already on Windows 365, with frontline (F3) licences in a priority frontline industry."),
    ("Incentive eligible", "Tenants with at least one workload eligible for an MCI engagement (workshop)."),
    ("Potential earnings", "Estimated MCI incentive earnings, counted once per tenant: one engagement can span several workloads, so it is never summed per workload."),
    ("W365 / Intune / Entra ID utilization", "MAU ÷ PAU of the service, capped at 100%."),
    ("MCI eligibility", "The MCI workshops the tenant qualifies for, depending on the partner's and customer's geography."),
    ("EA renewal / Largest seat CSP renewal", "Month the Enterprise Agreement, or the largest CSP subscription, renews — shown only when you are the reseller."),
    ("Renewal period (chart D)", "The EA renewal month if known, else the largest-seat CSP renewal month; tenants with neither are not in the chart."),
    ("Potential earnings by workshop (chart E)", "A tenant's whole MCI estimate under each workshop it lists, so the bars can add up to more than the tile."),
    ("CPOR / CSP association", "How the tenant is associated with you: a CPOR claim, a CSP relationship, or both."),
];

/// A chart's bars: (label, value, value text).
type Bars = Vec<(String, f64, String)>;

/// One chart panel; with `pick`, each bar is a button that filters by its label (click again
/// to undo), and the bars `pick` selects are highlighted.
#[component]
fn ChartPanel(
    title: &'static str,
    testid: &'static str,
    #[prop(into)] data: Signal<Bars>,
    #[prop(optional)] pick: Option<ListParam>,
) -> impl IntoView {
    view! {
        <figure class="chart-panel" data-testid=testid>
            <figcaption>{title}</figcaption>
            {move || {
                let bars = data.get();
                let selected: Vec<bool> = bars
                    .iter()
                    .map(|(label, ..)| pick.is_some_and(|p| p.contains(label)))
                    .collect();
                let BarChart { svg, boxes, width, height } = bar_chart(&bars, &selected);
                let hits = pick.map(|pick| {
                    boxes
                        .into_iter()
                        .zip(bars)
                        .zip(selected)
                        .map(|((b, (label, _, text)), pressed)| {
                            view! {
                                <button
                                    class="bar-hit"
                                    data-testid="bar"
                                    data-label=label.clone()
                                    aria-pressed=if pressed { "true" } else { "false" }
                                    aria-label=format!("{label}: {text}. Filter the table.")
                                    style=b.style()
                                    on:click=move |_| pick.pick_only(std::slice::from_ref(&label))
                                ></button>
                            }
                        })
                        .collect_view()
                });
                view! { <ChartStack svg width height>{hits}</ChartStack> }
            }}
        </figure>
    }
}

fn counts(series: Vec<(String, u64)>) -> Vec<(String, f64, String)> {
    series
        .into_iter()
        .map(|(l, n)| (l, n as f64, n.to_string()))
        .collect()
}

/// A KPI tile that filters the table to a group of sales motions (click again to undo).
#[component]
fn MotionTile(
    kpi: &'static str,
    label: &'static str,
    value: u64,
    group: fn(SalesMotion) -> bool,
    motions: ListParam,
) -> impl IntoView {
    let wanted: Vec<String> = SalesMotion::ALL
        .into_iter()
        .filter(|m| group(*m))
        .map(|m| m.label().to_string())
        .collect();
    let n = wanted.len();
    // Pressed when the motion filter is exactly this group.
    let pressed = move || {
        motions.with(|m| m.len() == n && m.iter().all(|s| SalesMotion::parse(s).is_some_and(group)))
    };
    view! {
        <button
            class="tile"
            data-testid="kpi"
            data-kpi=kpi
            aria-pressed=move || if pressed() { "true" } else { "false" }
            on:click=move |_| motions.pick_only(&wanted)
        >
            <span class="value">{format::grouped(value)}</span>
            <span class="label">{label}</span>
        </button>
    }
}

#[component]
pub fn CloudEndpointsPage() -> impl IntoView {
    let snapshot = use_snapshot();
    let cfg = CloudEndpointsConfig::default();
    let url = Url::new();
    let what_if = WhatIf::new(url);
    let scenario = what_if.scenario;
    // The rows as imported, and as the what-if has them (the same rows when there is none).
    let before = {
        let (snapshot, cfg) = (snapshot.clone(), cfg.clone());
        Memo::new(move |_| Arc::new(cloud_endpoints::build_rows(&snapshot, &cfg)))
    };
    let rows = {
        let cfg = cfg.clone();
        Memo::new(move |_| {
            scenario.with(|s| {
                if s.is_empty() {
                    before.get()
                } else {
                    Arc::new(cloud_endpoints::build_rows_with(&snapshot, &cfg, s))
                }
            })
        })
    };
    let delta = Memo::new(move |_| {
        if !what_if.is_active() {
            return Arc::new(CloudEndpointDelta::default());
        }
        before.with(|b| rows.with(|a| Arc::new(cloud_endpoint_delta(b, a))))
    });
    let changed = Memo::new(move |_| delta.with(|d| Arc::new(d.changed_rows.clone())));
    let workshops = rows.with_untracked(|r| cloud_endpoints::mci_workshops(r));
    let renewals = rows.with_untracked(|r| cloud_endpoints::renewal_periods(r));

    let segments = url.filter_list("segment");
    let motions = url.filter_list("motion");
    let mci = url.filter_list("mci");
    let renewal = url.filter_list("renewal");
    let assoc = url.filter_list("association");
    let filter = move |search: String| CloudEndpointFilter {
        search,
        segments: segments.with(|v| v.iter().filter_map(|s| Segment::parse(s)).collect()),
        sales_motions: motions.with(|v| v.iter().filter_map(|s| SalesMotion::parse(s)).collect()),
        mci_workshops: mci.get(),
        renewal_periods: renewal.with(|v| v.iter().filter_map(|s| YearMonth::parse(s)).collect()),
        associations: assoc.with(|v| {
            v.iter()
                .filter_map(|s| {
                    Association::ALL
                        .into_iter()
                        .find(|a| a.label().eq_ignore_ascii_case(s))
                })
                .collect()
        }),
    };
    let report = use_report("cloud-endpoints", COLUMNS, rows, url, filter);
    let order = report.order;
    let view_tenants = Callback::new(move |()| {
        rows.with_untracked(|rows| {
            order.with_untracked(|order| ViewTenants {
                list: order
                    .iter()
                    .map(|&i| &rows[i as usize].tenant)
                    .map(|t| (t.id, t.name.clone()))
                    .collect(),
                every: order.len() == rows.len(),
            })
        })
    });
    let what_if_csv = Callback::new(move |sink: BlobSink| {
        let cols = report.visible_columns();
        before.with_untracked(|b| {
            rows.with_untracked(|a| {
                order.with_untracked(|o| write_before_after_csv(sink, b, a, o, &cols))
            })
        })
    });
    let delta_lines = Signal::derive(move || delta.with(|d| cloud_endpoint_lines(d)));
    // Chart C's own view: every filter but the sales motion.
    let order_any_motion = Memo::new(move |_| {
        let mut f = filter(report.search.get());
        f.sales_motions.clear();
        rows.with(|rows| Arc::new(f.apply(rows, &(0..rows.len() as u32).collect::<Vec<_>>())))
    });

    let figures = {
        let cfg = cfg.clone();
        Memo::new(move |_| {
            rows.with(|rows| {
                order.with(|order| {
                    let items = || order.iter().map(|&i| rows[i as usize].tenant_motion());
                    (kpis(items()), charts(items(), &cfg))
                })
            })
        })
    };
    let motion_chart = Memo::new(move |_| {
        rows.with(|rows| {
            order_any_motion.with(|order| {
                charts(
                    order.iter().map(|&i| rows[i as usize].tenant_motion()),
                    &cfg,
                )
                .tenants_by_motion
            })
        })
    });

    let chart_a =
        Signal::derive(move || figures.with(|(_, c)| counts(c.tenants_by_segment.clone())));
    let chart_b = Signal::derive(move || figures.with(|(_, c)| counts(c.w365_penetration.clone())));
    let chart_c = Signal::derive(move || counts(motion_chart.get()));
    let chart_d =
        Signal::derive(move || figures.with(|(_, c)| counts(c.tenants_by_renewal.clone())));
    let chart_e = Signal::derive(move || {
        figures.with(|(_, c)| {
            c.earnings_by_workshop
                .iter()
                .flatten()
                .map(|(l, m)| (l.clone(), m.cents() as f64, format::money(*m)))
                .collect::<Bars>()
        })
    });

    let tiles = move || {
        let (k, _) = figures.get();
        view! {
            <div class="tile lead" data-testid="kpi" data-kpi="tenants">
                <span class="value">{format::grouped(k.tenants)}</span>
                <span class="label">"Tenants"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="penetration" title="Σ W365 PAU ÷ Σ eligible seats">
                <span class="value">{percent(k.w365_seat_penetration)}</span>
                <span class="label">"W365 seat penetration"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="whitespace" title="Σ (eligible seats − W365 PAU)">
                <span class="value">{format::grouped(k.seat_whitespace)}</span>
                <span class="label">"W365 seat whitespace"</span>
            </div>
            <MotionTile kpi="land" label="Land W365" value=k.land group=SalesMotion::is_land motions/>
            <MotionTile kpi="expand" label="Expand W365" value=k.expand group=SalesMotion::is_expand motions/>
            <MotionTile kpi="flex" label="Expand to Frontline (Flex)" value=k.flex group=SalesMotion::is_flex motions/>
            <div class="tile" data-testid="kpi" data-kpi="incentive">
                <span class="value">{format::grouped(k.incentive_eligible)}</span>
                <span class="label">"Incentive eligible"</span>
            </div>
            // Revenue: absent for a Report viewer, whose rows carry no MCI estimate.
            {k.potential_earnings.map(|e| view! {
                <div class="tile" data-testid="kpi" data-kpi="earnings" title=format!("{} — each tenant's MCI estimate counted once", format::money(e))>
                    <span class="value">{format::money_compact(e)}</span>
                    <span class="label">"Potential earnings (MCI)"</span>
                </div>
            })}
        }
    };

    view! {
        <section class="report">
            <ReportHead
                title="Cloud Endpoints"
                sub="Windows 365 opportunities: CPOR and CSP tenants with more than 100 eligible seats, their sales motion and MCI incentives."
            />
            <div class="tiles kpis">{tiles}</div>
            // Its own row: the filter toolbar is full, and a scenario is about the data, not the view.
            <div class="toolbar what-if-row">
                <WhatIfPanel
                    what_if
                    report="cloud-endpoints"
                    kinds=Kind::CLOUD_ENDPOINTS
                    tenants=view_tenants
                    delta=delta_lines
                    csv=what_if_csv
                    open_right=true
                />
            </div>
            <div class="charts">
                <ChartPanel title="A. Tenants by segment" testid="chart-a" data=chart_a pick=segments/>
                <ChartPanel title="B. W365 tenant penetration" testid="chart-b" data=chart_b/>
                <ChartPanel title="C. Tenants by sales motion" testid="chart-c" data=chart_c pick=motions/>
                <ChartPanel title="D. Tenants by renewal period" testid="chart-d" data=chart_d pick=renewal/>
                {move || figures.with(|(_, c)| c.earnings_by_workshop.is_some()).then(|| view! {
                    <ChartPanel title="E. Potential earnings by MCI workshop" testid="chart-e" data=chart_e pick=mci/>
                })}
            </div>
            <div class="toolbar" role="search">
                <SearchBox report placeholder="Search tenant name, ID or domain"/>
                <MultiSelect label="Segments" list=segments options=labelled(Segment::ALL.iter().map(|s| s.label()))/>
                <MultiSelect label="Sales motions" list=motions options=labelled(SalesMotion::ALL.iter().map(|m| m.label()))/>
                <MultiSelect label="MCI eligibility" list=mci options=labelled(workshops)/>
                <MultiSelect
                    label="Renewal period"
                    list=renewal
                    options=labelled(renewals)
                />
                <MultiSelect label="Association" list=assoc options=labelled(Association::ALL.iter().map(|a| a.label()))/>
                <ClearFilters report/>
                <ToolbarEnd report noun="tenants" glossary=GLOSSARY/>
            </div>
            <DataTable
                report
                label="Cloud Endpoints"
                link=RowLink { column: "tenant_name", href: |r: &CloudEndpointRow| Some(format!("/tenants/{}", r.tenant.id)) }
                row_label=|r: &CloudEndpointRow| r.tenant.name.to_string()
                compare=Compare { before, changed }
            />
            <p class="foot">
                "Click a sales motion to see the checks that chose it. Tiles and charts describe the rows shown; chart C keeps every motion so you can switch."
            </p>
        </section>
    }
}
