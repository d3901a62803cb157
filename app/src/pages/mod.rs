//! The pages. Opportunities, the home page, is in the app's main wasm module; every other page
//! is a lazy route ([`lazy_page!`]): its code is split into a wasm chunk of its own
//! (`cargo xtask build-app`), so a partner's first visit downloads only what the home page
//! needs. Once the data set is in and the browser is idle, [`prefetch`] fetches the other
//! pages' chunks, so moving between pages never waits on the network.

pub mod adoption;
pub mod cloud_endpoints;
pub mod eligibility;
pub mod opportunities;
pub mod referrals;
pub mod tenant_detail;
pub mod tenants;

use crate::load::{ChunkError, ChunkFailed};
use leptos::prelude::*;
use leptos_router::LazyRoute;
use wasm_bindgen::JsCast;

/// Declares `$route`, the lazy route of the page component `$page`, whose code the splitter
/// puts in the wasm chunk `$chunk`: the router fetches the chunk (once) before it shows the
/// page. A chunk that cannot be fetched (the network is gone) shows `load::ChunkFailed` in the
/// page's place, and the app goes on: the next visit tries again. (Leptos' `#[lazy_route]`
/// would panic instead, and a panic ends the whole app.)
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $chunk:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $chunk::page()
                    .await
                    .unwrap_or_else(|_| view! { <ChunkFailed what="This page"/> }.into_any())
            }

            async fn preload() {
                // A failure is not kept: the visit itself tries again.
                let _ = $chunk::load().await;
            }
        }

        mod $chunk {
            use super::*;

            /// The page, from its chunk (`load` fetches the chunk without building it).
            #[leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload(load)
            )]
            pub(super) fn page() -> Result<AnyView, ChunkError> {
                Ok($page().into_any())
            }
        }
    };
}

lazy_page!(
    /// `/tenants`
    TenantsRoute, tenants_page => tenants::TenantsPage
);
lazy_page!(
    /// `/cloud-endpoints`
    CloudEndpointsRoute, cloud_endpoints_page => cloud_endpoints::CloudEndpointsPage
);
lazy_page!(
    /// `/eligibility`
    EligibilityRoute, eligibility_page => eligibility::EligibilityPage
);
lazy_page!(
    /// `/adoption`
    AdoptionRoute, adoption_page => adoption::AdoptionPage
);
lazy_page!(
    /// `/tenants/:tenant_id`
    TenantDetailRoute, tenant_detail_page => tenant_detail::TenantDetailPage
);
lazy_page!(
    /// `/referrals`
    ReferralsRoute, referrals_page => referrals::ReferralsPage
);

/// Fetches every lazy page's chunk (each once, however often this is called) when the browser
/// is next idle: after the first page is drawn, not competing with it.
pub fn prefetch() {
    leptos::task::spawn_local(async {
        idle().await;
        futures::join!(
            TenantsRoute::preload(),
            CloudEndpointsRoute::preload(),
            EligibilityRoute::preload(),
            AdoptionRoute::preload(),
            TenantDetailRoute::preload(),
            ReferralsRoute::preload(),
        );
    });
}

/// Resolves when the browser is idle (`requestIdleCallback`), or after two seconds at most.
async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let opts = web_sys::IdleRequestOptions::new();
        opts.set_timeout(2_000);
        let scheduled = web_sys::window().is_some_and(|w| {
            w.request_idle_callback_with_options(resolve.unchecked_ref(), &opts)
                .is_ok()
        });
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
