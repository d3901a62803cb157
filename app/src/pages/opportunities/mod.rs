//! The Opportunities report (seed 000 "Growth opportunities", spec §1): summary tiles per SKU,
//! the growth propensity grid, and the workload table — every figure computed here by
//! `shared`'s rules, every computed cell with its "why?", every click a filter in the URL.

mod summary;

use crate::controls::{labelled, ClearFilters, MultiSelect, ReportHead, SearchBox, ToolbarEnd};
use crate::download::BlobSink;
use crate::load::use_snapshot;
use crate::report::use_report;
use crate::table::{Compare, DataTable, RowLink};
use crate::timing;
use crate::url_state::Url;
use crate::what_if::{opportunity_lines, Kind, ViewTenants, WhatIf, WhatIfPanel};
use leptos::prelude::*;
use shared::config::RulesConfig;
use shared::reports::opportunities::{
    self, parse_sku_key, sku_key, tenant_count, Built, ClaimFilter, Focus, OpportunityFilter,
    OpportunityRow, SearchKeys, WhatIfBase, COLUMNS,
};
use shared::rules::opportunity::{Opportunity, UsageThreshold};
use shared::rules::trace::Explain;
use shared::scenario::{write_before_after_csv, OpportunityDelta, Scenario};
use shared::Sku;
use std::sync::Arc;
use summary::{GrowthGrid, ScopeTabs, SummaryTiles};

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

fn row_label(r: &OpportunityRow) -> String {
    format!("{} · {} ({})", r.tenant.name, r.workload, r.sku)
}

#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let snapshot = use_snapshot();
    let url = Url::new();
    let what_if = WhatIf::new(url);
    let scenario = what_if.scenario;
    // The rows as imported, and as the what-if has them (the same rows when there is none).
    // Built quiet (no traces: a million rows must fit); "why?" explains its one row.
    let before = {
        let snapshot = snapshot.clone();
        Memo::new(move |_| {
            Arc::new(timing::measure("opportunity-rows", || {
                opportunities::build_rows_with(
                    &snapshot,
                    &RulesConfig::default(),
                    &Scenario::default(),
                    Explain::Quiet,
                )
            }))
        })
    };
    // What a what-if builds over, indexed when one is first used (a page without one never
    // pays for it); the data of a page never changes, so neither does this.
    let base_index = StoredValue::new(None::<Arc<WhatIfBase>>);
    let base = {
        let snapshot = snapshot.clone();
        Callback::new(move |()| {
            if let Some(b) = base_index.get_value() {
                return b;
            }
            let b = Arc::new(timing::measure("what-if-index", || {
                let config = RulesConfig::default();
                WhatIfBase::new(&snapshot, &config, Explain::Quiet, before.get_untracked())
            }));
            base_index.set_value(Some(Arc::clone(&b)));
            b
        })
    };
    // A slider step changes the what-if's rows in place: the tenants the last step built are
    // copied back from `before` and those of this step built again — the cost of the touched
    // tenants, not of a copy of the report. `built` says which tenants differ from `before`
    // (read by the summary and the delta after the rows, so it is always this step's).
    let built = StoredValue::new(Built::Base);
    let rows = {
        let snapshot = snapshot.clone();
        Memo::new_owning(move |prev: Option<Arc<Vec<OpportunityRow>>>| {
            let next = scenario.with(|s| {
                if s.is_empty() {
                    built.set_value(Built::Base);
                    return before.get();
                }
                let base = base.run(());
                let (mut rows, was) = match prev {
                    Some(rows) => (rows, built.get_value()),
                    None => (Arc::clone(base.rows()), Built::Base),
                };
                timing::measure("what-if-rows", || {
                    let now = base.apply(Arc::make_mut(&mut rows), &was, &snapshot, s);
                    built.set_value(now);
                });
                rows
            });
            (next, true)
        })
    };
    let explain = Callback::new(move |index: u32| {
        let row = rows.with_untracked(|r| r.get(index as usize).cloned())?;
        scenario.with_untracked(|s| {
            opportunities::explain_row(&snapshot, &RulesConfig::default(), s, &row)
        })
    });
    let config = Memo::new(move |_| scenario.with(|s| s.rules_config(&RulesConfig::default())));
    let delta = Memo::new(move |_| {
        if !what_if.is_active() {
            return Arc::new(OpportunityDelta::default());
        }
        rows.with(|a| {
            Arc::new(timing::measure("what-if-delta", || {
                built.with_value(|b| base.run(()).delta(a, b))
            }))
        })
    });
    let changed = Memo::new(move |_| delta.with(|d| Arc::new(d.changed_rows.clone())));
    let summary = Memo::new(move |_| {
        let active = what_if.is_active();
        rows.with(|rows| {
            config.with(|c| {
                let name = if active {
                    "what-if-summary"
                } else {
                    "opportunity-summary"
                };
                Arc::new(timing::measure(name, || {
                    if active {
                        built.with_value(|b| base.run(()).summary(rows, b, c))
                    } else {
                        opportunities::summary_counts(rows, c).summary(c)
                    }
                }))
            })
        })
    });
    let workload_names = rows.with_untracked(|r| opportunities::workload_names(r));

    let workloads = url.filter_list("workload");
    let skus = url.filter_list("sku");
    let thresholds = url.filter_list("threshold");
    let claims = url.filter_list("claim");
    let opps = url.filter_list("opportunity");
    let scope = {
        let p = url.param("scope");
        Memo::new(move |_| p.get().as_deref().and_then(parse_sku_key))
    };
    let focus = {
        let p = url.filter_param("focus");
        Memo::new(move |_| p.get().as_deref().and_then(Focus::parse))
    };
    // What the search reads per row, built on the first search (a what-if's rows are the
    // same rows in the same places, so the imported rows' keys serve it too).
    let keys = Memo::new(move |_| before.with(|b| Arc::new(SearchKeys::of(b))));
    let report = use_report(
        "opportunities",
        COLUMNS,
        rows,
        url,
        move |search: String| OpportunityFilter {
            keys: (!search.trim().is_empty()).then(|| keys.get()),
            search,
            workloads: workloads.get(),
            skus: skus.with(|v| v.iter().filter_map(|s| parse_sku_key(s)).collect()),
            thresholds: thresholds
                .with(|v| v.iter().filter_map(|s| UsageThreshold::parse(s)).collect()),
            claims: claims.with(|v| v.iter().filter_map(|s| ClaimFilter::parse(s)).collect()),
            opportunities: opps.with(|v| v.iter().filter_map(|s| Opportunity::parse(s)).collect()),
            scope: scope.get(),
            focus: focus.get(),
        },
    );
    let order = report.order;
    let shown_tenants =
        Memo::new(move |_| rows.with(|rows| order.with(|order| tenant_count(rows, order))));
    // The view's tenants, in its order, for the what-if's target.
    let view_tenants = Callback::new(move |()| {
        rows.with_untracked(|rows| {
            order.with_untracked(|order| {
                let mut seen = std::collections::HashSet::new();
                ViewTenants {
                    list: order
                        .iter()
                        .map(|&i| &rows[i as usize])
                        .filter(|r| seen.insert(r.tenant.id))
                        .map(|r| (r.tenant.id, r.tenant.name.clone()))
                        .collect(),
                    every: order.len() == rows.len(),
                }
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
    let delta_lines = Signal::derive(move || delta.with(|d| opportunity_lines(d)));
    let workload_choices = workload_names.clone();

    let focus_chip = move || {
        focus.get().map(|f| {
            view! {
                <span class="chip" data-testid="focus-chip">
                    {f.label()}
                    <button class="link" aria-label="Remove this filter" on:click=move |_| url.set(&[("focus", None)])>
                        "×"
                    </button>
                </span>
            }
        })
    };

    view! {
        <section class="report">
            <ReportHead
                title="Growth opportunities"
                sub="Office 365, E3 and E5 workloads of your Enterprise and SMC customers: where usage sits against its tipping point, what to do next, and what it could earn."
            />
            <div class="summary">
                <div class="tiles-panel">
                    <div class="tabs" role="tablist" aria-label="SKU"><ScopeTabs scope url/></div>
                    <div class="tiles"><SummaryTiles summary scope focus url/></div>
                    <p class="foot">
                        "Figures cover every tenant in the report (the SKU tab aside). Click a tile to list what it counts; click again to undo."
                    </p>
                </div>
                <figure class="grid-panel">
                    <figcaption>"Growth propensity (tenants)"</figcaption>
                    <GrowthGrid summary focus url/>
                </figure>
            </div>
            <div class="toolbar" role="search">
                <SearchBox report placeholder="Search tenant name, tenant ID or workload"/>
                <MultiSelect
                    label="Workloads"
                    list=workloads
                    options=labelled(workload_names)
                />
                <MultiSelect
                    label="SKUs"
                    list=skus
                    options=Sku::MODELLED.iter().map(|s| (sku_key(s).to_string(), s.to_string())).collect()
                />
                <MultiSelect label="Usage thresholds" list=thresholds options=labelled(UsageThreshold::ALL.iter().map(|t| t.label()))/>
                <MultiSelect label="Claims" list=claims options=labelled(ClaimFilter::ALL.iter().map(|c| c.label()))/>
                <MultiSelect label="Opportunities" list=opps options=labelled(Opportunity::ALL.iter().map(|o| o.label()))/>
                {focus_chip}
                <ClearFilters report/>
                <ToolbarEnd
                    report
                    noun="workloads"
                    glossary=GLOSSARY
                    also=move || view! {
                        " · " <b data-testid="tenant-count">{move || shown_tenants.get()}</b> " tenants"
                    }
                >
                    <WhatIfPanel
                        what_if
                        report="opportunities"
                        kinds=Kind::OPPORTUNITIES
                        workloads=workload_choices
                        thresholds=true
                        tenants=view_tenants
                        delta=delta_lines
                        csv=what_if_csv
                    />
                </ToolbarEnd>
            </div>
            <DataTable
                report
                label="Growth opportunities"
                link=RowLink { column: "tenant_name", href: |r: &OpportunityRow| Some(format!("/tenants/{}", r.tenant.id)) }
                row_label=row_label
                compare=Compare { before, changed }
                explain
            />
            <p class="foot">
                "Click an underlined value to see why it is what it is. Usage % is MAU ÷ PAU, capped at 100%; – means no PAU or no tipping point. Workloads claimed by another partner are left out."
            </p>
        </section>
    }
}
