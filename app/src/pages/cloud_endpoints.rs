//! The Cloud Endpoints report (seed 002, spec §2): Windows 365 KPI tiles, charts A–E and the
//! tenant table. Tiles and charts describe the current view; chart C ignores the sales-motion
//! filter itself, so its bars stay visible to switch between (the selected ones highlighted).

use crate::charts::{bar_chart, BarChart};
use crate::controls::{
    search_callback, ColumnPicker, DownloadButton, Glossary, MultiSelect, SearchBox,
};
use crate::report::{use_report, ReportView};
use crate::table::{DataTable, RowLink};
use crate::url_state::{list_param, Setter};
use crate::with_data;
use leptos::prelude::*;
use shared::config::CloudEndpointsConfig;
use shared::format::percent;
use shared::reports::cloud_endpoints::{
    self, charts, kpis, Association, CloudEndpointFilter, CloudEndpointRow, COLUMNS,
};
use shared::reports::RowFilter;
use shared::rules::cloud_endpoints::SalesMotion;
use shared::{Segment, Snapshot, YearMonth};
use std::sync::Arc;

#[component]
pub fn CloudEndpointsPage() -> impl IntoView {
    with_data(|snapshot| view! { <CloudEndpointsReport snapshot/> })
}

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

/// A chart's bars (label, value, value text) and which of them the filters select.
type ChartData = (Vec<(String, f64, String)>, Vec<bool>);

/// One chart panel; `pick` (when given) makes each bar a button that filters by it.
#[component]
fn ChartPanel(
    title: &'static str,
    testid: &'static str,
    #[prop(into)] data: Signal<ChartData>,
    #[prop(optional)] pick: Option<Callback<usize>>,
) -> impl IntoView {
    view! {
        <figure class="chart-panel" data-testid=testid>
            <figcaption>{title}</figcaption>
            {move || {
                let (bars, selected) = data.get();
                let BarChart { svg, boxes, width, height } = bar_chart(&bars, &selected);
                let hits = pick.map(|pick| {
                    boxes
                        .into_iter()
                        .zip(bars.iter())
                        .enumerate()
                        .map(|(i, (b, (label, _, text)))| {
                            let pressed = selected.get(i).copied().unwrap_or(false);
                            view! {
                                <button
                                    class="bar-hit"
                                    data-testid="bar"
                                    data-label=label.clone()
                                    aria-pressed=if pressed { "true" } else { "false" }
                                    aria-label=format!("{label}: {text}. Filter the table.")
                                    style=b.style()
                                    on:click=move |_| pick.run(i)
                                ></button>
                            }
                        })
                        .collect_view()
                });
                view! {
                    <div class="chart-stack" style=format!("width:{width}px;height:{height}px")>
                        <div class="chart-svg" inner_html=svg></div>
                        {hits}
                    </div>
                }
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

/// Sets URL list parameter `param` to just `value`, or clears it when that is all it holds.
fn pick_one(set_url: &Setter, param: &'static str, current: &[String], value: String) {
    let only = current.len() == 1 && current[0].eq_ignore_ascii_case(&value);
    set_url(&[(param, (!only).then_some(value))], false);
}

#[component]
fn CloudEndpointsReport(snapshot: Arc<Snapshot>) -> impl IntoView {
    let cfg = CloudEndpointsConfig::default();
    let rows: Memo<Arc<Vec<CloudEndpointRow>>> = {
        let cfg = cfg.clone();
        Memo::new(move |_| Arc::new(cloud_endpoints::build_rows(&snapshot, &cfg)))
    };
    let workshops = rows.with_untracked(|r| cloud_endpoints::mci_workshops(r));
    let renewals = rows.with_untracked(|r| cloud_endpoints::renewal_periods(r));

    let view_state = use_report("cloud-endpoints", COLUMNS, rows);
    let on_type = search_callback(&view_state);
    let ReportView {
        sort,
        on_sort,
        search,
        visible,
        set_visible,
        sorted,
        set_url,
    } = view_state;

    let segments = list_param("segment");
    let motions = list_param("motion");
    let mci = list_param("mci");
    let renewal = list_param("renewal");
    let assoc = list_param("association");

    let filter = Memo::new(move |_| CloudEndpointFilter {
        search: search.get(),
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
    });
    let order = Memo::new(move |_| {
        filter.with(|f| rows.with(|rows| sorted.with(|sorted| Arc::new(f.apply(rows, sorted)))))
    });
    // Chart C's own view: every filter but the sales motion.
    let order_any_motion = Memo::new(move |_| {
        let mut f = filter.get();
        f.sales_motions.clear();
        rows.with(|rows| Arc::new(f.apply(rows, &(0..rows.len() as u32).collect::<Vec<_>>())))
    });
    let total = move || rows.with(|r| r.len());

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
    let motion_chart = {
        let cfg = cfg.clone();
        Memo::new(move |_| {
            rows.with(|rows| {
                order_any_motion.with(|order| {
                    charts(
                        order.iter().map(|&i| rows[i as usize].tenant_motion()),
                        &cfg,
                    )
                    .tenants_by_motion
                })
            })
        })
    };

    let glossary_open = RwSignal::new(false);
    let selected_in = |list: Memo<Vec<String>>, labels: &[String]| -> Vec<bool> {
        list.with(|sel| {
            labels
                .iter()
                .map(|l| sel.iter().any(|s| s.eq_ignore_ascii_case(l)))
                .collect()
        })
    };

    let chart_a = Signal::derive(move || {
        let series = figures.with(|(_, c)| counts(c.tenants_by_segment.clone()));
        let labels: Vec<String> = series.iter().map(|b| b.0.clone()).collect();
        (series, selected_in(segments, &labels))
    });
    let chart_b = Signal::derive(move || {
        let series = figures.with(|(_, c)| counts(c.w365_penetration.clone()));
        let n = series.len();
        (series, vec![false; n])
    });
    let chart_c = Signal::derive(move || {
        let series = counts(motion_chart.get());
        let labels: Vec<String> = series.iter().map(|b| b.0.clone()).collect();
        (series, selected_in(motions, &labels))
    });
    let chart_d = Signal::derive(move || {
        let series = figures.with(|(_, c)| counts(c.tenants_by_renewal.clone()));
        let labels: Vec<String> = series.iter().map(|b| b.0.clone()).collect();
        (series, selected_in(renewal, &labels))
    });
    let chart_e = Signal::derive(move || {
        let series: Vec<(String, f64, String)> = figures.with(|(_, c)| {
            c.earnings_by_workshop
                .iter()
                .map(|(l, m)| (l.clone(), m.cents() as f64, format!("${m}")))
                .collect()
        });
        let labels: Vec<String> = series.iter().map(|b| b.0.clone()).collect();
        (series, selected_in(mci, &labels))
    });

    let picker = |param: &'static str, list: Memo<Vec<String>>, data: Signal<ChartData>| {
        let set_url = set_url.clone();
        Callback::new(move |i: usize| {
            let label = data.with_untracked(|(bars, _)| bars.get(i).map(|b| b.0.clone()));
            if let Some(label) = label {
                pick_one(&set_url, param, &list.get_untracked(), label);
            }
        })
    };
    let pick_a = picker("segment", segments, chart_a);
    let pick_c = picker("motion", motions, chart_c);
    let pick_d = picker("renewal", renewal, chart_d);
    let pick_e = picker("mci", mci, chart_e);

    let motion_tile = {
        let set_url = set_url.clone();
        move |group: fn(SalesMotion) -> bool| {
            let wanted: Vec<String> = SalesMotion::ALL
                .into_iter()
                .filter(|m| group(*m))
                .map(|m| m.label().to_string())
                .collect();
            let same = motions.with_untracked(|m| {
                m.len() == wanted.len() && wanted.iter().all(|w| m.contains(w))
            });
            set_url(&[("motion", (!same).then(|| wanted.join(",")))], false);
        }
    };

    let tiles = move || {
        let (k, _) = figures.get();
        let pressed = |group: fn(SalesMotion) -> bool| {
            motions.with(|m| {
                !m.is_empty()
                    && m.iter().all(|s| SalesMotion::parse(s).is_some_and(group))
                    && SalesMotion::ALL.iter().filter(|x| group(**x)).count() == m.len()
            })
        };
        let t = motion_tile.clone();
        let t2 = motion_tile.clone();
        let t3 = motion_tile.clone();
        view! {
            <div class="tile lead" data-testid="kpi" data-kpi="tenants">
                <span class="value">{k.tenants}</span>
                <span class="label">"Tenants"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="penetration" title="Σ W365 PAU ÷ Σ eligible seats">
                <span class="value">{percent(k.w365_seat_penetration)}</span>
                <span class="label">"W365 seat penetration"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="whitespace" title="Σ (eligible seats − W365 PAU)">
                <span class="value">{k.seat_whitespace}</span>
                <span class="label">"W365 seat whitespace"</span>
            </div>
            <button
                class="tile"
                data-testid="kpi"
                data-kpi="land"
                aria-pressed=if pressed(SalesMotion::is_land) { "true" } else { "false" }
                on:click=move |_| t(SalesMotion::is_land)
            >
                <span class="value">{k.land}</span>
                <span class="label">"Land W365"</span>
            </button>
            <button
                class="tile"
                data-testid="kpi"
                data-kpi="expand"
                aria-pressed=if pressed(SalesMotion::is_expand) { "true" } else { "false" }
                on:click=move |_| t2(SalesMotion::is_expand)
            >
                <span class="value">{k.expand}</span>
                <span class="label">"Expand W365"</span>
            </button>
            <button
                class="tile"
                data-testid="kpi"
                data-kpi="flex"
                aria-pressed=if pressed(SalesMotion::is_flex) { "true" } else { "false" }
                on:click=move |_| t3(SalesMotion::is_flex)
            >
                <span class="value">{k.flex}</span>
                <span class="label">"Expand to Frontline (Flex)"</span>
            </button>
            <div class="tile" data-testid="kpi" data-kpi="incentive">
                <span class="value">{k.incentive_eligible}</span>
                <span class="label">"Incentive eligible"</span>
            </div>
            <div class="tile" data-testid="kpi" data-kpi="earnings" title="Each tenant's MCI estimate counted once">
                <span class="value">{format!("${}", k.potential_earnings)}</span>
                <span class="label">"Potential earnings (MCI)"</span>
            </div>
        }
    };

    let clear = set_url.clone();
    let opt = |s: &str| (s.to_string(), s.to_string());

    view! {
        <section class="report">
            <div class="report-head">
                <h1>"Cloud Endpoints"</h1>
                <p class="sub">
                    "Windows 365 opportunities: CPOR and CSP tenants with more than 100 eligible seats, their sales motion and MCI incentives."
                </p>
            </div>
            <div class="tiles kpis">{tiles}</div>
            <div class="charts">
                <ChartPanel title="A. Tenants by segment" testid="chart-a" data=chart_a pick=pick_a/>
                <ChartPanel title="B. W365 tenant penetration" testid="chart-b" data=chart_b/>
                <ChartPanel title="C. Tenants by sales motion" testid="chart-c" data=chart_c pick=pick_c/>
                <ChartPanel title="D. Tenants by renewal period" testid="chart-d" data=chart_d pick=pick_d/>
                <ChartPanel title="E. Potential earnings by MCI workshop" testid="chart-e" data=chart_e pick=pick_e/>
            </div>
            <div class="toolbar" role="search">
                <SearchBox search on_type placeholder="Search tenant name, ID or domain"/>
                <MultiSelect
                    label="Segments"
                    param="segment"
                    options=Segment::ALL.iter().map(|s| opt(s.label())).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="Sales motions"
                    param="motion"
                    options=SalesMotion::ALL.iter().map(|m| opt(m.label())).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="MCI eligibility"
                    param="mci"
                    options=workshops.iter().map(|w| opt(w)).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="Renewal period"
                    param="renewal"
                    options=renewals.iter().map(|m| opt(&m.to_string())).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="Association"
                    param="association"
                    options=Association::ALL.iter().map(|a| opt(a.label())).collect()
                    set_url=set_url.clone()
                />
                <button
                    class="link"
                    on:click=move |_| {
                        search.set(String::new());
                        clear(
                            &[
                                ("q", None),
                                ("segment", None),
                                ("motion", None),
                                ("mci", None),
                                ("renewal", None),
                                ("association", None),
                            ],
                            false,
                        )
                    }
                >
                    "Clear filters"
                </button>
                <span class="spacer"></span>
                <span class="count" aria-live="polite">
                    <b data-testid="row-count">{move || order.with(|o| o.len())}</b>
                    " of " {total} " tenants"
                </span>
                <ColumnPicker columns=COLUMNS visible set_visible/>
                <button class="link" data-testid="glossary-toggle" on:click=move |_| glossary_open.update(|o| *o = !*o)>
                    "Definitions"
                </button>
                <DownloadButton file_name="cloud-endpoints.csv" columns=COLUMNS rows order view_state=visible/>
            </div>
            <Glossary open=glossary_open title="Label definitions" terms=GLOSSARY/>
            <DataTable
                rows
                order
                columns=COLUMNS
                visible
                sort
                on_sort
                label="Cloud Endpoints"
                link=RowLink { column: "tenant_name", href: |r: &CloudEndpointRow| Some(format!("/tenants/{}", r.tenant.id)) }
                row_label=|r: &CloudEndpointRow| r.tenant.name.clone()
            />
            <p class="foot">
                "Click a sales motion to see the checks that chose it. Tiles and charts describe the rows shown; chart C keeps every motion so you can switch."
            </p>
        </section>
    }
}
