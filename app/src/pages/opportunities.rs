//! The Opportunities report (seed 000 "Growth opportunities", spec §1): summary tiles per SKU,
//! the growth propensity grid, and the workload table — every figure computed here by
//! `shared`'s rules, every computed cell with its "why?", every click a filter in the URL.

use crate::charts::{grid, grid_box, growth_grid_svg, GRID_COLUMNS, GRID_ROWS};
use crate::controls::{
    search_callback, ColumnPicker, DownloadButton, Glossary, MultiSelect, SearchBox,
};
use crate::report::{use_report, ReportView};
use crate::table::{DataTable, RowLink};
use crate::url_state::{list_param, param, Setter};
use crate::with_data;
use leptos::prelude::*;
use shared::config::RulesConfig;
use shared::reports::opportunities::{
    self, parse_sku_key, sku_key, tenant_count, ClaimFilter, Focus, OpportunityFilter,
    OpportunityRow, COLUMNS,
};
use shared::reports::RowFilter;
use shared::rules::opportunity::{Opportunity, UsageThreshold};
use shared::rules::tenant_rollup::{GridCell, Summary};
use shared::{Sku, Snapshot};
use std::sync::Arc;

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    with_data(|snapshot| view! { <OpportunitiesReport snapshot/> })
}

/// The label definitions, in our words (seed 000's list, rewritten).
pub const GLOSSARY: &[(&str, &str)] = &[
    ("TPID", "Top Parent ID: the customer organization a tenant belongs to. A tenant has exactly one TPID on any given day."),
    ("Tenant ID", "The GUID that identifies the customer's Microsoft 365 tenant: its users, domains and subscriptions."),
    ("Tenant name", "The name the customer gave the tenant when it was created."),
    ("Workload", "A Microsoft 365 service (Exchange Online, Teams, Intune…) that partners can claim through CPOR."),
    ("SKU", "The licence family the workload is bought under. Opportunities are modelled for Office 365, E3 and E5 only."),
    ("MAU", "Monthly active users: distinct signed-in users who did something on purpose in the workload during the last 28 days."),
    ("PAU", "Paid available units: paid licences of the workload assigned to the tenant."),
    ("Usage %", "MAU ÷ PAU, never above 100%. Shown as – when the workload has no PAU."),
    ("Usage tipping point", "The usage level, per workload, segment and SKU, above which customers are most likely to buy more or move up a SKU. Comes from the tipping-point table (default or imported)."),
    ("Usage threshold", "Above or Below: usage compared with the tipping point. N/A when the workload is not eligible (PAU under 150) or no tipping point is known."),
    ("Opportunity", "The recommended motion for the workload: Upsell (under 150 PAU), Claim workload (eligible, unclaimed), Claim incentives or Drive usage and claim incentives (ours and incentivized, above or below the tipping point), Drive usage (ours, not incentivized, below), or N/A."),
    ("CPOR claim #", "The number of our Claiming Partner of Record claim on the workload; empty when nobody has claimed it."),
    ("Starting HWM", "High-water mark: the highest monthly active users before we were associated with the workload — the baseline we start from."),
    ("Prior HWM", "The highest monthly active users recorded before the current period; growth above it is what incentives pay for."),
    ("Potential earnings", "Opportunity units × the workload's rate per unit: what claiming or growing this workload could earn under CPOR incentives."),
    ("Resources", "FastTrack guidance for adopting the workload."),
    ("Upsell opportunity (tenant)", "The tenant has four or more workloads above their tipping points: ready to move up a SKU."),
    ("Usage opportunity (tenant)", "The tenant has two or more workloads below their tipping points: drive usage first."),
    ("Growth seat whitespace", "Σ (PAU − MAU) over workloads with more paid seats than active users: seats bought but not used."),
    ("Growth propensity grid", "Tenants placed by their highest SKU (rows) and where most of their workloads sit against the tipping point (columns; ties go to Below). Aim: move tenants from Office 365 · Below to E5 · Above."),
];

/// The thresholds a partner can try out: (URL parameter, label, the spec's value).
const WHAT_IF: [(&str, &str, u64); 3] = [
    ("min_pau", "Minimum PAU for FastTrack eligibility", 150),
    (
        "upsell_min",
        "Workloads above tipping point for a tenant upsell",
        4,
    ),
    (
        "usage_min",
        "Workloads below tipping point for a tenant usage opportunity",
        2,
    ),
];

#[component]
fn WhatIf(set_url: Setter) -> impl IntoView {
    let values = WHAT_IF.map(|(key, ..)| param(key));
    let active = move || values.iter().any(|v| v.get().is_some());
    let reset = set_url.clone();
    view! {
        <details class="multi right" data-testid="what-if">
            <summary>
                "What if"
                {move || active().then(|| view! { <span class="badge">"on"</span> })}
            </summary>
            <div class="menu what-if">
                <p class="hint">"Try other thresholds: every figure, row and “why?” is recomputed here, nothing is saved."</p>
                {WHAT_IF
                    .iter()
                    .enumerate()
                    .map(|(i, (key, label, spec))| {
                        let key: &'static str = key;
                        let set_url = set_url.clone();
                        let value = values[i];
                        view! {
                            <label class="field">
                                <span>{*label}</span>
                                <input
                                    type="number"
                                    min="1"
                                    step="1"
                                    data-testid=format!("what-if-{key}")
                                    prop:value=move || value.get().unwrap_or_else(|| spec.to_string())
                                    on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let keep = v.parse::<u64>().ok().filter(|n| *n > 0 && n != spec);
                                        set_url(&[(key, keep.map(|n| n.to_string()))], false);
                                    }
                                />
                                <span class="hint">{format!("spec: {spec}")}</span>
                            </label>
                        }
                    })
                    .collect_view()}
                <button
                    class="link"
                    on:click=move |_| reset(&WHAT_IF.map(|(key, ..)| (key, None)), false)
                >
                    "Back to the spec's thresholds"
                </button>
            </div>
        </details>
    }
}

fn row_label(r: &OpportunityRow) -> String {
    format!("{} · {} ({})", r.tenant_name, r.workload, r.sku)
}

#[component]
fn OpportunitiesReport(snapshot: Arc<Snapshot>) -> impl IntoView {
    // What-if: thresholds from the URL (a shared link carries the scenario), else the spec's.
    let what_if_params = WHAT_IF.map(|(key, ..)| param(key));
    let config = Memo::new(move |_| {
        let mut c = RulesConfig::default();
        let get = |i: usize| {
            what_if_params[i]
                .get()
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|v| *v > 0)
        };
        if let Some(v) = get(0) {
            c.min_pau = v;
        }
        if let Some(v) = get(1) {
            c.upsell_min_above = v as usize;
        }
        if let Some(v) = get(2) {
            c.usage_opportunity_min_below = v as usize;
        }
        c
    });
    let rows: Memo<Arc<Vec<OpportunityRow>>> =
        Memo::new(move |_| config.with(|c| Arc::new(opportunities::build_rows(&snapshot, c))));
    let summary: Memo<Arc<Summary>> = Memo::new(move |_| {
        rows.with(|rows| {
            let all: Vec<u32> = (0..rows.len() as u32).collect();
            config.with(|c| Arc::new(opportunities::summary(rows, &all, c)))
        })
    });
    let workload_names = rows.with_untracked(|r| opportunities::workload_names(r));

    let view_state = use_report("opportunities", COLUMNS, rows);
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

    let workloads = list_param("workload");
    let skus = list_param("sku");
    let thresholds = list_param("threshold");
    let claims = list_param("claim");
    let opps = list_param("opportunity");
    let scope = Memo::new({
        let p = param("scope");
        move |_| p.get().as_deref().and_then(parse_sku_key)
    });
    let focus = Memo::new({
        let p = param("focus");
        move |_| p.get().as_deref().and_then(Focus::parse)
    });

    let filter = Memo::new(move |_| OpportunityFilter {
        search: search.get(),
        workloads: workloads.get(),
        skus: skus.with(|v| v.iter().filter_map(|s| parse_sku_key(s)).collect()),
        thresholds: thresholds
            .with(|v| v.iter().filter_map(|s| UsageThreshold::parse(s)).collect()),
        claims: claims.with(|v| v.iter().filter_map(|s| ClaimFilter::parse(s)).collect()),
        opportunities: opps.with(|v| v.iter().filter_map(|s| Opportunity::parse(s)).collect()),
        scope: scope.get(),
        focus: focus.get(),
    });
    let order = Memo::new(move |_| {
        filter.with(|f| rows.with(|rows| sorted.with(|sorted| Arc::new(f.apply(rows, sorted)))))
    });
    let shown_tenants =
        Memo::new(move |_| rows.with(|rows| order.with(|order| tenant_count(rows, order))));
    let total = move || rows.with(|r| r.len());

    let glossary_open = RwSignal::new(false);

    let set_focus = {
        let set_url = set_url.clone();
        move |f: Focus| {
            let key = f.key();
            let same = focus.get_untracked().as_ref() == Some(&f);
            set_url(&[("focus", (!same).then_some(key))], false);
        }
    };
    let set_scope = {
        let set_url = set_url.clone();
        move |s: Option<Sku>| {
            set_url(&[("scope", s.map(|s| sku_key(&s).to_string()))], false);
        }
    };

    let tabs = {
        let set_scope = set_scope.clone();
        let choices: Vec<Option<Sku>> = std::iter::once(None)
            .chain(Sku::MODELLED.into_iter().map(Some))
            .collect();
        choices
            .into_iter()
            .map(|choice| {
                let label = choice
                    .as_ref()
                    .map_or_else(|| "All SKUs".to_string(), ToString::to_string);
                let c1 = choice.clone();
                let c2 = choice.clone();
                let set_scope = set_scope.clone();
                view! {
                    <button
                        role="tab"
                        class="tab"
                        data-testid="scope-tab"
                        aria-selected=move || if scope.get() == c1 { "true" } else { "false" }
                        on:click=move |_| set_scope(c2.clone())
                    >
                        {label}
                    </button>
                }
            })
            .collect_view()
    };

    let tiles = {
        let set_focus = set_focus.clone();
        move || {
            let s = summary.get();
            let current = focus.get();
            let tiles = match scope.get() {
                None => s.overall.clone(),
                Some(sku) => s
                    .per_sku
                    .iter()
                    .find(|t| t.sku.as_ref() == Some(&sku))
                    .cloned()
                    .unwrap_or_else(|| s.overall.clone()),
            };
            let head = view! {
                <div class="tile lead" data-testid="tile-tenants">
                    <span class="value">{tiles.tenants}</span>
                    <span class="label">
                        {match &tiles.sku {
                            Some(sku) => format!("Tenants whose highest SKU is {sku}"),
                            None => "Tenants with Office 365, E3 or E5 opportunities data".to_string(),
                        }}
                    </span>
                </div>
            };
            let items = tiles
                .items()
                .into_iter()
                .zip(Focus::TILES)
                .map(|((label, value, trace), f)| {
                    let why = trace.steps().collect::<Vec<_>>().join("\n");
                    let key = f.key();
                    let active = current.as_ref() == Some(&f);
                    let set_focus = set_focus.clone();
                    view! {
                        <button
                            class="tile"
                            data-testid="tile"
                            data-focus=key
                            aria-pressed=if active { "true" } else { "false" }
                            title=format!("Counts {why}. Click to filter the table.")
                            on:click=move |_| set_focus(f.clone())
                        >
                            <span class="value">{value}</span>
                            <span class="label">{label}</span>
                        </button>
                    }
                })
                .collect_view();
            view! { {head} {items} }
        }
    };

    let grid_view = {
        let set_focus = set_focus.clone();
        move || {
            let s = summary.get();
            let selected = match focus.get() {
                Some(Focus::Grid(c)) => Some(c),
                _ => None,
            };
            let svg = growth_grid_svg(&s.grid, selected.as_ref());
            let buttons = GRID_ROWS
                .iter()
                .enumerate()
                .flat_map(|(r, sku)| {
                    GRID_COLUMNS.iter().enumerate().map(move |(c, t)| (r, c, sku.clone(), *t))
                })
                .map(|(r, c, sku, threshold)| {
                    let n = s.grid.count(&sku, threshold);
                    let cell = GridCell { sku: sku.clone(), threshold };
                    let f = Focus::Grid(cell.clone());
                    let pressed = selected.as_ref() == Some(&cell);
                    let set_focus = set_focus.clone();
                    view! {
                        <button
                            class="grid-hit"
                            data-testid="grid-cell"
                            data-focus=f.key()
                            aria-pressed=if pressed { "true" } else { "false" }
                            aria-label=format!("{sku}, {threshold}: {n} tenants. Filter the table to them.")
                            style=grid_box(r, c).style()
                            on:click=move |_| set_focus(f.clone())
                        ></button>
                    }
                })
                .collect_view();
            view! {
                <div
                    class="chart-stack"
                    style=format!("width:{}px;height:{}px", grid::WIDTH, grid::HEIGHT)
                >
                    <div class="chart-svg" inner_html=svg></div>
                    {buttons}
                </div>
            }
        }
    };

    let clear = set_url.clone();
    let clear_focus = set_url.clone();
    let option = |k: &str, l: &str| (k.to_string(), l.to_string());

    view! {
        <section class="report">
            <div class="report-head">
                <h1>"Growth opportunities"</h1>
                <p class="sub">
                    "Office 365, E3 and E5 workloads of your Enterprise and SMC customers: where usage sits against its tipping point, what to do next, and what it could earn."
                </p>
            </div>
            <div class="summary">
                <div class="tiles-panel">
                    <div class="tabs" role="tablist" aria-label="SKU">{tabs}</div>
                    <div class="tiles">{tiles}</div>
                    <p class="foot">
                        "Figures cover every tenant in the report (the SKU tab aside). Click a tile to list what it counts; click again to undo."
                    </p>
                </div>
                <figure class="grid-panel">
                    <figcaption>"Growth propensity (tenants)"</figcaption>
                    {grid_view}
                </figure>
            </div>
            <div class="toolbar" role="search">
                <SearchBox search on_type placeholder="Search tenant name, tenant ID or workload"/>
                <MultiSelect
                    label="Workloads"
                    param="workload"
                    options=workload_names.into_iter().map(|n| (n.clone(), n)).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="SKUs"
                    param="sku"
                    options=Sku::MODELLED.iter().map(|s| (sku_key(s).to_string(), s.to_string())).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="Usage thresholds"
                    param="threshold"
                    options=UsageThreshold::ALL.iter().map(|t| option(t.label(), t.label())).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="Claims"
                    param="claim"
                    options=ClaimFilter::ALL.iter().map(|c| option(c.label(), c.label())).collect()
                    set_url=set_url.clone()
                />
                <MultiSelect
                    label="Opportunities"
                    param="opportunity"
                    options=Opportunity::ALL.iter().map(|o| option(o.label(), o.label())).collect()
                    set_url=set_url.clone()
                />
                {move || {
                    let clear_focus = clear_focus.clone();
                    focus
                        .get()
                        .map(|f| {
                            view! {
                                <span class="chip" data-testid="focus-chip">
                                    {f.label()}
                                    <button
                                        class="link"
                                        aria-label="Remove this filter"
                                        on:click=move |_| clear_focus(&[("focus", None)], false)
                                    >
                                        "×"
                                    </button>
                                </span>
                            }
                        })
                }}
                <button
                    class="link"
                    on:click=move |_| {
                        search.set(String::new());
                        clear(
                            &[
                                ("q", None),
                                ("workload", None),
                                ("sku", None),
                                ("threshold", None),
                                ("claim", None),
                                ("opportunity", None),
                                ("focus", None),
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
                    " of " {total} " workloads · "
                    <b data-testid="tenant-count">{move || shown_tenants.get()}</b>
                    " tenants"
                </span>
                <WhatIf set_url=set_url.clone()/>
                <ColumnPicker columns=COLUMNS visible set_visible/>
                <button class="link" data-testid="glossary-toggle" on:click=move |_| glossary_open.update(|o| *o = !*o)>
                    "Definitions"
                </button>
                <DownloadButton file_name="opportunities.csv" columns=COLUMNS rows order view_state=visible/>
            </div>
            <Glossary open=glossary_open title="Label definitions" terms=GLOSSARY/>
            <DataTable
                rows
                order
                columns=COLUMNS
                visible
                sort
                on_sort
                label="Growth opportunities"
                link=RowLink { column: "tenant_name", href: |r: &OpportunityRow| Some(format!("/tenants/{}", r.tenant_id)) }
                row_label=row_label
            />
            <p class="foot">
                "Click an underlined value to see why it is what it is. Usage % is MAU ÷ PAU, capped at 100%; – means no PAU or no tipping point. Workloads claimed by another partner are left out."
            </p>
        </section>
    }
}
