//! Partner Insights in the browser: loads the partner's data once, then searches, filters,
//! sorts and exports locally with the `shared` rules — no round trip per click.

mod api;
mod charts;
mod clock;
mod controls;
mod download;
mod edit_api;
mod forms;
mod pages;
mod report;
mod table;
mod url_state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use std::sync::Arc;

/// The loaded data set, shared by every report.
#[derive(Clone)]
pub struct Data(pub LocalResource<Result<Arc<shared::Snapshot>, String>>);

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    provide_context(Data(LocalResource::new(api::fetch_snapshot)));
    view! {
        <Router>
            <header class="topbar">
                <span class="brand">"Partner Insights"</span>
                <nav aria-label="Reports">
                    <A href="/opportunities">"Opportunities"</A>
                    <A href="/tenants">"Tenants"</A>
                    <A href="/cloud-endpoints">"Cloud Endpoints"</A>
                    <A href="/referrals">"Referrals"</A>
                </nav>
            </header>
            <main>
                <Routes fallback=|| view! { <p class="notice">"This page does not exist."</p> }>
                    <Route path=path!("/") view=pages::opportunities::OpportunitiesPage/>
                    <Route path=path!("/opportunities") view=pages::opportunities::OpportunitiesPage/>
                    <Route path=path!("/tenants") view=pages::tenants::TenantsPage/>
                    <Route path=path!("/cloud-endpoints") view=pages::cloud_endpoints::CloudEndpointsPage/>
                    <Route path=path!("/referrals") view=pages::referrals::ReferralsPage/>
                    <Route path=path!("/tenants/:tenant_id") view=pages::tenant_detail::TenantDetailPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// Renders `ok` once the data is in, with a loading state and a clear error before that.
pub fn with_data<V: IntoView + 'static>(
    ok: impl Fn(Arc<shared::Snapshot>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let Data(data) = expect_context::<Data>();
    move || match data.get() {
        None => view! {
            <div class="loading" role="status" data-testid="loading">
                <span class="spinner" aria-hidden="true"></span>
                "Loading your customers…"
            </div>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <div class="error" role="alert" data-testid="load-error">
                <strong>"The data could not be loaded. "</strong>
                <span>{e}</span>
                <button on:click=move |_| data.refetch()>"Try again"</button>
            </div>
        }
        .into_any(),
        Some(Ok(snapshot)) => ok(snapshot).into_any(),
    }
}
