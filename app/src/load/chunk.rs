//! Code that is fetched when first used (`pages::lazy_page!`, the what-if menu) and might not
//! arrive.

use leptos::prelude::*;

/// A chunk of the app's code (a page, the what-if menu) could not be fetched: what a
/// `fallible` split function answers then.
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// In the place of what a chunk would have drawn. The app goes on; a later use tries again
/// (the loader keeps no failure), "Try again" reloads the app.
/// `what`: "This page", "The what-if menu".
#[component]
pub fn ChunkFailed(what: &'static str) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid="chunk-error">
            <strong>{format!("{what} could not be loaded. ")}</strong>
            <span>"Check the connection, then try again."</span>
            <button on:click=|_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }>"Try again"</button>
        </div>
    }
}
