//! The what-if panel: a button in the toolbar that opens the what-if menu. The menu (`menu`)
//! is code a partner may never use, so it is a split function in a wasm chunk of its own,
//! fetched the first time the panel opens.

use super::menu::{menu, MenuProps};
use super::{Kind, ViewTenants, WhatIf};
use crate::download::BlobSink;
use crate::load::ChunkFailed;
use leptos::prelude::*;

/// The panel. `tenants` lists the view's tenants (ID, name) when asked; `csv` writes the
/// before/after CSV of the view into a download, row by row.
#[component]
pub fn WhatIfPanel(
    what_if: WhatIf,
    /// Names the saved scenarios' store and the CSV file.
    report: &'static str,
    kinds: &'static [Kind],
    /// Workload choices (Opportunities); none: adjustments target tenants only.
    #[prop(optional)]
    workloads: Vec<String>,
    /// The tenant-rule thresholds (Opportunities).
    #[prop(optional)]
    thresholds: bool,
    tenants: Callback<(), ViewTenants>,
    delta: Signal<Vec<String>>,
    csv: Callback<BlobSink, std::io::Result<BlobSink>>,
    /// The menu opens to the right of its button (a panel at a row's start), not to the left.
    #[prop(optional)]
    open_right: bool,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // Once opened, the menu stays built (closing keeps what the editor holds).
    let opened = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let is_open = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|d| d.has_attribute("open"));
        open.set(is_open);
        if is_open {
            opened.set(true);
        }
    };
    let props = MenuProps {
        what_if,
        report,
        kinds,
        workloads,
        thresholds,
        tenants,
        delta,
        csv,
        open: open.into(),
    };
    let body = move || {
        opened.get().then(|| {
            let props = props.clone();
            view! {
                <Suspense fallback=|| view! { <p class="hint" data-testid="what-if-loading">"Loading…"</p> }>
                    {Suspend::new(async move {
                        menu(props)
                            .await
                            .unwrap_or_else(|_| view! { <ChunkFailed what="The what-if menu"/> }.into_any())
                    })}
                </Suspense>
            }
        })
    };
    view! {
        <details class="multi" class:right=!open_right data-testid="what-if" on:toggle=on_toggle>
            <summary>
                "What if"
                {move || what_if.is_active().then(|| view! { <span class="badge" data-testid="what-if-on">"on"</span> })}
            </summary>
            <div class="menu what-if">{body}</div>
        </details>
    }
}
