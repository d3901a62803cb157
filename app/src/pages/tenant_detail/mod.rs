//! Tenant detail (seed 001 "tenant detail"): referral and tenant tiles, the workloads with the
//! §1 figures, status notes with their history, contacts, and the service status of each
//! workload. Every rule and validator comes from `shared`; every form runs through
//! `forms::Form`, so a refused save keeps what was typed and shows the server's message beside
//! the field it names.

mod contacts;
mod notes;
mod service_status;
mod workloads;

use crate::api;
use crate::clock::{now, use_clock};
use crate::load::{use_snapshot, Loaded};
use contacts::Contacts;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use notes::Notes;
use service_status::ServiceStatuses;
use shared::edits::views::{ReferralView, TenantDetail};
use shared::format::percent;
use shared::format::utc_minute;
use shared::reports::referrals::{countdown, state_at};
use shared::Snapshot;
use std::sync::Arc;
use time::OffsetDateTime;
use workloads::Workloads;

/// The FRP Dashboard, in Partner Center's Insights workspace (seed 001).
pub const FRP_DASHBOARD_URL: &str = "https://partnercenter.microsoft.com/";

#[component]
pub fn TenantDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("tenant_id")).unwrap_or_default());
    let snapshot = use_snapshot();
    // A new id in the URL loads that tenant.
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move { api::tenant(&id).await }
    });
    view! {
        <Loaded resource=detail what="the tenant" back=("/tenants", "Back to Tenants") let:d>
            <DetailView d snapshot=snapshot.clone()/>
        </Loaded>
    }
}

#[component]
fn DetailView(d: TenantDetail, snapshot: Arc<Snapshot>) -> impl IntoView {
    let TenantDetail {
        tenant: t,
        workloads,
        referrals,
        notes,
        notes_total,
        contacts,
        service_statuses,
        taxonomy,
        now: server_time,
    } = d;
    let tenant_id = t.id.to_string();
    // Countdowns run on the browser's clock, shifted to the server's `now` of the answer.
    let skew = server_time - now();
    let clock = use_clock();
    let server_now = Signal::derive(move || clock.get() + skew);

    let referral_tiles = (!referrals.is_empty()).then(|| {
        let tiles = referrals
            .into_iter()
            .map(|v| view! { <ReferralTile v now=server_now/> })
            .collect_view();
        view! {
            <h2>"Referrals"</h2>
            <div class="tiles">{tiles}</div>
        }
    });

    view! {
        <section class="detail" data-testid="tenant-detail">
            <div class="report-head">
                <p class="crumbs"><a href="/tenants">"Tenants"</a> " › "</p>
                <h1 data-testid="tenant-name">{t.name.clone()}</h1>
            </div>
            <div class="tiles">
                <div class="tile"><span class="k">"Domain"</span><span class="v" data-testid="tenant-domain">{t.domain.clone()}</span></div>
                <div class="tile"><span class="k">"Tenant ID"</span><span class="v mono" data-testid="tenant-id">{tenant_id.clone()}</span></div>
                <div class="tile"><span class="k">"Segment"</span><span class="v">{t.segment.to_string()}</span></div>
                <div class="tile"><span class="k">"Country/region"</span><span class="v">{t.country.clone()}</span></div>
                <div class="tile"><span class="k">"Microsoft 365 licenses"</span><span class="v">{t.m365_licenses}</span></div>
            </div>
            {referral_tiles}
            <Workloads tenant=t workloads snapshot/>
            <Notes tenant_id=tenant_id.clone() notes total=notes_total/>
            <Contacts tenant_id=tenant_id.clone() contacts/>
            <ServiceStatuses tenant_id statuses=service_statuses taxonomy=Arc::new(taxonomy)/>
        </section>
    }
}

#[component]
fn ReferralTile(v: ReferralView, #[prop(into)] now: Signal<OffsetDateTime>) -> impl IntoView {
    let view_ = v.clone();
    let state = Memo::new(move |_| state_at(&view_, now.get()));
    let id = v.referral.id.to_string();
    let edit_href = format!("/referrals?q={id}&open={id}");
    let au = match v.referral.au_at_referral {
        Some(a) => view! { <span data-testid="au">{percent(Some(a))}</span> }.into_any(),
        None => view! {
            <span data-testid="au-missing">
                <a href=FRP_DASHBOARD_URL target="_blank" rel="noopener">"FRP Dashboard"</a>
                " (AU% is available there 2–3 days after assignment)"
            </span>
        }
        .into_any(),
    };
    view! {
        <div class="tile referral" data-testid="referral-tile" data-referral=id.clone()>
            <span class="k">"RFA ID"</span>
            <span class="v">{id.clone()}</span>
            <span class="k">"RFA workloads"</span>
            <span class="v">{v.referral.rfa_workloads.join(", ")}</span>
            <span class="k">"AU% at referral"</span>
            <span class="v">{au}</span>
            <span class="k">"Source · assigned"</span>
            <span class="v">{v.referral.source.clone()} " · " {utc_minute(v.referral.assigned_at)}</span>
            <span class="k">"State"</span>
            <span class="v" data-testid="referral-state">
                {move || state.with(|s| s.kind.label())}
                {move || state.with(|s| s.seconds_left.map(|l| format!(" · {}", countdown(Some(l)))))}
            </span>
            <a href=edit_href data-testid="edit-referral">"Open in Referrals"</a>
        </div>
    }
}
