//! The pages. Opportunities, the home page, is in the app's main wasm module; every other page
//! is a lazy route ([`lazy_page!`]): its code is split into a wasm chunk of its own
//! (`cargo xtask build-app`), fetched the first time the page is visited, so a partner's
//! first visit downloads only what the home page needs.

pub mod adoption;
pub mod cloud_endpoints;
pub mod eligibility;
pub mod opportunities;
pub mod referrals;
pub mod tenant_detail;
pub mod tenants;

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

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
