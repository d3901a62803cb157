//! What every report page shows around its table: the heading, and the toolbar controls —
//! search box, multi-select filters bound to a URL list parameter, "Clear filters", the
//! toolbar's end (row count, definitions, column picker, CSV download).

use crate::download::save_csv;
use crate::report::{default_columns, Report};
use crate::url_state::ListParam;
use leptos::prelude::*;
use shared::access::why_hidden;

/// The report's title and what it lists.
#[component]
pub fn ReportHead(title: &'static str, sub: &'static str) -> impl IntoView {
    view! {
        <div class="report-head">
            <h1>{title}</h1>
            <p class="sub">{sub}</p>
        </div>
    }
}

#[component]
pub fn SearchBox<R: Send + Sync + 'static>(
    report: Report<R>,
    placeholder: &'static str,
) -> impl IntoView {
    view! {
        <input
            type="search"
            class="search"
            data-testid="search"
            aria-label=placeholder
            placeholder=placeholder
            prop:value=move || report.search.get()
            on:input=move |ev| report.type_search(event_target_value(&ev))
        />
    }
}

/// A filter facet: a menu of checkboxes whose checked keys live in the URL list parameter
/// `list`. Nothing checked keeps every row.
#[component]
pub fn MultiSelect(
    label: &'static str,
    list: ListParam,
    /// (key in the URL, label shown)
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <details class="multi" data-testid=format!("filter-{}", list.key)>
            <summary>
                {label}
                {move || {
                    let n = list.with(|s| s.len());
                    (n > 0).then(|| view! { <span class="badge">{n}</span> })
                }}
            </summary>
            <div class="menu">
                {options
                    .into_iter()
                    .map(|(key, text)| {
                        let k1 = key.clone();
                        view! {
                            <label>
                                <input
                                    type="checkbox"
                                    prop:checked=move || list.contains(&k1)
                                    on:change=move |ev| list.toggle(&key, event_target_checked(&ev))
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

/// (key, label) options whose URL key is their label.
pub fn labelled<T: ToString>(labels: impl IntoIterator<Item = T>) -> Vec<(String, String)> {
    labels
        .into_iter()
        .map(|l| (l.to_string(), l.to_string()))
        .collect()
}

/// Empties the search and removes every filter the page reads through `url.filter_*`.
#[component]
pub fn ClearFilters<R: Send + Sync + 'static>(report: Report<R>) -> impl IntoView {
    view! {
        <button class="link" on:click=move |_| report.clear_filters()>
            "Clear filters"
        </button>
    }
}

/// The right end of a report's toolbar: "N of M {noun}" (plus `also`, e.g. a second count),
/// the page's own tools (children), the definitions of its labels (`glossary`), the column
/// picker and the CSV download of the view.
#[component]
pub fn ToolbarEnd<R: Send + Sync + 'static>(
    report: Report<R>,
    noun: &'static str,
    #[prop(optional, into)] also: Option<ViewFn>,
    #[prop(optional)] glossary: Option<&'static [(&'static str, &'static str)]>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <span class="spacer"></span>
        <span class="count" aria-live="polite">
            <b data-testid="row-count">{move || report.shown()}</b>
            " of " {move || report.total()} " " {noun}
            {also.map(|v| v.run())}
        </span>
        {children.map(|c| c())}
        {glossary.map(|terms| view! { <Definitions terms/> })}
        <ColumnPicker report/>
        <DownloadButton report/>
    }
}

/// Show/hide columns; the choice goes to the URL and is remembered in this browser.
#[component]
fn ColumnPicker<R: Send + Sync + 'static>(report: Report<R>) -> impl IntoView {
    let visible = report.visible;
    let toggle = move |id: &'static str, on: bool| {
        let current = visible.get_untracked();
        let chosen = report
            .columns
            .iter()
            .map(|c| c.id)
            .filter(|c| if *c == id { on } else { current.contains(c) })
            .collect();
        report.show_columns(chosen);
    };
    view! {
        <details class="multi right" data-testid="columns">
            <summary>"Columns"</summary>
            <div class="menu">
                {report
                    .columns
                    .iter()
                    .map(|c| {
                        let id = c.id;
                        if let Some(why) = c.sensitive.and_then(|f| why_hidden(report.role, f)) {
                            // Absent, and saying why: not an empty column.
                            return view! {
                                <label class="unavailable" data-col-unavailable=id>
                                    <input type="checkbox" disabled=true/>
                                    {c.header}
                                    <span class="hint">{format!(" — {why}")}</span>
                                </label>
                            }
                            .into_any();
                        }
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
                        .into_any()
                    })
                    .collect_view()}
                <button class="link" on:click=move |_| report.show_columns(default_columns(report.columns))>
                    "Reset to default columns"
                </button>
            </div>
        </details>
    }
}

/// Downloads exactly the view: its rows in its order, its visible columns.
#[component]
fn DownloadButton<R: Send + Sync + 'static>(report: Report<R>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let download = move |_| {
        let file_name = format!("{}.csv", report.name);
        error.set(save_csv(&file_name, |sink| report.write_csv(sink)).err());
    };
    view! {
        <button class="primary" data-testid="download-csv" on:click=download>
            "Download CSV"
        </button>
        {move || error.get().map(|e| view! { <span class="error inline" role="alert">{e}</span> })}
    }
}

/// "Definitions": a toggle and the panel of the report's labels, in our words.
#[component]
fn Definitions(terms: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button class="link" data-testid="glossary-toggle" on:click=move |_| open.update(|o| *o = !*o)>
            "Definitions"
        </button>
        <Show when=move || open.get()>
            <aside class="glossary" role="dialog" aria-label="Label definitions" data-testid="glossary">
                <header>
                    <h2>"Label definitions"</h2>
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
