//! The Tenants report (seed 000 "Tenant usage"): every associated tenant of every segment with
//! its workloads' usage and our CPOR claims; search, filters, sort and CSV of the view.

use crate::controls::{search_callback, ColumnPicker, DownloadButton, MultiSelect, SearchBox};
use crate::report::{use_report, ReportView};
use crate::table::{DataTable, RowLink};
use crate::url_state::{list_param, param};
use crate::with_data;
use leptos::prelude::*;
use shared::reports::tenants::{self, TenantFilter, TenantRow, COLUMNS};
use shared::reports::RowFilter;
use shared::Snapshot;
use std::sync::Arc;
use time::Date;

#[component]
pub fn TenantsPage() -> impl IntoView {
    with_data(|snapshot| view! { <TenantsReport snapshot/> })
}

fn parse_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &fmt).ok()
}

#[component]
fn TenantsReport(snapshot: Arc<Snapshot>) -> impl IntoView {
    let rows: Memo<Arc<Vec<TenantRow>>> =
        Memo::new(move |_| Arc::new(tenants::build_rows(&snapshot)));
    let total = move || rows.with(|r| r.len());
    let workload_names = rows.with_untracked(|r| tenants::workload_names(r));

    let view_state = use_report("tenants", COLUMNS, rows);
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
    let from = param("from");
    let to = param("to");

    let filter = Memo::new(move |_| TenantFilter {
        search: search.get(),
        workloads: workloads.get(),
        claim_from: from.get().as_deref().and_then(parse_date),
        claim_to: to.get().as_deref().and_then(parse_date),
    });
    let order = Memo::new(move |_| {
        filter.with(|f| rows.with(|rows| sorted.with(|sorted| Arc::new(f.apply(rows, sorted)))))
    });

    let set_from = set_url.clone();
    let set_to = set_url.clone();
    let clear = set_url.clone();

    view! {
        <section class="report">
            <div class="report-head">
                <h1>"Tenants"</h1>
                <p class="sub">
                    "Every customer tenant you hold a CPOR claim on, all segments, with workload usage and claims."
                </p>
            </div>
            <div class="toolbar" role="search">
                <SearchBox search on_type placeholder="Search tenant name or domain"/>
                <MultiSelect
                    label="Workloads"
                    param="workload"
                    options=workload_names.into_iter().map(|n| (n.clone(), n)).collect()
                    set_url=set_url.clone()
                />
                <label class="date">
                    "Claimed from "
                    <input
                        type="date"
                        data-testid="claim-from"
                        prop:value=move || from.get().unwrap_or_default()
                        on:change=move |ev| set_from(&[("from", Some(event_target_value(&ev)))], false)
                    />
                </label>
                <label class="date">
                    "to "
                    <input
                        type="date"
                        data-testid="claim-to"
                        prop:value=move || to.get().unwrap_or_default()
                        on:change=move |ev| set_to(&[("to", Some(event_target_value(&ev)))], false)
                    />
                </label>
                <button
                    class="link"
                    on:click=move |_| {
                        search.set(String::new());
                        clear(&[("q", None), ("workload", None), ("from", None), ("to", None)], false)
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
                <DownloadButton file_name="tenants.csv" columns=COLUMNS rows order view_state=visible/>
            </div>
            <DataTable
                rows
                order
                columns=COLUMNS
                visible
                sort
                on_sort
                label="Tenants"
                link=RowLink { column: "name", href: |r: &TenantRow| Some(format!("/tenants/{}", r.tenant.id)) }
            />
            <p class="foot">
                "Workloads claimed by another partner are not shown. Usage % is MAU ÷ PAU, capped at 100%; – means no PAU. Arrow keys, PageUp/PageDown, Home/End move through rows."
            </p>
        </section>
    }
}
