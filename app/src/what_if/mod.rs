//! What if: the panel on Opportunities and Cloud Endpoints that changes the data the page
//! computes from — usage, MAU, PAU, tipping points, Intune / W365 utilization, for the
//! tenants shown, one tenant or one workload, and the tenant-rule thresholds — and shows what
//! that changes. The scenario is `shared::scenario::Scenario`, applied by the page while it
//! builds its rows, so every column, tile, grid cell and chart is the `shared` engine's.
//!
//! While a slider moves the page recomputes at once (`WhatIf::preview`); the URL (`whatif=`)
//! follows when the change is done (`commit`), so a link reproduces the scenario and Back
//! undoes a change. Nothing is ever sent to the server. Named scenarios: `saved`.

mod menu;
mod panel;
mod saved;
mod words;

pub use panel::WhatIfPanel;

/// The tenants of a report's view, in its order, for a what-if's target: `every` when no
/// filter hides a row, so "the tenants shown" is every tenant and the link says so in a few
/// characters instead of listing a partner's hundreds of thousands of tenant IDs.
pub struct ViewTenants {
    pub list: Vec<(shared::ids::TenantId, std::sync::Arc<str>)>,
    pub every: bool,
}
pub use words::{cloud_endpoint_lines, opportunity_lines, Kind};

use crate::url_state::Url;
use leptos::prelude::*;
use shared::scenario::{Scenario, QUERY_KEY};
use std::sync::Arc;

/// The page's scenario. `Copy`: hand it to the panel and the page's memos.
#[derive(Clone, Copy)]
pub struct WhatIf {
    /// The scenario in force: the URL's, or the panel's while a slider moves.
    pub scenario: RwSignal<Arc<Scenario>>,
    /// Why the URL's `whatif` value was refused (the data is then shown as imported).
    pub error: Memo<Option<String>>,
    url: Url,
}

impl WhatIf {
    pub fn new(url: Url) -> Self {
        let param = url.param(QUERY_KEY);
        let parsed = Memo::new(move |_| Scenario::from_query(param.get().as_deref()));
        let from_url = move || Arc::new(parsed.with(|p| p.clone().unwrap_or_default()));
        let scenario = RwSignal::new(from_url());
        // A link, Back or Forward changes the URL under the panel: follow it.
        Effect::new(move |_| {
            let s = from_url();
            if scenario.with_untracked(|c| **c != *s) {
                scenario.set(s);
            }
        });
        let error = Memo::new(move |_| parsed.with(|p| p.as_ref().err().map(|e| e.to_string())));
        WhatIf {
            scenario,
            error,
            url,
        }
    }

    /// Applies `s` at once (the rows follow); the URL is left for [`commit`](Self::commit).
    pub fn preview(&self, s: Scenario) {
        self.scenario.set(Arc::new(s));
    }

    /// Writes the scenario in force to the URL, as a history entry.
    pub fn commit(&self) {
        let q = self.scenario.with_untracked(|s| s.to_query());
        self.url.set(&[(QUERY_KEY, q)]);
    }

    /// [`preview`](Self::preview) then [`commit`](Self::commit).
    pub fn set(&self, s: Scenario) {
        self.preview(s);
        self.commit();
    }

    pub fn is_active(&self) -> bool {
        self.scenario.with(|s| !s.is_empty())
    }
}
