//! The Tenants report (seed 000 "Tenant usage"): every associated tenant of every segment with
//! its workloads' usage and our CPOR claims; search, filters, sort and CSV of the view.

use crate::controls::{labelled, ClearFilters, MultiSelect, ReportHead, SearchBox, ToolbarEnd};
use crate::load::use_snapshot;
use crate::report::use_report;
use crate::table::{DataTable, RowLink};
use crate::url_state::Url;
use leptos::prelude::*;
use shared::format::parse_date;
use shared::reports::tenants::{self, TenantFilter, TenantRow, COLUMNS};
use std::sync::Arc;

#[component]
pub fn TenantsPage() -> impl IntoView {
    let snapshot = use_snapshot();
    let rows = Memo::new(move |_| Arc::new(tenants::build_rows(&snapshot)));
    let workload_names = rows.with_untracked(|r| tenants::workload_names(r));

    let url = Url::new();
    let workloads = url.filter_list("workload");
    let from = url.filter_param("from");
    let to = url.filter_param("to");
    let report = use_report("tenants", COLUMNS, rows, url, move |search| TenantFilter {
        search,
        workloads: workloads.get(),
        claim_from: from.get().as_deref().and_then(parse_date),
        claim_to: to.get().as_deref().and_then(parse_date),
    });
    let date_input = move |key: &'static str, value: Memo<Option<String>>, testid: &'static str| {
        view! {
            <input
                type="date"
                data-testid=testid
                prop:value=move || value.get().unwrap_or_default()
                on:change=move |ev| url.set(&[(key, Some(event_target_value(&ev)))])
            />
        }
    };

    view! {
        <section class="report">
            <ReportHead
                title="Tenants"
                sub="Every customer tenant you hold a CPOR claim on, all segments, with workload usage and claims."
            />
            <div class="toolbar" role="search">
                <SearchBox report placeholder="Search tenant name or domain"/>
                <MultiSelect
                    label="Workloads"
                    list=workloads
                    options=labelled(workload_names)
                />
                <label class="date">"Claimed from " {date_input("from", from, "claim-from")}</label>
                <label class="date">"to " {date_input("to", to, "claim-to")}</label>
                <ClearFilters report/>
                <ToolbarEnd report noun="tenants"/>
            </div>
            <DataTable
                report
                label="Tenants"
                link=RowLink { column: "name", href: |r: &TenantRow| Some(format!("/tenants/{}", r.tenant.id)) }
            />
            <p class="foot">
                "Workloads claimed by another partner are not shown. Usage % is MAU ÷ PAU, capped at 100%; – means no PAU. Arrow keys, PageUp/PageDown, Home/End move through rows."
            </p>
        </section>
    }
}
