//! Toolbar controls every report uses: search box, multi-select filters bound to a URL list
//! parameter, the column picker, the glossary panel and the CSV download.

use crate::download::save_csv;
use crate::report::{default_columns, ReportView};
use crate::url_state::{list_param, Setter};
use leptos::prelude::*;
use leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use shared::reports::{column_by_id, rows_to_csv, Column};
use std::sync::Arc;

#[component]
pub fn SearchBox(
    search: RwSignal<String>,
    on_type: Callback<String>,
    placeholder: &'static str,
) -> impl IntoView {
    view! {
        <input
            type="search"
            class="search"
            data-testid="search"
            aria-label=placeholder
            placeholder=placeholder
            prop:value=move || search.get()
            on:input=move |ev| on_type.run(event_target_value(&ev))
        />
    }
}

/// A filter facet: a menu of checkboxes whose checked keys live in URL parameter `param`
/// (comma-separated). Nothing checked keeps every row.
#[component]
pub fn MultiSelect(
    label: &'static str,
    param: &'static str,
    /// (key in the URL, label shown)
    options: Vec<(String, String)>,
    set_url: Setter,
) -> impl IntoView {
    let selected = list_param(param);
    let toggle = move |key: String, on: bool| {
        let mut list = selected.get_untracked();
        list.retain(|k| !k.eq_ignore_ascii_case(&key));
        if on {
            list.push(key);
        }
        set_url(&[(param, Some(list.join(",")))], false);
    };
    view! {
        <details class="multi" data-testid=format!("filter-{param}")>
            <summary>
                {label}
                {move || {
                    let n = selected.with(|s| s.len());
                    (n > 0).then(|| view! { <span class="badge">{n}</span> })
                }}
            </summary>
            <div class="menu">
                {options
                    .into_iter()
                    .map(|(key, text)| {
                        let k1 = key.clone();
                        let toggle = toggle.clone();
                        view! {
                            <label>
                                <input
                                    type="checkbox"
                                    prop:checked=move || {
                                        selected.with(|s| s.iter().any(|x| x.eq_ignore_ascii_case(&k1)))
                                    }
                                    on:change=move |ev| toggle(key.clone(), event_target_checked(&ev))
                                />
                                {text}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </details>
    }
}

/// Show/hide columns; the choice goes to the URL and is remembered in this browser.
#[component]
pub fn ColumnPicker<R: Send + Sync + 'static>(
    columns: &'static [Column<R>],
    visible: Memo<Vec<&'static str>>,
    set_visible: Callback<Vec<&'static str>>,
) -> impl IntoView {
    let toggle = move |id: &'static str, on: bool| {
        let current = visible.get_untracked();
        let chosen = columns
            .iter()
            .map(|c| c.id)
            .filter(|c| if *c == id { on } else { current.contains(c) })
            .collect();
        set_visible.run(chosen);
    };
    view! {
        <details class="multi right" data-testid="columns">
            <summary>"Columns"</summary>
            <div class="menu">
                {columns
                    .iter()
                    .map(|c| {
                        let id = c.id;
                        view! {
                            <label>
                                <input
                                    type="checkbox"
                                    data-col=id
                                    prop:checked=move || visible.with(|v| v.contains(&id))
                                    on:change=move |ev| toggle(id, event_target_checked(&ev))
                                />
                                {c.header}
                                {(!c.default_visible).then(|| view! { <span class="hint">" (hidden by default)"</span> })}
                            </label>
                        }
                    })
                    .collect_view()}
                <button class="link" on:click=move |_| set_visible.run(default_columns(columns))>
                    "Reset to default columns"
                </button>
            </div>
        </details>
    }
}

/// A definition list of the report's labels, in our words.
#[component]
pub fn Glossary(
    open: RwSignal<bool>,
    title: &'static str,
    terms: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <aside class="glossary" role="dialog" aria-label=title data-testid="glossary">
                <header>
                    <h2>{title}</h2>
                    <button class="link" aria-label="Close definitions" on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </header>
                <dl>
                    {terms
                        .iter()
                        .map(|(term, def)| view! { <dt>{*term}</dt> <dd>{*def}</dd> })
                        .collect_view()}
                </dl>
            </aside>
        </Show>
    }
}

/// Downloads exactly the view: its rows in its order, its visible columns.
#[component]
pub fn DownloadButton<R: Send + Sync + 'static>(
    file_name: &'static str,
    columns: &'static [Column<R>],
    rows: Memo<Arc<Vec<R>>>,
    order: Memo<Arc<Vec<u32>>>,
    view_state: Memo<Vec<&'static str>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let download = move |_| {
        let ids = view_state.get_untracked();
        let cols: Vec<_> = ids
            .iter()
            .filter_map(|id| column_by_id(columns, id))
            .collect();
        let csv = rows
            .with_untracked(|rows| order.with_untracked(|order| rows_to_csv(rows, order, &cols)));
        error.set(save_csv(file_name, &csv).err());
    };
    view! {
        <button class="primary" data-testid="download-csv" on:click=download>
            "Download CSV"
        </button>
        {move || error.get().map(|e| view! { <span class="error inline" role="alert">{e}</span> })}
    }
}

/// Typing filters at once; the URL follows once typing pauses, replacing the history entry,
/// so a keystroke costs only the filtering and the 40 re-rendered rows.
pub fn search_callback(view: &ReportView) -> Callback<String> {
    let search = view.search;
    let set_url = view.set_url.clone();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Callback::new(move |text: String| {
        search.set(text.clone());
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let set_url = set_url.clone();
        let handle = set_timeout_with_handle(
            move || set_url(&[("q", Some(text))], true),
            std::time::Duration::from_millis(250),
        )
        .ok();
        pending.set_value(handle);
    })
}
