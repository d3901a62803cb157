//! Partner Insights in the browser: loads the partner's data once, then searches, filters,
//! sorts and exports locally with the `shared` rules — no round trip per click.

mod account;
mod api;
mod charts;
mod clock;
mod controls;
mod download;
mod forms;
mod help;
mod load;
mod locale;
mod pages;
mod report;
mod session;
mod table;
mod timing;
mod url_state;
mod what_if;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes, A};
use leptos_router::{path, Lazy};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let session = session::provide();
    // Changes only when another user signs in (a refreshed token is the same user): then
    // every page loads again, as that user sees it.
    let user = Memo::new(move |_| match session.state.get() {
        session::SignIn::SignedIn(p) => Some(p),
        _ => None,
    });
    view! {
        <Router>
            <header class="topbar">
                <span class="brand">"Partner Insights"</span>
                <nav aria-label="Reports">
                    <A href="/opportunities">"Opportunities"</A>
                    <A href="/tenants">"Tenants"</A>
                    <A href="/cloud-endpoints">"Cloud Endpoints"</A>
                    <A href="/eligibility">"Eligibility"</A>
                    <A href="/adoption">"Adoption"</A>
                    <A href="/referrals">"Referrals"</A>
                </nav>
                <span class="help-links">
                    <help::FeedbackLink/>
                    <help::Shortcuts/>
                </span>
                <account::Account/>
            </header>
            <main>
                {move || match user.get() {
                    Some(p) => view! { <SignedInPages user=p/> }.into_any(),
                    None => view! { <account::SigningIn/> }.into_any(),
                }}
            </main>
        </Router>
    }
}

/// Every page, as `user` may see it.
#[component]
fn SignedInPages(user: shared::access::Principal) -> impl IntoView {
    provide_context(session::CurrentUser(user));
    load::provide_snapshot();
    view! {
                <Routes fallback=|| view! { <p class="notice">"This page does not exist."</p> }>
                    // The reports and the tenant detail: computed from the data set.
                    <ParentRoute path=path!("") view=load::SnapshotPages>
                        <Route path=path!("/") view=pages::opportunities::OpportunitiesPage/>
                        <Route path=path!("/opportunities") view=pages::opportunities::OpportunitiesPage/>
                        <Route path=path!("/tenants") view={Lazy::<pages::TenantsRoute>::new()}/>
                        <Route path=path!("/cloud-endpoints") view={Lazy::<pages::CloudEndpointsRoute>::new()}/>
                        <Route path=path!("/eligibility") view={Lazy::<pages::EligibilityRoute>::new()}/>
                        <Route path=path!("/adoption") view={Lazy::<pages::AdoptionRoute>::new()}/>
                        <Route path=path!("/tenants/:tenant_id") view={Lazy::<pages::TenantDetailRoute>::new()}/>
                    </ParentRoute>
                    // What partners write: loaded from the edit API.
                    <Route path=path!("/referrals") view={Lazy::<pages::ReferralsRoute>::new()}/>
                </Routes>
    }
}
