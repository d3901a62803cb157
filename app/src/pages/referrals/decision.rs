//! One referral in a side panel: who, where it stands (live), and the decision form.

use super::Referrals;
use crate::api;
use crate::forms::{FieldMsg, Form, OutcomeLine};
use crate::session::use_user;
use leptos::prelude::*;
use shared::access::{may_see, Field};
use shared::edits::referral::ReferralDecision;
use shared::edits::views::{DecisionEdit, ReferralView};
use shared::edits::FieldErrors;
use shared::model::Acceptance;
use shared::reports::referrals::{self, countdown};
use shared::Money;
use std::sync::Arc;
use time::OffsetDateTime;

/// One referral: who, where it stands (live), and the decision form.
#[component]
pub(super) fn ReferralPanel(
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
    // Revenue: a Report viewer neither sees nor sets it; its save keeps the stored value.
    let value_allowed = may_see(use_user().role, Field::ServicesEstimatedValue);

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
    let (id_save, id_reload) = (id.clone(), id);
    let form = Form::new(
        live,
        move |decision: &ReferralDecision| {
            let edit = DecisionEdit {
                version: version.get_untracked(),
                decision: decision.clone(),
            };
            let id = id_save.clone();
            async move { api::put_decision(&id, &edit).await }
        },
        move |v: ReferralView| {
            version.set(v.version);
            r.replace(v);
            Some("Saved.".into())
        },
    )
    // After a conflict: take the latest version (shown above the form) as the base, keep
    // what was typed, so saving again overwrites deliberately.
    .with_reload(api::referrals, move |list: Vec<ReferralView>| {
        if let Some(v) = list.iter().find(|v| v.referral.id.as_str() == id_reload) {
            version.set(v.version);
        }
        r.list.set(Arc::new(list));
        Ok("Reloaded: the saved decision above is the other person's. Your input is kept — save again to replace it.".into())
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit(draft());
    };

    view! {
        <form class="edit-form" data-testid="decision-form" on:submit=save novalidate>
            <label>
                "Acceptance"
                <select
                    data-testid="acceptance"
                    on:change=move |ev| {
                        if let Some(a) = Acceptance::parse(&event_target_value(&ev)) {
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
                <FieldMsg msg=form.msg_now("acceptance") field="acceptance"/>
            </label>
            <Show when=move || acceptance.get() == Acceptance::Declined>
                <label>
                    "Decline reason (required when declining)"
                    <textarea
                        data-testid="decline_reason"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                    <FieldMsg msg=form.msg_now("decline_reason") field="decline_reason"/>
                </label>
            </Show>
            <label>
                "Referral status"
                <input
                    data-testid="status"
                    list="referral-statuses"
                    prop:value=move || status.get()
                    on:input=move |ev| status.set(event_target_value(&ev))
                />
                <datalist id="referral-statuses">
                    {["New", "Engaged", "Onboarding", "Deployment in progress", "Completed", "Closed"]
                        .iter()
                        .map(|s| view! { <option value=*s></option> })
                        .collect_view()}
                </datalist>
                <FieldMsg msg=form.msg_now("status") field="status"/>
            </label>
            <label>
                "Value-added services sold"
                <textarea
                    data-testid="value_added_services_sold"
                    prop:value=move || vas.get()
                    on:input=move |ev| vas.set(event_target_value(&ev))
                ></textarea>
                <FieldMsg msg=form.msg_now("value_added_services_sold") field="value_added_services_sold"/>
            </label>
            {value_allowed.then(|| view! {
                <label>
                    "Services estimated value (USD)"
                    <input
                        data-testid="services_estimated_value"
                        inputmode="decimal"
                        prop:value=move || money.get()
                        on:input=move |ev| money.set(event_target_value(&ev))
                    />
                    <FieldMsg msg=form.msg_now("services_estimated_value") field="services_estimated_value"/>
                </label>
            })}
            <div class="actions">
                <button
                    type="submit"
                    class="primary"
                    data-testid="save-decision"
                    disabled=form.busy()
                >
                    "Save decision"
                </button>
            </div>
            <OutcomeLine form/>
        </form>
    }
}
