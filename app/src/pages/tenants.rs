//! The Tenants report (seed 000 "Tenant usage"): every associated tenant of every segment with
//! its workloads' usage and our CPOR claims; search, filters, sort and CSV of the view.

use crate::download::save_csv;
use crate::table::{DataTable, Sort};
use crate::url_state::{list_param, param, setter};
use crate::with_data;
use leptos::prelude::*;
use shared::reports::tenants::{self, TenantFilter, TenantRow, COLUMNS};
use shared::reports::{column_by_id, rows_to_csv, sort_indices, RowFilter, SortDir};
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

    let q = param("q");
    let workloads = list_param("workload");
    let from = param("from");
    let to = param("to");
    let sort_col = param("sort");
    let sort_dir = param("dir");
    let set_url = setter();

    let sort = Memo::new(move |_| {
        let col = column_by_id(COLUMNS, &sort_col.get()?)?;
        Some(Sort {
            column: col.id,
            dir: sort_dir
                .get()
                .as_deref()
                .and_then(SortDir::parse)
                .unwrap_or_default(),
        })
    });
    let sorted = Memo::new(move |_| {
        let s = sort.get();
        rows.with(|rows| {
            Arc::new(
                match s.and_then(|s| Some((column_by_id(COLUMNS, s.column)?, s.dir))) {
                    Some((col, dir)) => sort_indices(rows, col, dir),
                    None => (0..rows.len() as u32).collect(),
                },
            )
        })
    });

    // Typing updates the view at once; the URL follows (replacing, not stacking history).
    let search = RwSignal::new(q.get_untracked().unwrap_or_default());
    Effect::new(move |_| {
        let from_url = q.get().unwrap_or_default();
        if from_url != search.get_untracked() {
            search.set(from_url);
        }
    });

    let filter = Memo::new(move |_| TenantFilter {
        search: search.get(),
        workloads: workloads.get(),
        claim_from: from.get().as_deref().and_then(parse_date),
        claim_to: to.get().as_deref().and_then(parse_date),
    });
    let order = Memo::new(move |_| {
        filter.with(|f| rows.with(|rows| sorted.with(|sorted| Arc::new(f.apply(rows, sorted)))))
    });

    let visible = Signal::derive(move || {
        COLUMNS
            .iter()
            .filter(|c| c.default_visible)
            .map(|c| c.id)
            .collect::<Vec<_>>()
    });

    let on_sort = {
        let set_url = set_url.clone();
        Callback::new(move |id: &'static str| {
            let dir = match sort.get_untracked() {
                Some(s) if s.column == id => s.dir.flip(),
                _ => SortDir::Asc,
            };
            set_url(
                &[
                    ("sort", Some(id.to_string())),
                    ("dir", Some(dir.as_str().to_string())),
                ],
                false,
            );
        })
    };

    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let cols: Vec<_> = visible
            .get_untracked()
            .iter()
            .filter_map(|id| column_by_id(COLUMNS, id))
            .collect();
        let csv = rows
            .with_untracked(|rows| order.with_untracked(|order| rows_to_csv(rows, order, &cols)));
        download_error.set(save_csv("tenants.csv", &csv).err());
    };

    let set_search = set_url.clone();
    let set_wl = set_url.clone();
    let set_from = set_url.clone();
    let set_to = set_url.clone();
    let clear = set_url.clone();
    let toggle_workload = move |name: String, on: bool| {
        let mut list = workloads.get_untracked();
        list.retain(|w| !w.eq_ignore_ascii_case(&name));
        if on {
            list.push(name);
        }
        set_wl(&[("workload", Some(list.join(",")))], false);
    };

    view! {
        <section class="report">
            <div class="report-head">
                <h1>"Tenants"</h1>
                <p class="sub">
                    "Every customer tenant you hold a CPOR claim on, all segments, with workload usage and claims."
                </p>
            </div>
            <div class="toolbar" role="search">
                <input
                    type="search"
                    class="search"
                    data-testid="search"
                    aria-label="Search tenant name or domain"
                    placeholder="Search tenant name or domain"
                    prop:value=move || search.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        search.set(v.clone());
                        set_search(&[("q", Some(v))], true);
                    }
                />
                <details class="multi" data-testid="filter-workload">
                    <summary>
                        "Workloads"
                        {move || {
                            let n = workloads.with(|w| w.len());
                            (n > 0).then(|| view! { <span class="badge">{n}</span> })
                        }}
                    </summary>
                    <div class="menu">
                        {workload_names
                            .into_iter()
                            .map(|name| {
                                let n1 = name.clone();
                                let n2 = name.clone();
                                let toggle = toggle_workload.clone();
                                view! {
                                    <label>
                                        <input
                                            type="checkbox"
                                            prop:checked=move || {
                                                workloads.with(|w| w.iter().any(|x| x.eq_ignore_ascii_case(&n1)))
                                            }
                                            on:change=move |ev| toggle(n2.clone(), event_target_checked(&ev))
                                        />
                                        {name}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </details>
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
                <button class="primary" data-testid="download-csv" on:click=download>
                    "Download CSV"
                </button>
            </div>
            {move || download_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <DataTable rows order columns=COLUMNS visible sort on_sort label="Tenants"/>
            <p class="foot">
                "Workloads claimed by another partner are not shown. Usage % is MAU ÷ PAU, capped at 100%; – means no PAU. Arrow keys, PageUp/PageDown, Home/End move through rows."
            </p>
        </section>
    }
}
