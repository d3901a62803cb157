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

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};
use wasm_bindgen::JsCast;

/// Declares `$route`, the lazy route of the page component `$page`: the router fetches the
/// page's chunk (once) before it shows the page.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(
    /// `/tenants`
    TenantsRoute => tenants::TenantsPage
);
lazy_page!(
    /// `/cloud-endpoints`
    CloudEndpointsRoute => cloud_endpoints::CloudEndpointsPage
);
lazy_page!(
    /// `/eligibility`
    EligibilityRoute => eligibility::EligibilityPage
);
lazy_page!(
    /// `/adoption`
    AdoptionRoute => adoption::AdoptionPage
);
lazy_page!(
    /// `/tenants/:tenant_id`
    TenantDetailRoute => tenant_detail::TenantDetailPage
);
lazy_page!(
    /// `/referrals`
    ReferralsRoute => referrals::ReferralsPage
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
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let opts = web_sys::IdleRequestOptions::new();
        opts.set_timeout(2_000);
        if w.request_idle_callback_with_options(resolve.unchecked_ref(), &opts)
            .is_err()
        {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
