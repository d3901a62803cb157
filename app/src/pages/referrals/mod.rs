//! The Referrals report (seed 001 "Referrals" tab): every referral assigned to the partner,
//! with a live countdown to expiry for pending ones and an edit panel for the decision.
//! States come from `shared` (`referral_state`) with the browser's clock passed in.

mod decision;

use crate::api;
use crate::clock::use_clock;
use crate::controls::{ReportHead, SearchBox, ToolbarEnd};
use crate::load::Loaded;
use crate::report::use_report;
use crate::table::{DataTable, RowLink};
use crate::url_state::Url;
use decision::ReferralPanel;
use leptos::prelude::*;
use shared::edits::views::ReferralView;
use shared::reports::referrals::{self, ReferralFilter, ReferralRow, COLUMNS};
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The referral list, loaded once and updated in place by saves and reloads.
#[derive(Clone, Copy)]
struct Referrals {
    list: RwSignal<Arc<Vec<ReferralView>>>,
}

impl Referrals {
    fn replace(self, view: ReferralView) {
        self.list.update(|l| {
            let mut v = (**l).clone();
            if let Some(slot) = v.iter_mut().find(|x| x.referral.id == view.referral.id) {
                *slot = view;
            }
            *l = Arc::new(v);
        });
    }

    fn find(self, id: &str) -> Option<ReferralView> {
        self.list
            .with(|l| l.iter().find(|v| v.referral.id.as_str() == id).cloned())
    }
}

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let list = LocalResource::new(api::referrals);
    view! {
        <Loaded resource=list what="your referrals" let:list>
            <ReferralsReport list/>
        </Loaded>
    }
}

/// The referral ID of the table row an event happened in (`aria-rowindex` = position + 2).
fn row_of(
    target: Option<web_sys::EventTarget>,
    selector: &str,
    order: &[u32],
    rows: &[ReferralRow],
) -> Option<String> {
    let el: web_sys::Element = target?.dyn_into().ok()?;
    // A link in a cell (the tenant name) goes where it points; it does not open the panel.
    if el.closest("a").ok().flatten().is_some() {
        return None;
    }
    let tr = el.closest(selector).ok()??;
    let pos: usize = tr
        .get_attribute("aria-rowindex")?
        .parse::<usize>()
        .ok()?
        .checked_sub(2)?;
    let i = *order.get(pos)? as usize;
    Some(rows.get(i)?.view.referral.id.to_string())
}

#[component]
fn ReferralsReport(list: Vec<ReferralView>) -> impl IntoView {
    let r = Referrals {
        list: RwSignal::new(Arc::new(list)),
    };
    let clock = use_clock();
    let rows = Memo::new(move |_| {
        r.list
            .with(|l| Arc::new(referrals::build_rows(l, clock.get())))
    });
    let url = Url::new();
    let report = use_report("referrals", COLUMNS, rows, url, |search| ReferralFilter {
        search,
    });
    let open = url.param("open");

    let open_row = move |target: Option<web_sys::EventTarget>, selector: &str| {
        let id = rows.with_untracked(|rows| {
            report
                .order
                .with_untracked(|order| row_of(target, selector, order, rows))
        });
        if let Some(id) = id {
            url.set(&[("open", Some(id))]);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| open_row(ev.target(), "tr[data-testid=row]");
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            let active = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.query_selector("tr.data-row.active").ok().flatten())
                .map(web_sys::EventTarget::from);
            open_row(active, "tr");
        }
    };
    let close = Callback::new(move |_: ()| url.set(&[("open", None)]));

    view! {
        <section class="report referrals">
            <ReportHead
                title="Referrals"
                sub="Every referral assigned to you. Accept or decline a pending one before it expires, 7 days after assignment; expired referrals were reassigned to another partner and are read-only. Select a row to see it and edit your decision."
            />
            <div class="toolbar" role="search">
                <SearchBox report placeholder="Search tenant name or referral ID"/>
                <ToolbarEnd report noun="referrals"/>
            </div>
            {move || open.get().map(|id| view! { <ReferralPanel id r clock close/> })}
            <div class="pick-rows" on:click=on_click on:keydown=on_key>
                <DataTable
                    report
                    label="Referrals"
                    link=RowLink { column: "tenant", href: ReferralRow::tenant_href }
                    row_label=|r: &ReferralRow| format!("{} · {}", r.view.tenant_name, r.view.referral.id)
                />
            </div>
            <p class="foot">
                "Select a row (or press Enter on it) to open the referral. Tenant names of declined and expired referrals do not link to the tenant. Times are UTC."
            </p>
        </section>
    }
}
