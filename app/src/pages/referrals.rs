//! The Referrals report (seed 001 "Referrals" tab): every referral assigned to the partner,
//! with a live countdown to expiry for pending ones and an edit panel for the decision.
//! States come from `shared` (`referral_state`) with the browser's clock passed in.

use crate::clock::use_clock;
use crate::controls::{search_callback, ColumnPicker, DownloadButton, SearchBox};
use crate::edit_api::{self, seg, ApiFailure};
use crate::forms::{field_msg, value, FieldMsg, Outcome, OutcomeLine};
use crate::report::{use_report, ReportView};
use crate::table::{DataTable, RowLink};
use crate::url_state::param;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::edits::referral::ReferralDecision;
use shared::edits::views::{DecisionEdit, ReferralView};
use shared::edits::FieldErrors;
use shared::model::Acceptance;
use shared::reports::referrals::{self, countdown, ReferralFilter, ReferralRow, COLUMNS};
use shared::reports::RowFilter;
use shared::Money;
use std::sync::Arc;
use time::OffsetDateTime;
use wasm_bindgen::JsCast;

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    Ready,
}

/// The referral list, fetched once and updated in place by saves.
#[derive(Clone, Copy)]
struct Referrals {
    list: RwSignal<Arc<Vec<ReferralView>>>,
    load: RwSignal<Load>,
}

impl Referrals {
    fn fetch(self) {
        spawn_local(async move {
            match edit_api::get::<Vec<ReferralView>>("/api/referrals").await {
                Ok(v) => {
                    self.list.set(Arc::new(v));
                    self.load.set(Load::Ready);
                }
                Err(e) => {
                    if self.load.get_untracked() != Load::Ready {
                        self.load.set(Load::Failed(e.message()));
                    }
                }
            }
        });
    }

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
    let r = Referrals {
        list: RwSignal::new(Arc::new(Vec::new())),
        load: RwSignal::new(Load::Loading),
    };
    r.fetch();
    let status = Memo::new(move |_| r.load.get());
    move || match status.get() {
        Load::Loading => view! {
            <div class="loading" role="status" data-testid="loading">
                <span class="spinner" aria-hidden="true"></span>
                "Loading your referrals…"
            </div>
        }
        .into_any(),
        Load::Failed(e) => view! {
            <div class="error" role="alert" data-testid="load-error">
                <strong>"The referrals could not be loaded. "</strong>
                <span>{e}</span>
                <button on:click=move |_| {
                    r.load.set(Load::Loading);
                    r.fetch();
                }>"Try again"</button>
            </div>
        }
        .into_any(),
        Load::Ready => view! { <ReferralsReport r/> }.into_any(),
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
fn ReferralsReport(r: Referrals) -> impl IntoView {
    let clock = use_clock();
    let rows: Memo<Arc<Vec<ReferralRow>>> = Memo::new(move |_| {
        r.list
            .with(|l| Arc::new(referrals::build_rows(l, clock.get())))
    });
    let total = move || rows.with(|r| r.len());

    let view_state = use_report("referrals", COLUMNS, rows);
    let on_type = search_callback(&view_state);
    let ReportView {
        sort,
        on_sort,
        search,
        visible,
        set_visible,
        sorted,
        set_url,
    } = view_state;
    let filter = Memo::new(move |_| ReferralFilter {
        search: search.get(),
    });
    let order = Memo::new(move |_| {
        filter.with(|f| rows.with(|rows| sorted.with(|sorted| Arc::new(f.apply(rows, sorted)))))
    });
    let open = param("open");

    let open_row = {
        let set_url = set_url.clone();
        move |target: Option<web_sys::EventTarget>, selector: &str| {
            let id = rows.with_untracked(|rows| {
                order.with_untracked(|order| row_of(target, selector, order, rows))
            });
            if let Some(id) = id {
                set_url(&[("open", Some(id))], false);
            }
        }
    };
    let on_click = {
        let open_row = open_row.clone();
        move |ev: leptos::ev::MouseEvent| open_row(ev.target(), "tr[data-testid=row]")
    };
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
    let close = set_url.clone();
    let close = Callback::new(move |_: ()| close(&[("open", None)], false));

    view! {
        <section class="report referrals">
            <div class="report-head">
                <h1>"Referrals"</h1>
                <p class="sub">
                    "Every referral assigned to you. Accept or decline a pending one before it expires, 7 days after assignment; expired referrals were reassigned to another partner and are read-only. Select a row to see it and edit your decision."
                </p>
            </div>
            <div class="toolbar" role="search">
                <SearchBox search on_type placeholder="Search tenant name or referral ID"/>
                <span class="spacer"></span>
                <span class="count" aria-live="polite">
                    <b data-testid="row-count">{move || order.with(|o| o.len())}</b>
                    " of " {total} " referrals"
                </span>
                <ColumnPicker columns=COLUMNS visible set_visible/>
                <DownloadButton file_name="referrals.csv" columns=COLUMNS rows order view_state=visible/>
            </div>
            {move || open.get().map(|id| view! { <ReferralPanel id r clock close/> })}
            <div class="pick-rows" on:click=on_click on:keydown=on_key>
                <DataTable
                    rows
                    order
                    columns=COLUMNS
                    visible
                    sort
                    on_sort
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

/// One referral: who, where it stands (live), and the decision form.
#[component]
fn ReferralPanel(
    id: String,
    r: Referrals,
    clock: ReadSignal<OffsetDateTime>,
    close: Callback<()>,
) -> impl IntoView {
    let id = Arc::new(id);
    let current = {
        let id = id.clone();
        Memo::new(move |_| r.find(&id))
    };
    let row = Memo::new(move |_| current.get().map(|v| referrals::build_row(&v, clock.get())));
    let editable = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.editable())));
    let missing = id.clone();

    view! {
        <aside class="edit-panel" role="dialog" aria-label="Referral" data-testid="referral-panel">
            {move || match current.get() {
                None => view! {
                    <p class="notice" data-testid="no-referral">"There is no referral " {missing.to_string()} "."</p>
                }
                .into_any(),
                Some(v) => {
                    // Only the parts that move with the clock re-render every second.
                    let href = Memo::new(move |_| row.with(|r| r.as_ref().and_then(|r| r.tenant_href())));
                    let name = v.tenant_name.clone();
                    let kind = move || row.with(|r| r.as_ref().map(|r| r.state.kind.label()).unwrap_or_default());
                    let left = move || row.with(|r| r.as_ref().and_then(|r| r.state.seconds_left));
                    let trace = move || row.with(|r| r.as_ref().map(|r| r.state.trace.clone()).unwrap_or_default());
                    view! {
                        <header>
                            <h2>
                                {move || match href.get() {
                                    Some(href) => view! { <a href=href data-testid="tenant-link">{name.clone()}</a> }.into_any(),
                                    None => view! { <span data-testid="tenant-plain">{name.clone()}</span> }.into_any(),
                                }}
                                " · " {v.referral.id.to_string()}
                            </h2>
                        </header>
                        <dl class="facts">
                            <dt>"State"</dt>
                            <dd data-testid="state">{kind}</dd>
                            {move || left().map(|s| view! {
                                <dt>"Expires in"</dt>
                                <dd data-testid="countdown">{countdown(Some(s))}</dd>
                            })}
                            <dt>"Source"</dt>
                            <dd>{v.referral.source.clone()}</dd>
                            <dt>"RFA workloads"</dt>
                            <dd>{v.referral.rfa_workloads.join(", ")}</dd>
                            <dt>"Saved decision"</dt>
                            <dd data-testid="saved-decision">
                                {v.decision.acceptance.label()} " · " {if v.decision.status.is_empty() { "no status".to_string() } else { v.decision.status.clone() }}
                                " (version " {v.version} ")"
                            </dd>
                        </dl>
                        <details class="why">
                            <summary>"Why this state?"</summary>
                            <ol>{move || trace().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                        </details>
                    }
                    .into_any()
                }
            }}
            {move || match editable.get() {
                None => None,
                Some(false) => Some(view! {
                    <p class="notice" data-testid="read-only">
                        "This referral expired before it was accepted and was reassigned to another partner: it is read-only."
                    </p>
                }.into_any()),
                Some(true) => current.get_untracked().map(|v| view! { <DecisionForm initial=v r/> }.into_any()),
            }}
            <button class="link close" data-testid="close-panel" on:click=move |_| close.run(())>"Close"</button>
        </aside>
    }
}

const ACCEPTANCES: [Acceptance; 3] = [
    Acceptance::Pending,
    Acceptance::Accepted,
    Acceptance::Declined,
];

#[component]
fn DecisionForm(initial: ReferralView, r: Referrals) -> impl IntoView {
    let id = initial.referral.id.to_string();
    let d = &initial.decision;
    let acceptance = RwSignal::new(d.acceptance);
    let reason = RwSignal::new(d.decline_reason.clone().unwrap_or_default());
    let status = RwSignal::new(d.status.clone());
    let vas = RwSignal::new(d.value_added_services_sold.clone());
    let money = RwSignal::new(
        d.services_estimated_value
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let version = RwSignal::new(initial.version);
    let outcome = RwSignal::new(Outcome::Idle);

    let draft = move || -> Result<ReferralDecision, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = money.get();
        let value = if text.trim().is_empty() {
            None
        } else {
            match Money::parse(&text) {
                Ok(m) => Some(m),
                Err(_) => {
                    errors.push(
                        "services_estimated_value",
                        "Enter an amount in USD, like 1234.50",
                    );
                    None
                }
            }
        };
        let decision = ReferralDecision {
            acceptance: acceptance.get(),
            decline_reason: Some(reason.get()),
            status: status.get(),
            value_added_services_sold: vas.get(),
            services_estimated_value: value,
        };
        match decision.validated() {
            Ok(d) if errors.is_empty() => Ok(d),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.0.extend(e.0);
                Err(errors)
            }
        }
    };
    let live = Memo::new(move |_| draft().err().unwrap_or_default());
    let msg = move |f: &'static str| field_msg(live, outcome, f);

    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(decision) = draft() else {
                outcome.set(Outcome::Failed(ApiFailure::Invalid(
                    "fix the fields marked below".into(),
                    Vec::new(),
                )));
                return;
            };
            let edit = DecisionEdit {
                version: version.get_untracked(),
                decision,
            };
            let url = format!("/api/referrals/{}/decision", seg(&id));
            outcome.set(Outcome::Saving);
            spawn_local(async move {
                match edit_api::put::<_, ReferralView>(&url, &edit).await {
                    Ok(v) => {
                        version.set(v.version);
                        r.replace(v);
                        outcome.set(Outcome::Saved("Saved.".into()));
                    }
                    Err(e) => outcome.set(Outcome::Failed(e)),
                }
            });
        }
    };
    // After a conflict: take the latest version (shown above the form) as the base, keep
    // what was typed, so saving again overwrites deliberately.
    let reload = {
        let id = id.clone();
        Callback::new(move |_: ()| {
            let id = id.clone();
            spawn_local(async move {
                match edit_api::get::<Vec<ReferralView>>("/api/referrals").await {
                    Ok(list) => {
                        if let Some(v) = list.iter().find(|v| v.referral.id.as_str() == id) {
                            version.set(v.version);
                        }
                        r.list.set(Arc::new(list));
                        outcome.set(Outcome::Saved(
                            "Reloaded: the saved decision above is the other person's. Your input is kept — save again to replace it.".into(),
                        ));
                    }
                    Err(e) => outcome.set(Outcome::Failed(e)),
                }
            });
        })
    };

    view! {
        <form class="edit-form" data-testid="decision-form" on:submit=save novalidate>
            <label>
                "Acceptance"
                <select
                    data-testid="acceptance"
                    on:change=move |ev| {
                        if let Some(a) = Acceptance::parse(&value(&ev)) {
                            acceptance.set(a);
                        }
                    }
                >
                    {ACCEPTANCES
                        .iter()
                        .map(|a| {
                            let a = *a;
                            view! {
                                <option value=a.label() selected=move || acceptance.get() == a>
                                    {a.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldMsg msg=msg("acceptance") field="acceptance"/>
            </label>
            <Show when=move || acceptance.get() == Acceptance::Declined>
                <label>
                    "Decline reason (required when declining)"
                    <textarea
                        data-testid="decline_reason"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(value(&ev))
                    ></textarea>
                    <FieldMsg msg=msg("decline_reason") field="decline_reason"/>
                </label>
            </Show>
            <label>
                "Referral status"
                <input
                    data-testid="status"
                    list="referral-statuses"
                    prop:value=move || status.get()
                    on:input=move |ev| status.set(value(&ev))
                />
                <datalist id="referral-statuses">
                    {["New", "Engaged", "Onboarding", "Deployment in progress", "Completed", "Closed"]
                        .iter()
                        .map(|s| view! { <option value=*s></option> })
                        .collect_view()}
                </datalist>
                <FieldMsg msg=msg("status") field="status"/>
            </label>
            <label>
                "Value-added services sold"
                <textarea
                    data-testid="value_added_services_sold"
                    prop:value=move || vas.get()
                    on:input=move |ev| vas.set(value(&ev))
                ></textarea>
                <FieldMsg msg=msg("value_added_services_sold") field="value_added_services_sold"/>
            </label>
            <label>
                "Services estimated value (USD)"
                <input
                    data-testid="services_estimated_value"
                    inputmode="decimal"
                    prop:value=move || money.get()
                    on:input=move |ev| money.set(value(&ev))
                />
                <FieldMsg msg=msg("services_estimated_value") field="services_estimated_value"/>
            </label>
            <div class="actions">
                <button
                    type="submit"
                    class="primary"
                    data-testid="save-decision"
                    disabled=move || outcome.get() == Outcome::Saving
                >
                    "Save decision"
                </button>
            </div>
            <OutcomeLine outcome on_reload=reload/>
        </form>
    }
}
