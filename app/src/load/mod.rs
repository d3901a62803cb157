//! The one way a page loads: a `LocalResource` of an `api` call, rendered through `Loaded` —
//! a spinner while it loads, a clear error with "Try again" when it fails, and the page once
//! the data is in. The data set every report is computed from loads once, for all of them:
//! their routes sit under `SnapshotPages`, and each reads it with `use_snapshot()`. While it
//! loads, a progress bar says how far the download has come.

mod chunk;
mod progress;

pub use chunk::{ChunkError, ChunkFailed};
pub use progress::Progress;

use crate::api::{self, ApiError};
use crate::timing;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use shared::eligibility::EligibilityRow;
use shared::wire::{DeferredEligibility, WireError};
use shared::Snapshot;
use std::sync::{Arc, Mutex, OnceLock};

/// Data a page loads from the server.
pub type Load<T> = LocalResource<Result<T, ApiError>>;

/// The partner's data set, loaded once for every report (provided by the app's root), and how
/// far its download has come.
#[derive(Clone, Copy)]
struct SnapshotData(Load<LoadedSnapshot>, RwSignal<Progress>);

/// Starts loading the data set, once for the app's lifetime.
pub fn provide_snapshot() {
    let progress = RwSignal::new(Progress::default());
    let load = LocalResource::new(move || {
        progress.set(Progress::default());
        async move {
            let (snapshot, eligibility) = api::snapshot(move |p| progress.set(p)).await?;
            Ok(LoadedSnapshot(
                Arc::new(snapshot),
                Arc::new(LaterEligibility {
                    blocks: Mutex::new(Some(eligibility)),
                    decoded: OnceLock::new(),
                }),
            ))
        }
    });
    provide_context(SnapshotData(load, progress));
}

/// The loaded data set, for the pages under `SnapshotPages`: the snapshot without its
/// eligibility records, and those apart.
#[derive(Clone)]
struct LoadedSnapshot(Arc<Snapshot>, Arc<LaterEligibility>);

/// Eligibility's records, decoded the first time a page asks for them, then kept: the first
/// page (Opportunities) never does, and at a million rows they are ~100 MB and a fifth of the
/// decoding (`wire::Decoder::deferring_eligibility`).
struct LaterEligibility {
    blocks: Mutex<Option<DeferredEligibility>>,
    decoded: OnceLock<Result<Arc<Vec<EligibilityRow>>, WireError>>,
}

/// The parent route of every page computed from the data set: shows them once it is loaded.
#[component]
pub fn SnapshotPages() -> impl IntoView {
    let SnapshotData(resource, progress) = expect_context::<SnapshotData>();
    view! {
        <Loaded
            resource
            what="your customers"
            progress
            children=|snapshot| {
                provide_context(snapshot);
                crate::pages::prefetch();
                view! { <Outlet/> }
            }
        />
    }
}

/// The data set, in a page under `SnapshotPages`. Its `eligibility` is empty: a page that
/// reads eligibility asks [`use_eligibility`].
pub fn use_snapshot() -> Arc<Snapshot> {
    expect_context::<LoadedSnapshot>().0
}

/// The data set's eligibility records, in a page under `SnapshotPages`: decoded on the first
/// call (the blocks were checked as they arrived; a value no column allows is the error).
pub fn use_eligibility() -> Result<Arc<Vec<EligibilityRow>>, WireError> {
    let later = expect_context::<LoadedSnapshot>().1;
    later
        .decoded
        .get_or_init(|| {
            let blocks = later.blocks.lock().ok().and_then(|mut b| b.take());
            timing::measure("eligibility-records", || {
                blocks.unwrap_or_default().decode().map(Arc::new)
            })
        })
        .clone()
}

/// Renders `children` with the loaded data; before that a loading state (`data-testid=loading`),
/// after a failure the error (`data-testid=load-error`) with "Try again".
///
/// `what` names the data in both messages ("your referrals" → "Loading your referrals…",
/// "Your referrals could not be loaded."). `back` adds a way out to the error: (href, label).
/// `progress` adds a progress bar to the loading state (`data-testid=load-progress`).
#[component]
pub fn Loaded<T, C, V>(
    resource: Load<T>,
    what: &'static str,
    #[prop(optional)] back: Option<(&'static str, &'static str)>,
    #[prop(optional, into)] progress: Option<Signal<Progress>>,
    children: C,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! {
            <div class="loading" data-testid="loading">
                <span class="spinner" aria-hidden="true"></span>
                <span role="status">{format!("Loading {what}…")}</span>
                {progress.map(|p| view! { <ProgressBar progress=p/> })}
            </div>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <div class="error" role="alert" data-testid="load-error">
                <strong>{format!("{} could not be loaded. ", capitalized(what))}</strong>
                <span>{e.to_string()}</span>
                <button on:click=move |_| {
                    // Back to the loading state at once; the answer replaces it.
                    resource.set(None);
                    resource.refetch();
                }>"Try again"</button>
                {back.map(|(href, label)| view! { " " <a href=href>{label}</a> })}
            </div>
        }
        .into_any(),
        Some(Ok(data)) => children(data).into_any(),
    }
}

/// A determinate bar when the total is known, else an indeterminate one (no `aria-valuenow`);
/// the text says the bytes or rows either way. Outside the status region: it changes too often
/// to be announced.
#[component]
fn ProgressBar(progress: Signal<Progress>) -> impl IntoView {
    let percent = move || progress.get().percent();
    view! {
        <div class="load-progress">
            <div
                class="bar"
                class:indeterminate=move || percent().is_none()
                role="progressbar"
                data-testid="load-progress"
                aria-label="Data received"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || percent().map(|p| p.to_string())
                aria-valuetext=move || progress.get().text()
            >
                <div class="fill" style:width=move || format!("{}%", percent().unwrap_or(30.0))></div>
            </div>
            <span class="progress-text" aria-hidden="true">{move || progress.get().text()}</span>
        </div>
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::capitalized;

    #[test]
    fn messages_start_with_a_capital() {
        for (input, want) in [
            ("your customers", "Your customers"),
            ("the tenant", "The tenant"),
            ("", ""),
        ] {
            assert_eq!(capitalized(input), want);
        }
    }
}
